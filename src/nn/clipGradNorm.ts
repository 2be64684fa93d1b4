/**
 * The global gradient norm and gradient clipping by it (PyTorch's `clip_grad_norm_`).
 * @module
 */
import { ValueError, describe } from '../errors.js';
import { isTensor } from '../tensor/brand.js';
import { like } from '../tensor/construct.js';
import { alloc } from '../tensor/dtype.js';
import type { Tensor } from '../tensor/tensor.js';
import type { Params } from './cell.js';

/** What {@link clipGradNorm} returns. */
export interface ClipResult {
  /** The gradients, scaled when their norm exceeded `maxNorm` (else the same tensors). */
  readonly grads: Params;
  /** The global norm before clipping. */
  readonly norm: number;
}

function tensorsOf(op: string, grads: unknown): [string, Tensor][] {
  if (typeof grads !== 'object' || grads === null || Array.isArray(grads) || isTensor(grads)) {
    throw new ValueError(`${op}: grads must be a record of tensors; got ${describe(grads)}`, { op, arg: 'grads' });
  }
  return Object.entries(grads as Record<string, unknown>).map(([k, g]) => {
    if (!isTensor(g)) throw new ValueError(`${op}: grads.${k} must be a tensor; got ${describe(g)}`, { op, arg: 'grads' });
    return [k, g];
  });
}

function norm(ts: readonly (readonly [string, Tensor])[]): number {
  // scaled by the largest |g| so that the sum of squares cannot overflow for exploding gradients
  let big = 0;
  for (const [, t] of ts) for (const v of t.data) big = Math.max(big, Math.abs(v));
  if (big === 0 || !Number.isFinite(big)) return big;
  let s = 0;
  for (const [, t] of ts) {
    for (const v of t.data) {
      const u = v / big;
      s += u * u;
    }
  }
  return big * Math.sqrt(s);
}

/**
 * The global L2 norm of a set of gradients: `‖g‖ = √(Σ over every tensor and element of g²)`,
 * computed without overflow. NaN when any element is NaN.
 * @param grads - a record of tensors (any shapes).
 * @returns the norm (0 for an empty record).
 * @throws ValueError when grads is not a record of tensors.
 * @example
 * ```ts
 * globalNorm({ a: tensor([3]), b: tensor([[4]]) }); // 5
 * ```
 */
export function globalNorm(grads: Params): number {
  return norm(tensorsOf('globalNorm', grads));
}

/**
 * Scales gradients so that their global norm is at most `maxNorm`, as PyTorch's
 * `clip_grad_norm_`: with `coef = maxNorm / (‖g‖ + 1e-6)`, every gradient is multiplied by
 * `coef` when `coef < 1` and left as it is otherwise.
 * @param grads - a record of tensors (not changed).
 * @param maxNorm - the largest allowed norm, > 0.
 * @returns the (possibly scaled) gradients and the norm before clipping.
 * @throws ValueError when grads is not a record of tensors or maxNorm is not a positive number.
 * @example
 * ```ts
 * const { grads, norm } = clipGradNorm({ w: tensor([3, 4]) }, 1);
 * norm;                  // 5
 * grads.w!.toArray();    // ≈ [0.6, 0.8]
 * ```
 */
export function clipGradNorm(grads: Params, maxNorm: number): ClipResult {
  const op = 'clipGradNorm';
  const ts = tensorsOf(op, grads);
  if (typeof maxNorm !== 'number' || !(maxNorm > 0)) {
    throw new ValueError(`${op}: maxNorm must be a positive number; got ${describe(maxNorm)}`, { op, arg: 'maxNorm' });
  }
  const n = norm(ts);
  const coef = maxNorm / (n + 1e-6);
  if (!(coef < 1)) return { grads, norm: n };
  const out: Record<string, Tensor> = {};
  for (const [k, t] of ts) {
    const d = alloc(t.dtype, t.size);
    for (let i = 0; i < d.length; i++) d[i] = t.data[i]! * coef;
    out[k] = like(t, d, t.shape);
  }
  return { grads: Object.freeze(out), norm: n };
}
