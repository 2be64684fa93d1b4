import { describe, expect, it } from 'vitest';
import { DTypeError, GradscopeError, ShapeError, ValueError } from '../../src/errors.js';
import { traceGradients } from '../../src/inspect/index.js';
import type { Cell } from '../../src/nn/cell.js';
import { LSTMCell } from '../../src/nn/lstmCell.js';
import { reshape, slice, sum } from '../../src/ops/index.js';
import { randn, zeros } from '../../src/tensor/index.js';
import type { Tensor } from '../../src/tensor/tensor.js';

/** Runs f, expecting a GradscopeError of `kind` whose message starts with `op: ` and matches `what`. */
function expectError(f: () => unknown, kind: typeof GradscopeError, op: string, what?: RegExp): void {
  let caught: unknown;
  try {
    f();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(GradscopeError);
  expect(caught).toBeInstanceOf(kind);
  const err = caught as GradscopeError;
  expect(err.message.startsWith(`${op}: `)).toBe(true);
  expect(err.op).toBe(op);
  if (what) expect(err.message).toMatch(what);
}

describe('traceGradients rejects bad input, naming itself and the expected shape', () => {
  const op = 'traceGradients';
  const lstm = new LSTMCell({ inputSize: 2, hiddenSize: 3, seed: 140 });
  const x = randn([4, 2, 2], { seed: 141 });
  const last = zeros([2, 3]);
  const all = zeros([4, 2, 3]);

  it('inputs that are not [T, B, I] with the cell’s I, or have no step', () => {
    expectError(() => traceGradients(lstm, randn([4, 2], { seed: 1 }), { targets: last }), ShapeError, op, /\[T, B, I\].*got \[4, 2\]/);
    expectError(() => traceGradients(lstm, randn([4, 2, 5], { seed: 1 }), { targets: last }), ShapeError, op, /I = 2.*got \[4, 2, 5\]/);
    expectError(() => traceGradients(lstm, [[1, 2]] as unknown as Tensor, { targets: last }), ValueError, op, /inputs must be a tensor/);
    expectError(() => traceGradients(lstm, zeros([0, 2, 2]), { targets: last }), ShapeError, op, /at least one step/);
  });

  it('a cell that does not implement Cell', () => {
    expectError(() => traceGradients({ inputSize: 2 } as unknown as Cell, x, { targets: last }), ValueError, op, /must implement Cell/);
  });

  it("targets that are not [B, H] for lossAt 'last' or [T, B, H] for 'all'", () => {
    expectError(() => traceGradients(lstm, x, { targets: all }), ShapeError, op, /targets must be \[B, H\] = \[2, 3\] for lossAt 'last'; got .*\[4, 2, 3\]/);
    expectError(() => traceGradients(lstm, x, { targets: last, lossAt: 'all' }), ShapeError, op, /targets must be \[T, B, H\] = \[4, 2, 3\] for lossAt 'all'; got .*\[2, 3\]/);
    expectError(() => traceGradients(lstm, x, { targets: zeros([2, 4]) }), ShapeError, op, /\[B, H\]/);
    expectError(() => traceGradients(lstm, x), ShapeError, op, /targets must be \[B, H\].*got undefined/);
    expectError(() => traceGradients(lstm, x, { targets: zeros([2, 3], { dtype: 'float32' }) }), DTypeError, op, /dtype/);
  });

  it('a bad lossAt, a bad loss, an unknown option', () => {
    expectError(() => traceGradients(lstm, x, { targets: last, lossAt: 'first' as 'last' }), ValueError, op, /lossAt must be 'last' or 'all'; got/);
    expectError(() => traceGradients(lstm, x, { targets: last, loss: 'nll' as 'mse' }), ValueError, op, /loss must be 'mse', 'abs' or a function/);
    expectError(() => traceGradients(lstm, x, { targets: last, loss: 3 as unknown as 'mse' }), ValueError, op, /loss must be/);
    expectError(() => traceGradients(lstm, x, { targets: last, lossat: 'all' } as never), ValueError, op, /unknown option 'lossat'/);
  });

  it('a custom loss that does not return a scalar tensor', () => {
    expectError(() => traceGradients(lstm, x, { loss: (hs: Tensor[]) => hs[3]! }), ValueError, op, /loss must be a scalar tensor/);
    expectError(() => traceGradients(lstm, x, { loss: (() => 1) as unknown as (hs: Tensor[]) => Tensor }), ValueError, op, /loss must be a scalar tensor/);
  });

  it('a cell whose output is not [B, H] (seen under a custom loss, which takes any outputs)', () => {
    const withOutput = (output: (s: { h: Tensor; c: Tensor }) => Tensor): LSTMCell =>
      new (class extends LSTMCell {
        override output(s: { h: Tensor; c: Tensor }): Tensor {
          return output(s);
        }
      })({ inputSize: 2, hiddenSize: 3, seed: 140 });
    const loss = (hs: Tensor[]): Tensor => sum(hs[3]!);
    expectError(() => traceGradients(withOutput((s) => reshape(s.h, [6])), x, { loss }), ShapeError, op, /cell\.output must return \[B, H\] = \[2, 3\]; got .*\[6\]/);
    expectError(() => traceGradients(withOutput((s) => slice(s.h, [0, 0], [1, 3])), x, { loss }), ShapeError, op, /cell\.output must return \[B, H\] = \[2, 3\]; got .*\[1, 3\]/);
  });

  it('an initialState with wrong keys or shapes', () => {
    const h = zeros([2, 3]);
    expectError(() => traceGradients(lstm, x, { targets: last, initialState: { h, c: h, m: h } as never }), ValueError, op, /initialState has unknown key 'm'/);
    expectError(() => traceGradients(lstm, x, { targets: last, initialState: { h } as never }), ShapeError, op, /initialState\.c must be \[B, H\] = \[2, 3\]; got undefined/);
    expectError(() => traceGradients(lstm, x, { targets: last, initialState: { h, c: zeros([3, 3]) } }), ShapeError, op, /initialState\.c must be \[B, H\] = \[2, 3\]; got .*\[3, 3\]/);
    expectError(() => traceGradients(lstm, x, { targets: last, initialState: 5 as never }), ValueError, op, /initialState must be a record/);
  });
});

describe('GradientTrace methods reject bad arguments, naming the method', () => {
  const cell = new LSTMCell({ inputSize: 1, hiddenSize: 2, seed: 142 });
  const T = 4;
  const trace = traceGradients(cell, randn([T, 2, 1], { seed: 143 }), { targets: zeros([2, 2]) });

  it('t or s out of range, not an integer, or s > t', () => {
    for (const t of [0, T + 1, 1.5, Number.NaN, '1' as unknown as number]) expectError(() => trace.stepJacobian(t), ValueError, 'stepJacobian', /t must be an integer in \[1, 4\]/);
    expectError(() => trace.jacobianProduct(3, 1), ValueError, 'jacobianProduct', /s must not exceed t; got s 3 and t 1/);
    expectError(() => trace.jacobianProduct(-1, 2), ValueError, 'jacobianProduct', /s must be an integer in \[0, 4\]/);
    expectError(() => trace.jacobianProduct(0, T + 1), ValueError, 'jacobianProduct', /t must be an integer/);
    expectError(() => trace.jacobianProductScaled(2, 1), ValueError, 'jacobianProductScaled');
    expectError(() => trace.jacobianProductNorms(T + 1), ValueError, 'jacobianProductNorms', /t must be an integer in \[0, 4\]/);
    expectError(() => trace.jacobianProductNorms(-1), ValueError, 'jacobianProductNorms');
    expectError(() => trace.singularValues(2, 1), ValueError, 'singularValues', /s must not exceed t/);
    expectError(() => trace.singularValues(0, 9), ValueError, 'singularValues');
    expectError(() => trace.forgetGatePath(T + 1), ValueError, 'forgetGatePath');
    expectError(() => trace.paramGradsByStep('weightHh', T + 1), ValueError, 'paramGradsByStep', /t must be an integer in \[0, 4\]/);
    expectError(() => trace.vjpThrough(3, 2, zeros([2, 4])), ValueError, 'vjpThrough', /s must not exceed t/);
    expectError(() => trace.jvpThrough(0, 5, zeros([2, 4])), ValueError, 'jvpThrough');
  });

  it('a bad sample, block or norm', () => {
    for (const sample of [-1, 2, 0.5, '0' as unknown as number]) {
      expectError(() => trace.jacobianProductNorms(T, { sample }), ValueError, 'jacobianProductNorms', /sample must be an integer in \[0, 1\]/);
      expectError(() => trace.singularValues(0, T, { sample }), ValueError, 'singularValues', /sample/);
    }
    for (const block of [['h', 'x'], ['h'], 'h', ['c', 'h', 'h']] as unknown as [string, string][]) {
      expectError(() => trace.jacobianProductNorms(T, { block }), ValueError, 'jacobianProductNorms', /block must be \[toKey, fromKey\] with keys from h, c/);
      expectError(() => trace.singularValues(0, T, { block }), ValueError, 'singularValues', /block/);
    }
    expectError(() => trace.jacobianProductNorms(T, { norm: 'nuclear' as 'spectral' }), ValueError, 'jacobianProductNorms', /norm must be 'spectral' or 'frobenius'/);
    expectError(() => trace.jacobianProductNorms(T, { lg10: true } as never), ValueError, 'jacobianProductNorms', /unknown option 'lg10'/);
    expectError(() => trace.singularValues(0, T, { norm: 'frobenius' } as never), ValueError, 'singularValues', /unknown option 'norm'/);
    expectError(() => trace.gradientFlow({ log: true } as never), ValueError, 'gradientFlow', /unknown option 'log'/);
    expectError(() => trace.forgetGatePath(T, { sample: 3 }), ValueError, 'forgetGatePath');
  });

  it('an unknown parameter name', () => {
    expectError(() => trace.paramGradsByStep('weight_hh', 1), ValueError, 'paramGradsByStep', /unknown parameter 'weight_hh'; expected one of weightIh, weightHh, biasIh, biasHh/);
  });

  it('a vector v that is not [B, S] of the trace’s dtype', () => {
    for (const method of ['vjpThrough', 'jvpThrough'] as const) {
      const f = (v: unknown): unknown => trace[method](0, 2, v as Tensor);
      expectError(() => f(zeros([2, 2])), ShapeError, method, /v must be \[B, S\] = \[2, 4\]; got .*\[2, 2\]/);
      expectError(() => f(zeros([4])), ShapeError, method, /\[B, S\] = \[2, 4\]/);
      expectError(() => f(zeros([1, 4])), ShapeError, method);
      expectError(() => f([[0, 0, 0, 0]]), ShapeError, method);
      expectError(() => f(zeros([2, 4], { dtype: 'float32' })), GradscopeError, method, /float64/);
    }
  });
});
