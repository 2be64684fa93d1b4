/**
 * The affine layer `y = x Wᵀ + b`, PyTorch's `torch.nn.Linear`, used as a readout head.
 * @module
 */
import * as L from '../autodiff/lax.js';
import { DTypeError, ShapeError, ValueError, describe } from '../errors.js';
import { checkElements, intArg } from '../ops/validate.js';
import { checkOptions } from '../options.js';
import { isTensor } from '../tensor/brand.js';
import type { DType } from '../tensor/dtype.js';
import { checkDType } from '../tensor/dtype.js';
import type { Rng } from '../tensor/rng.js';
import type { Tensor } from '../tensor/tensor.js';
import { toRng, uniformInit } from './init.js';
import type { ParamSpec } from './module.js';
import { Module } from './module.js';

/** Options of {@link Linear}. */
export interface LinearOptions {
  /** Features per input row. */
  readonly inFeatures: number;
  /** Features per output row. */
  readonly outFeatures: number;
  /**
   * Whether the layer adds a bias `b`.
   * @defaultValue true
   */
  readonly bias?: boolean;
  /**
   * Seed (or generator) of the initialisation U(−1/√in, 1/√in), weight first, then bias.
   * @defaultValue 0
   */
  readonly seed?: number | Rng;
  /**
   * Element type of the weights.
   * @defaultValue 'float64'
   */
  readonly dtype?: DType;
}

/**
 * A fully connected layer: `y = x Wᵀ + b` on the last axis.
 *
 * Parameters `weight [out, in]` and `bias [out]` (state dict `weight`, `bias`), initialised
 * U(−1/√in, 1/√in) like PyTorch's (its kaiming-uniform default with a = √5 has that bound).
 *
 * @throws ValueError for a missing or non-integer size or an unknown option.
 * @example
 * ```ts
 * const head = new Linear({ inFeatures: 8, outFeatures: 1, seed: 0 });
 * head.forward(zeros([4, 8])).shape; // [4, 1]
 * ```
 */
export class Linear extends Module {
  /** Features per input row. */
  readonly inFeatures: number;
  /** Features per output row. */
  readonly outFeatures: number;
  /** Whether the layer has a bias. */
  readonly hasBias: boolean;

  constructor(options: LinearOptions) {
    const op = 'Linear';
    checkOptions(op, options, ['inFeatures', 'outFeatures', 'bias', 'seed', 'dtype']);
    if (typeof options !== 'object' || options === null) throw new ValueError(`${op}: expects an options object with inFeatures and outFeatures; got ${describe(options)}`, { op, arg: 'options' });
    const nIn = intArg(op, options.inFeatures, 'inFeatures', 1);
    const nOut = intArg(op, options.outFeatures, 'outFeatures', 1);
    checkElements(op, nIn * nOut, 'the weight');
    const bias = options.bias ?? true;
    if (typeof bias !== 'boolean') throw new ValueError(`${op}: bias must be a boolean; got ${describe(bias)}`, { op, arg: 'bias' });
    const dtype = checkDType(op, options.dtype);
    const gen = toRng(op, options.seed ?? 0);
    const specs: ParamSpec[] = [{ name: 'weight', torchName: 'weight', shape: [nOut, nIn] }];
    if (bias) specs.push({ name: 'bias', torchName: 'bias', shape: [nOut] });
    const p: Record<string, Tensor> = {};
    for (const s of specs) p[s.name] = uniformInit(s.shape, 1 / Math.sqrt(nIn), { seed: gen, dtype });
    super(op, dtype, specs, p);
    this.inFeatures = nIn;
    this.outFeatures = nOut;
    this.hasBias = bias;
  }

  /** W `[out, in]`. */
  get weight(): Tensor {
    return this.param('weight');
  }
  /** b `[out]` (undefined with `bias: false`). */
  get bias(): Tensor | undefined {
    return this.parameters().bias;
  }

  /**
   * `y = x Wᵀ + b`.
   * @param x - `[..., in]` (rank ≥ 1), e.g. `[B, in]` or `[T, B, in]`.
   * @returns `[..., out]`.
   * @throws ShapeError when the last axis is not `in`; DTypeError when x's dtype differs.
   */
  forward(x: Tensor): Tensor {
    const op = 'Linear.forward';
    if (!isTensor(x) || x.rank < 1 || x.shape[x.rank - 1] !== this.inFeatures) {
      throw new ShapeError(`${op}: x must be [..., in] with in = ${this.inFeatures}; got ${describe(x)}`, { op, arg: 'x' });
    }
    if (x.dtype !== this.dtype) throw new DTypeError(`${op}: x must be ${this.dtype} like the weights (cast with astype); got ${x.dtype}`, { op, arg: 'x' });
    const lead = x.shape.slice(0, -1);
    const rows = lead.reduce((a, d) => a * d, 1);
    const x2 = L.reshape(x, [rows, this.inFeatures]);
    const y = L.matmul(x2, this.weight, false, true);
    const b = this.parameters().bias;
    return L.reshape(b === undefined ? y : L.add(y, b), [...lead, this.outFeatures]);
  }
}
