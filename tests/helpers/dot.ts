/**
 * Dot products over raw storage, for finite-difference checks of the form ⟨u, J·v⟩ = ⟨Jᵀ·u, v⟩.
 */
import type { Tensor } from '../../src/tensor/tensor.js';

/** Σ aᵢ·bᵢ over the storage. */
export function dot(a: Tensor, b: Tensor): number {
  let s = 0;
  for (let i = 0; i < a.size; i++) s += a.data[i]! * b.data[i]!;
  return s;
}

/** Σ|aᵢ·bᵢ|: the size of the terms a dot product sums, the natural scale of its rounding error. */
export function absDot(a: Tensor, b: Tensor): number {
  let s = 0;
  for (let i = 0; i < a.size; i++) s += Math.abs(a.data[i]! * b.data[i]!);
  return s;
}
