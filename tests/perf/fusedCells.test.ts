/**
 * The fused step primitives against the op-by-op composition they replace (`unfused`): the same
 * states, gradients, tangents, step Jacobians and second derivatives, within 1e-12; and a tape
 * many times shorter.
 */
import { describe, it, expect } from 'vitest';
import { detectAnomaly, unfused } from '../../src/autodiff/bind.js';
import * as L from '../../src/autodiff/lax.js';
import { GradientTape } from '../../src/autodiff/tape.js';
import { grad, jvp } from '../../src/autodiff/transforms.js';
import { traceGradients } from '../../src/inspect/traceGradients.js';
import type { Cell, State } from '../../src/nn/cell.js';
import { unroll } from '../../src/nn/cell.js';
import { GRUCell } from '../../src/nn/gruCell.js';
import { LSTMCell } from '../../src/nn/lstmCell.js';
import { RNNCell } from '../../src/nn/rnnCell.js';
import type { DType } from '../../src/tensor/dtype.js';
import { randn } from '../../src/tensor/creation.js';
import type { Tensor } from '../../src/tensor/tensor.js';
import { TOL } from '../helpers/tolerances.js';

type AnyCell = Cell<State> & { parameters(): Record<string, Tensor> };

const I = 3;
const H = 4;
const B = 2;
const T = 6;

const cells: [string, (dtype?: DType) => AnyCell][] = [
  ['RNN tanh', (dtype) => new RNNCell({ inputSize: I, hiddenSize: H, seed: 1, ...(dtype ? { dtype } : {}) }) as unknown as AnyCell],
  ['RNN sigmoid without biases', (dtype) => new RNNCell({ inputSize: I, hiddenSize: H, activation: 'sigmoid', bias: false, seed: 2, ...(dtype ? { dtype } : {}) }) as unknown as AnyCell],
  ['RNN relu', (dtype) => new RNNCell({ inputSize: I, hiddenSize: H, activation: 'relu', seed: 3, ...(dtype ? { dtype } : {}) }) as unknown as AnyCell],
  ['RNN identity', (dtype) => new RNNCell({ inputSize: I, hiddenSize: H, activation: 'identity', seed: 4, ...(dtype ? { dtype } : {}) }) as unknown as AnyCell],
  ['LSTM', (dtype) => new LSTMCell({ inputSize: I, hiddenSize: H, seed: 5, ...(dtype ? { dtype } : {}) }) as unknown as AnyCell],
  ['LSTM without forget gate', (dtype) => new LSTMCell({ inputSize: I, hiddenSize: H, forgetGate: false, seed: 6, ...(dtype ? { dtype } : {}) }) as unknown as AnyCell],
  ['GRU', (dtype) => new GRUCell({ inputSize: I, hiddenSize: H, seed: 7, ...(dtype ? { dtype } : {}) }) as unknown as AnyCell],
];

function expectClose(a: Tensor, b: Tensor, tol: { atol: number; rtol: number } = TOL.exact): void {
  expect(a.shape).toEqual(b.shape);
  for (let i = 0; i < a.size; i++) {
    const x = a.data[i]!;
    const y = b.data[i]!;
    if (!(Math.abs(x - y) <= tol.atol + tol.rtol * Math.abs(y))) throw new Error(`entry ${i}: ${x} vs ${y}`);
  }
}

/** Loss Σ_t mean(h_t²)·t over an unroll from a given initial state; records every primitive on `tape`. */
function lossOf(cell: AnyCell, x: Tensor, s0: State): Tensor {
  const { outputs } = unroll(cell, x, s0);
  let total: Tensor | undefined;
  outputs.forEach((h, t) => {
    const term = L.mul(L.sum(L.mul(h, h), [0, 1]), (t + 1) / h.size);
    total = total ? L.add(total, term) : term;
  });
  return total!;
}

/** Records of an unroll's steps, leaving out the taking of x_t from the inputs. */
function stepRecords(cell: AnyCell, x: Tensor, s0: State): number {
  const tape = new GradientTape();
  tape.record(() => unroll(cell, x, s0));
  return tape.records.filter((r) => r.inputs[0] !== x).length;
}

/** Gradients of the loss with respect to the inputs, the initial state and every parameter. */
function gradients(cell: AnyCell, x: Tensor, s0: State): Tensor[] {
  const tape = new GradientTape();
  const loss = tape.record(() => lossOf(cell, x, s0));
  const params = cell.parameters();
  const sources = [x, ...cell.stateKeys.map((k) => s0[k]!), ...Object.values(params)];
  return tape.gradient(loss, sources);
}

describe.each(cells)('the fused %s step', (_, make) => {
  const cell = make();
  const x = randn([T, B, I], { seed: 11 });
  const s0: State = Object.fromEntries(cell.stateKeys.map((k, i) => [k, randn([B, H], { seed: 20 + i })]));

  it('gives the states of the op-by-op step to 1e-12', () => {
    const fused = unroll(cell, x, s0).states;
    const plain = unfused(() => unroll(cell, x, s0).states);
    fused.forEach((s, t) => cell.stateKeys.forEach((k) => expectClose(s[k]!, plain[t]![k]!)));
  });

  it('gives the gradients of the op-by-op step to 1e-12, from a tape several times shorter', () => {
    const fused = gradients(cell, x, s0);
    const plain = unfused(() => gradients(cell, x, s0));
    fused.forEach((g, i) => expectClose(g, plain[i]!));
    expect(stepRecords(cell, x, s0) * 3).toBeLessThan(unfused(() => stepRecords(cell, x, s0)));
  });

  it('gives the second derivatives of the op-by-op step (its rule is differentiable)', () => {
    const p = cell.parameters();
    const w = p.weightHh!;
    // d/dW_hh of ‖∂E/∂W_hh‖²: a backward pass recorded by an outer tape
    const f = (wHh: Tensor): Tensor => {
      const swap = { ...p, weightHh: wHh };
      const c = make();
      (c as unknown as { setParameters(q: Record<string, Tensor>): void }).setParameters(swap);
      const g = grad((u: Tensor) => {
        (c as unknown as { setParameters(q: Record<string, Tensor>): void }).setParameters({ ...swap, weightHh: u });
        return lossOf(c, x, s0);
      })(wHh);
      return L.sum(L.mul(g, g), [0, 1]);
    };
    expectClose(grad(f)(w), unfused(() => grad(f)(w)), { atol: 1e-11, rtol: 1e-9 });
  });

  it('gives the tangents of the op-by-op step in forward mode', () => {
    const v = randn([B, H], { seed: 31 });
    const key = cell.stateKeys[0]!;
    const f = (h0: Tensor): Tensor => L.concat(cell.stateKeys.map((k) => unroll(cell, x, { ...s0, [key]: h0 }).states[T]![k]!), 1);
    const [y1, t1] = jvp(f, [s0[key]!], [v]);
    const [y2, t2] = unfused(() => jvp(f, [s0[key]!], [v]));
    expectClose(y1, y2);
    expectClose(t1, t2);
  });

  it('gives the step Jacobians of the op-by-op step through traceGradients (the batched walk)', () => {
    const targets = randn([B, H], { seed: 41 });
    const a = traceGradients(cell, x, { targets, initialState: s0 });
    const b = unfused(() => traceGradients(cell, x, { targets, initialState: s0 }));
    for (let t = 1; t <= T; t++) expectClose(a.stepJacobian(t), b.stepJacobian(t));
    expect(a.loss).toBeCloseTo(b.loss, 12);
    a.hiddenGradNormsLog10.forEach((v, t) => expect(Math.abs(v - b.hiddenGradNormsLog10[t]!)).toBeLessThan(1e-12));
  });

  it('keeps float32 cells in float32, close to the op-by-op values', () => {
    const c32 = make('float32');
    const x32 = L.astype(x, 'float32');
    const s32: State = Object.fromEntries(cell.stateKeys.map((k) => [k, L.astype(s0[k]!, 'float32')]));
    const fused = gradients(c32, x32, s32);
    const plain = unfused(() => gradients(c32, x32, s32));
    fused.forEach((g, i) => {
      expect(g.dtype).toBe('float32');
      expectClose(g, plain[i]!, TOL.f32);
    });
  });
});

describe.each(cells)('the fused %s step’s parameter gradients, added in place across steps', (_, make) => {
  // anomaly mode hands no running sums to the rules (each cotangent is checked alone), so it
  // gives the gradients the way they were formed before in-place adding: the bits must agree
  it.each([
    [1, 'float64'],
    [3, 'float64'],
    [6, 'float64'],
    [3, 'float32'],
  ] as const)('equal bit for bit those returned step by step (batch %i, %s)', (batch, dtype) => {
    const cell = make(dtype);
    const x = L.astype(randn([T, batch, I], { seed: 51 }), dtype);
    const s0: State = Object.fromEntries(cell.stateKeys.map((k, i) => [k, L.astype(randn([batch, H], { seed: 52 + i }), dtype)]));
    const inPlace = gradients(cell, x, s0);
    const apart = detectAnomaly(() => gradients(cell, x, s0));
    inPlace.forEach((g, i) => {
      expect(g.dtype).toBe(dtype);
      expect(g.shape).toEqual(apart[i]!.shape);
      expect([...g.data]).toEqual([...apart[i]!.data]);
    });
    expect(inPlace.some((g) => g.data.some((v) => v !== 0))).toBe(true);
  });

  it('leave the parameters, the inputs and gradients returned earlier unchanged', () => {
    const cell = make();
    const x = randn([T, 2, I], { seed: 53 });
    const s0: State = Object.fromEntries(cell.stateKeys.map((k, i) => [k, randn([2, H], { seed: 54 + i })]));
    const params = Object.values(cell.parameters()).map((p) => [...p.data]);
    const xBefore = [...x.data];
    const first = gradients(cell, x, s0);
    const firstData = first.map((g) => [...g.data]);
    gradients(cell, x, s0);
    expect(Object.values(cell.parameters()).map((p) => [...p.data])).toEqual(params);
    expect([...x.data]).toEqual(xBefore);
    expect(first.map((g) => [...g.data])).toEqual(firstData);
  });
});

describe('part', () => {
  it('shares its input storage instead of copying', () => {
    const packed = randn([3, 2, 2], { seed: 1 });
    const p = L.part(packed, 1);
    expect(p.shape).toEqual([2, 2]);
    expect(p.data.buffer).toBe(packed.data.buffer);
    expect([...p.data]).toEqual([...packed.data.slice(4, 8)]);
  });
});
