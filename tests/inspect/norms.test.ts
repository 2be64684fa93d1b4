import { describe, expect, it } from 'vitest';
import { traceGradients } from '../../src/inspect/index.js';
import { GRUCell } from '../../src/nn/gruCell.js';
import { LSTMCell } from '../../src/nn/lstmCell.js';
import { RNNCell } from '../../src/nn/rnnCell.js';
import { add, mean, mul } from '../../src/ops/index.js';
import { randn } from '../../src/tensor/index.js';
import type { Tensor } from '../../src/tensor/tensor.js';
import { assertAllClose } from '../../src/testing/index.js';
import { TOL } from '../helpers/tolerances.js';
import type { BuiltinCell, Setup, St } from './reference.js';
import { asCell, expectClose, fdParamGrad, fdStateGrad, norm2, refLoss, refUnroll, setupOf } from './reference.js';

interface Case {
  readonly name: string;
  readonly cell: BuiltinCell;
  readonly T: number;
  readonly B: number;
  readonly loss: Setup['loss'];
  readonly lossAt: 'last' | 'all';
  readonly s0?: St;
}

/** A custom loss: Σ_k k·mean(h_k³), which weighs late steps more and is not a built-in. */
const cubic = (outputs: Tensor[]): Tensor => outputs.reduce<Tensor>((acc, h, k) => add(acc, mul(mean(mul(h, mul(h, h))), k + 1)), mean(mul(outputs[0]!, 0)));

const cases: Case[] = [
  { name: 'a tanh RNN, mse at the last step', cell: new RNNCell({ inputSize: 2, hiddenSize: 3, activation: 'tanh', seed: 3 }), T: 5, B: 2, loss: 'mse', lossAt: 'last' },
  { name: 'a sigmoid RNN, abs at every step', cell: new RNNCell({ inputSize: 2, hiddenSize: 3, activation: 'sigmoid', seed: 4 }), T: 5, B: 2, loss: 'abs', lossAt: 'all' },
  { name: 'an RNN without biases, a custom loss', cell: new RNNCell({ inputSize: 1, hiddenSize: 2, bias: false, seed: 5 }), T: 4, B: 3, loss: cubic, lossAt: 'last' },
  { name: 'an LSTM, mse at every step', cell: new LSTMCell({ inputSize: 2, hiddenSize: 3, seed: 7 }), T: 4, B: 2, loss: 'mse', lossAt: 'all' },
  { name: 'an LSTM, mse at the last step', cell: new LSTMCell({ inputSize: 2, hiddenSize: 2, forgetBias: 1, seed: 8 }), T: 4, B: 1, loss: 'mse', lossAt: 'last' },
  {
    name: 'an LSTM from a non-zero initial state',
    cell: new LSTMCell({ inputSize: 1, hiddenSize: 2, seed: 9 }),
    T: 3,
    B: 2,
    loss: 'abs',
    lossAt: 'all',
    s0: { h: randn([2, 2], { seed: 90 }), c: randn([2, 2], { seed: 91 }) },
  },
  { name: 'an LSTM without forget gate', cell: new LSTMCell({ inputSize: 1, hiddenSize: 2, forgetGate: false, seed: 10 }), T: 3, B: 2, loss: 'mse', lossAt: 'all' },
  { name: 'a GRU, mse at every step', cell: new GRUCell({ inputSize: 2, hiddenSize: 3, seed: 11 }), T: 4, B: 2, loss: 'mse', lossAt: 'all' },
  { name: 'a GRU from a non-zero initial state, custom loss', cell: new GRUCell({ inputSize: 1, hiddenSize: 2, seed: 12 }), T: 3, B: 2, loss: cubic, lossAt: 'last', s0: { h: randn([2, 2], { seed: 120 }) } },
];

describe.each(cases)('traceGradients against finite differences: $name', (c) => {
  const { cell, T, B } = c;
  const H = cell.hiddenSize;
  const x = randn([T, B, cell.inputSize], { seed: 100 + T * B });
  const targets = typeof c.loss === 'function' ? undefined : randn(c.lossAt === 'last' ? [B, H] : [T, B, H], { seed: 200 + H });
  const su = setupOf(cell, x, { ...(targets ? { targets } : {}), loss: c.loss, lossAt: c.lossAt, ...(c.s0 ? { s0: c.s0 } : {}) });
  const trace = traceGradients(asCell(cell), x, { ...(targets ? { targets } : {}), loss: c.loss, lossAt: c.lossAt, ...(c.s0 ? { initialState: c.s0 } : {}) });
  const names = Object.keys(cell.parameters());

  it('runs the same states and loss as the hand-written reference cell', () => {
    const { states } = refUnroll(su);
    expect(trace.steps).toBe(T);
    expect(trace.states.length).toBe(T + 1);
    states.forEach((s, t) => {
      for (const k of su.m.keys) assertAllClose(trace.states[t]![k]!, s[k]!, TOL.exact);
    });
    expectClose(trace.loss, refLoss(su, states.slice(1).map((s) => s.h!)));
  });

  it('reports ‖∂E/∂s_t‖ for every state part and t = 0…T equal to finite differences', () => {
    for (const k of su.m.keys) {
      const got = trace.stateGradNorms[k]!;
      expect(got.length).toBe(T + 1);
      for (let t = 0; t <= T; t++) {
        const want = norm2(fdStateGrad(su, t, k));
        expect(Math.abs(got[t]! - want)).toBeLessThanOrEqual(TOL.fd.atol + TOL.fd.rtol * want);
      }
    }
    expect(trace.hiddenGradNorms).toEqual(trace.stateGradNorms.h);
  });

  it('reports the total ∂E/∂θ equal to finite differences', () => {
    for (const n of names) assertAllClose(trace.paramGrads[n]!, fdParamGrad(su, n, 'all'), TOL.fdClose);
  });

  it("gives step t's contribution equal to the derivative w.r.t. a copy of θ used by step t alone", () => {
    for (const n of names) {
      expect(trace.paramGradNormsByStep[n]![0]).toBe(0);
      assertAllClose(trace.paramGradsByStep(n, 0), mul(cell.parameters()[n]!, 0), TOL.exact);
      for (let t = 1; t <= T; t++) {
        const want = fdParamGrad(su, n, t);
        assertAllClose(trace.paramGradsByStep(n, t), want, TOL.fdClose);
        const wn = norm2(want.data);
        expect(Math.abs(trace.paramGradNormsByStep[n]![t]! - wn)).toBeLessThanOrEqual(TOL.fd.atol + TOL.fd.rtol * wn);
      }
    }
  });
});
