import { describe, expect, it } from 'vitest';
import { ValueError } from '../../src/errors.js';
import { traceGradients } from '../../src/inspect/index.js';
import type { GradientTrace } from '../../src/inspect/index.js';
import type { State } from '../../src/nn/cell.js';
import { GRUCell } from '../../src/nn/gruCell.js';
import { LSTMCell } from '../../src/nn/lstmCell.js';
import type { RNNActivation } from '../../src/nn/rnnCell.js';
import { RNNCell } from '../../src/nn/rnnCell.js';
import { randn, zeros } from '../../src/tensor/index.js';
import type { Mat } from '../helpers/linalg.js';
import { block, determinant, frobeniusNorm, identity, matmul, maxAbsEntry, powerIterationNorm, singularValuesRef } from '../helpers/linalg.js';
import { TOL } from '../helpers/tolerances.js';
import type { BuiltinCell, Setup } from './reference.js';
import { asCell, expectClose, expectLog10Close, handJacobians, refUnroll, sampleMat, setupOf, svdTol } from './reference.js';

/** |a − b| ≤ atol + rtol·|b| for every entry. */
function expectMatClose(a: Mat, b: Mat, tol: { atol: number; rtol: number } = TOL.exact): void {
  expect(a.length).toBe(b.length);
  a.forEach((row, i) =>
    row.forEach((v, j) => {
      const w = b[i]![j]!;
      if (!(Math.abs(v - w) <= tol.atol + tol.rtol * Math.abs(w))) expect.fail(`entry [${i}][${j}]: got ${v}, expected ${w}`);
    }),
  );
}


/** J_t⋯J_{s+1} from the hand-built Jacobians (identity when s = t). */
function handProduct(js: readonly Mat[], s: number, t: number, S: number): Mat {
  let p = identity(S);
  for (let k = t; k > s; k--) p = matmul(p, js[k]!);
  return p;
}

function traced(cell: BuiltinCell, T: number, B: number, seed: number): { su: Setup; trace: GradientTrace<State> } {
  const x = randn([T, B, cell.inputSize], { seed });
  const targets = randn([B, cell.hiddenSize], { seed: seed + 1 });
  return { su: setupOf(cell, x, { targets }), trace: traceGradients(asCell(cell), x, { targets }) };
}

describe('step Jacobians against hand-built ones', () => {
  const activations: RNNActivation[] = ['tanh', 'sigmoid', 'relu', 'identity'];
  it.each(activations)('an RNN with %s has J_t = diag(act′(pre))·W_hh for every step and sample', (act) => {
    const cell = new RNNCell({ inputSize: 2, hiddenSize: 4, activation: act, seed: 21 });
    const { su, trace } = traced(cell, 6, 3, 30);
    const { steps } = refUnroll(su);
    if (act === 'relu') {
      // the kink is kept out: every pre-activation is clearly away from 0, and some are negative
      const pres = steps.slice(1).flatMap((s) => Array.from(s.gates.pre!.data));
      expect(Math.min(...pres.map(Math.abs))).toBeGreaterThan(TOL.fd.eps);
      expect(pres.some((v) => v < 0)).toBe(true);
    }
    for (let b = 0; b < 3; b++) {
      const js = handJacobians(su, b);
      for (let t = 1; t <= 6; t++) {
        const J = trace.stepJacobian(t);
        expect(J.shape).toEqual([3, 4, 4]);
        expectMatClose(sampleMat(J, b), js[t]!);
      }
    }
  });

  it('an LSTM has the 2H×2H block form over [h; c], with ∂c_t/∂c_{t−1} = diag(f)', () => {
    const cell = new LSTMCell({ inputSize: 2, hiddenSize: 3, seed: 22 });
    const { su, trace } = traced(cell, 5, 2, 31);
    const { states, steps } = refUnroll(su);
    for (let b = 0; b < 2; b++) {
      const js = handJacobians(su, b);
      for (let t = 1; t <= 5; t++) {
        const J = sampleMat(trace.stepJacobian(t), b);
        expect(J.length).toBe(6);
        expectMatClose(J, js[t]!);
        const f = Array.from(steps[t]!.gates.f!.data.slice(b * 3, b * 3 + 3));
        expectMatClose(block(J, 3, 3, 3, 3), f.map((fj, i) => f.map((_, j) => (i === j ? fj : 0))));
        // the c → h block is diagonal too: o⊙tanh′(c_t)⊙f
        const c = Array.from(states[t]!.c!.data.slice(b * 3, b * 3 + 3));
        const o = Array.from(steps[t]!.gates.o!.data.slice(b * 3, b * 3 + 3));
        expectMatClose(block(J, 0, 3, 3, 3), f.map((fj, i) => f.map((_, j) => (i === j ? o[i]! * (1 - Math.tanh(c[i]!) ** 2) * fj : 0))));
      }
    }
  });

  it('an LSTM without forget gate has ∂c_t/∂c_{t−1} = I exactly', () => {
    const cell = new LSTMCell({ inputSize: 1, hiddenSize: 2, forgetGate: false, seed: 23 });
    const { su, trace } = traced(cell, 4, 2, 32);
    for (let b = 0; b < 2; b++) {
      const js = handJacobians(su, b);
      for (let t = 1; t <= 4; t++) {
        const J = sampleMat(trace.stepJacobian(t), b);
        expectMatClose(J, js[t]!);
        expect(block(J, 2, 2, 2, 2)).toEqual(identity(2));
      }
    }
  });

  it('a GRU has the H×H Jacobian through r, z and n', () => {
    const cell = new GRUCell({ inputSize: 2, hiddenSize: 3, seed: 24 });
    const { su, trace } = traced(cell, 5, 2, 33);
    for (let b = 0; b < 2; b++) {
      const js = handJacobians(su, b);
      for (let t = 1; t <= 5; t++) expectMatClose(sampleMat(trace.stepJacobian(t), b), js[t]!);
    }
  });

  it('stepJacobians() lists the same matrices as stepJacobian(t), entry 0 unused', () => {
    const { trace } = traced(new GRUCell({ inputSize: 1, hiddenSize: 2, seed: 25 }), 4, 2, 34);
    const all = trace.stepJacobians();
    expect(all.length).toBe(5);
    for (let t = 1; t <= 4; t++) expect(Array.from(all[t]!.data)).toEqual(Array.from(trace.stepJacobian(t).data));
  });
});

describe('step Jacobians on a wide batch', () => {
  it('give every one of 128 samples its own Jacobian, equal to the hand-built one, and their products', () => {
    const cell = new RNNCell({ inputSize: 1, hiddenSize: 32, seed: 40 });
    const { su, trace } = traced(cell, 3, 128, 41);
    const P = trace.jacobianProduct(0, 3);
    for (const b of [0, 77, 127]) {
      const js = handJacobians(su, b);
      expectMatClose(sampleMat(P, b), handProduct(js, 0, 3, 32));
      for (let t = 1; t <= 3; t++) expectMatClose(sampleMat(trace.stepJacobian(t), b), js[t]!);
    }
  });
});

describe('Jacobian products and their norms against an independent computation', () => {
  const lstm = new LSTMCell({ inputSize: 2, hiddenSize: 2, seed: 26 });
  const { su, trace } = traced(lstm, 6, 2, 35);
  const S = 4;
  const js = [handJacobians(su, 0), handJacobians(su, 1)];

  it('jacobianProduct(s, t) is J_t⋯J_{s+1} for every s ≤ t and the identity when s = t', () => {
    for (let t = 0; t <= 6; t++) {
      for (let s = 0; s <= t; s++) {
        const P = trace.jacobianProduct(s, t);
        expect(P.shape).toEqual([2, S, S]);
        for (let b = 0; b < 2; b++) expectMatClose(sampleMat(P, b), handProduct(js[b]!, s, t, S));
      }
      for (let b = 0; b < 2; b++) expect(sampleMat(trace.jacobianProduct(t, t), b)).toEqual(identity(S));
    }
  });

  it('jacobianProductScaled gives the same product as mantissa·10^scale', () => {
    const { mantissa, log10Scale } = trace.jacobianProductScaled(1, 6);
    expect(log10Scale.length).toBe(2);
    for (let b = 0; b < 2; b++) {
      const m = sampleMat(mantissa, b);
      expectClose(maxAbsEntry(m), 1);
      expectMatClose(
        m.map((r) => r.map((v) => v * 10 ** log10Scale[b]!)),
        handProduct(js[b]!, 1, 6, S),
      );
    }
  });

  it('spectral norms equal the largest singular value by Jacobi and by power iteration, for every t, s and sample', () => {
    for (let b = 0; b < 2; b++) {
      for (let t = 0; t <= 6; t++) {
        const got = trace.jacobianProductNorms(t, { sample: b });
        expect(got.length).toBe(t + 1);
        got.forEach((v, s) => {
          const P = handProduct(js[b]!, s, t, S);
          expectClose(v, singularValuesRef(P)[0]!);
          expectClose(v, powerIterationNorm(P), TOL.powerIteration);
        });
      }
    }
  });

  it('the default is t = T, the spectral norm and sample 0', () => {
    expect(trace.jacobianProductNorms()).toEqual(trace.jacobianProductNorms(6, { norm: 'spectral', sample: 0 }));
    expectClose(trace.jacobianProductNorms()[6]!, 1);
  });

  it('Frobenius norms and log10 values match, and blocks pick the [to, from] sub-matrix', () => {
    const blocks: [string, string, number, number][] = [
      ['h', 'h', 0, 0],
      ['h', 'c', 0, 2],
      ['c', 'h', 2, 0],
      ['c', 'c', 2, 2],
    ];
    for (let b = 0; b < 2; b++) {
      const fro = trace.jacobianProductNorms(6, { norm: 'frobenius', sample: b });
      const lg = trace.jacobianProductNorms(6, { norm: 'frobenius', sample: b, log10: true });
      fro.forEach((v, s) => {
        expectClose(v, frobeniusNorm(handProduct(js[b]!, s, 6, S)));
        expectLog10Close(lg[s]!, Math.log10(v));
      });
      for (const [to, from, r0, c0] of blocks) {
        const spec = trace.jacobianProductNorms(6, { sample: b, block: [to, from] });
        const frob = trace.jacobianProductNorms(6, { sample: b, block: [to, from], norm: 'frobenius' });
        spec.forEach((v, s) => {
          const sub = block(handProduct(js[b]!, s, 6, S), r0, 2, c0, 2);
          const top = singularValuesRef(sub)[0]!;
          expectClose(v, top, svdTol(top));
          expectClose(frob[s]!, frobeniusNorm(sub));
        });
        // at s = t the product is I: diagonal blocks have norm 1, off-diagonal ones norm 0
        expect(spec[6]).toBe(to === from ? 1 : 0);
      }
    }
  });

  it('a block alone (only its rows of each product are formed) gives the norms of the full products’ block', () => {
    for (const [to, from, r0, c0] of [['c', 'c', 2, 2], ['h', 'c', 0, 2], ['c', 'h', 2, 0]] as const) {
      for (const t of [6, 4]) {
        const { trace: fresh } = traced(lstm, 6, 2, 35);
        const spec = fresh.jacobianProductNorms(t, { sample: 1, block: [to, from] });
        const sv = fresh.singularValues(0, t, { sample: 1, block: [to, from] });
        spec.forEach((v, s) => {
          const sub = block(handProduct(js[1]!, s, t, S), r0, 2, c0, 2);
          const top = singularValuesRef(sub)[0]!;
          expectClose(v, top, svdTol(top));
          if (s === 0) sv.forEach((x, i) => expectClose(x, singularValuesRef(sub)[i]!, svdTol(top)));
        });
      }
    }
  });

  it('singularValues(s, t) lists all singular values, descending, with blocks and log10', () => {
    for (let b = 0; b < 2; b++) {
      for (const [s, t] of [
        [0, 6],
        [2, 5],
        [3, 3],
      ] as const) {
        const P = handProduct(js[b]!, s, t, S);
        const got = trace.singularValues(s, t, { sample: b });
        const want = singularValuesRef(P);
        expect(got.length).toBe(S);
        got.forEach((v, i) => expectClose(v, want[i]!, svdTol(want[0]!)));
        // the small ones (σ_min/σ_max ≈ 1e-9 here) to relative accuracy: ∏ σ_i = |det P| = ∏ |det J_k|;
        // forming P by products costs about eps·σ_max/σ_min of relative accuracy (TOL.illConditioned)
        const det = Math.abs(js[b]!.slice(s + 1, t + 1).reduce((d, J) => d * determinant(J), 1));
        expectClose(
          got.reduce((p, v) => p * v, 1),
          det,
          TOL.illConditioned,
        );
        expect([...got].sort((x, y) => y - x)).toEqual(got);
        const lg = trace.singularValues(s, t, { sample: b, log10: true });
        lg.forEach((v, i) => expectLog10Close(v, Math.log10(got[i]!)));
        const cc = trace.singularValues(s, t, { sample: b, block: ['c', 'c'] });
        const ccWant = singularValuesRef(block(P, 2, 2, 2, 2));
        ccWant.forEach((v, i) => expectClose(cc[i]!, v, svdTol(ccWant[0]!)));
        expectClose(got[0]!, trace.jacobianProductNorms(t, { sample: b })[s]!);
      }
    }
  });
});


describe('the forget-gate path', () => {
  it('is max_j ∏_{k=s+1}^{t} f_k[j] per sample and 1 at s = t', () => {
    const cell = new LSTMCell({ inputSize: 1, hiddenSize: 3, seed: 27 });
    const x = randn([8, 2, 1], { seed: 36 });
    const trace = traceGradients(cell, x, { targets: zeros([2, 3]) });
    const su = setupOf(cell, x, {});
    const { steps } = refUnroll(su);
    for (const [t, b] of [
      [8, 0],
      [5, 1],
    ] as const) {
      const got = trace.forgetGatePath(t, { sample: b });
      expect(got.length).toBe(t + 1);
      expect(got[t]).toBe(1);
      for (let s = 0; s < t; s++) {
        const prod = [0, 1, 2].map((j) => steps.slice(s + 1, t + 1).reduce((p, st) => p * st.gates.f!.data[b * 3 + j]!, 1));
        expectClose(got[s]!, Math.max(...prod));
      }
      const lg = trace.forgetGatePath(t, { sample: b, log10: true });
      lg.forEach((v, s) => expectLog10Close(v, Math.log10(got[s]!)));
    }
    // the full c → c block it is meant to be compared with is also the identity at s = t
    expect(trace.jacobianProductNorms(8, { block: ['c', 'c'] })[8]).toBe(1);
  });

  it('is exactly 1 for every s in the 1997 LSTM, whose cell path is the identity', () => {
    const cell = new LSTMCell({ inputSize: 1, hiddenSize: 2, forgetGate: false, seed: 29 });
    const trace = traceGradients(cell, randn([6, 1, 1], { seed: 39 }), { targets: zeros([1, 2]) });
    expect(trace.forgetGatePath()).toEqual([1, 1, 1, 1, 1, 1, 1]);
    expect(trace.forgetGatePath(6, { log10: true }).every((v) => v === 0)).toBe(true);
  });

  it('needs a cell with forgetGateValues', () => {
    const { trace } = traced(new RNNCell({ inputSize: 1, hiddenSize: 2, seed: 28 }), 3, 1, 37);
    expect(() => trace.forgetGatePath()).toThrow(ValueError);
    expect(() => trace.forgetGatePath()).toThrow(/^forgetGatePath: /);
  });
});
