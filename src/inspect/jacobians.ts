/**
 * Step Jacobians ∂s_t/∂s_{t−1} from the engine, for any cell: a batched reverse walk over the
 * recorded step (one cotangent row per state entry) gives every row at once, without re-running
 * the cell. Forward mode re-runs steps for `jvpThrough`.
 * @module
 */
import { withTrace } from '../autodiff/bind.js';
import { JvpTrace } from '../autodiff/forward.js';
import * as L from '../autodiff/lax.js';
import { pullbackBatched } from '../autodiff/batchedPullback.js';
import type { TapeRecord } from '../autodiff/tape.js';
import { maxAbs } from './linalg.js';
import { gemm } from '../tensor/kernels/gemm.js';
import type { Cell, State } from '../nn/cell.js';
import { like } from '../tensor/construct.js';
import { alloc } from '../tensor/dtype.js';
import type { Tensor } from '../tensor/tensor.js';

/** Concatenated state layout: offset of each key. */
export function stateOffsets(keys: readonly string[], H: number): Map<string, number> {
  return new Map(keys.map((k, i) => [k, i * H]));
}

/** x_t `[B, I]` as a tensor sliced from inputs `[T, B, I]` (not recorded). */
export function inputAt(inputs: Tensor, t: number): Tensor {
  const [, B, I] = inputs.shape as [number, number, number];
  const n = B * I;
  return like(inputs, inputs.data.slice((t - 1) * n, t * n), [B, I]);
}

/**
 * ∂s_t/∂s_{t−1} for one recorded step, per sample: ONE batched reverse walk over the step's
 * records with S cotangent rows (row i one-hot at state entry i for every sample) gives every
 * row at once. result[b] is the S×S row-major matrix of sample b.
 */
export function segmentJacobian(
  records: readonly TapeRecord[],
  range: readonly [number, number],
  prev: readonly Tensor[],
  next: readonly Tensor[],
  reach: ReadonlySet<number>,
): Float64Array[] {
  const P = next.length;
  const [B, H] = next[0]!.shape as [number, number];
  const S = P * H;
  const cts = new Map<number, Tensor>();
  next.forEach((part, kk) => {
    const d = alloc(part.dtype, S * B * H);
    for (let h = 0; h < H; h++) for (let b = 0; b < B; b++) d[((kk * H + h) * B + b) * H + h] = 1;
    const seed = like(part, d, [S, B, H]);
    const prevCt = cts.get(part.id);
    cts.set(part.id, prevCt ? L.add(prevCt, seed) : seed);
  });
  pullbackBatched(records, range[0], range[1], cts, reach, S);
  const out = Array.from({ length: B }, () => new Float64Array(S * S));
  prev.forEach((part, kk) => {
    const g = cts.get(part.id)?.data;
    if (!g) return;
    for (let i = 0; i < S; i++) {
      for (let b = 0; b < B; b++) {
        const row = (i * B + b) * H;
        const J = out[b]!;
        for (let h = 0; h < H; h++) J[i * S + kk * H + h]! += g[row + h]!;
      }
    }
  });
  return out;
}

/** The tangent at s_t of re-running steps s+1 … t from s_s with tangent `v` `[B, S]` (forward mode). */
export function pushForward<S extends State>(cell: Cell<S>, inputs: Tensor, states: readonly S[], s: number, t: number, v: Tensor): Tensor {
  const keys = cell.stateKeys;
  const H = cell.hiddenSize;
  const B = v.shape[0]!;
  const trace = new JvpTrace();
  return withTrace(trace, () => {
    let state = {} as Record<string, Tensor>;
    keys.forEach((k, kk) => {
      const w = L.identity(states[s]![k]!);
      trace.seed(w, L.slice(v, [0, kk * H], [B, H]));
      state[k] = w;
    });
    for (let k = s + 1; k <= t; k++) state = cell.step(inputAt(inputs, k), state as S);
    const parts = keys.map((k) => trace.tangentOf(state[k]!) ?? L.filledLike(state[k]!, 0));
    return L.concat(parts, 1);
  });
}

/** A matrix as mantissa·10^e. */
export interface Scaled {
  readonly m: Float64Array;
  readonly e: number;
}

/**
 * Entry s = ∂s_t/∂s_s = J_t⋯J_{s+1} for s = 0…t, given js[k] = J_{k+1} (n×n): built from t
 * down (P_s = P_{s+1}·J_{s+1}), t products in all, each renormalised into mantissa·10^e. With
 * `rows` = [first, count], only those rows of each product (count×n): a block's norms need no more.
 */
export function scaledProducts(js: readonly Float64Array[], n: number, rows: readonly [number, number] = [0, n]): Scaled[] {
  const t = js.length;
  const [first, count] = rows;
  const eye = new Float64Array(count * n);
  for (let i = 0; i < count; i++) eye[i * n + first + i] = 1;
  const chain: Scaled[] = new Array<Scaled>(t + 1);
  chain[t] = { m: eye, e: 0 };
  for (let s = t - 1; s >= 0; s--) {
    const next = chain[s + 1]!;
    const m = new Float64Array(count * n);
    gemm(next.m, 0, false, js[s]!, 0, false, m, 0, count, n, n);
    const top = maxAbs(m);
    if (top > 0 && Number.isFinite(top)) {
      for (let i = 0; i < m.length; i++) m[i]! /= top;
      chain[s] = { m, e: next.e + Math.log10(top) };
    } else chain[s] = { m, e: next.e };
  }
  return chain;
}
