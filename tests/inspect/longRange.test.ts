import { describe, expect, it } from 'vitest';
import { GradientTape } from '../../src/autodiff/tape.js';
import { traceGradients } from '../../src/inspect/index.js';
import { unroll } from '../../src/nn/cell.js';
import { LSTMCell } from '../../src/nn/lstmCell.js';
import { RNNCell } from '../../src/nn/rnnCell.js';
import { add, mean, mul, reshape, slice, sub } from '../../src/ops/index.js';
import { randn, tensor } from '../../src/tensor/index.js';
import type { Tensor } from '../../src/tensor/tensor.js';
import type { Mat } from '../helpers/linalg.js';
import { TOL } from '../helpers/tolerances.js';
import { matvec, scaledProduct, singularValuesRef, transpose } from '../helpers/linalg.js';
import { expectClose, expectLog10Close, handJacobians, norm2, setupOf } from './reference.js';

/** Sets gate block k (of G = 4) of both bias vectors so that their sum is `total`. */
function withGateBias(cell: LSTMCell, k: number, total: number): void {
  const H = cell.hiddenSize;
  const p = cell.parameters();
  const bi = Float64Array.from(p.biasIh!.data).fill(total, k * H, (k + 1) * H);
  const bh = Float64Array.from(p.biasHh!.data).fill(0, k * H, (k + 1) * H);
  cell.setParameters({ ...p, biasIh: tensor(bi, [4 * H]), biasHh: tensor(bh, [4 * H]) });
}


describe('the long-range story: a saturated LSTM against plain RNNs over 160 steps', () => {
  const T = 160;
  const H = 4;
  const x = randn([T, 1, 1], { seed: 50 });
  const y = randn([1, H], { seed: 51 });
  // forget gates ≈ 1 − 2e-9, input and output gates ≈ 2e-9: the cell path is an almost exact carousel
  const lstm = new LSTMCell({ inputSize: 1, hiddenSize: H, forgetBias: 20, seed: 52 });
  withGateBias(lstm, 0, -20);
  withGateBias(lstm, 3, -20);
  const trace = traceGradients(lstm, x, { targets: y });

  it("keeps the c gradient alive from t = T back to t = 0 (less than a decade's loss)", () => {
    const c = trace.stateGradNormsLog10.c!;
    expect(c.every(Number.isFinite)).toBe(true);
    expect(c[0]! - c[T]!).toBeGreaterThan(-1);
    expect(c[0]! - c[T]!).toBeLessThan(0.1);
  });

  it('reports c gradients equal to a plain tape over the whole length', () => {
    const tape = new GradientTape();
    const { E, states } = tape.record(() => {
      const u = unroll(lstm, x);
      const d = sub(u.outputs[T - 1]!, y);
      return { E: mean(mul(d, d)), states: u.states };
    });
    const gc = tape.gradient(
      E,
      states.map((s) => s.c),
    );
    for (const t of [0, 1, 40, 80, 159, 160]) {
      const want = norm2(gc[t]!.data);
      expectClose(trace.stateGradNorms.c![t]!, want, { atol: 0, rtol: TOL.exact.rtol });
    }
  });

  it('keeps the c → c block of ∂s_T/∂s_s near 1 for every s, like the forget-gate path', () => {
    const cc = trace.jacobianProductNorms(T, { block: ['c', 'c'], log10: true });
    expect(cc.length).toBe(T + 1);
    for (const v of cc) expect(Math.abs(v)).toBeLessThan(0.01);
    const path = trace.forgetGatePath(T, { log10: true });
    // the other paths through the saturated gates add about T·1e-9 to the pure cell path
    path.forEach((v, s) => {
      expect(v).toBeLessThanOrEqual(0);
      expect(Math.abs(v - cc[s]!)).toBeLessThan(T * 1e-8);
    });
  });

  it.each(['tanh', 'sigmoid'] as const)('lets a %s RNN hidden gradient fall by many decades over the same length', (activation) => {
    const rnn = new RNNCell({ inputSize: 1, hiddenSize: H, activation, seed: 52 });
    const h = traceGradients(rnn, x, { targets: y }).hiddenGradNormsLog10;
    expect(h.every(Number.isFinite)).toBe(true);
    expect(h[0]! - h[T]!).toBeLessThan(-10);
  });
});

describe('no underflow over 800 sigmoid steps', () => {
  const T = 800;
  const H = 3;
  const B = 2;
  const cell = new RNNCell({ inputSize: 1, hiddenSize: H, activation: 'sigmoid', seed: 60 });
  const x = randn([T, B, 1], { seed: 61 });
  const y = randn([B, H], { seed: 62 });
  const trace = traceGradients(cell, x, { targets: y });
  const su = setupOf(cell, x, { targets: y });
  const js = [handJacobians(su, 0), handJacobians(su, 1)];

  /** Every log10 value finite, and its plain counterpart 0 only below 1e-323 (else 10^log). */
  function expectConsistent(lg: readonly number[], plain: readonly number[]): void {
    expect(lg.every(Number.isFinite)).toBe(true);
    expect(plain.every((v) => Number.isFinite(v) && v >= 0)).toBe(true);
    lg.forEach((l, t) => {
      if (plain[t] === 0) expect(l).toBeLessThan(-323);
      else if (l > -300) expectLog10Close(Math.log10(plain[t]!), l);
    });
  }

  it('reports every hidden gradient as a finite log10, far below float64 at t = 0', () => {
    const lg = trace.hiddenGradNormsLog10;
    expect(lg[0]!).toBeLessThan(-400);
    expectConsistent(lg, trace.hiddenGradNorms);
    expect(trace.hiddenGradNorms[0]).toBe(0);
    expect(trace.stateGradNormsLog10.h).toEqual(lg);
  });

  it('matches a scaled backward recursion g_{t−1} = J_tᵀ·g_t with hand-built Jacobians', () => {
    // ∂E/∂h_T for mse: 2(h_T − y)/(B·H)
    const hT = trace.states[T]!.h!;
    let g: number[][] = [0, 1].map((b) => Array.from({ length: H }, (_, j) => (2 * (hT.data[b * H + j]! - y.data[b * H + j]!)) / (B * H)));
    let e = 0;
    for (let t = T; t >= 0; t--) {
      const n = norm2(g.flat());
      expectLog10Close(trace.hiddenGradNormsLog10[t]!, Math.log10(n) + e);
      if (t === 0) break;
      g = g.map((gb, b) => matvec(transpose(js[b]![t]!), gb));
      const top = Math.max(...g.flat().map(Math.abs));
      g = g.map((gb) => gb.map((v) => v / top));
      e += Math.log10(top);
    }
  });

  it('gives finite log10 per-step parameter contributions at every step, −∞ only for an exact 0', () => {
    for (const [name, lg] of Object.entries(trace.paramGradNormsByStepLog10)) {
      expect(lg[0]).toBe(-Infinity);
      // step 1's use of W_hh multiplies h_0 = 0: its contribution is exactly zero
      const from = name === 'weightHh' ? 2 : 1;
      if (name === 'weightHh') expect(lg[1]).toBe(-Infinity);
      expectConsistent(lg.slice(from), trace.paramGradNormsByStep[name]!.slice(from));
      expect(lg[from]!).toBeLessThan(-323);
    }
  });

  it('gives Jacobian product norms and singular values as finite log10 values equal to a scaled product', () => {
    for (let b = 0; b < B; b++) {
      const lg = trace.jacobianProductNorms(T, { log10: true, sample: b });
      expectConsistent(lg, trace.jacobianProductNorms(T, { sample: b }));
      expect(lg[0]!).toBeLessThan(-323);
      for (const s of [0, 100, 400, 700, 799]) {
        const factors: Mat[] = [];
        for (let k = T; k > s; k--) factors.push(js[b]![k]!);
        const { m, e } = scaledProduct(factors, H);
        const sv = singularValuesRef(m);
        expectLog10Close(lg[s]!, e + Math.log10(sv[0]!));
        const got = trace.singularValues(s, T, { sample: b, log10: true });
        expect(got.every(Number.isFinite)).toBe(true);
        expectLog10Close(got[0]!, e + Math.log10(sv[0]!));
      }
    }
  });

  it('keeps the scaled product finite where the plain product reads 0', () => {
    const { mantissa, log10Scale } = trace.jacobianProductScaled(0, T);
    expectClose(Math.max(...Array.from(mantissa.data.slice(0, H * H)).map(Math.abs)), 1);
    expect(log10Scale[0]!).toBeLessThan(-323);
    expect(Array.from(trace.jacobianProduct(0, T).data).every((v) => v === 0)).toBe(true);
  });

  it('calls the regime vanishing with a per-step decay below the bound factor', () => {
    const s = trace.summary();
    expect(s.regime).toBe('vanishing');
    expect(s.bound!.holds).toBe(true);
    expect(s.log10DecayPerStep).toBeLessThan(0);
    expect(s.log10DecayPerStep).toBeLessThanOrEqual(Math.log10(s.bound!.factorPerStep) + TOL.log10);
  });
});

describe("lossAt 'all' over long spans: the direct terms merge into the scaled chain", () => {
  /** ‖∂E/∂h_t‖ for E = Σ_t mean((h_t − y_t)²) from a plain tape. */
  function tapeNorms(cell: RNNCell, x: Tensor, y: Tensor): number[] {
    const [T, B] = x.shape as [number, number, number];
    const H = cell.hiddenSize;
    const tape = new GradientTape();
    const { E, hs } = tape.record(() => {
      const u = unroll(cell, x);
      let total = mean(mul(u.outputs[0]!, 0));
      u.outputs.forEach((h, k) => {
        const d = sub(h, reshape(slice(y, [k, 0, 0], [1, B, H]), [B, H]));
        total = add(total, mean(mul(d, d)));
      });
      return { E: total, hs: u.states.map((s) => s.h) };
    });
    return tape.gradient(E, hs).map((g) => norm2(g.data));
  }

  it.each([
    ['a vanishing sigmoid RNN over 300 steps', 300, 1],
    ['an exploding linear RNN (W_hh = 1.5·I) over 60 steps', 60, 1.5],
  ] as const)('%s reports the plain tape norms', (_, T, gain) => {
    const cell =
      gain === 1
        ? new RNNCell({ inputSize: 1, hiddenSize: 3, activation: 'sigmoid', seed: 70 })
        : new RNNCell({ inputSize: 1, hiddenSize: 3, activation: 'identity', seed: 70, weightHh: { init: 'identity', gain } });
    const x = randn([T, 2, 1], { seed: 71 }).mul(0.1);
    const y = randn([T, 2, 3], { seed: 72 });
    const trace = traceGradients(cell, x, { targets: y, lossAt: 'all' });
    const want = tapeNorms(cell, x, y);
    trace.hiddenGradNorms.forEach((n, t) => expectClose(n, want[t]!, { atol: 0, rtol: TOL.exact.rtol }));
  });
});
