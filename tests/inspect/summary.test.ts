import { describe, expect, it } from 'vitest';
import { HORIZON_FRACTION, REGIME_DECADES, traceGradients } from '../../src/inspect/index.js';
import type { TraceSummary } from '../../src/inspect/index.js';
import { GRUCell } from '../../src/nn/gruCell.js';
import { LSTMCell } from '../../src/nn/lstmCell.js';
import type { RNNActivation } from '../../src/nn/rnnCell.js';
import { RNNCell } from '../../src/nn/rnnCell.js';
import { mean } from '../../src/ops/index.js';
import { randn, tensor } from '../../src/tensor/index.js';
import type { Tensor } from '../../src/tensor/tensor.js';
import type { Mat } from '../helpers/linalg.js';
import { asCell } from './reference.js';
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
    expect(s.decayPerStep).toBeCloseTo(1.5, 10);
    expect(s.log10DecayPerStep).toBeCloseTo(Math.log10(1.5), 10);
    expect(s.horizon).toBe(T);
    expect(s.fittedCurve).toBe('hiddenGradNorms');
    // the linear bound γ‖W_hh‖₂ = 1.5 is met with equality, and still holds
    expect(s.bound!.gamma).toBe(1);
    expect(s.bound!.factorPerStep).toBeCloseTo(1.5, 12);
    expect(s.bound!.holds).toBe(true);
    expect(Math.abs(s.bound!.worstLog10Ratio)).toBeLessThan(1e-9);
  });

  it('calls an orthogonal W_hh with identity activation stable, with no decay and the full horizon', () => {
    const q = orthonormalize(fromFlat(randn([3, 3], { seed: 93 }).data, 3));
    const trace = traceGradients(linearRnn(q), x, { targets: y });
    const s = trace.summary();
    expect(s.regime).toBe('stable');
    expect(s.decayPerStep).toBeCloseTo(1, 10);
    expect(s.horizon).toBe(T);
    trace.hiddenGradNorms.forEach((n) => expect(n).toBeCloseTo(trace.hiddenGradNorms[T]!, 12));
    expect(s.bound!.weightHhNorm).toBeCloseTo(1, 12);
  });

  it('finds the horizon of W_hh = 0.5·I: 0.5⁶ ≥ 1% > 0.5⁷, so 6 steps, and a decay of 0.5', () => {
    const trace = traceGradients(linearRnn(scale(identity(3), 0.5)), x, { targets: y });
    const s = trace.summary();
    expect(HORIZON_FRACTION).toBe(0.01);
    expect(s.horizon).toBe(6);
    expect(s.horizonFraction).toBe(HORIZON_FRACTION);
    expect(s.decayPerStep).toBeCloseTo(0.5, 10);
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
    expect(s.log10DecayPerStep).toBeCloseTo(mySlope(curve), 10);
    expect(s.decayPerStep).toBeCloseTo(10 ** mySlope(curve), 10);
    expect(s.horizon).toBe(myHorizon(curve));
    expect(s.regime).toBe(myRegime(curve));
  });

  it("fits the last loss term's flow for lossAt 'all'", () => {
    const cell = new RNNCell({ inputSize: 1, hiddenSize: 3, activation: 'sigmoid', seed: 101 });
    const trace = traceGradients(cell, randn([20, 1, 1], { seed: 102 }), { targets: randn([20, 1, 3], { seed: 103 }), lossAt: 'all' });
    const s = trace.summary();
    const row = trace.gradientFlow({ log10: true })[20]!;
    expect(s.fittedCurve).toBe('lastTermFlow');
    expect(s.log10DecayPerStep).toBeCloseTo(mySlope(row), 10);
    expect(s.horizon).toBe(myHorizon(row));
  });

  it('fits the hidden gradient norms for a custom loss', () => {
    const cell = new RNNCell({ inputSize: 1, hiddenSize: 3, seed: 104 });
    const trace = traceGradients(cell, randn([10, 1, 1], { seed: 105 }), { loss: (hs: Tensor[]) => mean(hs[9]!) });
    const s = trace.summary();
    expect(s.fittedCurve).toBe('hiddenGradNorms');
    expect(s.log10DecayPerStep).toBeCloseTo(mySlope(trace.hiddenGradNormsLog10), 10);
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
    expect(b.weightHhNorm).toBeCloseTo(wn, 12);
    expect(b.factorPerStep).toBeCloseTo(gamma * wn, 12);
    expect(b.log10Bound.length).toBe(9);
    b.log10Bound.forEach((v, s) => expect(v).toBeCloseTo((8 - s) * Math.log10(gamma * wn), 10));
    expect(b.holds).toBe(true);
    expect(b.worstLog10Ratio).toBeLessThanOrEqual(1e-12);
  });

  it('is absent for gated cells', () => {
    for (const cell of [new LSTMCell({ inputSize: 1, hiddenSize: 2, seed: 109 }), new GRUCell({ inputSize: 1, hiddenSize: 2, seed: 110 })]) {
      const s = traceGradients(asCell(cell), x, { targets: randn([2, 2], { seed: 111 }) }).summary();
      expect('bound' in s).toBe(false);
    }
  });
});
