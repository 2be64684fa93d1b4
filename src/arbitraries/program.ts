/**
 * Random programs as plain data: the node types, the smooth op forms a program may use, and
 * how a program is evaluated and printed. The generator is in `differentiableProgram.ts`.
 * @module
 */
import { ShapeError, ValueError, describe, fmtShape } from '../errors.js';
import * as ops from '../ops/index.js';
import { isTensor } from '../tensor/brand.js';
import { tensor as makeTensor } from '../tensor/creation.js';
import type { Shape } from '../tensor/shape.js';
import { sameShape } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';

/**
 * The op forms a program is built from. Each is smooth everywhere on its domain: `log`,
 * `sqrt`, `div` and `pow` appear only in forms kept away from 0 (`safeLog(a) = log(a² + 1)`,
 * `safeSqrt(a) = sqrt(a² + 1)`, `safeDiv(a, b) = a / (b² + 1)`, `safePow(a, b) = (a² + 1)^b`),
 * and no form has a kink (no relu, abs, max).
 */
export const programOps = [
  'add',
  'mul',
  'sub',
  'neg',
  'tanh',
  'sigmoid',
  'sin',
  'cos',
  'square',
  'exp',
  'safeLog',
  'safeSqrt',
  'safeDiv',
  'safePow',
  'sum',
  'mean',
  'logSumExp',
  'softmax',
  'roll',
  'where',
  'broadcast',
  'matmul',
] as const;

/** One op form of {@link programOps}. */
export type ProgramOp = (typeof programOps)[number];

/** One step of a program: `v_j = op(args…)`, optionally squashed. */
export interface ProgramNode {
  readonly op: ProgramOp;
  /** Value indices: `0…k−1` are the inputs, `k + j` is node j. */
  readonly args: readonly number[];
  /** Axis of `sum`, `mean`, `logSumExp` (all keep dims), `softmax` and `roll`. */
  readonly axis?: number;
  /** Shift of `roll`. */
  readonly shift?: number;
  /** The constant 0/1 condition of `where`, flat, of the node's shape. */
  readonly mask?: readonly number[];
  /** When true the result is passed through `squash(y) = 4·tanh(y/4)` to keep values bounded. */
  readonly squash: boolean;
  /** The node's output shape. */
  readonly shape: Shape;
}

/** A random differentiable program: a DAG over its inputs, with reuse of intermediate values. */
export interface DifferentiableProgram {
  /** The shape of each input. */
  readonly inputShapes: readonly Shape[];
  /** The steps, in order; the last one is the output (summed when `scalar`). */
  readonly nodes: readonly ProgramNode[];
  /** When true the output is `sum(last node)`, a scalar. */
  readonly scalar: boolean;
  /** Shape of what `apply` returns. */
  readonly outputShape: Shape;
  /**
   * Runs the program with gradscope's public ops (so any tape or transform sees it).
   * @throws ValueError / ShapeError when the inputs do not match `inputShapes`.
   */
  apply(...inputs: Tensor[]): Tensor;
  /** The program as text, for failure messages. */
  toString(): string;
}

const SQUASH = 4;

function squash(y: Tensor): Tensor {
  return ops.mul(ops.tanh(ops.div(y, SQUASH)), SQUASH);
}

/** [..., M, K] → [..., K, M]. */
function swapLast(x: Tensor): Tensor {
  const perm = x.shape.map((_, k) => k);
  const r = perm.length;
  perm[r - 1] = r - 2;
  perm[r - 2] = r - 1;
  return ops.transpose(x, perm);
}

function roll(x: Tensor, axis: number, shift: number): Tensor {
  const d = x.shape[axis]!;
  const at = (b: number, n: number): Tensor =>
    ops.slice(
      x,
      x.shape.map((_, k) => (k === axis ? b : 0)),
      x.shape.map((dk, k) => (k === axis ? n : dk)),
    );
  return ops.concat([at(shift, d - shift), at(0, shift)], axis);
}

/** Evaluates one op form (without squash). */
function evalOp(node: ProgramNode, a: Tensor, b: Tensor, c: Tensor): Tensor {
  const axis = node.axis ?? 0;
  switch (node.op) {
    case 'add':
      return ops.add(a, b);
    case 'mul':
      return ops.mul(a, b);
    case 'sub':
      return ops.sub(a, b);
    case 'neg':
      return ops.neg(a);
    case 'tanh':
      return ops.tanh(a);
    case 'sigmoid':
      return ops.sigmoid(a);
    case 'sin':
      return ops.sin(a);
    case 'cos':
      return ops.cos(a);
    case 'square':
      return ops.square(a);
    case 'exp':
      return ops.exp(a);
    case 'safeLog':
      return ops.log(ops.add(ops.square(a), 1));
    case 'safeSqrt':
      return ops.sqrt(ops.add(ops.square(a), 1));
    case 'safeDiv':
      return ops.div(a, ops.add(ops.square(b), 1));
    case 'safePow':
      return ops.pow(ops.add(ops.square(a), 1), b);
    case 'sum':
      return ops.sum(a, axis, true);
    case 'mean':
      return ops.mean(a, axis, true);
    case 'logSumExp':
      return ops.logSumExp(a, axis, true);
    case 'softmax':
      return ops.softmax(a, axis);
    case 'roll':
      return roll(a, axis, node.shift ?? 0);
    case 'where':
      return ops.where(makeTensor(node.mask ?? [], node.shape, { dtype: a.dtype }), a, b);
    case 'broadcast':
      return ops.broadcastTo(a, node.shape);
    case 'matmul':
      return ops.matmul(ops.matmul(a, swapLast(b)), c);
  }
}

/** Runs `nodes` on `inputs` (already checked). */
export function run(inputs: readonly Tensor[], nodes: readonly ProgramNode[], scalar: boolean): Tensor {
  const values = [...inputs];
  for (const node of nodes) {
    const [a, b, c] = node.args.map((i) => values[i]!);
    const y = evalOp(node, a!, b ?? a!, c ?? a!);
    values.push(node.squash ? squash(y) : y);
  }
  const out = values[values.length - 1]!;
  return scalar ? ops.sum(out) : out;
}

/** Checks the inputs given to a program's `apply`. */
export function checkInputs(shapes: readonly Shape[], inputs: readonly unknown[]): Tensor[] {
  const op = 'DifferentiableProgram.apply';
  if (inputs.length !== shapes.length) {
    throw new ValueError(`${op}: expects ${shapes.length} input tensors; got ${inputs.length}`, { op, arg: 'inputs' });
  }
  return inputs.map((x, i) => {
    if (!isTensor(x)) throw new ValueError(`${op}: input ${i} must be a tensor; got ${describe(x)}`, { op, arg: `input ${i}` });
    if (!sameShape(x.shape, shapes[i]!)) {
      throw new ShapeError(`${op}: input ${i} must have shape ${fmtShape(shapes[i]!)}; got ${fmtShape(x.shape)}`, { op, arg: `input ${i}`, shapes: [x.shape] });
    }
    return x;
  });
}

/** One node as text, e.g. `safeDiv(v0, x1) = v0 / (x1² + 1)`. */
function printOp(node: ProgramNode, names: readonly string[]): string {
  const [a, b, c] = node.args.map((i) => names[i]!);
  switch (node.op) {
    case 'safeLog':
      return `log(${a}² + 1)`;
    case 'safeSqrt':
      return `sqrt(${a}² + 1)`;
    case 'safeDiv':
      return `${a} / (${b}² + 1)`;
    case 'safePow':
      return `pow(${a}² + 1, ${b})`;
    case 'sum':
    case 'mean':
    case 'logSumExp':
      return `${node.op}(${a}, axis ${node.axis}, keepDims)`;
    case 'softmax':
      return `softmax(${a}, axis ${node.axis})`;
    case 'roll':
      return `roll(${a}, axis ${node.axis}, shift ${node.shift})`;
    case 'where':
      return `where([${(node.mask ?? []).join(', ')}], ${a}, ${b})`;
    case 'broadcast':
      return `broadcastTo(${a}, ${fmtShape(node.shape)})`;
    case 'matmul':
      return `matmul(matmul(${a}, transpose(${b})), ${c})`;
    default:
      return `${node.op}(${[a, b, c].filter((s) => s !== undefined).join(', ')})`;
  }
}

/** The program as text: a header with the input shapes, one line per node, the return. */
export function printProgram(shapes: readonly Shape[], nodes: readonly ProgramNode[], scalar: boolean): string {
  const names = [...shapes.map((_, i) => `x${i}`), ...nodes.map((_, j) => `v${j}`)];
  const lines = [`(${shapes.map((s, i) => `x${i}: ${fmtShape(s)}`).join(', ')}) => {`];
  if (nodes.some((n) => n.squash)) lines.push(`  // squash(y) = ${SQUASH}·tanh(y/${SQUASH})`);
  nodes.forEach((n, j) => {
    const body = printOp(n, names);
    lines.push(`  v${j} = ${n.squash ? `squash(${body})` : body};  // ${fmtShape(n.shape)}`);
  });
  const last = names[names.length - 1]!;
  lines.push(`  return ${scalar ? `sum(${last})` : last};`, '}');
  return lines.join('\n');
}
