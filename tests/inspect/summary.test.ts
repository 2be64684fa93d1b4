import { describe, expect, it } from 'vitest';
import { HORIZON_FRACTION, REGIME_DECADES, traceGradients } from '../../src/inspect/index.js';
import { describeCurve } from '../../src/inspect/summary.js';
import type { TraceSummary } from '../../src/inspect/index.js';
import { GRUCell } from '../../src/nn/gruCell.js';
import { LSTMCell } from '../../src/nn/lstmCell.js';
import type { RNNActivation } from '../../src/nn/rnnCell.js';
import { RNNCell } from '../../src/nn/rnnCell.js';
import { mean } from '../../src/ops/index.js';
import { randn, tensor } from '../../src/tensor/index.js';
import type { Tensor } from '../../src/tensor/tensor.js';
import type { Mat } from '../helpers/linalg.js';
import { TOL } from '../helpers/tolerances.js';
import { asCell, expectClose } from './reference.js';
import { fromFlat, identity, orthonormalize, scale, singularValuesRef, toFlat } from '../helpers/linalg.js';

/** A linear RNN (identity activation) whose W_hh is set to `w`. */
function linearRnn(w: Mat, seed = 90): RNNCell {
  const H = w.length;
  const cell = new RNNCell({ inputSize: 1, hiddenSize: H, activation: 'identity', seed });
  cell.setParameters({ ...cell.parameters(), weightHh: tensor(toFlat(w), [H, H]) });
  return cell;
}

/** Least-squares slope of y against x = T − t over the finite points: my own fit. */
function mySlope(curve: readonly number[]): number {
  const T = curve.length - 1;
  const pts = curve.flatMap((y, t) => (Number.isFinite(y) ? [[T - t, y] as const] : []));
  const n = pts.length;
  const sx = pts.reduce((s, [x]) => s + x, 0);
  const sy = pts.reduce((s, [, y]) => s + y, 0);
  const sxy = pts.reduce((s, [x, y]) => s + x * y, 0);
  const sxx = pts.reduce((s, [x]) => s + x * x, 0);
  return (n * sxy - sx * sy) / (n * sxx - sx * sx);
}

/** Steps back from T while the norm stays ≥ HORIZON_FRACTION·‖∂E/∂h_T‖ (T if it never drops). */
function myHorizon(curve: readonly number[]): number {
  const T = curve.length - 1;
  for (let j = 1; j <= T; j++) if (10 ** curve[T - j]! < HORIZON_FRACTION * 10 ** curve[T]!) return j - 1;
  return T;
}

function myRegime(curve: readonly number[]): TraceSummary['regime'] {
  const change = mySlope(curve) * (curve.length - 1);
  return change < -REGIME_DECADES ? 'vanishing' : change > REGIME_DECADES ? 'exploding' : 'stable';
}

describe('summary() on constructed regimes', () => {
  const T = 30;
  const x = randn([T, 2, 1], { seed: 91 }).mul(0.1);
  const y = randn([2, 3], { seed: 92 });

  it('calls W_hh = 1.5·I with identity activation exploding, growing exactly 1.5 per step back', () => {
    const trace = traceGradients(linearRnn(scale(identity(3), 1.5)), x, { targets: y });
    const s = trace.summary();
    expect(s.regime).toBe('exploding');
    expectClose(s.decayPerStep, 1.5);
    expectClose(s.log10DecayPerStep, Math.log10(1.5));
    expect(s.horizon).toBe(T);
    expect(s.fittedCurve).toBe('hiddenGradNorms');
    // the linear bound γ‖W_hh‖₂ = 1.5 is met with equality, and still holds
    expect(s.bound!.gamma).toBe(1);
    expectClose(s.bound!.factorPerStep, 1.5);
    expect(s.bound!.holds).toBe(true);
    expect(Math.abs(s.bound!.worstLog10Ratio)).toBeLessThan(TOL.log10);
  });

  it('calls an orthogonal W_hh with identity activation stable, with no decay and the full horizon', () => {
    const q = orthonormalize(fromFlat(randn([3, 3], { seed: 93 }).data, 3));
    const trace = traceGradients(linearRnn(q), x, { targets: y });
    const s = trace.summary();
    expect(s.regime).toBe('stable');
    expectClose(s.decayPerStep, 1);
    expect(s.horizon).toBe(T);
    trace.hiddenGradNorms.forEach((n) => expectClose(n, trace.hiddenGradNorms[T]!));
    expectClose(s.bound!.weightHhNorm, 1);
  });

  it('finds the horizon of W_hh = 0.5·I: 0.5⁶ ≥ 1% > 0.5⁷, so 6 steps, and a decay of 0.5', () => {
    const trace = traceGradients(linearRnn(scale(identity(3), 0.5)), x, { targets: y });
    const s = trace.summary();
    expect(HORIZON_FRACTION).toBe(0.01);
    expect(s.horizon).toBe(6);
    expect(s.horizonFraction).toBe(HORIZON_FRACTION);
    expectClose(s.decayPerStep, 0.5);
    expect(s.regime).toBe('vanishing');
  });

  it('calls a sigmoid RNN vanishing', () => {
    const cell = new RNNCell({ inputSize: 1, hiddenSize: 3, activation: 'sigmoid', seed: 94 });
    const s = traceGradients(cell, x, { targets: y }).summary();
    expect(s.regime).toBe('vanishing');
    expect(s.bound!.gamma).toBe(0.25);
  });
});

describe('summary() against my own fit, horizon and regime', () => {
  const cells = [
    new RNNCell({ inputSize: 2, hiddenSize: 4, seed: 95, weightHh: { init: 'uniform', gain: 3 } }),
    new RNNCell({ inputSize: 2, hiddenSize: 4, activation: 'relu', seed: 96 }),
    new LSTMCell({ inputSize: 2, hiddenSize: 3, forgetBias: 1, seed: 97 }),
    new GRUCell({ inputSize: 2, hiddenSize: 3, seed: 98 }),
    new RNNCell({ inputSize: 2, hiddenSize: 4, activation: 'identity', seed: 95, weightHh: { init: 'orthogonal', gain: 1.05 } }),
  ];
  it.each(cells.map((c, i) => [i, c] as const))('cell %i: decayPerStep is the least-squares slope of log10 norms', (_, cell) => {
    const x = randn([25, 2, 2], { seed: 99 });
    const trace = traceGradients(asCell(cell), x, { targets: randn([2, cell.hiddenSize], { seed: 100 }) });
    const s = trace.summary();
    const curve = trace.hiddenGradNormsLog10;
    expectClose(s.log10DecayPerStep, mySlope(curve));
    expectClose(s.decayPerStep, 10 ** mySlope(curve));
    expect(s.horizon).toBe(myHorizon(curve));
    expect(s.regime).toBe(myRegime(curve));
  });

  it("fits the last loss term's flow for lossAt 'all'", () => {
    const cell = new RNNCell({ inputSize: 1, hiddenSize: 3, activation: 'sigmoid', seed: 101 });
    const trace = traceGradients(cell, randn([20, 1, 1], { seed: 102 }), { targets: randn([20, 1, 3], { seed: 103 }), lossAt: 'all' });
    const s = trace.summary();
    const row = trace.gradientFlow({ log10: true })[20]!;
    expect(s.fittedCurve).toBe('lastTermFlow');
    expectClose(s.log10DecayPerStep, mySlope(row));
    expect(s.horizon).toBe(myHorizon(row));
  });

  it('fits the hidden gradient norms for a custom loss', () => {
    const cell = new RNNCell({ inputSize: 1, hiddenSize: 3, seed: 104 });
    const trace = traceGradients(cell, randn([10, 1, 1], { seed: 105 }), { loss: (hs: Tensor[]) => mean(hs[9]!) });
    const s = trace.summary();
    expect(s.fittedCurve).toBe('hiddenGradNorms');
    expectClose(s.log10DecayPerStep, mySlope(trace.hiddenGradNormsLog10));
  });
});

describe('the textbook bound in summary()', () => {
  const x = randn([8, 2, 1], { seed: 106 });
  const gammas: [RNNActivation, number][] = [
    ['sigmoid', 0.25],
    ['tanh', 1],
    ['relu', 1],
    ['identity', 1],
  ];
  it.each(gammas)('is given for an RNN with %s: γ = %d, factor γ·‖W_hh‖₂, holding', (activation, gamma) => {
    const cell = new RNNCell({ inputSize: 1, hiddenSize: 3, activation, seed: 107 });
    const b = traceGradients(cell, x, { targets: randn([2, 3], { seed: 108 }) }).summary().bound!;
    const wn = singularValuesRef(fromFlat(cell.weightHh.data, 3))[0]!;
    expect(b.gamma).toBe(gamma);
    expectClose(b.weightHhNorm, wn);
    expectClose(b.factorPerStep, gamma * wn);
    expect(b.log10Bound.length).toBe(9);
    b.log10Bound.forEach((v, s) => expectClose(v, (8 - s) * Math.log10(gamma * wn)));
    expect(b.holds).toBe(true);
    expect(b.worstLog10Ratio).toBeLessThanOrEqual(TOL.log10);
  });

  it('is absent for gated cells', () => {
    for (const cell of [new LSTMCell({ inputSize: 1, hiddenSize: 2, seed: 109 }), new GRUCell({ inputSize: 1, hiddenSize: 2, seed: 110 })]) {
      const s = traceGradients(asCell(cell), x, { targets: randn([2, 2], { seed: 111 }) }).summary();
      expect('bound' in s).toBe(false);
    }
  });
});

describe('describeCurve over points that are not finite', () => {
  it('counts NaN and +∞ (not −∞, an exact zero), fits the finite rest, and calls an overflow exploding', () => {
    const flat = [0, 0, 0, 0, 0];
    expect(describeCurve(flat)).toMatchObject({ regime: 'stable', nonFinite: 0 });
    expect(describeCurve([-Infinity, -8, -6, -4, -2, 0])).toMatchObject({ regime: 'vanishing', nonFinite: 0, log10DecayPerStep: -2 });
    const withNaN = describeCurve([NaN, -8, -6, NaN, -2, 0]);
    expect(withNaN).toMatchObject({ regime: 'vanishing', nonFinite: 2, log10DecayPerStep: -2 });
    // a norm that overflowed has exploded, whatever the finite points' line says
    expect(describeCurve([Infinity, -8, -6, -4, -2, 0])).toMatchObject({ regime: 'exploding', nonFinite: 1 });
    expect(describeCurve([NaN, NaN, NaN])).toMatchObject({ regime: 'stable', nonFinite: 3, horizon: 0 });
  });

  it('reports nonFinite 0 for an ordinary trace', () => {
    const cell = new LSTMCell({ inputSize: 1, hiddenSize: 4, seed: 3 });
    expect(traceGradients(cell, randn([12, 1, 1], { seed: 4 }), { targets: randn([1, 4], { seed: 5 }) }).summary().nonFinite).toBe(0);
  });
});

