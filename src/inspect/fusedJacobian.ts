/**
 * Step Jacobians of the built-in cells in closed form, read off the recorded fused step.
 *
 * A fused step (`rnnStep`; `lstmStep` + `part` + `lstmHidden`; `gruStep` + `part`) is gate math
 * that acts unit by unit on affine pre-activations `x·W_ihᵀ + h·W_hhᵀ + b`. So every row of
 * ∂s_t/∂s_{t−1} is a few per-unit coefficients times rows of W_hh, plus a diagonal:
 *
 *   ∂out_k/∂h_j = Σ_gates a_{gate,k}·W_hh[gate·H + k, j]   (+ δ_kj·direct_k)
 *
 * The coefficients a come from the primitives' own gradient kernels, run once with a cotangent
 * of ones (units do not interact in the gate math, so one pass gives every unit's coefficient):
 * the same arithmetic, in the same order, as the batched reverse walk, at O(S·G·H) per sample
 * instead of O(S·G·H·H). Records before the step in its range (the slice of x_t) must not
 * depend on any state. Any other recorded step (a custom cell, `unfused()`, a cell with extra ops
 * on the state) is left to the batched walk.
 * @module
 */
import type { TapeRecord } from '../autodiff/tape.js';
import { alloc } from '../tensor/dtype.js';
import { fresh, zerosLike } from '../tensor/pool.js';
import type { TensorData } from '../tensor/dtype.js';
import { activationGrad, gruGatesGrad, lstmGatesGrad, lstmHiddenGrad } from '../tensor/kernels/cells.js';
import type { ActivationCode } from '../tensor/kernels/cells.js';
import { combineRows } from '../tensor/kernels/simd.js';
import type { Tensor } from '../tensor/tensor.js';
import { bandHints } from './jacobians.js';

/**
 * ∂s_t/∂s_{t−1} per sample (S×S row-major, rows the new state, columns the old) when the step in
 * `records[lo, hi)` ends in one built-in fused cell step on the state parts `prev` → `next`, and
 * nothing else in the range, nor any other input of the step, is downstream of a state (`reach`);
 * undefined otherwise.
 */
export function fusedStepJacobian(
  records: readonly TapeRecord[],
  [lo, hi]: readonly [number, number],
  prev: readonly Tensor[],
  next: readonly Tensor[],
  reach: ReadonlySet<number>,
  take: (n: number) => Float64Array = fresh,
): Float64Array[] | undefined {
  const tail = (k: number): TapeRecord[] | undefined => {
    if (hi - lo < k) return undefined;
    for (let i = lo; i < hi - k; i++) if (reach.has(records[i]!.output.id)) return undefined;
    return records.slice(hi - k, hi);
  };
  const stateFree = (r: TapeRecord, stateAt: readonly number[]): boolean => r.inputs.every((x, i) => stateAt.includes(i) || !reach.has(x.id));
  if (next.length === 1) {
    const [r] = tail(1) ?? [];
    if (r?.op === 'rnnStep') return stateFree(r, [1]) ? rnn(r, prev, next, take) : undefined;
    const [a, p] = tail(2) ?? [];
    if (a?.op === 'gruStep') return stateFree(a, [1]) ? gru(a, p!, prev, next, take) : undefined;
  }
  const [a, p, hid] = next.length === 2 ? (tail(3) ?? []) : [];
  if (a?.op === 'lstmStep') return stateFree(a, [1, 2]) ? lstm(a, p!, hid!, prev, next, take) : undefined;
  return undefined;
}

/** `part(of, 0)`. */
function isFirstPart(r: TapeRecord, of: Tensor): boolean {
  return r.op === 'part' && r.inputs[0] === of && (r.params as { index: number }).index === 0;
}

function ones(like: TensorData, n: number): TensorData {
  return alloc(like instanceof Float32Array ? 'float32' : 'float64', n).fill(1);
}

/**
 * Writes the rows of one new state part into J (per sample): row (to·H + k) gets
 * Σ_g coef[b, g·H + k]·W[g·H + k, :] in the columns of old part `from`, plus `diag[b, k]` at
 * column (diag.from·H + k).
 *
 * The SIMD kernel builds each sample's rows where it exists (`combineRows`: the same sums in the
 * same order, two entries at a time, with W_hh held in its memory; the bits of the loop below,
 * property-tested). The loop is the way without it. One loop serves every cell (G = 1, 3 or 4
 * gates), without a branch on G: it always adds four terms, a gate past G as entry 0 of a zero
 * array times a row of zeros, and always adds the diagonal (zeros for the RNN). Those add +0 to
 * a sum that started from +0 (so is never −0): the same bits as the gates' terms alone. A branch
 * taken by one cell type only would be code the engine has not seen run when the first trace of
 * another cell type comes.
 */
function writeRows(
  J: Float64Array[],
  S: number,
  H: number,
  G: number,
  w: TensorData,
  coef: TensorData,
  cOff: number,
  to: number,
  from: number,
  diag: { readonly data: TensorData; readonly off: number; readonly from: number },
): void {
  const GH = G * H;
  const zero = zerosLike(w, H);
  // 1 for a gate the cell has, 0 past G: multiplies that gate's offsets (0 reads entry 0 of zero)
  const [on1, on2, on3] = [G > 1 ? 1 : 0, G > 2 ? 1 : 0, G > 3 ? 1 : 0];
  const [w1, w2, w3] = [on1 ? w : zero, on2 ? w : zero, on3 ? w : zero];
  const [c1, c2, c3] = [on1 ? coef : zero, on2 ? coef : zero, on3 ? coef : zero];
  const { data: dd, off: dOff, from: dFrom } = diag;
  for (let b = 0; b < J.length; b++) {
    const m = J[b]!;
    if (combineRows(w, G, H, S, coef, cOff + b * GH, from, dd, dOff + b * H, dFrom, m, to * H * S)) continue;
    for (let k = 0; k < H; k++) {
      const row = (to * H + k) * S;
      const col = row + from * H;
      const c = cOff + b * GH + k;
      // Σ_g in gate order, one pass over the row (the walk's sparse matmul adds in the same order)
      const a0 = coef[c]!;
      const a1 = c1[(c + H) * on1]!;
      const a2 = c2[(c + 2 * H) * on2]!;
      const a3 = c3[(c + 3 * H) * on3]!;
      const r0 = k * H;
      const r1 = (H + k) * H * on1;
      const r2 = (2 * H + k) * H * on2;
      const r3 = (3 * H + k) * H * on3;
      for (let j = 0; j < H; j++) m[col + j] = 0 + a0 * w[r0 + j]! + a1 * w1[r1 + j]! + a2 * w2[r2 + j]! + a3 * w3[r3 + j]!;
      m[row + dFrom * H + k]! += dd[dOff + b * H + k]!;
    }
  }
}

/** B zeroed S×S matrices from `take`. */
function blank(B: number, S: number, take: (n: number) => Float64Array): Float64Array[] {
  return Array.from({ length: B }, () => take(S * S));
}

/** h′ = act(x·W_ihᵀ + h·W_hhᵀ + b): ∂h′_k/∂h_j = act′_k·W_hh[k, j]. */
function rnn(r: TapeRecord, prev: readonly Tensor[], next: readonly Tensor[], take: (n: number) => Float64Array): Float64Array[] | undefined {
  if (r.output !== next[0] || r.inputs[1] !== prev[0]) return undefined;
  const y = r.output;
  const [B, H] = y.shape as [number, number];
  const d = alloc(y.dtype, B * H);
  activationGrad((r.params as { act: ActivationCode }).act, ones(y.data, B * H), y.data, B * H, 1, d);
  const J = blank(B, H, take);
  writeRows(J, H, H, 1, r.inputs[3]!.data, d, 0, 0, 0, { data: zerosLike(d, B * H), off: 0, from: 0 });
  return J;
}

/** h′ = part 0 of gruStep: the gate coefficients on gh = h·W_hhᵀ + b_hh, plus z on the diagonal. */
function gru(a: TapeRecord, p: TapeRecord, prev: readonly Tensor[], next: readonly Tensor[], take: (n: number) => Float64Array): Float64Array[] | undefined {
  if (!isFirstPart(p, a.output) || p.output !== next[0] || a.inputs[1] !== prev[0]) return undefined;
  const h = a.inputs[1]!;
  const [B, H] = h.shape as [number, number];
  const packed = a.output.data;
  const ct = alloc(h.dtype, 5 * B * H);
  ct.fill(1, 0, B * H);
  const dgi = alloc(h.dtype, B * 3 * H);
  const dgh = alloc(h.dtype, B * 3 * H);
  const direct = alloc(h.dtype, B * H);
  gruGatesGrad(ct, packed, h.data, B, H, 1, dgi, dgh, direct);
  const J = blank(B, H, take);
  writeRows(J, H, H, 3, a.inputs[3]!.data, dgh, 0, 0, 0, { data: direct, off: 0, from: 0 });
  return J;
}

/**
 * lstmStep → c′ = part 0 → h′ = lstmHidden(gates, c′). Two cotangent stacks through the gate
 * kernel: h′ (lstmHidden's own gradient of ones, folded into the packed gates) and c′ (ones at
 * entry 0); each gives per-unit coefficients on the pre-activations and the diagonal on c.
 */
function lstm(a: TapeRecord, p: TapeRecord, hid: TapeRecord, prev: readonly Tensor[], next: readonly Tensor[], take: (n: number) => Float64Array): Float64Array[] | undefined {
  if (!isFirstPart(p, a.output) || hid.op !== 'lstmHidden' || hid.inputs[0] !== a.output || hid.inputs[1] !== p.output) return undefined;
  const nh = next.indexOf(hid.output);
  const nc = next.indexOf(p.output);
  const ph = prev.indexOf(a.inputs[1]!);
  const pc = prev.indexOf(a.inputs[2]!);
  if (nh < 0 || nc < 0 || ph < 0 || pc < 0 || ph === pc) return undefined;
  const forget = (a.params as { forget: boolean }).forget;
  const G = forget ? 4 : 3;
  const P = 1 + G;
  const c = a.inputs[2]!;
  const [B, H] = c.shape as [number, number];
  const n = B * H;
  const packed = a.output.data;
  // stack 0: ∂h′/∂(packed gates) = lstmHidden's vjp of ones, plus its c′ part at entry 0; stack 1: ones at c′
  const ct = alloc(c.dtype, 2 * P * n);
  const dc0 = alloc(c.dtype, n);
  lstmHiddenGrad(ones(packed, n), packed, P, P - 1, p.output.data, n, 1, ct, dc0);
  ct.set(dc0, 0);
  ct.fill(1, P * n, P * n + n);
  const dpre = alloc(c.dtype, 2 * B * G * H);
  const dc = alloc(c.dtype, 2 * n);
  lstmGatesGrad(ct, packed, c.data, B, H, forget, 2, dpre, dc);
  const S = 2 * H;
  const J = blank(B, S, take);
  const w = a.inputs[4]!.data;
  writeRows(J, S, H, G, w, dpre, 0, nh, ph, { data: dc, off: 0, from: pc });
  writeRows(J, S, H, G, w, dpre, B * G * H, nc, ph, { data: dc, off: n, from: pc });
  // the c columns hold only the two diagonals written above
  const hint = { first: pc * H, count: H, rowA: Math.min(nh, nc) * H, rowB: Math.max(nh, nc) * H };
  for (const m of J) bandHints.set(m, hint);
  return J;
}
