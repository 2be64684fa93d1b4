/**
 * Step Jacobians ∂s_t/∂s_{t−1} from the engine, for any cell: the step is re-run on a batch in
 * which every (step, state row, sample) has its own copy, and ONE backward pass with an
 * identity cotangent gives every row of every Jacobian in the chunk. This needs only that a
 * cell treats batch rows independently, which every recurrent cell does.
 * @module
 */
import { withTrace } from '../autodiff/bind.js';
import { JvpTrace } from '../autodiff/forward.js';
import * as L from '../autodiff/lax.js';
import { GradientTape } from '../autodiff/tape.js';
import type { Cell, State } from '../nn/cell.js';
import { like } from '../tensor/construct.js';
import { alloc } from '../tensor/dtype.js';
import type { Tensor } from '../tensor/tensor.js';

/** Rows per re-run batch: bounds memory while keeping kernels busy. */
const ROWS_PER_CHUNK = 8192;

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

/** Repeats each of `parts` (each `[B, W]`) `reps` times along a new leading axis → `[Σ reps·B, W]`. */
function tile(parts: readonly { t: Tensor; reps: number }[]): Tensor {
  const first = parts[0]!.t;
  const W = first.shape[1]!;
  const rows = parts.reduce((n, p) => n + p.reps * p.t.shape[0]!, 0);
  const out = alloc(first.dtype, rows * W);
  let at = 0;
  for (const { t, reps } of parts) {
    for (let r = 0; r < reps; r++) {
      out.set(t.data, at);
      at += t.size;
    }
  }
  return like(first, out, [rows, W]);
}

/**
 * Jacobians ∂s_t/∂s_{t−1} for the given steps: result[j][b] is the S×S row-major matrix
 * for step `steps[j]` and sample b (S = H × number of state parts).
 */
export function stepJacobians<S extends State>(
  cell: Cell<S>,
  inputs: Tensor,
  states: readonly S[],
  steps: readonly number[],
): Float64Array[][] {
  const keys = cell.stateKeys;
  const H = cell.hiddenSize;
  const S = H * keys.length;
  const B = inputs.shape[1]!;
  const perStep = S * B;
  const chunk = Math.max(1, Math.floor(ROWS_PER_CHUNK / perStep));
  const result: Float64Array[][] = [];
  for (let c0 = 0; c0 < steps.length; c0 += chunk) {
    const ts = steps.slice(c0, c0 + chunk);
    const n = ts.length;
    const R = n * perStep;
    const x = tile(ts.map((t) => ({ t: inputAt(inputs, t), reps: S })));
    const prev = {} as Record<string, Tensor>;
    for (const k of keys) prev[k] = tile(ts.map((t) => ({ t: states[t - 1]![k]!, reps: S })));
    // cotangent on output part k: row (j, i, b) is one-hot at column i − offset(k)
    const cts = {} as Record<string, Tensor>;
    keys.forEach((k, kk) => {
      const d = alloc(x.dtype, R * H);
      for (let j = 0; j < n; j++) {
        for (let h = 0; h < H; h++) {
          const i = kk * H + h;
          for (let b = 0; b < B; b++) d[((j * S + i) * B + b) * H + h] = 1;
        }
      }
      cts[k] = like(x, d, [R, H]);
    });
    const tape = new GradientTape();
    const target = tape.record(() => {
      const out = cell.step(x, prev as S);
      let total: Tensor | undefined;
      for (const k of keys) {
        const term = L.sum(L.mul(out[k]!, cts[k]!), [0, 1]);
        total = total === undefined ? term : L.add(total, term);
      }
      return total!;
    });
    const grads = tape.gradient(target, keys.map((k) => prev[k]!));
    for (let j = 0; j < n; j++) {
      const perSample: Float64Array[] = [];
      for (let b = 0; b < B; b++) {
        const J = new Float64Array(S * S);
        keys.forEach((_, kk) => {
          const g = grads[kk]!.data;
          for (let i = 0; i < S; i++) {
            const row = ((j * S + i) * B + b) * H;
            for (let h = 0; h < H; h++) J[i * S + kk * H + h] = g[row + h]!;
          }
        });
        perSample.push(J);
      }
      result.push(perSample);
    }
  }
  return result;
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
