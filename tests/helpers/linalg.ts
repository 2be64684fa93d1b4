/**
 * Reference dense linear algebra for the tests, written independently of src/inspect/linalg.ts
 * and deliberately simple: matrices are `number[][]`, eigenvalues come from the cyclic Jacobi
 * method, the spectral norm also from power iteration. Slow, but obviously correct.
 */

/** A dense matrix, row by row. */
export type Mat = number[][];

/** The n×n identity. */
export function identity(n: number): Mat {
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
}

/** An n×n matrix from row-major data (a Float64Array or a tensor's data). */
export function fromFlat(data: ArrayLike<number>, rows: number, cols: number = rows, offset = 0): Mat {
  return Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => data[offset + i * cols + j]!));
}

/** Row-major data of a matrix. */
export function toFlat(a: Mat): Float64Array {
  return Float64Array.from(a.flat());
}

/** Aᵀ. */
export function transpose(a: Mat): Mat {
  const cols = a[0]?.length ?? 0;
  return Array.from({ length: cols }, (_, j) => a.map((row) => row[j]!));
}

/** A·B. */
export function matmul(a: Mat, b: Mat): Mat {
  const n = b[0]?.length ?? 0;
  return a.map((row) => Array.from({ length: n }, (_, j) => row.reduce((s, v, k) => s + v * b[k]![j]!, 0)));
}

/** A·v. */
export function matvec(a: Mat, v: readonly number[]): number[] {
  return a.map((row) => row.reduce((s, x, j) => s + x * v[j]!, 0));
}

/** c·A. */
export function scale(a: Mat, c: number): Mat {
  return a.map((row) => row.map((v) => v * c));
}

/** A + B. */
export function plus(a: Mat, b: Mat): Mat {
  return a.map((row, i) => row.map((v, j) => v + b[i]![j]!));
}

/** diag(d)·A (scales row i by d[i]). */
export function diagTimes(d: readonly number[], a: Mat): Mat {
  return a.map((row, i) => row.map((v) => d[i]! * v));
}

/** The diagonal matrix diag(d). */
export function diag(d: readonly number[]): Mat {
  return d.map((v, i) => d.map((_, j) => (i === j ? v : 0)));
}

/** Rows r0…r0+nr−1 and columns c0…c0+nc−1 of A. */
export function block(a: Mat, r0: number, nr: number, c0: number, nc: number): Mat {
  return a.slice(r0, r0 + nr).map((row) => row.slice(c0, c0 + nc));
}

/** [[A, B], [C, D]]. */
export function blocks(a: Mat, b: Mat, c: Mat, d: Mat): Mat {
  return [...a.map((row, i) => [...row, ...b[i]!]), ...c.map((row, i) => [...row, ...d[i]!])];
}

/** Largest |entry|. */
export function maxAbsEntry(a: Mat): number {
  return a.reduce((m, row) => row.reduce((mm, v) => Math.max(mm, Math.abs(v)), m), 0);
}

/** Frobenius norm, as the square root of the plain sum of squares (callers keep entries in range). */
export function frobeniusNorm(a: Mat): number {
  return Math.sqrt(a.reduce((s, row) => row.reduce((ss, v) => ss + v * v, s), 0));
}

/**
 * Eigenvalues of a symmetric matrix by the cyclic Jacobi method: rotate away each off-diagonal
 * entry in turn until the off-diagonal mass is negligible. Sorted descending.
 */
export function jacobiEigenvalues(sym: Mat): number[] {
  const n = sym.length;
  const a = sym.map((row) => [...row]);
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    let total = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        total += a[i]![j]! ** 2;
        if (i !== j) off += a[i]![j]! ** 2;
      }
    }
    if (off <= 1e-32 * total || off === 0) break;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p]![q]!;
        if (apq === 0) continue;
        // choose the rotation angle θ with tan(2θ) = 2a_pq / (a_qq − a_pp)
        const theta = (a[q]![q]! - a[p]![p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k]![p]!;
          const akq = a[k]![q]!;
          a[k]![p] = c * akp - s * akq;
          a[k]![q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p]![k]!;
          const aqk = a[q]![k]!;
          a[p]![k] = c * apk - s * aqk;
          a[q]![k] = s * apk + c * aqk;
        }
      }
    }
  }
  return a.map((row, i) => row[i]!).sort((x, y) => y - x);
}

/**
 * Singular values of a square A, descending: the n largest eigenvalues of the symmetric
 * [[0, A], [Aᵀ, 0]] (which are ±σ_i), on A rescaled to max |entry| 1. Accurate to about
 * 1e-15·σ_max in absolute terms (a tiny σ only to that absolute accuracy; see `determinant`).
 */
export function singularValuesRef(a: Mat): number[] {
  const n = a.length;
  const m = maxAbsEntry(a);
  if (m === 0) return a.map(() => 0);
  const s = a.map((r) => r.map((v) => v / m)); // divide: 1/m overflows for subnormal m
  const aug = Array.from({ length: 2 * n }, (_, i) =>
    Array.from({ length: 2 * n }, (_, j) => (i < n && j >= n ? s[i]![j - n]! : i >= n && j < n ? s[j]![i - n]! : 0)),
  );
  return jacobiEigenvalues(aug)
    .slice(0, n)
    .map((l) => m * Math.max(0, l));
}

/** det(A) by Gaussian elimination with partial pivoting (|det A| = ∏ σ_i). */
export function determinant(a: Mat): number {
  const n = a.length;
  const u = a.map((row) => [...row]);
  let det = 1;
  for (let k = 0; k < n; k++) {
    let p = k;
    for (let i = k + 1; i < n; i++) if (Math.abs(u[i]![k]!) > Math.abs(u[p]![k]!)) p = i;
    if (u[p]![k] === 0) return 0;
    if (p !== k) {
      [u[p], u[k]] = [u[k]!, u[p]!];
      det = -det;
    }
    det *= u[k]![k]!;
    for (let i = k + 1; i < n; i++) {
      const f = u[i]![k]! / u[k]![k]!;
      for (let j = k; j < n; j++) u[i]![j]! -= f * u[k]![j]!;
    }
  }
  return det;
}

/** ‖A‖₂ by power iteration on AᵀA (rescaled), from a fixed start vector with all entries non-zero. */
export function powerIterationNorm(a: Mat, iterations = 500): number {
  const m = maxAbsEntry(a);
  if (m === 0) return 0;
  const s = a.map((r) => r.map((v) => v / m));
  const g = matmul(transpose(s), s);
  let v = g.map((_, i) => 1 + i / 7);
  let lambda = 0;
  for (let k = 0; k < iterations; k++) {
    const w = matvec(g, v);
    const n = Math.hypot(...w);
    if (n === 0) return 0;
    lambda = n / Math.hypot(...v);
    v = w.map((x) => x / n);
  }
  return m * Math.sqrt(lambda);
}

/** A random orthogonal n×n matrix: modified Gram–Schmidt (twice) on the columns of `seedMat`. */
export function orthonormalize(seedMat: Mat): Mat {
  const n = seedMat.length;
  const cols = transpose(seedMat);
  const q: number[][] = [];
  for (const c of cols) {
    let v = [...c];
    for (let pass = 0; pass < 2; pass++) {
      for (const u of q) {
        const d = u.reduce((s, x, i) => s + x * v[i]!, 0);
        v = v.map((x, i) => x - d * u[i]!);
      }
    }
    const nv = Math.hypot(...v);
    q.push(v.map((x) => x / nv));
  }
  return transpose(q.slice(0, n));
}

/** U·diag(σ)·Vᵀ. */
export function fromSvd(u: Mat, sigma: readonly number[], v: Mat): Mat {
  return matmul(
    u.map((row) => row.map((x, j) => x * sigma[j]!)),
    transpose(v),
  );
}

/**
 * A product of many matrices carried as mantissa·10^e (the mantissa renormalised to max |entry|
 * 1 after every factor), so it never underflows. `factors` are applied left to right.
 */
export function scaledProduct(factors: readonly Mat[], n: number): { m: Mat; e: number } {
  let m = identity(n);
  let e = 0;
  for (const f of factors) {
    m = matmul(m, f);
    const top = maxAbsEntry(m);
    if (top > 0) {
      m = m.map((r) => r.map((v) => v / top));
      e += Math.log10(top);
    }
  }
  return { m, e };
}
