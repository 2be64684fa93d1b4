/**
 * The built-in cells' steps against hand formulas (plain arrays read from the state dict),
 * fused and inside unfused(), with the tape showing which path ran; the 1997 LSTM without a
 * forget gate; the parameter getters; and the checks of recurrent.ts (options, weightHh, a
 * step's x and state, initialState's batch) and cell.ts (unroll's cell, inputs and initial
 * state), each with its class, message, op and arg.
 */
import { describe, it, expect } from 'vitest';
import { unfused } from '../../src/autodiff/bind.js';
import { GradientTape } from '../../src/autodiff/tape.js';
import { DTypeError, ShapeError, ValueError } from '../../src/errors.js';
import { unroll } from '../../src/nn/cell.js';
import { GRUCell } from '../../src/nn/gruCell.js';
import { LSTMCell } from '../../src/nn/lstmCell.js';
import { RNNCell } from '../../src/nn/rnnCell.js';
import type { RNNActivation } from '../../src/nn/rnnCell.js';
import { tensor, zeros } from '../../src/tensor/creation.js';
import type { Tensor } from '../../src/tensor/tensor.js';
import { TOL } from '../helpers/tolerances.js';
import { expectError } from '../helpers/expectError.js';

type Mat = number[][];
const sig = (v: number): number => 1 / (1 + Math.exp(-v));
/** Rows lo … lo + n − 1 of W times v, plus the same entries of b (when given). */
function aff(w: Mat, v: readonly number[], b: readonly number[] | undefined, lo: number, n: number): number[] {
  return Array.from({ length: n }, (_, j) => w[lo + j]!.reduce((s, wk, k) => s + wk * v[k]!, 0) + (b ? b[lo + j]! : 0));
}
const x = [0.7, -1.3];
const h0 = [0.4, -0.2, 0.9];
const c0 = [-0.5, 0.3, 0.8];
const H = 3;

function expectRow(t: Tensor, ref: readonly number[]): void {
  expect(t.shape).toEqual([1, ref.length]);
  ref.forEach((r, j) => expect(Math.abs(t.data[j]! - r)).toBeLessThanOrEqual(TOL.exact.atol));
}

/** The step's output in both modes, and the primitive names each recorded. */
function bothModes<S>(step: () => S): { fused: S; plain: S; fusedOps: string[]; plainOps: string[] } {
  const t1 = new GradientTape();
  const fused = t1.record(step);
  const t2 = new GradientTape();
  const plain = unfused(() => t2.record(step));
  return { fused, plain, fusedOps: t1.records.map((r) => r.op), plainOps: t2.records.map((r) => r.op) };
}

describe('RNNCell step', () => {
  const acts: Record<RNNActivation, (v: number) => number> = { tanh: Math.tanh, sigmoid: sig, relu: (v) => Math.max(v, 0), identity: (v) => v };
  it.each([
    ['tanh', true],
    ['relu', true],
    ['identity', false],
    ['sigmoid', false],
  ] as const)('%s (bias %s) is act(W_ih x + b_ih + W_hh h + b_hh), one rnnStep fused and op by op unfused', (activation, bias) => {
    const cell = new RNNCell({ inputSize: 2, hiddenSize: H, activation, bias, seed: 3 });
    const d = cell.stateDict() as Record<string, Mat & number[]>;
    const gi = aff(d.weight_ih!, x, bias ? (d.bias_ih as number[]) : undefined, 0, H);
    const gh = aff(d.weight_hh!, h0, bias ? (d.bias_hh as number[]) : undefined, 0, H);
    const ref = gi.map((v, j) => acts[activation](v + gh[j]!));
    const r = bothModes(() => cell.step(tensor([x]), { h: tensor([h0]) }));
    expectRow(r.fused.h, ref);
    expectRow(r.plain.h, ref);
    expect(r.fusedOps).toContain('rnnStep');
    expect(r.plainOps).not.toContain('rnnStep');
  });
});

describe('GRUCell step', () => {
  it('is h = (1 − z)·n + z·h₀ with PyTorch\'s r, z, n in both modes; the getters are the parameters', () => {
    const cell = new GRUCell({ inputSize: 2, hiddenSize: H, seed: 4 });
    const d = cell.stateDict() as Record<string, Mat & number[]>;
    const bi = d.bias_ih as number[];
    const bh = d.bias_hh as number[];
    const g = (k: number): [number[], number[]] => [aff(d.weight_ih!, x, bi, k * H, H), aff(d.weight_hh!, h0, bh, k * H, H)];
    const [ir, hr] = g(0);
    const [iz, hz] = g(1);
    const [inn, hn] = g(2);
    const ref = ir.map((_, j) => {
      const r = sig(ir[j]! + hr[j]!);
      const z = sig(iz[j]! + hz[j]!);
      const n = Math.tanh(inn[j]! + r * hn[j]!);
      return (1 - z) * n + z * h0[j]!;
    });
    const r = bothModes(() => cell.step(tensor([x]), { h: tensor([h0]) }));
    expectRow(r.fused.h, ref);
    expectRow(r.plain.h, ref);
    expect(r.fusedOps).toContain('gruStep');
    expect(r.plainOps).not.toContain('gruStep');
    const p = cell.parameters();
    expect(cell.weightIh).toBe(p.weightIh);
    expect(cell.weightHh).toBe(p.weightHh);
    expect(cell.biasIh).toBe(p.biasIh);
    expect(cell.biasHh).toBe(p.biasHh);
  });
});

describe('LSTMCell step', () => {
  it.each([true, false])('with forgetGate %s is c = f·c₀ + i·g (f = 1 without the gate), h = o·tanh(c), in both modes', (forgetGate) => {
    const cell = new LSTMCell({ inputSize: 2, hiddenSize: H, forgetGate, seed: 5 });
    const d = cell.stateDict() as Record<string, Mat & number[]>;
    const pre = (k: number): number[] => {
      const a = aff(d.weight_ih!, x, d.bias_ih as number[], k * H, H);
      const b = aff(d.weight_hh!, h0, d.bias_hh as number[], k * H, H);
      return a.map((v, j) => v + b[j]!);
    };
    const blocks = forgetGate ? { i: 0, f: 1, g: 2, o: 3 } : { i: 0, f: -1, g: 1, o: 2 };
    const i = pre(blocks.i).map(sig);
    const f = blocks.f < 0 ? [1, 1, 1] : pre(blocks.f).map(sig);
    const g = pre(blocks.g).map(Math.tanh);
    const o = pre(blocks.o).map(sig);
    const c = c0.map((cv, j) => f[j]! * cv + i[j]! * g[j]!);
    const h = c.map((cv, j) => o[j]! * Math.tanh(cv));
    const state = { h: tensor([h0]), c: tensor([c0]) };
    const r = bothModes(() => cell.step(tensor([x]), state));
    for (const s of [r.fused, r.plain]) {
      expectRow(s.c, c);
      expectRow(s.h, h);
    }
    expect(r.fusedOps).toContain('lstmStep');
    expect(r.plainOps).not.toContain('lstmStep');
    expectRow(cell.forgetGateValues(tensor([x]), state), f);
  });
});

describe('recurrent.ts checks', () => {
  it('rejects a missing options record, a bad size and oversized weights, naming the cell', () => {
    expectError(() => new GRUCell(undefined as never), ValueError, /^GRUCell: expects an options object with inputSize and hiddenSize; got undefined$/, { op: 'GRUCell', arg: 'options' });
    expectError(() => new GRUCell({ inputSize: 0, hiddenSize: 1 }), ValueError, /^GRUCell: inputSize must be an integer ≥ 1; got 0$/, { op: 'GRUCell', arg: 'inputSize' });
    expectError(() => new GRUCell({ inputSize: 1, hiddenSize: 2 ** 15 }), ValueError, /^GRUCell: the weights would need 4294967296 elements/, { op: 'GRUCell' });
  });

  it('rejects a weightHh that is not a record, an unknown key, a non-finite gain and an unknown init', () => {
    const make = (w: unknown) => () => new RNNCell({ inputSize: 1, hiddenSize: 2, weightHh: w as never });
    const op = 'RNNCell';
    for (const [bad, got] of [[3, '3'], [null, 'null'], ['identity', '"identity"']] as const) {
      expectError(make(bad), ValueError, new RegExp(`^RNNCell: weightHh must be \\{init: 'uniform' \\| 'orthogonal' \\| 'identity', gain\\?\\}; got ${got}$`), { op, arg: 'weightHh' });
    }
    expectError(make({ init: 'identity', scale: 2 }), ValueError, /^RNNCell: unknown option 'weightHh.scale'; expected 'init', 'gain'$/, { op, arg: 'weightHh.scale' });
    expectError(make({ init: 'identity', gain: NaN }), ValueError, /^RNNCell: weightHh.gain must be a finite number; got NaN$/, { op, arg: 'weightHh.gain' });
    expectError(make({ init: 'zeros' }), ValueError, /^RNNCell: weightHh.init must be 'uniform', 'orthogonal' or 'identity'; got "zeros"$/, { op, arg: 'weightHh.init' });
  });

  it('checks a step\'s x (shape, with its shape when a tensor) and the dtypes of x and the state', () => {
    const cell = new LSTMCell({ inputSize: 2, hiddenSize: 2 });
    const s = cell.initialState(1);
    const op = 'LSTMCell.step';
    expectError(() => cell.step(3 as never, s), ShapeError, /^LSTMCell.step: x must be \[B, I\] with I = 2; got 3$/, { op, arg: 'x', shapes: undefined });
    expectError(() => cell.step(zeros([1, 2, 2]), s), ShapeError, /^LSTMCell.step: x must be \[B, I\] with I = 2; got a float64 tensor of shape \[1, 2, 2\]$/, { op, arg: 'x', shapes: [[1, 2, 2]] });
    expectError(() => cell.step(zeros([1, 3]), s), ShapeError, /^LSTMCell.step: x must be \[B, I\] with I = 2; got a float64 tensor of shape \[1, 3\]$/, { op, arg: 'x', shapes: [[1, 3]] });
    expectError(() => cell.step(zeros([1, 2], { dtype: 'float32' }), s), DTypeError, /^LSTMCell.step: x must be float64 like the cell's weights \(cast with astype\); got float32$/, { op, arg: 'x' });
    expectError(() => cell.step(zeros([1, 2]), { ...s, c: zeros([1, 2], { dtype: 'float32' }) }), DTypeError, /^LSTMCell.step: state.c must be float64 like the cell's weights \(cast with astype\); got float32$/, {
      op,
      arg: 'state.c',
    });
  });

  it('refuses an initial state too large to allocate', () => {
    expectError(() => new RNNCell({ inputSize: 1, hiddenSize: 1 }).initialState(2 ** 31 + 1), ValueError, /^RNNCell.initialState: a state of batch 2147483649 would need 2147483649 elements/, { op: 'RNNCell.initialState' });
  });

  it('RNNCell exposes its parameters through the getters (undefined biases without bias)', () => {
    const cell = new RNNCell({ inputSize: 1, hiddenSize: 2 });
    const p = cell.parameters();
    expect(cell.weightHh).toBe(p.weightHh);
    expect(cell.biasIh).toBe(p.biasIh);
    expect(cell.biasHh).toBe(p.biasHh);
    const plain = new RNNCell({ inputSize: 1, hiddenSize: 2, bias: false });
    expect([plain.biasIh, plain.biasHh]).toEqual([undefined, undefined]);
  });

  it('rejects a non-boolean bias, an unknown activation and a bad forgetGate or forgetBias', () => {
    expectError(() => new RNNCell({ inputSize: 1, hiddenSize: 1, bias: 0 as never }), ValueError, /^RNNCell: bias must be a boolean; got 0$/, { op: 'RNNCell', arg: 'bias' });
    expectError(() => new RNNCell({ inputSize: 1, hiddenSize: 1, activation: 'gelu' as never }), ValueError, /^RNNCell: activation must be 'tanh', 'sigmoid', 'relu' or 'identity'; got "gelu"$/, { op: 'RNNCell', arg: 'activation' });
    const op = 'LSTMCell';
    expectError(() => new LSTMCell({ inputSize: 1, hiddenSize: 1, forgetGate: 1 as never }), ValueError, /^LSTMCell: forgetGate must be a boolean; got 1$/, { op, arg: 'forgetGate' });
    for (const [bad, got] of [[NaN, 'NaN'], ['1', '"1"']] as const) {
      expectError(() => new LSTMCell({ inputSize: 1, hiddenSize: 1, forgetBias: bad as number }), ValueError, new RegExp(`^LSTMCell: forgetBias must be a finite number; got ${got}$`), { op, arg: 'forgetBias' });
    }
    expectError(() => new LSTMCell({ inputSize: 1, hiddenSize: 1, forgetBias: 1, forgetGate: false }), ValueError, /^LSTMCell: forgetBias needs a forget gate; got forgetBias 1 with forgetGate false$/, { op, arg: 'forgetBias' });
  });
});

describe('unroll checks (cell.ts)', () => {
  const cell = new RNNCell({ inputSize: 1, hiddenSize: 2 });
  const op = 'unroll';

  it('rejects an object missing initialState, output or parameters as a cell', () => {
    for (const k of ['initialState', 'output', 'parameters', 'step']) {
      const bad = { inputSize: 1, hiddenSize: 2, stateKeys: ['h'], initialState: () => ({}), step: () => ({}), output: () => zeros([1, 2]), parameters: () => ({}), [k]: undefined };
      expectError(() => unroll(bad as never, zeros([1, 1, 1])), ValueError, /^unroll: cell must implement Cell \(inputSize, hiddenSize, stateKeys, initialState, step, output, parameters\); got an object$/, { op, arg: 'cell' });
    }
  });

  it('rejects inputs that are not a tensor [T, B, I] with the cell\'s I, carrying their shape', () => {
    expectError(() => unroll(cell, 3 as never), ValueError, /^unroll: inputs must be a tensor \[T, B, I\]; got 3$/, { op, arg: 'inputs' });
    for (const shape of [[2, 1, 3], [2, 1], [2, 1, 1, 1]]) {
      expectError(() => unroll(cell, zeros(shape)), ShapeError, new RegExp(`^unroll: inputs must be \\[T, B, I\\] with I = 1; got \\[${shape.join(', ')}\\]$`), { op, arg: 'inputs', shapes: [shape] });
    }
  });

  it('rejects an initial state that is not a record, has an unknown key or a part of the wrong shape', () => {
    const x = zeros([1, 1, 1]);
    expectError(() => unroll(cell, x, null as never), ValueError, /^unroll: initialState must be a record with keys h; got null$/, { op, arg: 'initialState' });
    expectError(() => unroll(cell, x, { h: zeros([1, 2]), c: zeros([1, 2]) } as never), ValueError, /^unroll: initialState has unknown key 'c'; expected keys h$/, { op, arg: 'initialState' });
    expectError(() => unroll(cell, x, { h: zeros([2, 2]) }), ShapeError, /^unroll: initialState.h must be \[B, H\] = \[1, 2\]; got a float64 tensor of shape \[2, 2\]$/, { op, arg: 'initialState.h' });
    expectError(() => unroll(cell, x, { h: zeros([1, 2, 1]) }), ShapeError, /^unroll: initialState.h must be \[B, H\] = \[1, 2\]; got a float64 tensor of shape \[1, 2, 1\]$/, { op, arg: 'initialState.h' });
  });

  it('lists every state key of a two-part state in its messages', () => {
    const lstm = new LSTMCell({ inputSize: 1, hiddenSize: 2 });
    const x = zeros([1, 1, 1]);
    expectError(() => unroll(lstm, x, 3 as never), ValueError, /^unroll: initialState must be a record with keys h, c; got 3$/, { op, arg: 'initialState' });
    expectError(() => unroll(lstm, x, { ...lstm.initialState(1), m: zeros([1, 2]) } as never), ValueError, /^unroll: initialState has unknown key 'm'; expected keys h, c$/, { op, arg: 'initialState' });
  });
});
