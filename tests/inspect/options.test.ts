import { describe, expect, it } from 'vitest';
import { traceGradients } from '../../src/inspect/index.js';
import { GRUCell } from '../../src/nn/gruCell.js';
import { LSTMCell } from '../../src/nn/lstmCell.js';
import { RNNCell } from '../../src/nn/rnnCell.js';
import { abs, add, mean, mul, reshape, slice, sub } from '../../src/ops/index.js';
import { randn, zeros } from '../../src/tensor/index.js';
import type { DType } from '../../src/tensor/dtype.js';
import type { Tensor } from '../../src/tensor/tensor.js';
import { assertAllClose } from '../../src/testing/index.js';
import { TOL } from '../helpers/tolerances.js';
import type { BuiltinCell } from './reference.js';
import { asCell, expectClose } from './reference.js';

describe('losses', () => {
  const cell = new RNNCell({ inputSize: 2, hiddenSize: 3, seed: 150 });
  const x = randn([4, 2, 2], { seed: 151 });
  const y = randn([4, 2, 3], { seed: 152 });
  const yT = reshape(slice(y, [3, 0, 0], [1, 2, 3]), [2, 3]);
  const hs = traceGradients(cell, x, { targets: yT }).states.slice(1).map((s) => s.h);

  it("'mse' is the mean over all elements of (h_T − y)², 'abs' the mean of |h_T − y|", () => {
    const d = sub(hs[3]!, yT);
    expectClose(traceGradients(cell, x, { targets: yT }).loss, mean(mul(d, d)).item());
    expectClose(traceGradients(cell, x, { targets: yT, loss: 'mse' }).loss, mean(mul(d, d)).item());
    expectClose(traceGradients(cell, x, { targets: yT, loss: 'abs' }).loss, mean(abs(d)).item());
  });

  it("lossAt 'all' sums the per-step terms E_1 … E_T", () => {
    const E = hs.reduce((s, h, k) => {
      const d = sub(h, reshape(slice(y, [k, 0, 0], [1, 2, 3]), [2, 3]));
      return s + mean(abs(d)).item();
    }, 0);
    expectClose(traceGradients(cell, x, { targets: y, lossAt: 'all', loss: 'abs' }).loss, E);
  });

  it('a custom loss receives h_1 … h_T and needs no targets', () => {
    let seen: Tensor[] = [];
    const trace = traceGradients(cell, x, {
      loss: (outputs) => {
        seen = outputs;
        return mean(add(outputs[0]!, outputs[3]!));
      },
    });
    expect(seen.length).toBe(4);
    seen.forEach((h, k) => assertAllClose(h, hs[k]!, TOL.exact));
    expectClose(trace.loss, mean(add(hs[0]!, hs[3]!)).item());
    expect(trace.lossConfig).toEqual({ loss: 'custom', lossAt: 'last' });
    // the gradient reaches h_1 directly and through h_2 … h_4
    expect(trace.hiddenGradNorms[1]).toBeGreaterThan(0);
    expect(trace.hiddenGradNorms[0]).toBeGreaterThan(0);
  });
});

describe('initialState', () => {
  const x = randn([3, 2, 1], { seed: 153 });
  const y = randn([2, 2], { seed: 154 });

  it('defaults to zeros and is used when given (states[0] holds it, the run starts from it)', () => {
    const cell = new LSTMCell({ inputSize: 1, hiddenSize: 2, seed: 155 });
    const plain = traceGradients(cell, x, { targets: y });
    assertAllClose(plain.states[0]!.h, zeros([2, 2]), TOL.exact);
    assertAllClose(plain.states[0]!.c, zeros([2, 2]), TOL.exact);
    const s0 = { h: randn([2, 2], { seed: 156 }), c: randn([2, 2], { seed: 157 }) };
    const given = traceGradients(cell, x, { targets: y, initialState: s0 });
    assertAllClose(given.states[0]!.h, s0.h, TOL.exact);
    assertAllClose(given.states[0]!.c, s0.c, TOL.exact);
    const step1 = cell.step(reshape(slice(x, [0, 0, 0], [1, 2, 1]), [2, 1]), s0);
    assertAllClose(given.states[1]!.c, step1.c, TOL.exact);
    expect(Math.abs(given.loss - plain.loss)).toBeGreaterThan(TOL.fd.atol);
  });

  it('is not mutated, and neither are the inputs or the cell parameters', () => {
    const cell = new GRUCell({ inputSize: 1, hiddenSize: 2, seed: 158 });
    const s0 = { h: randn([2, 2], { seed: 159 }) };
    const copies = [s0.h, x, ...Object.values(cell.parameters())].map((t) => Array.from(t.data));
    const trace = traceGradients(cell, x, { targets: y, initialState: s0 });
    trace.stepJacobians();
    trace.jacobianProductNorms();
    trace.vjpThrough(0, 3, randn([2, 2], { seed: 160 }));
    trace.jvpThrough(0, 3, randn([2, 2], { seed: 161 }));
    [s0.h, x, ...Object.values(cell.parameters())].forEach((t, i) => expect(Array.from(t.data)).toEqual(copies[i]));
  });
});

describe('float32 cells', () => {
  const make: [string, (dtype: DType) => BuiltinCell][] = [
    ['RNN', (dtype) => new RNNCell({ inputSize: 2, hiddenSize: 3, activation: 'sigmoid', seed: 162, dtype })],
    ['LSTM', (dtype) => new LSTMCell({ inputSize: 2, hiddenSize: 3, seed: 163, dtype })],
    ['GRU', (dtype) => new GRUCell({ inputSize: 2, hiddenSize: 3, seed: 164, dtype })],
  ];
  it.each(make)('a float32 %s traces to the numbers of float64 at TOL.f32, in float32', (_, build) => {
    const f32 = (t: Tensor): Tensor => t.astype('float32');
    // the float64 reference uses the float32-rounded weights and inputs
    const c64 = build('float64');
    const rounded = Object.fromEntries(Object.entries(c64.parameters()).map(([k, v]) => [k, f32(v).astype('float64')]));
    c64.setParameters(rounded);
    const cell32 = build('float32');
    cell32.setParameters(Object.fromEntries(Object.entries(rounded).map(([k, v]) => [k, f32(v)])));
    const x = f32(randn([5, 2, 2], { seed: 165 }));
    const y = f32(randn([5, 2, 3], { seed: 166 }));
    const t32 = traceGradients(asCell(cell32), x, { targets: y, lossAt: 'all' });
    const t64 = traceGradients(asCell(c64), x.astype('float64'), { targets: y.astype('float64'), lossAt: 'all' });
    expectClose(t32.loss, t64.loss, TOL.f32);
    for (const k of cell32.stateKeys) {
      t32.stateGradNorms[k]!.forEach((v, t) => expect(Math.abs(v - t64.stateGradNorms[k]![t]!)).toBeLessThanOrEqual(TOL.f32.atol + TOL.f32.rtol * t64.stateGradNorms[k]![t]!));
    }
    for (const [name, g] of Object.entries(t32.paramGrads)) {
      expect(g.dtype).toBe('float32');
      assertAllClose(g.astype('float64'), t64.paramGrads[name]!, TOL.f32);
      assertAllClose(t32.paramGradsByStep(name, 2).astype('float64'), t64.paramGradsByStep(name, 2), TOL.f32);
    }
    const J = t32.stepJacobian(3);
    expect(J.dtype).toBe('float32');
    assertAllClose(J.astype('float64'), t64.stepJacobian(3), TOL.f32);
    const P = t32.jacobianProduct(1, 5);
    expect(P.dtype).toBe('float32');
    assertAllClose(P.astype('float64'), t64.jacobianProduct(1, 5), TOL.f32);
    const v = randn([2, t32.stateSize], { seed: 167 });
    const vj = t32.vjpThrough(1, 5, f32(v));
    expect(vj.dtype).toBe('float32');
    assertAllClose(vj.astype('float64'), t64.vjpThrough(1, 5, v), TOL.f32);
    assertAllClose(t32.jvpThrough(1, 5, f32(v)).astype('float64'), t64.jvpThrough(1, 5, v), TOL.f32);
    t32.jacobianProductNorms().forEach((n, s) => expect(Math.abs(n - t64.jacobianProductNorms()[s]!)).toBeLessThanOrEqual(TOL.f32.atol + TOL.f32.rtol * n));
  });
});
