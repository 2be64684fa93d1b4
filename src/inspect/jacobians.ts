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
import { gemmSimd, residentChain, type BandColumns, type ResidentChain, type ResidentMatrix } from '../tensor/kernels/simd.js';
import type { Cell, State } from '../nn/cell.js';
import { like } from '../tensor/construct.js';
import { alloc } from '../tensor/dtype.js';
import { fresh } from '../tensor/pool.js';
import type { Tensor } from '../tensor/tensor.js';

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
  take: (n: number) => Float64Array = fresh,
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
  const out = Array.from({ length: B }, () => take(S * S));
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
  /** max |m|, when the maker knows it. */
  readonly top?: number;
}

/**
 * What a step Jacobian's maker knows of its zeros: columns first … first + count − 1 hold
 * non-zeros only at rows rowA + q and rowB + q (q = column − first, rowA < rowB), as the c columns
 * of a closed-form LSTM Jacobian do by construction. The product chain then skips looking.
 */
export type BandHint = Omit<BandColumns, 'v0' | 'v1'>;

/** Band hints of step Jacobians, by matrix (set where the matrix is made, never changed after). */
export const bandHints = new WeakMap<Float64Array, BandHint>();

/** A product chain's mantissas are rescaled once their largest entry leaves [2^−64, 2^64]. */
const RESCALE_ABOVE = 2 ** 64;

/**
 * Entry s = ∂s_t/∂s_s = J_t⋯J_{s+1} for s = 0…t, given js[k] = J_{k+1} (n×n): built from t
 * down (P_s = P_{s+1}·J_{s+1}), t products in all, each kept as mantissa·10^e (the mantissa's
 * largest entry within [2^−64, 2^64], brought back to [1, 2) when it drifts out). With
 * `rows` = [first, count], only those rows of each product (count×n): a block's norms need no more.
 */
export function scaledProducts(js: readonly Float64Array[], n: number, rows: readonly [number, number] = [0, n]): Scaled[] {
  const chain: Scaled[] = new Array<Scaled>(js.length + 1);
  const size = rows[1] * n;
  const store = new Float64Array(js.length * size); // one allocation for all t products
  runChain(js, n, rows, (s) => store.subarray(s * size, (s + 1) * size), (s, p) => (chain[s] = p));
  return chain;
}

/**
 * The same products, from s = t down, each handed to `visit` and not kept: a mantissa is
 * overwritten two products later. With the SIMD kernel, `resident` multiplies vectors by the
 * product where the kernel made it (no copy); see {@link ResidentMatrix}.
 */
export function visitProducts(js: readonly Float64Array[], n: number, visit: (s: number, p: Scaled, resident: ResidentMatrix | undefined) => void): void {
  const two = [new Float64Array(n * n), new Float64Array(n * n)];
  runChain(js, n, [0, n], (s) => two[s & 1]!, visit);
}

function runChain(
  js: readonly Float64Array[],
  n: number,
  [first, count]: readonly [number, number],
  place: (s: number) => Float64Array,
  visit: (s: number, p: Scaled, resident: ResidentMatrix | undefined) => void,
): void {
  const t = js.length;
  const eye = new Float64Array(count * n);
  for (let i = 0; i < count; i++) eye[i * n + first + i] = 1;
  visit(t, { m: eye, e: 0, top: 1 }, undefined);
  const work = new ProductWork(count, n);
  let finite = true;
  let bits = 0; // e = base + bits·log10 2
  let base = 0;
  let prev: Float64Array = eye;
  for (let s = t - 1; s >= 0; s--) {
    const m = place(s);
    const known = work.multiply(prev, js[s]!, m, finite);
    let top = known !== undefined && Number.isFinite(known) ? known : maxAbs(m);
    finite = Number.isFinite(top);
    if (top > 0 && finite && (top > RESCALE_ABOVE || top < 1 / RESCALE_ABOVE)) {
      // take out a power of two near the largest entry: exact, so the mantissas carry only the
      // products' own rounding (a division by the largest entry itself, far outside 2^±1000);
      // only when the product has drifted far from 1, as a chain of contractions does in steps
      const k = Math.floor(Math.log2(top));
      if (Math.abs(k) < 1000) {
        const f = 2 ** -k;
        for (let i = 0; i < m.length; i++) m[i]! *= f;
        bits += k;
        top *= f; // exact
      } else {
        for (let i = 0; i < m.length; i++) m[i]! /= top;
        base += Math.log10(top);
        top = 1;
      }
      work.changed(m);
    }
    visit(s, { m, e: base + bits * Math.log10(2), top }, work.resident());
    prev = m;
  }
}

/**
 * out = P·J for P count×n and J n×n. J's columns with at most n/8 non-zeros (an LSTM's c
 * columns hold diag(f) and diag(o⊙tanh′(c′)⊙f)) are summed over their non-zeros alone, and the
 * dense rest goes through the matmul kernel: half the work for an LSTM. With the SIMD kernel, a
 * finite chain whose sparse columns are an LSTM's band (or that has none) stays in the kernel's
 * memory from factor to factor ({@link residentChain}). For a finite P the bits are those of the
 * full product (a skipped term P·0 is ±0, and a sum from +0 never is −0); otherwise (0·∞ is
 * NaN) it is the full product.
 */
class ProductWork {
  private readonly sparse: Int32Array;
  private readonly dense: Int32Array;
  private ns = -1; // sparse columns (−1: not looked at yet; 0: too few, the chain goes dense)
  private nd = 0;
  /** The sparse columns' non-zeros, `width` slots per column in row order (unused slots: row 0, value 0). */
  private width = 0;
  private readonly rows: Int32Array;
  private readonly vals: Float64Array;
  private jd = new Float64Array(0);
  private pd = new Float64Array(0);
  private readonly v0: Float64Array;
  private readonly v1: Float64Array;
  private readonly fill: Int32Array;
  /** The running product in the SIMD kernel's memory, where it exists. */
  private readonly chain: ResidentChain | null;
  /** Whether the last product is held there. */
  private held = false;

  constructor(
    private readonly count: number,
    private readonly n: number,
  ) {
    this.chain = residentChain(count, n);
    this.sparse = new Int32Array(n);
    this.dense = new Int32Array(n);
    this.fill = new Int32Array(n);
    this.v0 = new Float64Array(n);
    this.v1 = new Float64Array(n);
    this.rows = new Int32Array(Math.max(2 * n, n * (n >> 3))); // two per column for a hint, n/8 when gathered
    this.vals = new Float64Array(Math.max(2 * n, n * (n >> 3)));
  }

  /** Returns max |out| when the kernel computed it along the way (NaN when any entry is NaN). */
  multiply(p: Float64Array, j: Float64Array, out: Float64Array, finite: boolean): number | undefined {
    const { count, n, chain } = this;
    // the columns found sparse in the previous factor are checked (their entries gathered) again;
    // one that filled up means a new look at all columns. A chain whose factors have too few
    // sparse columns to pay (an RNN's, a GRU's) stops looking.
    // A factor that comes with a band hint (a closed-form LSTM Jacobian) needs no look at all.
    const hinted = finite ? this.fromHint(j) : undefined;
    const sparseWay = hinted !== undefined || (finite && this.ns !== 0 && ((this.ns > 0 && this.gather(j)) || (this.classify(j) && this.gather(j))));
    this.held = finite && chain !== null;
    if (!sparseWay) {
      if (this.held) return chain!.step(p, j, undefined, out);
      gemm(p, 0, false, j, 0, false, out, 0, count, n, n);
      return undefined;
    }
    const { dense, sparse, nd, ns, rows, vals, width } = this;
    // two entries per column on two shifted diagonals (an LSTM's c columns: rows q and H + q of
    // column H + q): in the kernel's memory with the dense rest when that is one block
    const band = hinted ?? (width === 2 ? this.band() : undefined);
    if (band && chain && (band.first === 0 || band.first + band.count === n)) return chain.step(p, j, band, out);
    this.held = false;
    if (nd > 0) {
      const first = dense[0]!;
      // one block of adjacent dense columns (an LSTM's h columns) is multiplied in place
      if (!(dense[nd - 1]! - first === nd - 1 && gemmSimd(p, 0, false, j, first, false, out, first, count, n, nd, n, n, n))) {
        if (this.jd.length < n * nd) this.jd = new Float64Array(n * nd);
        if (this.pd.length < count * nd) this.pd = new Float64Array(count * nd);
        const { jd, pd } = this;
        for (let k = 0; k < n; k++) for (let q = 0; q < nd; q++) jd[k * nd + q] = j[k * n + dense[q]!]!;
        gemm(p, 0, false, jd, 0, false, pd, 0, count, n, nd);
        for (let i = 0; i < count; i++) for (let q = 0; q < nd; q++) out[i * n + dense[q]!] = pd[i * nd + q]!;
      }
    }
    // the band as two scaled, contiguous column blocks of P
    if (band) {
      const { first: c0, rowA: o0, rowB: o1, v0, v1 } = band;
      for (let i = 0; i < count; i++) {
        const r = i * n;
        const a = r + o0;
        const b = r + o1;
        const c = r + c0;
        for (let q = 0; q < ns; q++) {
          let sum = 0;
          sum += p[a + q]! * v0[q]!;
          sum += p[b + q]! * v1[q]!;
          out[c + q] = sum;
        }
      }
      return undefined;
    }
    for (let i = 0; i < count; i++) {
      const r = i * n;
      if (width === 2) {
        for (let q = 0, e = 0; q < ns; q++, e += 2) {
          let sum = 0;
          sum += p[r + rows[e]!]! * vals[e]!;
          sum += p[r + rows[e + 1]!]! * vals[e + 1]!;
          out[r + sparse[q]!] = sum;
        }
        continue;
      }
      for (let q = 0, e = 0; q < ns; q++) {
        let sum = 0;
        for (const end = e + width; e < end; e++) sum += p[r + rows[e]!]! * vals[e]!;
        out[r + sparse[q]!] = sum;
      }
    }
    return undefined;
  }

  /** The last product was changed after {@link multiply} made it (rescaled). */
  changed(m: Float64Array): void {
    if (this.held) this.chain!.hold(m);
  }

  /** Products with the last product in the SIMD kernel's memory, when it is held there. */
  resident(): ResidentMatrix | undefined {
    return this.held ? this.chain!.matrix : undefined;
  }

  /**
   * The band form from J's hint (see {@link bandHints}), with the dense columns set to the rest;
   * undefined without a hint, or when the rest is not one block of adjacent columns.
   */
  private fromHint(j: Float64Array): BandColumns | undefined {
    const hint = bandHints.get(j);
    const { n } = this;
    if (!hint || hint.count * 4 < n) return undefined;
    const { first, count, rowA, rowB } = hint;
    if (first !== 0 && first + count !== n) return undefined;
    this.nd = 0;
    for (let c = 0; c < n; c++) if (c < first || c >= first + count) this.dense[this.nd++] = c;
    // the gathered form, read off the two diagonals without a look at the rest
    this.ns = count;
    this.width = 2;
    for (let q = 0; q < count; q++) {
      this.sparse[q] = first + q;
      this.rows[2 * q] = rowA + q;
      this.rows[2 * q + 1] = rowB + q;
      this.vals[2 * q] = j[(rowA + q) * n + first + q]!;
      this.vals[2 * q + 1] = j[(rowB + q) * n + first + q]!;
    }
    return this.band();
  }

  /**
   * The band form when the sparse columns are adjacent and column first + q has its two entries
   * at rows rowA + q and rowB + q.
   */
  private band(): BandColumns | undefined {
    const { ns, sparse, rows, vals } = this;
    const c0 = sparse[0]!;
    const o0 = rows[0]!;
    const o1 = rows[1]!;
    for (let q = 0; q < ns; q++) {
      if (sparse[q] !== c0 + q || rows[2 * q] !== o0 + q || rows[2 * q + 1] !== o1 + q) return undefined;
    }
    for (let q = 0; q < ns; q++) {
      this.v0[q] = vals[2 * q]!;
      this.v1[q] = vals[2 * q + 1]!;
    }
    return { first: c0, count: ns, rowA: o0, rowB: o1, v0: this.v0, v1: this.v1 };
  }

  /** Sorts J's columns into sparse (≤ n/8 non-zeros) and dense; false when too few are sparse to pay. */
  private classify(j: Float64Array): boolean {
    const { n, sparse, dense } = this;
    const nnz = new Int32Array(n);
    for (let k = 0; k < n; k++) {
      const r = k * n;
      for (let c = 0; c < n; c++) if (j[r + c] !== 0) nnz[c]!++;
    }
    this.ns = 0;
    this.nd = 0;
    this.width = 1;
    for (let c = 0; c < n; c++) {
      if (nnz[c]! <= n >> 3) {
        sparse[this.ns++] = c;
        this.width = Math.max(this.width, nnz[c]!);
      } else dense[this.nd++] = c;
    }
    if (this.ns * 4 >= n) return true;
    this.ns = 0;
    return false;
  }

  /**
   * Gathers the sparse columns' non-zeros in row order (padding each column to `width` slots
   * with zeros, harmless for a finite P); false when a column has more than `width`.
   */
  private gather(j: Float64Array): boolean {
    const { n, ns, sparse, rows, vals, width, fill } = this;
    fill.fill(0, 0, ns);
    // adjacent sparse columns (the usual case) are read as one run per row
    const c0 = sparse[0]!;
    const run = sparse[ns - 1]! - c0 === ns - 1;
    for (let k = 0; k < n; k++) {
      const r = k * n;
      for (let q = 0; q < ns; q++) {
        const v = j[run ? r + c0 + q : r + sparse[q]!]!;
        if (v === 0) continue;
        const f = fill[q]!;
        if (f === width) return false;
        rows[q * width + f] = k;
        vals[q * width + f] = v;
        fill[q] = f + 1;
      }
    }
    for (let q = 0; q < ns; q++) {
      for (let f = fill[q]!; f < width; f++) {
        rows[q * width + f] = 0;
        vals[q * width + f] = 0;
      }
    }
    return true;
  }
}
