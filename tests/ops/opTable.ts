/**
 * One row per public op: the shapes of its tensor inputs and how to call it. The immutability,
 * dtype and bad-argument tests walk this table; a completeness test checks that every export
 * of `src/ops` has a row.
 */
import type { Tensor } from '../../src/index.js';
import * as ops from '../../src/ops/index.js';

/** How to exercise one op. */
export interface OpCase {
  /** The export name in `src/ops`. */
  readonly name: keyof typeof ops;
  /** Shapes of the tensor inputs, in call order. */
  readonly shapes: readonly (readonly number[])[];
  /** Inputs must be positive (log, sqrt, pow's base). */
  readonly positive?: boolean;
  /** The op changes dtype on purpose (astype). */
  readonly casts?: boolean;
  /** Calls the op on tensors made from `shapes`. */
  readonly run: (xs: readonly Tensor[]) => Tensor | readonly Tensor[];
}

const t = (xs: readonly Tensor[], i: number): Tensor => xs[i]!;
const binary = (name: OpCase['name'], f: (a: Tensor, b: Tensor) => Tensor, positive = false): OpCase => ({
  name,
  shapes: [[2, 3], [3]],
  positive,
  run: (xs) => f(t(xs, 0), t(xs, 1)),
});
const unary = (name: OpCase['name'], f: (x: Tensor) => Tensor, positive = false): OpCase => ({
  name,
  shapes: [[2, 3]],
  positive,
  run: (xs) => f(t(xs, 0)),
});

export const opTable: readonly OpCase[] = [
  binary('add', ops.add),
  binary('sub', ops.sub),
  binary('mul', ops.mul),
  binary('div', ops.div, true),
  binary('pow', ops.pow, true),
  binary('maximum', ops.maximum),
  binary('minimum', ops.minimum),
  binary('greater', ops.greater),
  binary('greaterEqual', ops.greaterEqual),
  binary('less', ops.less),
  binary('lessEqual', ops.lessEqual),
  binary('equal', ops.equal),
  binary('notEqual', ops.notEqual),
  unary('neg', ops.neg),
  unary('abs', ops.abs),
  unary('sqrt', ops.sqrt, true),
  unary('square', ops.square),
  unary('exp', ops.exp),
  unary('log', ops.log, true),
  unary('tanh', ops.tanh),
  unary('sigmoid', ops.sigmoid),
  unary('relu', ops.relu),
  unary('sin', ops.sin),
  unary('cos', ops.cos),
  unary('sign', ops.sign),
  unary('clip', (x) => ops.clip(x, -0.5, 0.5)),
  { name: 'where', shapes: [[2, 1], [2, 3], [3]], run: (xs) => ops.where(t(xs, 0), t(xs, 1), t(xs, 2)) },
  { name: 'astype', shapes: [[2, 3]], casts: true, run: (xs) => ops.astype(t(xs, 0), t(xs, 0).dtype === 'float64' ? 'float32' : 'float64') },
  { name: 'reshape', shapes: [[2, 3]], run: (xs) => ops.reshape(t(xs, 0), [3, -1]) },
  { name: 'flatten', shapes: [[2, 3]], run: (xs) => ops.flatten(t(xs, 0)) },
  { name: 'squeeze', shapes: [[2, 1, 3]], run: (xs) => ops.squeeze(t(xs, 0)) },
  { name: 'expandDims', shapes: [[2, 3]], run: (xs) => ops.expandDims(t(xs, 0), 1) },
  { name: 'broadcastTo', shapes: [[2, 1]], run: (xs) => ops.broadcastTo(t(xs, 0), [3, 2, 4]) },
  { name: 'slice', shapes: [[3, 4]], run: (xs) => ops.slice(t(xs, 0), [1, 1], [2, 2]) },
  { name: 'concat', shapes: [[2, 3], [1, 3]], run: (xs) => ops.concat(xs, 0) },
  { name: 'stack', shapes: [[2, 3], [2, 3]], run: (xs) => ops.stack(xs, 1) },
  { name: 'split', shapes: [[4, 3]], run: (xs) => ops.split(t(xs, 0), [1, 3]) },
  { name: 'matmul', shapes: [[2, 2, 3], [3, 4]], run: (xs) => ops.matmul(t(xs, 0), t(xs, 1)) },
  { name: 'permute', shapes: [[2, 3, 4]], run: (xs) => ops.permute(t(xs, 0), [2, 0, 1]) },
  { name: 'transpose', shapes: [[2, 3]], run: (xs) => ops.transpose(t(xs, 0)) },
  { name: 'sum', shapes: [[2, 3, 4]], run: (xs) => ops.sum(t(xs, 0), [0, 2]) },
  { name: 'mean', shapes: [[2, 3, 4]], run: (xs) => ops.mean(t(xs, 0), 1, true) },
  { name: 'max', shapes: [[2, 3, 4]], run: (xs) => ops.max(t(xs, 0), -1) },
  { name: 'min', shapes: [[2, 3, 4]], run: (xs) => ops.min(t(xs, 0)) },
  { name: 'logSumExp', shapes: [[2, 3]], run: (xs) => ops.logSumExp(t(xs, 0), 0) },
  { name: 'softmax', shapes: [[2, 3]], run: (xs) => ops.softmax(t(xs, 0)) },
  { name: 'logSoftmax', shapes: [[2, 3]], run: (xs) => ops.logSoftmax(t(xs, 0), 0) },
];

/** Every export of `src/ops` that is a function (each must have a row). */
export const opNames: readonly string[] = Object.entries(ops)
  .filter(([, v]) => typeof v === 'function')
  .map(([k]) => k);
