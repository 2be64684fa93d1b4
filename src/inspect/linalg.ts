/**
 * Small dense linear algebra on row-major `Float64Array` square matrices, for Jacobians:
 * products, the symmetric eigenvalues of MᵀM (Householder tridiagonalisation + implicit QL),
 * the spectral norm, and all singular values by one-sided Jacobi (high relative accuracy).
 * @module
 */
import { gemm } from '../tensor/kernels/gemm.js';

/** C = A·B for n×n matrices (the tensor module's blocked kernel). */
export function matmulSquare(a: Float64Array, b: Float64Array, n: number): Float64Array {
  const c = new Float64Array(n * n);
  gemm(a, 0, false, b, 0, false, c, 0, n, n, n);
  return c;
}

/** Largest |entry| (0 for an all-zero matrix). */
export function maxAbs(a: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const v = Math.abs(a[i]!);
    if (v > m || v !== v) m = v;
  }
  return m;
}

/** Frobenius norm. */
export function frobenius(a: Float64Array): number {
  const m = maxAbs(a);
  if (m === 0 || !Number.isFinite(m)) return m;
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    const v = a[i]! / m;
    s += v * v;
  }
  return m * Math.sqrt(s);
}

/** Gram matrix MᵀM (n×n, symmetric). */
function gram(m: Float64Array, n: number): Float64Array {
  const g = new Float64Array(n * n);
  // exactly symmetric: entries (i, j) and (j, i) multiply the same pairs in the same k order
  gemm(m, 0, true, m, 0, false, g, 0, n, n, n);
  return g;
}

/**
 * Eigenvalues of a symmetric n×n matrix (destroys `a`): Householder reduction to tridiagonal
 * form, then the implicit QL algorithm with Wilkinson shifts. Unsorted.
 */
export function symmetricEigenvalues(a: Float64Array, n: number): Float64Array {
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  for (let i = n - 1; i > 0; i--) {
    const l = i - 1;
    let h = 0;
    if (l > 0) {
      let scale = 0;
      for (let k = 0; k <= l; k++) scale += Math.abs(a[i * n + k]!);
      if (scale === 0) {
        e[i] = a[i * n + l]!;
      } else {
        for (let k = 0; k <= l; k++) {
          a[i * n + k]! /= scale;
          h += a[i * n + k]! * a[i * n + k]!;
        }
        let f = a[i * n + l]!;
        let g = f >= 0 ? -Math.sqrt(h) : Math.sqrt(h);
        e[i] = scale * g;
        h -= f * g;
        a[i * n + l] = f - g;
        f = 0;
        for (let j = 0; j <= l; j++) {
          g = 0;
          for (let k = 0; k <= j; k++) g += a[j * n + k]! * a[i * n + k]!;
          for (let k = j + 1; k <= l; k++) g += a[k * n + j]! * a[i * n + k]!;
          e[j] = g / h;
          f += e[j]! * a[i * n + j]!;
        }
        const hh = f / (h + h);
        for (let j = 0; j <= l; j++) {
          f = a[i * n + j]!;
          g = e[j]! - hh * f;
          e[j] = g;
          for (let k = 0; k <= j; k++) a[j * n + k]! -= f * e[k]! + g * a[i * n + k]!;
        }
      }
    } else {
      e[i] = a[i * n + l]!;
    }
  }
  for (let i = 0; i < n; i++) d[i] = a[i * n + i]!;
  // implicit QL on (d, e)
  for (let i = 1; i < n; i++) e[i - 1] = e[i]!;
  if (n > 0) e[n - 1] = 0;
  for (let l = 0; l < n; l++) {
    let iter = 0;
    for (;;) {
      let m = l;
      for (; m < n - 1; m++) {
        const dd = Math.abs(d[m]!) + Math.abs(d[m + 1]!);
        if (Math.abs(e[m]!) <= Number.EPSILON * dd) break;
      }
      if (m === l) break;
      if (iter++ === 60) break; // give up refining this eigenvalue; it is accurate to rounding already
      let g = (d[l + 1]! - d[l]!) / (2 * e[l]!);
      let r = Math.hypot(g, 1);
      g = d[m]! - d[l]! + e[l]! / (g + (g >= 0 ? Math.abs(r) : -Math.abs(r)));
      let s = 1;
      let c = 1;
      let p = 0;
      let i = m - 1;
      let underflow = false;
      for (; i >= l; i--) {
        const f = s * e[i]!;
        const b = c * e[i]!;
        r = Math.hypot(f, g);
        e[i + 1] = r;
        if (r === 0) {
          d[i + 1]! -= p;
          e[m] = 0;
          underflow = true;
          break;
        }
        s = f / r;
        c = g / r;
        g = d[i + 1]! - p;
        r = (d[i]! - g) * s + 2 * c * b;
        p = s * r;
        d[i + 1] = g + p;
        g = c * r - b;
      }
      if (underflow) continue;
      d[l]! -= p;
      e[l] = g;
      e[m] = 0;
    }
  }
  return d;
}

/** Largest singular value of an n×n matrix: √λmax(MᵀM), computed on a rescaled copy. */
export function spectralNorm(m: Float64Array, n: number): number {
  const s = maxAbs(m);
  if (s === 0 || !Number.isFinite(s)) return s;
  const scaled = new Float64Array(m.length);
  for (let i = 0; i < m.length; i++) scaled[i] = m[i]! / s;
  const ev = symmetricEigenvalues(gram(scaled, n), n);
  let top = 0;
  for (let i = 0; i < n; i++) top = Math.max(top, ev[i]!);
  return s * Math.sqrt(top);
}

/**
 * All singular values of an n×n matrix, descending, by one-sided Jacobi (Hestenes): columns
 * are orthogonalised by plane rotations until every pair is orthogonal to rounding; the
 * singular values are the column norms. Accurate to high relative precision, tiny ones included.
 */
export function singularValues(m: Float64Array, n: number): number[] {
  const s0 = maxAbs(m);
  if (s0 === 0 || !Number.isFinite(s0)) return new Array<number>(n).fill(s0);
  const u = new Float64Array(m.length);
  for (let i = 0; i < m.length; i++) u[i] = m[i]! / s0;
  for (let sweep = 0; sweep < 80; sweep++) {
    let rotated = false;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        let alpha = 0;
        let beta = 0;
        let gamma = 0;
        for (let k = 0; k < n; k++) {
          const up = u[k * n + p]!;
          const uq = u[k * n + q]!;
          alpha += up * up;
          beta += uq * uq;
          gamma += up * uq;
        }
        if (gamma === 0 || Math.abs(gamma) <= 1e-15 * Math.sqrt(alpha * beta)) continue;
        rotated = true;
        const zeta = (beta - alpha) / (2 * gamma);
        const t = (zeta >= 0 ? 1 : -1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = c * t;
        for (let k = 0; k < n; k++) {
          const up = u[k * n + p]!;
          const uq = u[k * n + q]!;
          u[k * n + p] = c * up - s * uq;
          u[k * n + q] = s * up + c * uq;
        }
      }
    }
    if (!rotated) break;
  }
  const out: number[] = [];
  for (let j = 0; j < n; j++) {
    let s = 0;
    for (let k = 0; k < n; k++) s += u[k * n + j]! * u[k * n + j]!;
    out.push(s0 * Math.sqrt(s));
  }
  return out.sort((x, y) => y - x);
}

/** The H×H block [to, from] of an S×S matrix split into S/H parts per side. */
export function extractBlock(m: Float64Array, S: number, H: number, [to, from]: readonly [number, number]): [Float64Array, number] {
  const out = new Float64Array(H * H);
  for (let i = 0; i < H; i++) for (let j = 0; j < H; j++) out[i * H + j] = m[(to * H + i) * S + from * H + j]!;
  return [out, H];
}
