/**
 * The LSTM cell, PyTorch's `torch.nn.LSTMCell`, and the original 1997 LSTM without a forget
 * gate whose cell path is exactly the identity (the "constant error carousel").
 * @module
 */
import { fusionEnabled, withLabel } from '../autodiff/bind.js';
import * as L from '../autodiff/lax.js';
import { ValueError, describe } from '../errors.js';
import { checkOptions } from '../options.js';
import { like } from '../tensor/construct.js';
import type { DType } from '../tensor/dtype.js';
import type { Rng } from '../tensor/rng.js';
import type { Tensor } from '../tensor/tensor.js';
import type { Cell } from './cell.js';
import { Module } from './module.js';
import type { WeightHhInit } from './recurrent.js';
import { affine, checkBatch, checkStep, gate, initRecurrent, recurrentParams, recurrentSpecs, resolveCommon, zerosPart } from './recurrent.js';

/** The state of an LSTM cell: hidden state `h` and cell state `c`, each `[B, H]`. */
export type LSTMState = { h: Tensor; c: Tensor };

/** Options of {@link LSTMCell}. */
export interface LSTMCellOptions {
  /** I: features per step input. */
  readonly inputSize: number;
  /** H: hidden units. */
  readonly hiddenSize: number;
  /**
   * When given, the forget gate's total bias: its slice of `bias_ih` is set to this value and
   * its slice of `bias_hh` to 0 (Gers et al. 2000 and Jozefowicz et al. 2015 suggest 1).
   * Not allowed with `forgetGate: false`.
   * @defaultValue the default uniform draw
   */
  readonly forgetBias?: number;
  /**
   * `false` gives the original LSTM (Hochreiter & Schmidhuber 1997): gates i, g, o only and
   * `c_t = c_{t−1} + i⊙g`. Its state dict has 3H rows and no PyTorch counterpart.
   * @defaultValue true
   */
  readonly forgetGate?: boolean;
  /**
   * Seed (or generator) of the default initialisation U(−1/√H, 1/√H), drawn in the order
   * weight_ih, weight_hh, bias_ih, bias_hh.
   * @defaultValue 0
   */
  readonly seed?: number | Rng;
  /**
   * Element type of the weights (inputs and states must match).
   * @defaultValue 'float64'
   */
  readonly dtype?: DType;
  /**
   * Another initialisation of W_hh, applied to each gate's `[H, H]` block.
   * @defaultValue PyTorch's uniform
   */
  readonly weightHh?: WeightHhInit;
}

/**
 * A long short-term memory cell with PyTorch's layout and gate order i, f, g, o:
 * ```
 * [i f g o] = x W_ihᵀ + b_ih + h W_hhᵀ + b_hh          (each gate [B, H])
 * i, f, o = σ(·);  g = tanh(·)
 * c_t = f ⊙ c_{t−1} + i ⊙ g;   h_t = o ⊙ tanh(c_t)
 * ```
 * With `forgetGate: false` the gates are i, g, o and `c_t = c_{t−1} + i ⊙ g`, so
 * ∂c_t/∂c_{t−1} = I exactly. Parameters `weightIh [G·H, I]`, `weightHh [G·H, H]`,
 * `biasIh [G·H]`, `biasHh [G·H]` with G = 4 (3 without forget gate); same weights, same numbers
 * as `torch.nn.LSTMCell`. State `{h, c}`; the output is h.
 *
 * @throws ValueError for a bad size, an unknown option, or `forgetBias` with `forgetGate: false`.
 * @example
 * ```ts
 * const cell = new LSTMCell({ inputSize: 1, hiddenSize: 8, forgetBias: 1, seed: 0 });
 * const { outputs } = unroll(cell, randn([20, 4, 1], { seed: 1 })); // 20 × [4, 8]
 * ```
 */
export class LSTMCell extends Module implements Cell<LSTMState> {
  readonly inputSize: number;
  readonly hiddenSize: number;
  readonly stateKeys = ['h', 'c'] as const;
  /** Whether the cell has a forget gate (false: the 1997 LSTM). */
  readonly forgetGate: boolean;

  constructor(options: LSTMCellOptions) {
    const op = 'LSTMCell';
    checkOptions(op, options, ['inputSize', 'hiddenSize', 'forgetBias', 'forgetGate', 'seed', 'dtype', 'weightHh']);
    const r = resolveCommon(op, options);
    const forgetGate = options.forgetGate ?? true;
    if (typeof forgetGate !== 'boolean') throw new ValueError(`${op}: forgetGate must be a boolean; got ${describe(forgetGate)}`, { op, arg: 'forgetGate' });
    const fb = options.forgetBias;
    if (fb !== undefined && (typeof fb !== 'number' || !Number.isFinite(fb))) {
      throw new ValueError(`${op}: forgetBias must be a finite number; got ${describe(fb)}`, { op, arg: 'forgetBias' });
    }
    if (fb !== undefined && !forgetGate) {
      throw new ValueError(`${op}: forgetBias needs a forget gate; got forgetBias ${fb} with forgetGate false`, { op, arg: 'forgetBias' });
    }
    // Gate blocks, in rows of weight_ih / weight_hh / the biases: i, f, g, o (PyTorch's order),
    // or i, g, o without a forget gate.
    const specs = recurrentSpecs(forgetGate ? 4 : 3, r.I, r.H);
    const p = initRecurrent(op, specs, r, options.weightHh);
    if (fb !== undefined) {
      p.biasIh = withBlock(p.biasIh!, 1, r.H, fb);
      p.biasHh = withBlock(p.biasHh!, 1, r.H, 0);
    }
    super(op, r.dtype, specs, p);
    this.inputSize = r.I;
    this.hiddenSize = r.H;
    this.forgetGate = forgetGate;
  }

  /** W_ih `[G·H, I]`, gate blocks i, f, g, o. */
  get weightIh(): Tensor {
    return this.param('weightIh');
  }
  /** W_hh `[G·H, H]`, gate blocks i, f, g, o. */
  get weightHh(): Tensor {
    return this.param('weightHh');
  }
  /** b_ih `[G·H]`. */
  get biasIh(): Tensor {
    return this.param('biasIh');
  }
  /** b_hh `[G·H]`. */
  get biasHh(): Tensor {
    return this.param('biasHh');
  }

  /**
   * The zero state `{h, c}`, each `[batch, H]`.
   * @throws ValueError when batch is not a positive integer.
   */
  initialState(batch: number): LSTMState {
    const B = checkBatch('LSTMCell.initialState', batch);
    return { h: zerosPart(this.weightIh, B, this.hiddenSize), c: zerosPart(this.weightIh, B, this.hiddenSize) };
  }

  /**
   * One step (see the class formula): one fused primitive; inside `unfused()`, op by op with each
   * gate's primitives labelled (`input gate`, …).
   * @param x - `[B, I]`.
   * @param state - `{h: [B, H], c: [B, H]}`.
   * @returns `{h: [B, H], c: [B, H]}`.
   * @throws ShapeError when x is not `[B, I]` or a state part not `[B, H]`; DTypeError when a dtype differs from the cell's.
   */
  step(x: Tensor, state: LSTMState): LSTMState {
    checkStep('LSTMCell.step', this, x, state);
    const H = this.hiddenSize;
    const p = recurrentParams(this.parameters());
    if (fusionEnabled()) {
      // fused: one primitive for the gates and c (packed [c, gates…]), one for h = o⊙tanh(c)
      const gates = L.lstmStep(x, state.h, state.c, p.weightIh, p.weightHh, p.biasIh!, p.biasHh!, this.forgetGate);
      const c = L.part(gates, 0);
      return { h: L.lstmHidden(gates, c), c };
    }
    const pre = L.add(affine(x, p.weightIh, p.biasIh), affine(state.h, p.weightHh, p.biasHh));
    const k = this.forgetGate ? 1 : 0;
    const i = withLabel('input gate', () => L.sigmoid(gate(pre, 0, H)));
    const f = this.forgetGate ? withLabel('forget gate', () => L.sigmoid(gate(pre, 1, H))) : undefined;
    const g = withLabel('cell gate', () => L.tanh(gate(pre, 1 + k, H)));
    const o = withLabel('output gate', () => L.sigmoid(gate(pre, 2 + k, H)));
    const c = withLabel('cell state', () => L.add(f === undefined ? state.c : L.mul(f, state.c), L.mul(i, g)));
    const h = withLabel('hidden state', () => L.mul(o, L.tanh(c)));
    return { h, c };
  }

  /** The hidden output: `state.h`. */
  output(state: LSTMState): Tensor {
    return state.h;
  }

  /**
   * The forget gate f_t `[B, H]` the step from `state` would use: the diagonal of the pure cell
   * path ∂c_t/∂c_{t−1} = diag(f_t) + …; all ones for the 1997 LSTM (`forgetGate: false`), whose
   * cell path is exactly the identity. `GradientTrace.forgetGatePath` multiplies these.
   * @param x - `[B, I]`.
   * @param state - `{h: [B, H], c: [B, H]}`.
   * @returns `[B, H]`, values in (0, 1).
   * @example
   * ```ts
   * const cell = new LSTMCell({ inputSize: 1, hiddenSize: 2, forgetBias: 5, seed: 0 });
   * cell.forgetGateValues(zeros([1, 1]), cell.initialState(1)); // ≈ σ(5) ≈ 0.993 everywhere
   * ```
   */
  forgetGateValues(x: Tensor, state: LSTMState): Tensor {
    const B = checkStep('LSTMCell.forgetGateValues', this, x, state);
    if (!this.forgetGate) return L.filledLike(state.c, 1, [B, this.hiddenSize]);
    const p = recurrentParams(this.parameters());
    const pre = L.add(affine(x, p.weightIh, p.biasIh), affine(state.h, p.weightHh, p.biasHh));
    return L.sigmoid(gate(pre, 1, this.hiddenSize));
  }
}

/** A copy of vector `v` with gate block `k` (entries k·H … (k+1)·H − 1) set to `value`. */
function withBlock(v: Tensor, k: number, H: number, value: number): Tensor {
  const d = v.toTypedArray();
  d.fill(value, k * H, (k + 1) * H);
  return like(v, d, v.shape);
}
