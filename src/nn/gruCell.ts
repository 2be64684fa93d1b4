/**
 * The GRU cell, PyTorch's `torch.nn.GRUCell`.
 * @module
 */
import { fusionEnabled, withLabel } from '../autodiff/bind.js';
import * as L from '../autodiff/lax.js';
import { checkOptions } from '../options.js';
import type { DType } from '../tensor/dtype.js';
import type { Rng } from '../tensor/rng.js';
import type { Tensor } from '../tensor/tensor.js';
import type { Cell } from './cell.js';
import { Module } from './module.js';
import type { WeightHhInit } from './recurrent.js';
import { affine, checkBatch, checkStep, gate, initRecurrent, recurrentParams, recurrentSpecs, resolveCommon, zerosPart } from './recurrent.js';
import type { HiddenState } from './rnnCell.js';

/** Options of {@link GRUCell}. */
export interface GRUCellOptions {
  /** I: features per step input. */
  readonly inputSize: number;
  /** H: hidden units. */
  readonly hiddenSize: number;
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
 * A gated recurrent unit with PyTorch's layout and gate order r, z, n:
 * ```
 * r = σ(x W_irᵀ + b_ir + h W_hrᵀ + b_hr)
 * z = σ(x W_izᵀ + b_iz + h W_hzᵀ + b_hz)
 * n = tanh(x W_inᵀ + b_in + r ⊙ (h W_hnᵀ + b_hn))
 * h_t = (1 − z) ⊙ n + z ⊙ h_{t−1}
 * ```
 * Parameters `weightIh [3H, I]`, `weightHh [3H, H]`, `biasIh [3H]`, `biasHh [3H]`; same
 * weights, same numbers as `torch.nn.GRUCell`. State `{h}`.
 *
 * @throws ValueError for a bad size or an unknown option.
 * @example
 * ```ts
 * const cell = new GRUCell({ inputSize: 2, hiddenSize: 4, seed: 0 });
 * const { h } = cell.step(ones([3, 2]), cell.initialState(3)); // h: [3, 4]
 * ```
 */
export class GRUCell extends Module implements Cell<HiddenState> {
  readonly inputSize: number;
  readonly hiddenSize: number;
  readonly stateKeys = ['h'] as const;

  constructor(options: GRUCellOptions) {
    const op = 'GRUCell';
    checkOptions(op, options, ['inputSize', 'hiddenSize', 'seed', 'dtype', 'weightHh']);
    const r = resolveCommon(op, options);
    // Gate blocks, in rows of weight_ih / weight_hh / the biases: r, z, n (PyTorch's order).
    const specs = recurrentSpecs(3, r.I, r.H);
    super(op, r.dtype, specs, initRecurrent(op, specs, r, options.weightHh));
    this.inputSize = r.I;
    this.hiddenSize = r.H;
  }

  /** W_ih `[3H, I]`, gate blocks r, z, n. */
  get weightIh(): Tensor {
    return this.param('weightIh');
  }
  /** W_hh `[3H, H]`, gate blocks r, z, n. */
  get weightHh(): Tensor {
    return this.param('weightHh');
  }
  /** b_ih `[3H]`. */
  get biasIh(): Tensor {
    return this.param('biasIh');
  }
  /** b_hh `[3H]`. */
  get biasHh(): Tensor {
    return this.param('biasHh');
  }

  /**
   * The zero state `{h: [batch, H]}`.
   * @throws ValueError when batch is not a positive integer.
   */
  initialState(batch: number): HiddenState {
    return { h: zerosPart(this.weightIh, checkBatch('GRUCell.initialState', batch), this.hiddenSize) };
  }

  /**
   * One step (see the class formula); computed as `h_t = n + z ⊙ (h_{t−1} − n)`.
   * @param x - `[B, I]`.
   * @param state - `{h: [B, H]}`.
   * @returns `{h: [B, H]}`.
   * @throws ShapeError when x is not `[B, I]` or h not `[B, H]`; DTypeError when a dtype differs from the cell's.
   */
  step(x: Tensor, state: HiddenState): HiddenState {
    checkStep('GRUCell.step', this, x, state);
    const H = this.hiddenSize;
    const p = recurrentParams(this.parameters());
    // one fused primitive per step, packed [h, r, z, n, gh_n]; op by op (labelled) inside unfused()
    if (fusionEnabled()) return { h: L.part(L.gruStep(x, state.h, p.weightIh, p.weightHh, p.biasIh!, p.biasHh!), 0) };
    const gi = affine(x, p.weightIh, p.biasIh);
    const gh = affine(state.h, p.weightHh, p.biasHh);
    const r = withLabel('reset gate', () => L.sigmoid(L.add(gate(gi, 0, H), gate(gh, 0, H))));
    const z = withLabel('update gate', () => L.sigmoid(L.add(gate(gi, 1, H), gate(gh, 1, H))));
    const n = withLabel('new gate', () => L.tanh(L.add(gate(gi, 2, H), L.mul(r, gate(gh, 2, H)))));
    const h = withLabel('hidden state', () => L.add(n, L.mul(z, L.sub(state.h, n))));
    return { h };
  }

  /** The hidden output: `state.h`. */
  output(state: HiddenState): Tensor {
    return state.h;
  }
}
