/**
 * Naive index-by-index reference implementations the op tests compare against. They share no
 * code with the kernels: every element is found from its multi-index, one loop at a time.
 */

/** A plain n-d array: row-major values and a shape. */
export interface Nd {
  readonly data: ArrayLike<number>;
  readonly shape: readonly number[];
}

/** Number of elements of a shape. */
export function numel(shape: readonly number[]): number {
  return shape.reduce((p, d) => p * d, 1);
}

/** Multi-index of flat position `i` in `shape`. */
export function unravel(i: number, shape: readonly number[]): number[] {
  const idx = new Array<number>(shape.length).fill(0);
  let r = i;
  for (let k = shape.length - 1; k >= 0; k--) {
    const d = shape[k]!;
    idx[k] = r % d;
    r = Math.floor(r / d);
  }
  return idx;
}

/** Flat position of a multi-index in `shape`. */
export function ravel(idx: readonly number[], shape: readonly number[]): number {
  let off = 0;
  for (let k = 0; k < shape.length; k++) off = off * shape[k]! + idx[k]!;
  return off;
}

/** NumPy broadcast of several shapes, or null when they do not broadcast. */
export function broadcastAll(...shapes: (readonly number[])[]): number[] | null {
  const n = Math.max(0, ...shapes.map((s) => s.length));
  const out: number[] = [];
  for (let k = 0; k < n; k++) {
    let d = 1;
    for (const s of shapes) {
      const j = k - (n - s.length);
      const dk = j < 0 ? 1 : s[j]!;
      if (dk === 1) continue;
      if (d !== 1 && d !== dk) return null;
      d = dk;
    }
    out.push(d);
  }
  return out;
}

/** The value of `x` at output multi-index `idx` of a broadcast result. */
export function atBroadcast(x: Nd, idx: readonly number[]): number {
  const lead = idx.length - x.shape.length;
  const own = x.shape.map((d, k) => (d === 1 ? 0 : idx[k + lead]!));
  return x.data[ravel(own, x.shape)]!;
}

/** fn applied element by element over the broadcast of the operands. */
export function naiveBroadcast(fn: (...v: number[]) => number, ...xs: Nd[]): { data: number[]; shape: number[] } {
  const shape = broadcastAll(...xs.map((x) => x.shape));
  if (shape === null) throw new Error('reference: shapes do not broadcast');
  const data: number[] = [];
  for (let i = 0; i < numel(shape); i++) {
    const idx = unravel(i, shape);
    data.push(fn(...xs.map((x) => atBroadcast(x, idx))));
  }
  return { data, shape };
}

/** Batched matrix product by the textbook triple loop, batch axes broadcast. */
export function naiveMatmul(a: Nd, b: Nd): { data: number[]; shape: number[] } {
  const M = a.shape[a.shape.length - 2]!;
  const K = a.shape[a.shape.length - 1]!;
  const N = b.shape[b.shape.length - 1]!;
  const ba = a.shape.slice(0, -2);
  const bb = b.shape.slice(0, -2);
  const batch = broadcastAll(ba, bb);
  if (batch === null) throw new Error('reference: batch axes do not broadcast');
  const data: number[] = [];
  for (let p = 0; p < numel(batch); p++) {
    const bidx = unravel(p, batch);
    const pick = (s: readonly number[]): number[] => s.map((d, k) => (d === 1 ? 0 : bidx[k + batch.length - s.length]!));
    const oa = ravel(pick(ba), ba) * M * K;
    const ob = ravel(pick(bb), bb) * K * N;
    for (let i = 0; i < M; i++) {
      for (let j = 0; j < N; j++) {
        let s = 0;
        for (let k = 0; k < K; k++) s += a.data[oa + i * K + k]! * b.data[ob + k * N + j]!;
        data.push(s);
      }
    }
  }
  return { data, shape: [...batch, M, N] };
}

/** Reduces `axes` (non-negative, any order) of x with `step`, starting from `init`. */
export function naiveReduce(
  x: Nd,
  axes: readonly number[],
  keepDims: boolean,
  init: number,
  step: (acc: number, v: number) => number,
): { data: number[]; shape: number[] } {
  const kept = x.shape.map((d, k) => (axes.includes(k) ? 1 : d));
  const acc = new Array<number>(numel(kept)).fill(init);
  for (let i = 0; i < numel(x.shape); i++) {
    const idx = unravel(i, x.shape).map((v, k) => (axes.includes(k) ? 0 : v));
    const o = ravel(idx, kept);
    acc[o] = step(acc[o]!, x.data[i]!);
  }
  const shape = keepDims ? kept : x.shape.filter((_, k) => !axes.includes(k));
  return { data: acc, shape };
}

/** Output axis k is input axis perm[k]. */
export function naivePermute(x: Nd, perm: readonly number[]): { data: number[]; shape: number[] } {
  const shape = perm.map((p) => x.shape[p]!);
  const data: number[] = [];
  for (let i = 0; i < numel(shape); i++) {
    const idx = unravel(i, shape);
    const src = new Array<number>(perm.length);
    perm.forEach((p, k) => (src[p] = idx[k]!));
    data.push(x.data[ravel(src, x.shape)]!);
  }
  return { data, shape };
}

/** The window begin[k] … begin[k] + size[k] − 1 on every axis. */
export function naiveSlice(x: Nd, begin: readonly number[], size: readonly number[]): number[] {
  const data: number[] = [];
  for (let i = 0; i < numel(size); i++) {
    const idx = unravel(i, size).map((v, k) => v + begin[k]!);
    data.push(x.data[ravel(idx, x.shape)]!);
  }
  return data;
}

/** Plain numbers of a typed array, for `toEqual`. */
export function values(x: Nd): number[] {
  return Array.from(x.data);
}

/** Asserts equal length and, element by element, equal values (NaN equals NaN, 0 equals −0). */
export function expectSame(actual: ArrayLike<number>, expected: ArrayLike<number>): void {
  if (actual.length !== expected.length) throw new Error(`length ${actual.length}, expected ${expected.length}`);
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    if (!(a === e || (a !== a && e !== e))) throw new Error(`element ${i}: got ${a}, expected ${e}`);
  }
}

/** Asserts |actual − expected| ≤ atol + rtol·|expected| element by element (NaN equals NaN). */
export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: { readonly atol: number; readonly rtol: number }): void {
  if (actual.length !== expected.length) throw new Error(`length ${actual.length}, expected ${expected.length}`);
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    if (a === e || (a !== a && e !== e)) continue;
    if (!(Math.abs(a - e) <= tol.atol + tol.rtol * Math.abs(e))) throw new Error(`element ${i}: got ${a}, expected ${e}`);
  }
}
