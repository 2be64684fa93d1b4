/**
 * What the built-in recurrent cells share: option checks, PyTorch's default initialisation
 * with the optional W_hh initialiser, the checks at the start of a step, and the two
 * matmuls that compute every gate's pre-activation at once.
 * @module
 */
import * as L from '../autodiff/lax.js';
import { DTypeError, ShapeError, ValueError, describe } from '../errors.js';
import { checkElements, intArg } from '../ops/validate.js';
import { concat } from '../ops/layout.js';
import { isTensor } from '../tensor/brand.js';
import type { DType } from '../tensor/dtype.js';
import { checkDType } from '../tensor/dtype.js';
import type { Rng } from '../tensor/rng.js';
import type { Tensor } from '../tensor/tensor.js';
import type { Cell, Params, State } from './cell.js';
import { checkState } from './cell.js';
import { identityInit, orthogonalInit, toRng, uniformInit } from './init.js';
import type { ParamSpec } from './module.js';

/** How to initialise the recurrent weight W_hh, block by block (one `[H, H]` block per gate). */
export interface WeightHhInit {
  /**
   * `'uniform'`: PyTorch's default U(−1/√H, 1/√H), times `gain` (the same draws, scaled);
   * `'orthogonal'`: each gate block orthogonal (see `orthogonalInit`), times `gain`;
   * `'identity'`: each gate block `gain·I` (IRNN).
   */
  readonly init: 'uniform' | 'orthogonal' | 'identity';
  /**
   * Factor applied to the block.
   * @defaultValue 1
   */
  readonly gain?: number;
}

/** Sizes, seed and dtype after checking. */
export interface CommonResolved {
  readonly I: number;
  readonly H: number;
  readonly gen: Rng;
  readonly dtype: DType;
}

/** Checks `inputSize`, `hiddenSize`, `seed` and `dtype` of a cell's options. */
export function resolveCommon(op: string, o: { inputSize?: unknown; hiddenSize?: unknown; seed?: unknown; dtype?: unknown } | undefined): CommonResolved {
  if (typeof o !== 'object' || o === null) throw new ValueError(`${op}: expects an options object with inputSize and hiddenSize; got ${describe(o)}`, { op, arg: 'options' });
  const I = intArg(op, o.inputSize, 'inputSize', 1);
  const H = intArg(op, o.hiddenSize, 'hiddenSize', 1);
  checkElements(op, 4 * H * Math.max(I, H), 'the weights');
  return { I, H, gen: toRng(op, o.seed ?? 0), dtype: checkDType(op, o.dtype) };
}

/** The specs of a cell with G gates: `weight_ih [G·H, I]`, `weight_hh [G·H, H]`, and the biases `[G·H]`. */
export function recurrentSpecs(G: number, I: number, H: number, bias = true): ParamSpec[] {
  const specs: ParamSpec[] = [
    { name: 'weightIh', torchName: 'weight_ih', shape: [G * H, I] },
    { name: 'weightHh', torchName: 'weight_hh', shape: [G * H, H] },
  ];
  if (bias) {
    specs.push({ name: 'biasIh', torchName: 'bias_ih', shape: [G * H] });
    specs.push({ name: 'biasHh', torchName: 'bias_hh', shape: [G * H] });
  }
  return specs;
}

/**
 * PyTorch's default initialisation: every weight and bias U(−1/√H, 1/√H), drawn from `gen` in
 * the order weight_ih, weight_hh, bias_ih, bias_hh (each row-major). A `weightHh` initialiser
 * other than plain uniform then replaces W_hh, drawing after the four (so W_ih and the biases
 * are the same numbers whatever W_hh's init).
 */
export function initRecurrent(op: string, specs: readonly ParamSpec[], r: CommonResolved, weightHh: unknown): Record<string, Tensor> {
  const bound = 1 / Math.sqrt(r.H);
  const p: Record<string, Tensor> = {};
  for (const s of specs) p[s.name] = uniformInit(s.shape, bound, { seed: r.gen, dtype: r.dtype });
  if (weightHh === undefined) return p;
  if (typeof weightHh !== 'object' || weightHh === null) {
    throw new ValueError(`${op}: weightHh must be {init: 'uniform' | 'orthogonal' | 'identity', gain?}; got ${describe(weightHh)}`, { op, arg: 'weightHh' });
  }
  const w = weightHh as Partial<WeightHhInit>;
  const extra = Object.keys(w).find((k) => k !== 'init' && k !== 'gain');
  if (extra !== undefined) throw new ValueError(`${op}: unknown option 'weightHh.${extra}'; expected 'init', 'gain'`, { op, arg: `weightHh.${extra}` });
  const gain = w.gain ?? 1;
  if (typeof gain !== 'number' || !Number.isFinite(gain)) throw new ValueError(`${op}: weightHh.gain must be a finite number; got ${describe(gain)}`, { op, arg: 'weightHh.gain' });
  const G = specs[0]!.shape[0]! / r.H;
  const block = (): Tensor => {
    if (w.init === 'orthogonal') return orthogonalInit([r.H, r.H], { seed: r.gen, gain, dtype: r.dtype });
    return identityInit([r.H, r.H], { gain, dtype: r.dtype });
  };
  if (w.init === 'uniform') p.weightHh = L.mul(p.weightHh!, gain);
  else if (w.init === 'orthogonal' || w.init === 'identity') p.weightHh = concat(Array.from({ length: G }, block), 0);
  else throw new ValueError(`${op}: weightHh.init must be 'uniform', 'orthogonal' or 'identity'; got ${describe(w.init)}`, { op, arg: 'weightHh.init' });
  return p;
}

/**
 * Checks a step's input `x: [B, I]` and `state` (each part `[B, H]`, the cell's dtype);
 * returns B.
 */
export function checkStep<S extends State>(op: string, cell: Cell<S> & { readonly dtype: DType }, x: unknown, state: unknown): number {
  if (!isTensor(x) || x.rank !== 2 || x.shape[1] !== cell.inputSize) {
    throw new ShapeError(`${op}: x must be [B, I] with I = ${cell.inputSize}; got ${describe(x)}`, {
      op,
      arg: 'x',
      ...(isTensor(x) ? { shapes: [x.shape] } : {}),
    });
  }
  const B = x.shape[0]!;
  const s = checkState(op, cell, state, B, 'state');
  // plain loops and no closure: this runs once per step of every unroll
  if (x.dtype !== cell.dtype) badDType(op, cell.dtype, 'x', x);
  for (const key of cell.stateKeys) if (s[key]!.dtype !== cell.dtype) badDType(op, cell.dtype, `state.${key}`, s[key]!);
  return B;
}

function badDType(op: string, want: DType, k: string, t: Tensor): never {
  throw new DTypeError(`${op}: ${k} must be ${want} like the cell's weights (cast with astype); got ${t.dtype}`, { op, arg: k });
}

/** `x·W_ihᵀ + b_ih` (or `h·W_hhᵀ + b_hh`): `[B, G·H]`, every gate's share in one matmul. */
export function affine(x: Tensor, w: Tensor, b: Tensor | undefined): Tensor {
  const y = L.matmul(x, w, false, true);
  return b === undefined ? y : L.add(y, b);
}

/** Gate k (0-based) of a `[B, G·H]` pre-activation: columns `k·H … (k+1)·H − 1`. */
export function gate(pre: Tensor, k: number, H: number): Tensor {
  return L.slice(pre, [0, k * H], [pre.shape[0]!, H]);
}

/** Checks a batch size for `initialState`. */
export function checkBatch(op: string, batch: unknown): number {
  const B = intArg(op, batch, 'batch', 1);
  checkElements(op, B, `a state of batch ${B}`);
  return B;
}

/** A zero state part `[B, H]` of the dtype (and class) of `proto`. */
export function zerosPart(proto: Tensor, B: number, H: number): Tensor {
  return L.filledLike(proto, 0, [B, H]);
}

/** The parameters of a cell typed for the step: biases are absent when the cell has none. */
export interface RecurrentParams {
  readonly weightIh: Tensor;
  readonly weightHh: Tensor;
  readonly biasIh: Tensor | undefined;
  readonly biasHh: Tensor | undefined;
}

/** Picks the four recurrent parameters out of a record. */
export function recurrentParams(p: Params): RecurrentParams {
  return { weightIh: p.weightIh!, weightHh: p.weightHh!, biasIh: p.biasIh, biasHh: p.biasHh };
}
