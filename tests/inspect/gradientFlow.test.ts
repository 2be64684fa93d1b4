import { describe, expect, it } from 'vitest';
import { GradientTape } from '../../src/autodiff/tape.js';
import { ValueError } from '../../src/errors.js';
import { traceGradients } from '../../src/inspect/index.js';
import type { State } from '../../src/nn/cell.js';
import { unroll } from '../../src/nn/cell.js';
import { GRUCell } from '../../src/nn/gruCell.js';
import { LSTMCell } from '../../src/nn/lstmCell.js';
import { RNNCell } from '../../src/nn/rnnCell.js';
import { abs, mean, mul, reshape, slice, sub } from '../../src/ops/index.js';
import { randn } from '../../src/tensor/index.js';
import type { Tensor } from '../../src/tensor/tensor.js';
import { TOL } from '../helpers/tolerances.js';
import type { BuiltinCell } from './reference.js';
import { asCell, expectClose, expectLog10Close, norm2 } from './reference.js';

const cases: { name: string; cell: BuiltinCell; loss: 'mse' | 'abs' }[] = [
  { name: 'an LSTM with mse', cell: new LSTMCell({ inputSize: 2, hiddenSize: 3, seed: 70 }), loss: 'mse' },
  { name: 'a GRU with abs', cell: new GRUCell({ inputSize: 1, hiddenSize: 2, seed: 71 }), loss: 'abs' },
  { name: 'a tanh RNN with mse', cell: new RNNCell({ inputSize: 2, hiddenSize: 3, seed: 72 }), loss: 'mse' },
];

describe.each(cases)("gradientFlow for lossAt 'all': $name", ({ cell, loss }) => {
  const T = 5;
  const B = 2;
  const H = cell.hiddenSize;
  const x = randn([T, B, cell.inputSize], { seed: 73 });
  const y = randn([T, B, H], { seed: 74 });
  const trace = traceGradients(asCell(cell), x, { targets: y, loss, lossAt: 'all' });
  const flow = trace.gradientFlow();

  it('has entry [k][t] = ‖∂E_k/∂h_t‖ from a tape on E_k alone, for t ≤ k', () => {
    expect(flow.length).toBe(T + 1);
    for (let k = 1; k <= T; k++) {
      const tape = new GradientTape();
      const { Ek, hs } = tape.record(() => {
        const u = unroll(asCell(cell), x);
        const d = sub(u.outputs[k - 1]!, reshape(slice(y, [k - 1, 0, 0], [1, B, H]), [B, H]));
        return { Ek: mean(loss === 'mse' ? mul(d, d) : abs(d)), hs: u.states.map((s: State) => s.h!) };
      });
      const gs = tape.gradient(Ek, hs.slice(0, k + 1));
      expect(flow[k]!.length).toBe(T + 1);
      gs.forEach((g, t) => {
        const want = norm2(g.data);
        expect(Math.abs(flow[k]![t]! - want)).toBeLessThanOrEqual(TOL.exact.atol + TOL.exact.rtol * want);
      });
    }
  });

  it('is zero for t > k and in row 0 (E_0 does not exist)', () => {
    expect(flow[0]!.every((v) => v === 0)).toBe(true);
    for (let k = 1; k <= T; k++) for (let t = k + 1; t <= T; t++) expect(flow[k]![t]).toBe(0);
    for (let k = 1; k <= T; k++) expect(flow[k]![k]).toBeGreaterThan(0);
  });

  it('bounds the total: ‖∂E/∂h_t‖ ≤ Σ_k ‖∂E_k/∂h_t‖, with equality at t = T', () => {
    for (let t = 0; t <= T; t++) {
      const sum = flow.reduce((s, row) => s + row[t]!, 0);
      expect(trace.hiddenGradNorms[t]!).toBeLessThanOrEqual(sum * (1 + TOL.exact.rtol));
    }
    expectClose(trace.hiddenGradNorms[T]!, flow[T]![T]!);
  });

  it('gives base-10 logarithms with log10: true (−∞ for the zeros)', () => {
    const lg = trace.gradientFlow({ log10: true });
    lg.forEach((row, k) =>
      row.forEach((v, t) => {
        if (flow[k]![t] === 0) expect(v).toBe(-Infinity);
        else expectClose(v, Math.log10(flow[k]![t]!));
      }),
    );
  });

  it('returns a fresh copy each call', () => {
    const a = trace.gradientFlow({ log10: true });
    a[T]![T] = 123;
    expect(trace.gradientFlow({ log10: true })[T]![T]).not.toBe(123);
  });
});

describe('gradientFlow in other configurations', () => {
  it("has only row T non-zero for lossAt 'last', equal to the hidden gradient norms", () => {
    const cell = new LSTMCell({ inputSize: 1, hiddenSize: 2, seed: 75 });
    const x = randn([4, 2, 1], { seed: 76 });
    const trace = traceGradients(cell, x, { targets: randn([2, 2], { seed: 77 }) });
    const flow = trace.gradientFlow();
    for (let k = 0; k < 4; k++) expect(flow[k]!.every((v) => v === 0)).toBe(true);
    flow[4]!.forEach((v, t) => expectClose(v, trace.hiddenGradNorms[t]!));
  });

  it('is refused for a custom loss function, naming gradientFlow', () => {
    const cell = new RNNCell({ inputSize: 1, hiddenSize: 2, seed: 78 });
    const trace = traceGradients(cell, randn([3, 1, 1], { seed: 79 }), { loss: (hs: Tensor[]) => mean(hs[2]!) });
    expect(() => trace.gradientFlow()).toThrow(ValueError);
    expect(() => trace.gradientFlow()).toThrow(/^gradientFlow: .*custom loss/);
  });

  it('keeps long rows in log10: row k equals a lossAt last trace on the first k steps', () => {
    const T = 150;
    const cell = new RNNCell({ inputSize: 1, hiddenSize: 3, activation: 'sigmoid', seed: 80 });
    const x = randn([T, 1, 1], { seed: 81 });
    const y = randn([T, 1, 3], { seed: 82 });
    const lg = traceGradients(cell, x, { targets: y, lossAt: 'all' }).gradientFlow({ log10: true });
    for (const k of [T, 90]) {
      const last = traceGradients(cell, slice(x, [0, 0, 0], [k, 1, 1]), { targets: reshape(slice(y, [k - 1, 0, 0], [1, 1, 3]), [1, 3]) });
      const want = last.hiddenGradNormsLog10;
      expect(want[0]!).toBeLessThan(-50);
      for (let t = 0; t <= k; t++) expectLog10Close(lg[k]![t]!, want[t]!);
      for (let t = k + 1; t <= T; t++) expect(lg[k]![t]).toBe(-Infinity);
    }
  });
});
