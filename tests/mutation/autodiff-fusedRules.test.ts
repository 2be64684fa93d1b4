/**
 * The fused step primitives' composed rules (the ones that run under a trace) when only some
 * inputs need a cotangent or carry a tangent: a Hessian with respect to the input alone, or to
 * the state alone, and a jvp along the input alone (every weight's tangent absent). Each must
 * equal the op-by-op composition (`unfused`).
 */
import { describe, it, expect } from 'vitest';
import { unfused } from '../../src/autodiff/bind.js';
import { hessian } from '../../src/autodiff/jacobian.js';
import { jvp } from '../../src/autodiff/transforms.js';
import type { Cell, State } from '../../src/nn/cell.js';
import { GRUCell } from '../../src/nn/gruCell.js';
import { LSTMCell } from '../../src/nn/lstmCell.js';
import { RNNCell } from '../../src/nn/rnnCell.js';
import { randn } from '../../src/tensor/creation.js';
import type { Tensor } from '../../src/tensor/tensor.js';
import { assertAllClose } from '../../src/testing/index.js';
import { TOL } from '../helpers/tolerances.js';

const I = 2;
const H = 3;
const B = 2;

const cells: [string, () => Cell<State>][] = [
  ['an RNN', () => new RNNCell({ inputSize: I, hiddenSize: H, seed: 61 }) as unknown as Cell<State>],
  ['an RNN without biases', () => new RNNCell({ inputSize: I, hiddenSize: H, bias: false, activation: 'sigmoid', seed: 62 }) as unknown as Cell<State>],
  ['an LSTM', () => new LSTMCell({ inputSize: I, hiddenSize: H, seed: 63 }) as unknown as Cell<State>],
  ['an LSTM without forget gate', () => new LSTMCell({ inputSize: I, hiddenSize: H, forgetGate: false, seed: 64 }) as unknown as Cell<State>],
  ['a GRU', () => new GRUCell({ inputSize: I, hiddenSize: H, seed: 65 }) as unknown as Cell<State>],
];

describe.each(cells)('the fused step of %s', (_, make) => {
  const cell = make();
  const x = randn([B, I], { seed: 67 });
  const s0: State = Object.fromEntries(cell.stateKeys.map((k, i) => [k, randn([B, H], { seed: 68 + i }).mul(0.5)]));
  const hKey = cell.stateKeys[0]!;
  /** A scalar of one step's new state: Σ over every state part of (part · weights)². */
  const energy = (st: State): Tensor => Object.values(st).reduce((acc: Tensor | undefined, p, i) => {
    const e = p.mul(0.7 + 0.2 * i).square().sum();
    return acc === undefined ? e : acc.add(e);
  }, undefined)!;

  it('has the composed Hessian with respect to the input alone', () => {
    const f = (xx: Tensor): Tensor => energy(cell.step(xx, s0));
    const fused = hessian(f)(x);
    const plain = unfused(() => hessian(f)(x));
    expect(fused.shape).toEqual([B, I, B, I]);
    assertAllClose(fused, plain, TOL.exact);
  });

  it('has the composed Hessian with respect to the hidden state alone', () => {
    const f = (h: Tensor): Tensor => energy(cell.step(x, { ...s0, [hKey]: h }));
    const fused = hessian(f)(s0[hKey]!);
    assertAllClose(fused, unfused(() => hessian(f)(s0[hKey]!)), TOL.exact);
  });

  it('has the composed jvp along the input alone (no weight tangents)', () => {
    const f = (xx: Tensor): Tensor => cell.step(xx, s0)[hKey]!;
    const v = randn([B, I], { seed: 70 });
    const [y, t] = jvp(f, [x], [v]);
    const [y0, t0] = unfused(() => jvp(f, [x], [v]));
    assertAllClose(y, y0, TOL.exact);
    assertAllClose(t, t0, TOL.exact);
    expect(Math.max(...Array.from(t.data, Math.abs))).toBeGreaterThan(1e-3);
  });
});
