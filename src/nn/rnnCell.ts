/**
 * The Elman RNN cell, PyTorch's `torch.nn.RNNCell` plus the sigmoid and identity activations
 * that textbooks use.
 * @module
 */
import { fusionEnabled } from '../autodiff/bind.js';
import * as L from '../autodiff/lax.js';
import { ValueError, describe } from '../errors.js';
import { checkOptions } from '../options.js';
import type { DType } from '../tensor/dtype.js';
import type { Rng } from '../tensor/rng.js';
import type { Tensor } from '../tensor/tensor.js';
import type { Cell } from './cell.js';
import { Module } from './module.js';
import type { WeightHhInit } from './recurrent.js';
import { affine, checkBatch, checkStep, initRecurrent, recurrentParams, recurrentSpecs, resolveCommon, zerosPart } from './recurrent.js';

/** The nonlinearity of an {@link RNNCell}. */
export type RNNActivation = 'tanh' | 'sigmoid' | 'relu' | 'identity';

/** The state of an RNN or GRU cell: the hidden state `h: [B, H]`. */
export type HiddenState = { h: Tensor };

/** Options of {@link RNNCell}. */
export interface RNNCellOptions {
  /** I: features per step input. */
  readonly inputSize: number;
  /** H: hidden units. */
  readonly hiddenSize: number;
  /**
   * The nonlinearity: `'tanh'` and `'relu'` as in PyTorch; `'sigmoid'` (derivative ≤ 1/4, the
   * textbook vanishing-gradient case) and `'identity'` (a linear RNN) for teaching.
   * @defaultValue 'tanh'
   */
  readonly activation?: RNNActivation;
  /**
   * Whether the cell has the biases `b_ih`, `b_hh`.
   * @defaultValue true
   */
  readonly bias?: boolean;
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
   * Another initialisation of W_hh (orthogonal, scaled identity, scaled uniform).
   * @defaultValue PyTorch's uniform
   */
  readonly weightHh?: WeightHhInit;
}

const ACTIVATIONS: Record<RNNActivation, (x: Tensor) => Tensor> = {
  tanh: L.tanh,
  sigmoid: L.sigmoid,
  relu: L.relu,
  identity: (x) => x,
};

/**
 * An Elman RNN cell: `h_t = act(x_t W_ihᵀ + b_ih + h_{t−1} W_hhᵀ + b_hh)`.
 *
 * Parameters (PyTorch's layout): `weightIh [H, I]`, `weightHh [H, H]`, `biasIh [H]`,
 * `biasHh [H]` (state dict `weight_ih`, `weight_hh`, `bias_ih`, `bias_hh`; no biases with
 * `bias: false`). With `'tanh'` or `'relu'` and the same weights it gives the numbers of
 * `torch.nn.RNNCell(nonlinearity=…)`. State `{h}`.
 *
 * @throws ValueError for a missing or non-integer size, an unknown option or activation.
 * @example
 * ```ts
 * const cell = new RNNCell({ inputSize: 2, hiddenSize: 3, activation: 'sigmoid', seed: 0 });
 * const { h } = cell.step(ones([4, 2]), cell.initialState(4)); // h: [4, 3]
 * ```
 */
export class RNNCell extends Module implements Cell<HiddenState> {
  readonly inputSize: number;
  readonly hiddenSize: number;
  readonly stateKeys = ['h'] as const;
  /** The nonlinearity. */
  readonly activation: RNNActivation;
  /** Whether the cell has biases. */
  readonly bias: boolean;

  constructor(options: RNNCellOptions) {
    const op = 'RNNCell';
    checkOptions(op, options, ['inputSize', 'hiddenSize', 'activation', 'bias', 'seed', 'dtype', 'weightHh']);
    const r = resolveCommon(op, options);
    const activation = options.activation ?? 'tanh';
    if (!Object.hasOwn(ACTIVATIONS, activation)) {
      throw new ValueError(`${op}: activation must be 'tanh', 'sigmoid', 'relu' or 'identity'; got ${describe(activation)}`, { op, arg: 'activation' });
    }
    const bias = options.bias ?? true;
    if (typeof bias !== 'boolean') throw new ValueError(`${op}: bias must be a boolean; got ${describe(bias)}`, { op, arg: 'bias' });
    const specs = recurrentSpecs(1, r.I, r.H, bias);
    super(op, r.dtype, specs, initRecurrent(op, specs, r, options.weightHh));
    this.inputSize = r.I;
    this.hiddenSize = r.H;
    this.activation = activation;
    this.bias = bias;
  }

  /** W_ih `[H, I]`. */
  get weightIh(): Tensor {
    return this.param('weightIh');
  }
  /** W_hh `[H, H]`. */
  get weightHh(): Tensor {
    return this.param('weightHh');
  }
  /** b_ih `[H]` (undefined with `bias: false`). */
  get biasIh(): Tensor | undefined {
    return this.parameters().biasIh;
  }
  /** b_hh `[H]` (undefined with `bias: false`). */
  get biasHh(): Tensor | undefined {
    return this.parameters().biasHh;
  }

  /**
   * The zero state `{h: [batch, H]}`.
   * @throws ValueError when batch is not a positive integer.
   */
  initialState(batch: number): HiddenState {
    return { h: zerosPart(this.weightIh, checkBatch('RNNCell.initialState', batch), this.hiddenSize) };
  }

  /**
   * One step: `h_t = act(x_t W_ihᵀ + b_ih + h_{t−1} W_hhᵀ + b_hh)`.
   * @param x - `[B, I]`.
   * @param state - `{h: [B, H]}`.
   * @returns `{h: [B, H]}`.
   * @throws ShapeError when x is not `[B, I]` or h not `[B, H]`; DTypeError when a dtype differs from the cell's.
   */
  step(x: Tensor, state: HiddenState): HiddenState {
    checkStep('RNNCell.step', this, x, state);
    const p = recurrentParams(this.parameters());
    // one fused primitive per step (see autodiff/primitives/cells.ts); op by op inside unfused()
    if (fusionEnabled()) return { h: L.rnnStep(x, state.h, p.weightIh, p.weightHh, p.biasIh, p.biasHh, this.activation) };
    const pre = L.add(affine(x, p.weightIh, p.biasIh), affine(state.h, p.weightHh, p.biasHh));
    return { h: ACTIVATIONS[this.activation](pre) };
  }

  /** The hidden output: `state.h`. */
  output(state: HiddenState): Tensor {
    return state.h;
  }
}
