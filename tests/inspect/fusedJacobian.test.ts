/**
 * The closed-form step Jacobians of the built-in cells (src/inspect/fusedJacobian.ts) against
 * the batched reverse walk over the same records (bit for bit in float64), against the op-by-op
 * cells (`unfused`), and the steps they must leave to the walk.
 */
import { describe, expect, it } from 'vitest';
import { reachFrom } from '../../src/autodiff/backward.js';
import { unfused } from '../../src/autodiff/bind.js';
import * as L from '../../src/autodiff/lax.js';
import { GradientTape } from '../../src/autodiff/tape.js';
import { fusedStepJacobian } from '../../src/inspect/fusedJacobian.js';
import { segmentJacobian } from '../../src/inspect/jacobians.js';
import { traceGradients } from '../../src/inspect/traceGradients.js';
import type { Cell, Params, State } from '../../src/nn/cell.js';
import { GRUCell } from '../../src/nn/gruCell.js';
import { LSTMCell } from '../../src/nn/lstmCell.js';
import { RNNCell } from '../../src/nn/rnnCell.js';
import { randn } from '../../src/tensor/creation.js';
import type { DType } from '../../src/tensor/dtype.js';
import { setSimd } from '../../src/tensor/kernels/simd.js';
import { tensor } from '../../src/tensor/index.js';
import type { Tensor } from '../../src/tensor/tensor.js';
import { assertAllClose } from '../../src/testing/index.js';
import { fc, runs } from '../helpers/fc.js';
import { TOL } from '../helpers/tolerances.js';

const [B, I, H, T] = [3, 2, 4, 3];

/** Records T steps as traceGradients does; per step, the fused and the walked Jacobians. */
function both(cell: Cell<State>, dtype: DType = 'float64', B = 3): { fused: (Float64Array[] | undefined)[]; walked: Float64Array[][] } {
  const H = cell.hiddenSize;
  const tape = new GradientTape({ persistent: true });
  const inputs = randn([T, B, I], { seed: 5, dtype });
  const states: State[] = [];
  const ranges: [number, number][] = [];
  tape.record(() => {
    const s0 = cell.initialState(B);
    const h0 = randn([B, H], { seed: 6, dtype });
    states.push(Object.fromEntries(cell.stateKeys.map((k) => [k, L.identity(k === 'h' ? h0 : L.add(s0[k]!, h0))])));
    for (let t = 1; t <= T; t++) {
      const lo = tape.records.length;
      const x = L.reshape(L.slice(inputs, [t - 1, 0, 0], [1, B, I]), [B, I]);
      states.push(cell.step(x, states[t - 1]!));
      ranges.push([lo, tape.records.length]);
    }
  });
  const reach = reachFrom(tape.records, states.flatMap((s) => cell.stateKeys.map((k) => s[k]!.id)));
  const parts = (t: number): Tensor[] => cell.stateKeys.map((k) => states[t]![k]!);
  return {
    fused: ranges.map((r, i) => fusedStepJacobian(tape.records, r, parts(i), parts(i + 1), reach)),
    walked: ranges.map((r, i) => segmentJacobian(tape.records, r, parts(i), parts(i + 1), reach)),
  };
}

const opts = { inputSize: I, hiddenSize: H, seed: 1 };
type Make = (dtype: DType) => Cell<State>;
const builtIn: [string, Make][] = [
  ...(['tanh', 'sigmoid', 'relu', 'identity'] as const).map((activation): [string, Make] => [`RNN ${activation}`, (dtype) => new RNNCell({ ...opts, activation, dtype })]),
  ['RNN without bias', (dtype) => new RNNCell({ ...opts, bias: false, dtype })],
  ['LSTM', (dtype) => new LSTMCell({ ...opts, forgetBias: 0.5, dtype })],
  ['LSTM without forget gate', (dtype) => new LSTMCell({ ...opts, forgetGate: false, dtype })],
  ['GRU', (dtype) => new GRUCell({ ...opts, dtype })],
];

/** A cell that runs `inner` with a change before or after its step. */
class Wrapped implements Cell<State> {
  readonly inputSize = I;
  readonly hiddenSize = H;
  readonly stateKeys: readonly string[];
  constructor(
    private readonly inner: Cell<State>,
    private readonly change: (x: Tensor, s: State, step: (x: Tensor, s: State) => State) => State,
  ) {
    this.stateKeys = inner.stateKeys;
  }
  initialState(b: number): State {
    return this.inner.initialState(b);
  }
  step(x: Tensor, s: State): State {
    return this.change(x, s, (xx, ss) => this.inner.step(xx, ss));
  }
  output(s: State): Tensor {
    return s['h']!;
  }
  parameters(): Params {
    return this.inner.parameters();
  }
}

describe('fusedStepJacobian', () => {
  it.each(builtIn)('%s: the same Jacobians as the batched walk over the same records, bit for bit', (_, make) => {
    const { fused, walked } = both(make('float64'));
    fused.forEach((f, t) => {
      expect(f, `step ${t + 1}`).toBeDefined();
      f!.forEach((m, b) => expect(Array.from(m)).toEqual(Array.from(walked[t]![b]!)));
      expect(f!.some((m) => m.some((v) => v !== 0))).toBe(true);
    });
  });

  it.each(builtIn)('%s in float32: within float32 rounding of the walk', (_, make) => {
    const { fused, walked } = both(make('float32'), 'float32');
    fused.forEach((f, t) => f!.forEach((m, b) => {
      for (let i = 0; i < m.length; i++) expect(Math.abs(m[i]! - walked[t]![b]![i]!)).toBeLessThan(TOL.f32.atol + TOL.f32.rtol * Math.abs(walked[t]![b]![i]!));
    }));
  });

  it.each(builtIn)('%s: trace.stepJacobian equals the op-by-op cell’s (which takes the walk)', (_, make) => {
    const inputs = randn([T, B, I], { seed: 7 });
    const targets = randn([B, H], { seed: 8 });
    const fast = traceGradients(make('float64'), inputs, { targets });
    const slow = unfused(() => traceGradients(make('float64'), inputs, { targets }));
    for (let t = 1; t <= T; t++) assertAllClose(fast.stepJacobian(t), slow.stepJacobian(t), TOL.exact);
  });

  const others: [string, () => Cell<State>][] = [
    ['the state changed before the step', () => new Wrapped(new RNNCell(opts), (x, s, step) => step(x, { h: L.mul(s['h']!, 0.5) }))],
    ['the input computed from the state', () => new Wrapped(new RNNCell({ ...opts, inputSize: H }), (x, s, step) => step(L.add(L.slice(L.concat([x, x], 1), [0, 0], [B, H]), s['h']!), s))],
    ['an op after the step', () => new Wrapped(new GRUCell(opts), (x, s, step) => ({ h: L.tanh(step(x, s)['h']!) }))],
    ['the op-by-op LSTM', () => new Wrapped(new LSTMCell(opts), (x, s, step) => unfused(() => step(x, s)))],
  ];

  it.each([
    ['with the SIMD row kernel', true],
    ['with the TypeScript loop', false],
  ])('finds the LSTM parts by identity, whatever their order in the state (%s)', (_, simd) => {
    const swapped = new Wrapped(new LSTMCell(opts), (x, s, step) => {
      const r = step(x, { h: s['c']!, c: s['h']! });
      return { h: r['c']!, c: r['h']! };
    });
    const was = setSimd(simd);
    try {
      const { fused, walked } = both(swapped);
      fused.forEach((f, t) => f!.forEach((m, b) => expect(Array.from(m)).toEqual(Array.from(walked[t]![b]!))));
    } finally {
      setSimd(was);
    }
  });

  it.each(others)('leaves a step with %s to the walk', (_, make) => {
    const { fused, walked } = both(make());
    expect(walked.length).toBe(T);
    fused.forEach((f, t) => {
      if (f === undefined) return;
      // a recognised step must still be right
      f.forEach((m, b) => expect(Array.from(m)).toEqual(Array.from(walked[t]![b]!)));
    });
    expect(fused.every((f) => f === undefined)).toBe(true);
  });

  it('builds the same bits with the SIMD row kernel as with the TypeScript loop, for any size, batch, dtype and weights with ±0, ±∞ and NaN (property)', () => {
    const special = fc.constantFrom(0, -0, Infinity, -Infinity, Number.NaN, 1e-310, -2.5);
    const arb = fc.record({
      kind: fc.constantFrom('rnn', 'gru', 'lstm', 'lstm without forget gate'),
      H: fc.integer({ min: 1, max: 9 }),
      B: fc.integer({ min: 1, max: 3 }),
      dtype: fc.constantFrom<DType>('float64', 'float32'),
      seed: fc.integer({ min: 0, max: 1000 }),
      pokes: fc.array(fc.tuple(fc.nat(), special), { maxLength: 3 }),
    });
    fc.assert(
      fc.property(arb, ({ kind, H, B, dtype, seed, pokes }) => {
        const o = { inputSize: I, hiddenSize: H, seed, dtype };
        const cell = kind === 'rnn' ? new RNNCell(o) : kind === 'gru' ? new GRUCell(o) : new LSTMCell({ ...o, forgetGate: kind === 'lstm' });
        const w = cell.weightHh;
        const data = w.data.slice();
        for (const [at, v] of pokes) data[at % data.length] = v;
        cell.setParameters({ ...cell.parameters(), weightHh: tensor(data, w.shape, { dtype }) });
        const withSimd = both(cell, dtype, B).fused;
        const was = setSimd(false);
        let without: (Float64Array[] | undefined)[];
        try {
          without = both(cell, dtype, B).fused;
        } finally {
          setSimd(was);
        }
        withSimd.forEach((f, t) => {
          expect(f).toBeDefined();
          f!.forEach((m, b) => m.forEach((v, i) => expect(Object.is(v, without[t]![b]![i]!), `step ${t + 1}, sample ${b}, entry ${i}: ${v} vs ${without[t]![b]![i]!}`).toBe(true)));
        });
      }),
      { numRuns: runs(60) },
    );
  });
});
