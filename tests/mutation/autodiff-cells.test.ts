/**
 * The fused step kernels (primitives/cells.ts, lstmStep.ts, gruStep.ts) at sizes past the
 * 64-element minimum of their scratch buffers (a kernel that asks for too small a buffer reads
 * NaN), with cotangents wanted for only some inputs: values and gradients equal the op-by-op
 * composition (`unfused`). Every test here uses the large sizes, so whichever runs first
 * allocates the scratch buffers.
 */
import { describe, it, expect } from 'vitest';
import { unfused } from '../../src/autodiff/bind.js';
import { GradientTape } from '../../src/autodiff/tape.js';
import { grad, jvp } from '../../src/autodiff/transforms.js';
import type { Cell, State } from '../../src/nn/cell.js';
import { GRUCell } from '../../src/nn/gruCell.js';
import { LSTMCell } from '../../src/nn/lstmCell.js';
import { RNNCell } from '../../src/nn/rnnCell.js';
import { randn } from '../../src/tensor/creation.js';
import type { Tensor } from '../../src/tensor/tensor.js';
import { assertAllClose } from '../../src/testing/index.js';
import { TOL } from '../helpers/tolerances.js';

const I = 3;
const H = 20;
const B = 4;

const cells: [string, () => Cell<State>][] = [
  ['a tanh RNN', () => new RNNCell({ inputSize: I, hiddenSize: H, seed: 501 }) as unknown as Cell<State>],
  ['a relu RNN without biases', () => new RNNCell({ inputSize: I, hiddenSize: H, bias: false, activation: 'relu', seed: 502 }) as unknown as Cell<State>],
  ['a sigmoid RNN', () => new RNNCell({ inputSize: I, hiddenSize: H, activation: 'sigmoid', seed: 503 }) as unknown as Cell<State>],
  ['an LSTM', () => new LSTMCell({ inputSize: I, hiddenSize: H, seed: 504 }) as unknown as Cell<State>],
  ['an LSTM without forget gate', () => new LSTMCell({ inputSize: I, hiddenSize: H, forgetGate: false, seed: 505 }) as unknown as Cell<State>],
  ['a GRU', () => new GRUCell({ inputSize: I, hiddenSize: H, seed: 506 }) as unknown as Cell<State>],
];

describe.each(cells)('the fused step of %s at B = 4, H = 20', (_, make) => {
  const setup = () => {
    const cell = make();
    const x = randn([B, I], { seed: 510 });
    const s0: State = Object.fromEntries(cell.stateKeys.map((k, i) => [k, randn([B, H], { seed: 511 + i }).mul(0.5)]));
    const wts = cell.stateKeys.map((_, i) => randn([B, H], { seed: 520 + i }));
    const loss = (st: State): Tensor => cell.stateKeys.map((k, i) => st[k]!.mul(wts[i]!).sum()).reduce((a, b) => a.add(b));
    return { cell, x, s0, loss };
  };

  /** Gradients of the loss of one step with respect to the chosen sources. */
  const grads = (pick: (x: Tensor, s0: State, p: Record<string, Tensor>) => Tensor[], outer = false): [Tensor[], Tensor[]] => {
    const run = (): Tensor[] => {
      const { cell, x, s0, loss } = setup();
      const tape = new GradientTape();
      const y = tape.record(() => loss(cell.step(x, s0)));
      return tape.gradient(y, pick(x, s0, { ...cell.parameters() }));
    };
    // under an outer tape the fused rules run in their composed (recorded) form
    const traced = (): Tensor[] => (outer ? new GradientTape().record(run) : run());
    return [traced(), unfused(run)];
  };

  it('computes the same new state as the op-by-op step', () => {
    const { cell, x, s0 } = setup();
    const fused = cell.step(x, s0);
    const plain = unfused(() => cell.step(x, s0));
    for (const k of cell.stateKeys) {
      expect(fused[k]!.shape).toEqual([B, H]);
      assertAllClose(fused[k]!, plain[k]!, TOL.exact);
    }
  });

  const picks: [string, (x: Tensor, s0: State, p: Record<string, Tensor>) => Tensor[]][] = [
    ['the input alone', (x) => [x]],
    ['the state alone', (_x, s0) => Object.values(s0)],
    ['the weights alone', (_x, _s, p) => Object.entries(p).filter(([n]) => !n.startsWith('b')).map(([, t]) => t)],
    ['the biases alone', (_x, _s, p) => Object.entries(p).filter(([n]) => n.startsWith('b')).map(([, t]) => t)],
    ['one bias alone', (_x, _s, p) => Object.entries(p).filter(([n]) => n.startsWith('b')).slice(1).map(([, t]) => t)],
    ['everything', (x, s0, p) => [x, ...Object.values(s0), ...Object.values(p)]],
  ];
  for (const [what, pick] of picks) {
    it(`has the op-by-op gradient with respect to ${what}`, () => {
      const [fused, plain] = grads(pick);
      expect(fused.length).toBe(plain.length);
      fused.forEach((g, i) => assertAllClose(g, plain[i]!, TOL.exact));
    });
    it(`has the op-by-op gradient with respect to ${what} from its composed rule, under an outer tape`, () => {
      const [fused, plain] = grads(pick, true);
      expect(fused.length).toBe(plain.length);
      fused.forEach((g, i) => assertAllClose(g, plain[i]!, TOL.exact));
    });
  }

  it('has the op-by-op Hessian-vector product (its composed rule, under a forward trace)', () => {
    const { cell, x, s0, loss } = setup();
    const hKey = cell.stateKeys[0]!;
    const f = (h: Tensor): Tensor => loss(cell.step(x, { ...s0, [hKey]: h })).add(h.square().sum().mul(0.1));
    const v = randn([B, H], { seed: 530 });
    const run = (): [Tensor, Tensor] => jvp(grad(f), [s0[hKey]!], [v]);
    const [g, hv] = run();
    const [gPlain, hvPlain] = unfused(run);
    assertAllClose(g, gPlain, TOL.exact);
    assertAllClose(hv, hvPlain, TOL.exact);
  });
});
