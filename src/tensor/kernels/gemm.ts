/**
 * The matrix-multiply kernel `C = op(A)·op(B)` (op = identity or transpose per operand), over
 * row-major typed arrays, in forms chosen by size and sparsity:
 * - one or two float64 rows times a tensor seen before in such a product (a recurrent step's
 *   h·W_hhᵀ and its backward): the tensor held in the WebAssembly SIMD kernel's memory (simd.ts,
 *   gemvHeld);
 * - small products, and short sums (K < 8: an outer product, a batch-1 weight gradient): plain
 *   loops (packing would cost more than it saves);
 * - a left operand that is mostly zeros (the one-hot cotangent rows of a step Jacobian): rows
 *   that skip zero entries, so the work follows the non-zeros;
 * - everything else in float64: the WebAssembly SIMD kernel of simd.ts, where the engine has it;
 * - otherwise (float32, or no WebAssembly SIMD): packed panels and a 4×4 register-blocked
 *   micro-kernel whose k loop runs innermost over contiguous memory. Transposes are absorbed by
 *   the packing, so no variant materialises one.
 * Each output is a sum over k in increasing order started from 0 (for K ≤ KC in one pass), the
 * same order the plain loops use, so the forms agree to the last bit on all but huge K.
 * @module
 */
import type { TensorData } from '../dtype.js';
import { zerosLike } from '../pool.js';
import { gemmSimd, gemvHeld } from './simd.js';

/** Depth of a packed panel (the k block); K ≤ KC is summed in one pass. */
const KC = 256;
/** Columns of B packed at once (KC·NC doubles ≈ 256 KiB stays in L2). */
const NC = 128;
/** Below this many multiply-adds, plain loops are faster than packing. */
const SMALL = 4096;
/** Sums over fewer terms than this go through the plain loops whatever the size (packing costs O(M·N) too). */
const SHORT = 8;
/** A row times a weight matrix of at least this many entries goes to the held SIMD product. */
const HELD = 256;

let packA = new Float64Array(4 * KC);
let packB = new Float64Array(KC * NC);

/**
 * Writes op(A)·op(B) into C for one matrix pair (C is overwritten). A is stored [M,K]
 * (or [K,M] when `ta`), B is stored [K,N] (or [N,K] when `tb`); C is [M,N]. Offsets are in
 * elements. `bIsTensor`: B is a tensor's storage, which never changes, so a product of one or
 * two rows with it may keep it in the SIMD kernel's memory for the next (a recurrent weight).
 */
export function gemm(
  a: TensorData,
  aOff: number,
  ta: boolean,
  b: TensorData,
  bOff: number,
  tb: boolean,
  c: TensorData,
  cOff: number,
  M: number,
  K: number,
  N: number,
  bIsTensor = false,
): void {
  if (M === 0 || N === 0) return;
  if (K === 0) {
    c.fill(0, cOff, cOff + M * N);
    return;
  }
  // one or two rows times a weight matrix that comes back (a recurrent step's): held in the SIMD
  // kernel's memory from its second use on
  if (bIsTensor && M <= 2 && K >= SHORT && K * N >= HELD && a instanceof Float64Array && b instanceof Float64Array && c instanceof Float64Array) {
    let done = true;
    for (let i = 0; i < M && done; i++) done = gemvHeld(a, aOff + i * (ta ? 1 : K), ta ? M : 1, b, bOff, tb, c, cOff + i * N, K, N);
    if (done) return;
  }
  if (M * N * K <= SMALL || M < 4 || N < 4 || K < SHORT) {
    plain(a, aOff, ta, b, bOff, tb, c, cOff, M, K, N);
    return;
  }
  if (!ta && !tb && mostlyZero(a, aOff, M * K)) {
    sparseRows(a, aOff, b, bOff, c, cOff, M, K, N);
    return;
  }
  if (a instanceof Float64Array && b instanceof Float64Array && c instanceof Float64Array && gemmSimd(a, aOff, ta, b, bOff, tb, c, cOff, M, K, N)) return;
  blocked(a, aOff, ta, b, bOff, tb, c, cOff, M, K, N);
}

/** Plain loops, one per transpose case, innermost on contiguous memory where there is some. */
function plain(a: TensorData, aOff: number, ta: boolean, b: TensorData, bOff: number, tb: boolean, c: TensorData, cOff: number, M: number, K: number, N: number): void {
  if (!tb) {
    // i-k-j: C row i = Σ_k A[i,k] · B row k
    c.fill(0, cOff, cOff + M * N);
    const sa = ta ? 1 : K;
    const sk = ta ? M : 1;
    if (!(c instanceof Float64Array)) {
      // float32 storage rounds after every term: one row of B per pass
      for (let i = 0; i < M; i++) {
        const ci = cOff + i * N;
        const ai = aOff + i * sa;
        for (let k = 0; k < K; k++) {
          const aik = a[ai + k * sk]!;
          const bk = bOff + k * N;
          for (let j = 0; j < N; j++) c[ci + j]! += aik * b[bk + j]!;
        }
      }
      return;
    }
    // float64: four rows of B per pass over C row i, each entry still adding its terms in k
    // order. Past K, a pass's missing terms are entry 0 of a zero row times a zero row: +0 added
    // to a sum that started from +0 (so is never −0), the same bits, and no loop of its own for
    // K mod 4 (a loop that only some sizes take is cold code when a new size first comes).
    const z = zerosLike(b, N);
    for (let i = 0; i < M; i++) {
      const ci = cOff + i * N;
      const ai = aOff + i * sa;
      for (let k = 0; k < K; k += 4) {
        // 1 for a term k + q < K, 0 past K (it then reads entry 0 of z, and rows of z)
        const on1 = k + 1 < K ? 1 : 0;
        const on2 = k + 2 < K ? 1 : 0;
        const on3 = k + 3 < K ? 1 : 0;
        const a0 = a[ai + k * sk]!;
        const a1 = (on1 ? a : z)[(ai + (k + 1) * sk) * on1]!;
        const a2 = (on2 ? a : z)[(ai + (k + 2) * sk) * on2]!;
        const a3 = (on3 ? a : z)[(ai + (k + 3) * sk) * on3]!;
        const b1s = on1 ? b : z;
        const b2s = on2 ? b : z;
        const b3s = on3 ? b : z;
        const b0 = bOff + k * N;
        const b1 = (b0 + N) * on1;
        const b2 = (b0 + 2 * N) * on2;
        const b3 = (b0 + 3 * N) * on3;
        for (let j = 0; j < N; j++) c[ci + j] = c[ci + j]! + a0 * b[b0 + j]! + a1 * b1s[b1 + j]! + a2 * b2s[b2 + j]! + a3 * b3s[b3 + j]!;
      }
    }
    return;
  }
  // i-j-k: dot products of op(A) row i and B row j (B stored [N,K]), four rows of B at a time
  // (four independent sums, each still in k order, share each load of A). When 4 does not divide
  // N, the last group overlaps the one before (it recomputes up to three entries, to the same
  // bits) rather than going through a loop of its own: a code path that only some sizes take is
  // one the engine has not warmed up when a new size first comes.
  const sa = ta ? 1 : K;
  const sk = ta ? M : 1;
  for (let i = 0; i < M; i++) {
    const ai = aOff + i * sa;
    const ci = cOff + i * N;
    for (let jj = 0; jj < N; jj += 4) {
      if (N < 4) {
        for (let j = 0; j < N; j++) {
          const bj = bOff + j * K;
          let s = 0;
          for (let k = 0; k < K; k++) s += a[ai + k * sk]! * b[bj + k]!;
          c[ci + j] = s;
        }
        break;
      }
      const j = Math.min(jj, N - 4);
      const b0 = bOff + j * K;
      const b1 = b0 + K;
      const b2 = b1 + K;
      const b3 = b2 + K;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let k = 0; k < K; k++) {
        const av = a[ai + k * sk]!;
        s0 += av * b[b0 + k]!;
        s1 += av * b[b1 + k]!;
        s2 += av * b[b2 + k]!;
        s3 += av * b[b3 + k]!;
      }
      c[ci + j] = s0;
      c[ci + j + 1] = s1;
      c[ci + j + 2] = s2;
      c[ci + j + 3] = s3;
    }
  }
}

/** More than 3/4 of the M·K entries of A are zero. */
function mostlyZero(a: TensorData, off: number, n: number): boolean {
  let zeros = 0;
  for (let i = off; i < off + n; i++) if (a[i] === 0) zeros++;
  return zeros * 4 > n * 3;
}

/**
 * i-k-j over rows of A, skipping zero entries: the cost follows A's non-zeros. A zero times a
 * non-finite row of B still gives NaN, as IEEE says, so such rows are never skipped.
 */
function sparseRows(a: TensorData, aOff: number, b: TensorData, bOff: number, c: TensorData, cOff: number, M: number, K: number, N: number): void {
  const finite = new Uint8Array(K);
  for (let k = 0; k < K; k++) {
    let ok = 1;
    const bk = bOff + k * N;
    for (let j = 0; j < N; j++) {
      const v = b[bk + j]!;
      if (v - v !== 0) {
        ok = 0;
        break;
      }
    }
    finite[k] = ok;
  }
  c.fill(0, cOff, cOff + M * N);
  for (let i = 0; i < M; i++) {
    const ci = cOff + i * N;
    const ai = aOff + i * K;
    for (let k = 0; k < K; k++) {
      const aik = a[ai + k]!;
      if (aik === 0 && finite[k] === 1) continue;
      const bk = bOff + k * N;
      for (let j = 0; j < N; j++) c[ci + j]! += aik * b[bk + j]!;
    }
  }
}

/** Packed panels and a 4×4 micro-kernel; C is written on the first k block, added to after. */
function blocked(a: TensorData, aOff: number, ta: boolean, b: TensorData, bOff: number, tb: boolean, c: TensorData, cOff: number, M: number, K: number, N: number): void {
  for (let jc = 0; jc < N; jc += NC) {
    const nc = Math.min(NC, N - jc);
    for (let pc = 0; pc < K; pc += KC) {
      const kc = Math.min(KC, K - pc);
      const bp = packPanelsB(b, bOff, tb, K, N, pc, kc, jc, nc);
      for (let ic = 0; ic < M; ic += 4) {
        const mr = Math.min(4, M - ic);
        const ap = packPanelA(a, aOff, ta, M, K, ic, mr, pc, kc);
        for (let jr = 0; jr < nc; jr += 4) {
          micro(ap, bp, (jr >> 2) * kc * 4, kc, c, cOff + ic * N + jc + jr, N, mr, Math.min(4, nc - jr), pc === 0);
        }
      }
    }
  }
}

/** op(A) rows ic … ic+mr−1, columns pc … pc+kc−1, as [kc][4] (missing rows zero). */
function packPanelA(a: TensorData, aOff: number, ta: boolean, M: number, K: number, ic: number, mr: number, pc: number, kc: number): Float64Array {
  const p = packA;
  if (mr < 4) p.fill(0, 0, kc * 4);
  for (let r = 0; r < mr; r++) {
    // A(i, k) is a[i*K + k], or a[k*M + i] when transposed
    const base = ta ? aOff + pc * M + ic + r : aOff + (ic + r) * K + pc;
    const step = ta ? M : 1;
    for (let k = 0; k < kc; k++) p[k * 4 + r] = a[base + k * step]!;
  }
  return p;
}

/** op(B) rows pc … pc+kc−1, columns jc … jc+nc−1, as panels [nc/4][kc][4] (missing columns zero). */
function packPanelsB(b: TensorData, bOff: number, tb: boolean, K: number, N: number, pc: number, kc: number, jc: number, nc: number): Float64Array {
  const need = kc * (((nc + 3) >> 2) << 2);
  if (packB.length < need) packB = new Float64Array(need);
  const p = packB;
  for (let jr = 0; jr < nc; jr += 4) {
    const nr = Math.min(4, nc - jr);
    const base = (jr >> 2) * kc * 4;
    if (nr < 4) p.fill(0, base, base + kc * 4);
    for (let q = 0; q < nr; q++) {
      // B(k, j) is b[k*N + j], or b[j*K + k] when transposed
      const j = jc + jr + q;
      const start = tb ? bOff + j * K + pc : bOff + pc * N + j;
      const step = tb ? 1 : N;
      for (let k = 0; k < kc; k++) p[base + k * 4 + q] = b[start + k * step]!;
    }
  }
  return p;
}

/** One 4×4 tile of C from packed panels: 16 sums held in locals over the k loop. */
function micro(ap: Float64Array, bp: Float64Array, pb0: number, kc: number, c: TensorData, co: number, N: number, mr: number, nr: number, first: boolean): void {
  let c00 = 0, c01 = 0, c02 = 0, c03 = 0;
  let c10 = 0, c11 = 0, c12 = 0, c13 = 0;
  let c20 = 0, c21 = 0, c22 = 0, c23 = 0;
  let c30 = 0, c31 = 0, c32 = 0, c33 = 0;
  let pa = 0;
  let pb = pb0;
  for (let k = 0; k < kc; k++) {
    const a0 = ap[pa]!, a1 = ap[pa + 1]!, a2 = ap[pa + 2]!, a3 = ap[pa + 3]!;
    const b0 = bp[pb]!, b1 = bp[pb + 1]!, b2 = bp[pb + 2]!, b3 = bp[pb + 3]!;
    c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
    c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
    c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
    c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
    pa += 4;
    pb += 4;
  }
  if (mr === 4 && nr === 4) {
    if (first) {
      c[co] = c00; c[co + 1] = c01; c[co + 2] = c02; c[co + 3] = c03;
      co += N; c[co] = c10; c[co + 1] = c11; c[co + 2] = c12; c[co + 3] = c13;
      co += N; c[co] = c20; c[co + 1] = c21; c[co + 2] = c22; c[co + 3] = c23;
      co += N; c[co] = c30; c[co + 1] = c31; c[co + 2] = c32; c[co + 3] = c33;
    } else {
      c[co]! += c00; c[co + 1]! += c01; c[co + 2]! += c02; c[co + 3]! += c03;
      co += N; c[co]! += c10; c[co + 1]! += c11; c[co + 2]! += c12; c[co + 3]! += c13;
      co += N; c[co]! += c20; c[co + 1]! += c21; c[co + 2]! += c22; c[co + 3]! += c23;
      co += N; c[co]! += c30; c[co + 1]! += c31; c[co + 2]! += c32; c[co + 3]! += c33;
    }
    return;
  }
  const tile = [c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33];
  for (let r = 0; r < mr; r++) {
    for (let q = 0; q < nr; q++) {
      const o = co + r * N + q;
      c[o] = first ? tile[r * 4 + q]! : c[o]! + tile[r * 4 + q]!;
    }
  }
}
