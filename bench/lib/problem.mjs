/**
 * One benchmark problem, the same numbers for every contender: PyTorch-layout weights
 * (W_ih [G·H, I], W_hh [G·H, H], b_ih, b_hh [G·H]) drawn from U(−1/√H, 1/√H), inputs x [T, B, I],
 * targets y [B, H]. Peers get their own layout ([in, G·H], no transposes) from `transposed`.
 */
import { randomArray, transpose } from './timing.mjs';

export function problem({ cell, B, I, H, T, seed = 1 }) {
  const G = cell === 'lstm' ? 4 : 1;
  const a = 1 / Math.sqrt(H);
  const wih = randomArray(G * H * I, seed, a);
  const whh = randomArray(G * H * H, seed + 1, a);
  const bih = randomArray(G * H, seed + 2, a);
  const bhh = randomArray(G * H, seed + 3, a);
  const x = randomArray(T * B * I, seed + 4);
  const y = randomArray(B * H, seed + 5);
  return {
    cell, B, I, H, T, G,
    wih, whh, bih, bhh, x, y,
    /** W_ihᵀ [I, G·H] and W_hhᵀ [H, G·H] for peers that multiply x·W. */
    transposed: { wih: transpose(wih, G * H, I), whh: transpose(whh, G * H, H) },
  };
}

/** Multiply-adds of one forward+backward pass (the matmuls only), for GFLOP/s. */
export function flopsOf({ B, I, H, T, G }) {
  const fwd = 2 * B * G * H * (I + H); // two matmuls per step
  return T * 3 * fwd; // backward: d_input and d_weight for each → 2× forward
}
