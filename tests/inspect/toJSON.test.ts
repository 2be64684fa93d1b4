import { describe, expect, it } from 'vitest';
import { traceGradients } from '../../src/inspect/index.js';
import type { GradientTrace, Log10Curve } from '../../src/inspect/index.js';
import type { State } from '../../src/nn/cell.js';
import { LSTMCell } from '../../src/nn/lstmCell.js';
import { RNNCell } from '../../src/nn/rnnCell.js';
import { mean } from '../../src/ops/index.js';
import { randn, zeros } from '../../src/tensor/index.js';
import type { Tensor } from '../../src/tensor/tensor.js';
import { expectClose } from './reference.js';

/** What the JSON must hold for a live log10 curve: the same numbers, −∞ as null (and −0 as 0, as JSON has no −0). */
function asJson(curve: readonly number[]): Log10Curve {
  return curve.map((v) => (v === -Infinity ? null : v === 0 ? 0 : v));
}

function roundTrips<S extends State>(trace: GradientTrace<S>): void {
  const j = trace.toJSON();
  expect(JSON.parse(JSON.stringify(j))).toStrictEqual(j);
}


describe('toJSON', () => {
  const T = 6;
  const x = randn([T, 2, 1], { seed: 120 });

  it('round-trips through JSON and holds the live trace for an RNN', () => {
    const cell = new RNNCell({ inputSize: 1, hiddenSize: 3, activation: 'sigmoid', seed: 121 });
    const trace = traceGradients(cell, x, { targets: randn([2, 3], { seed: 122 }) });
    roundTrips(trace);
    const j = trace.toJSON();
    const s = trace.summary();
    expect(j.format).toBe('gradscope.trace');
    expect(j.version).toBe(1);
    expect(j.cell).toStrictEqual({ name: 'RNNCell', inputSize: 1, hiddenSize: 3, stateKeys: ['h'], activation: 'sigmoid' });
    expect([j.steps, j.batch, j.loss, j.lossAt, j.lossValue]).toStrictEqual([T, 2, 'mse', 'last', trace.loss]);
    expect(j.hiddenGradNormsLog10).toStrictEqual(asJson(trace.hiddenGradNormsLog10));
    expect(j.stateGradNormsLog10).toStrictEqual({ h: asJson(trace.stateGradNormsLog10.h!) });
    for (const [name, curve] of Object.entries(trace.paramGradNormsByStepLog10)) {
      expect(j.paramGradNormsByStepLog10[name]).toStrictEqual(asJson(curve));
      expect(j.paramGradNormsByStepLog10[name]![0]).toBeNull();
    }
    expect(Object.keys(j.paramGradNormsByStepLog10)).toEqual(['weightIh', 'weightHh', 'biasIh', 'biasHh']);
    expect(j.jacobianProductNormsLog10).toStrictEqual(asJson(trace.jacobianProductNorms(T, { log10: true })));
    expect(j.forgetGatePathLog10).toBeNull();
    expect(j.summary).toStrictEqual({
      regime: s.regime,
      decayPerStep: s.decayPerStep,
      log10DecayPerStep: s.log10DecayPerStep,
      horizon: s.horizon,
      horizonFraction: s.horizonFraction,
      nonFinite: 0,
      fittedCurve: s.fittedCurve,
      bound: { ...s.bound!, log10Bound: asJson(s.bound!.log10Bound) },
    });
  });

  it('writes −∞ (an exact zero gradient) as null and still round-trips', () => {
    // a linear RNN with W_hh = 0: nothing flows back past the last step
    const cell = new RNNCell({ inputSize: 1, hiddenSize: 2, activation: 'identity', seed: 123 });
    cell.setParameters({ ...cell.parameters(), weightHh: zeros([2, 2]) });
    const trace = traceGradients(cell, x, { targets: randn([2, 2], { seed: 124 }) });
    expect(trace.hiddenGradNormsLog10.slice(0, T).every((v) => v === -Infinity)).toBe(true);
    const j = trace.toJSON();
    expect(j.hiddenGradNormsLog10.slice(0, T).every((v) => v === null)).toBe(true);
    expectClose(j.hiddenGradNormsLog10[T] as number, trace.hiddenGradNormsLog10[T]!);
    expect(j.jacobianProductNormsLog10!.slice(0, T).every((v) => v === null)).toBe(true);
    expect(j.jacobianProductNormsLog10![T]).toBe(0);
    expect(JSON.stringify(j)).not.toMatch(/Infinity|NaN/);
    roundTrips(trace);
  });

  it('writes an overflowed norm as "Infinity" and a NaN as "NaN", never as a zero', () => {
    const cell = new RNNCell({ inputSize: 1, hiddenSize: 2, activation: 'identity', seed: 123 });
    const big = new RNNCell({ inputSize: 1, hiddenSize: 2, activation: 'identity', seed: 123 });
    big.setParameters({ ...big.parameters(), weightHh: zeros([2, 2]).add(1e300) });
    const overflow = traceGradients(big, x, { targets: randn([2, 2], { seed: 124 }) });
    const nan = traceGradients(cell, x.mul(NaN), { targets: randn([2, 2], { seed: 124 }) });
    const jo = overflow.toJSON().hiddenGradNormsLog10;
    const jn = nan.toJSON().hiddenGradNormsLog10;
    expect(jo.some((v) => v === 'Infinity' || v === 'NaN')).toBe(true);
    expect(jo).not.toContain(null);
    expect(jn.every((v) => v === 'NaN')).toBe(true);
    expect(JSON.parse(JSON.stringify(nan.toJSON()))).toStrictEqual(nan.toJSON());
  });

  it('holds both state parts, the forget-gate path and no bound for an LSTM with lossAt all', () => {
    const cell = new LSTMCell({ inputSize: 1, hiddenSize: 2, seed: 125 });
    const trace = traceGradients(cell, x, { targets: randn([T, 2, 2], { seed: 126 }), lossAt: 'all', loss: 'abs' });
    roundTrips(trace);
    const j = trace.toJSON();
    expect(j.cell).toStrictEqual({ name: 'LSTMCell', inputSize: 1, hiddenSize: 2, stateKeys: ['h', 'c'], activation: null });
    expect([j.loss, j.lossAt]).toStrictEqual(['abs', 'all']);
    expect(j.stateGradNormsLog10).toStrictEqual({ h: asJson(trace.stateGradNormsLog10.h!), c: asJson(trace.stateGradNormsLog10.c!) });
    expect(j.forgetGatePathLog10).toStrictEqual(asJson(trace.forgetGatePath(T, { log10: true })));
    expect(j.summary.bound).toBeNull();
    expect(j.summary.fittedCurve).toBe('lastTermFlow');
  });

  it("says 'custom' for a loss function", () => {
    const cell = new RNNCell({ inputSize: 1, hiddenSize: 2, seed: 127 });
    const j = traceGradients(cell, x, { loss: (hs: Tensor[]) => mean(hs[T - 1]!) }).toJSON();
    expect(j.loss).toBe('custom');
    expect(JSON.parse(JSON.stringify(j))).toStrictEqual(j);
  });

  it('leaves out the Jacobian product curve above 128 state entries', () => {
    const cell = new RNNCell({ inputSize: 1, hiddenSize: 129, seed: 128 });
    const j = traceGradients(cell, randn([2, 1, 1], { seed: 129 }), { targets: zeros([1, 129]) }).toJSON();
    expect(j.jacobianProductNormsLog10).toBeNull();
    expect(j.hiddenGradNormsLog10.length).toBe(3);
  });
});
