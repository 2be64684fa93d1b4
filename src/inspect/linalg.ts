/**
 * Small dense linear algebra on row-major `Float64Array` square matrices, for Jacobians:
 * the symmetric eigenvalues of MᵀM (Householder tridiagonalisation + implicit QL),
 * the spectral norm, and all singular values by one-sided Jacobi (high relative accuracy).
 * @module
 */
import { gemm } from '../tensor/kernels/gemm.js';
import { residentMatrix, type ResidentMatrix } from '../tensor/kernels/simd.js';

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
  for (let i = 1; i < n; i++) e[i - 1] = e[i]!;
  if (n > 0) e[n - 1] = 0;
  return tridiagonalEigenvalues(d, e, n);
}

/**
 * Eigenvalues of the symmetric tridiagonal n×n matrix with diagonal d and off-diagonal e (e[i]
 * joins i and i + 1; e[n − 1] is 0), by the implicit QL algorithm with Wilkinson shifts, in place (d
 * holds them after, unsorted; e is destroyed).
 */
function tridiagonalEigenvalues(d: Float64Array, e: Float64Array, n: number): Float64Array {
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
      let r = hypot(g, 1);
      g = d[m]! - d[l]! + e[l]! / (g + (g >= 0 ? Math.abs(r) : -Math.abs(r)));
      let s = 1;
      let c = 1;
      let p = 0;
      let i = m - 1;
      let underflow = false;
      for (; i >= l; i--) {
        const f = s * e[i]!;
        const b = c * e[i]!;
        r = hypot(f, g);
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

/**
 * √(a² + b²) without overflow or underflow for finite a, b (the QL sweep's, whose matrix is
 * finite: spectralNorm returns before it for a NaN or ∞ entry): the larger magnitude times
 * √(1 + ratio²). Math.hypot returns a boxed number from a builtin call, one allocation per
 * rotation of the sweep.
 */
function hypot(a: number, b: number): number {
  const x = Math.abs(a);
  const y = Math.abs(b);
  const big = x > y ? x : y;
  const small = x > y ? y : x;
  if (big === 0) return 0;
  const r = small / big;
  return big * Math.sqrt(1 + r * r);
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


/** The top singular value of a matrix and its left singular vector (unit length). */
export interface TopSingular {
  readonly sigma: number;
  /** Undefined for a zero or non-finite matrix. */
  readonly u: Float64Array | undefined;
}

/** Most Lanczos steps before {@link topSingular} falls back to the full eigenvalue route. */
const LANCZOS_STEPS = 40;

/**
 * The largest singular value of an n×n matrix, and its left singular vector, by Lanczos on MᵀM
 * with full reorthogonalisation. `guess`, a unit vector near the top left singular vector (the
 * previous one, along a product chain whose left end is fixed), starts it at Mᵀ·guess: a few
 * steps then suffice. It stops when the top Ritz pair (θ, residual r) is exact to rounding by the
 * Kato–Temple bound λ₁ − θ ≤ r²/(θ − λ₂), with ‖M‖_F² − θ ≥ λ₂ (of use when it is below θ: when
 * most of M's weight is in its top singular value, as along a long product chain), or once r is
 * below 1e-13·θ: σ is then exact to rounding when the top singular value stands apart, and within
 * the gap when the top two are closer than ~1e-10 (a Krylov method cannot tell such a pair apart).
 * If that takes more than 40 steps, σ comes from {@link spectralNorm}. `top` is max |m| when the
 * caller knows it; `held`, m already in the SIMD kernel's memory (a product chain's, see
 * jacobians.ts).
 */
export function topSingular(m: Float64Array, n: number, guess?: Float64Array, top: number = maxAbs(m), held?: ResidentMatrix): TopSingular {
  if (top === 0 || !Number.isFinite(top)) return { sigma: top, u: undefined };
  // the Lanczos vectors' norms square MᵀM's entries (~max|M|⁴) and must neither overflow nor
  // underflow: a matrix far from 1 is rescaled first (a product chain's mantissas are within
  // [2^−64, 2^64] and skip the copy)
  const s = top > 1e-60 && top < 1e60 ? 1 : top;
  const a = s === 1 ? m : m.map((x) => x / s);
  // the matrix–vector products in the SIMD kernel's memory where it exists (the same bits)
  const resident = s === 1 && held ? held : residentMatrix(a, n, n);
  const mul = (x: Float64Array, y: Float64Array): void => (resident ? resident.mul(x, y) : matVec(a, x, n, y));
  const mulT = (x: Float64Array, y: Float64Array): void => (resident ? resident.mulT(x, y) : matTVec(a, x, n, y));
  // tr(MᵀM) = ‖M‖_F², rounded up past its rounding (a sum of n² squares is off by less than
  // n²·2⁻⁵³ of it, and squares below 2⁻¹⁰²² may be lost): λ₂ ≤ tr − λ₁ ≤ tr − θ for a Ritz value θ
  const trace = (resident ? resident.sumSquares() : dot(a, a)) * (1 + n * n * 2.3e-16) + n * n * 2.3e-308;
  // the Lanczos vectors q_0 … q_k in rows 0 … k of one workspace (w, the next, in row k + 1), a
  // spare row, then M·q_0 … M·q_k: nothing is allocated per step
  const steps = Math.min(n, LANCZOS_STEPS);
  const rows = workspace(2 * steps + 2, n);
  const y = rows[steps + 1]!;
  const mq = steps + 2; // row of M·q_0
  const coef = coefficients(steps);
  // a fixed, unstructured start mixed in, so no eigenvector is missed by a start orthogonal to it
  const start = startPattern(n);
  const q = rows[0]!;
  for (let i = 0; i < n; i++) q[i] = (guess ? 1e-3 : 1) * start[i]!;
  if (guess) {
    mulT(guess, y);
    const gn = norm2(y);
    if (gn > 0) for (let i = 0; i < n; i++) q[i]! += y[i]! / gn;
  }
  scaleTo1(q);
  const alpha: number[] = [];
  const beta: number[] = [];
  for (let k = 0; k < steps; k++) {
    const qk = rows[k]!;
    const w = rows[k + 1]!;
    mul(qk, rows[mq + k]!);
    mulT(rows[mq + k]!, w);
    const ak = dot(qk, w);
    alpha.push(ak);
    // full reorthogonalisation, twice (classical Gram–Schmidt is exact enough only when repeated)
    for (let pass = 0; pass < 2; pass++) orthogonalize(w, rows, k + 1, coef);
    const bk = norm2(w);
    const last = bk === 0 || k === n - 1;
    // the test solves the k×k tridiagonal problem, at a cost that grows as k²: past 8 steps,
    // where convergence is slow, every other step is enough
    if (last || k < 8 || (k & 1) === 1 || k === steps - 1) {
      const { theta, z } = topOfTridiagonal(alpha, beta);
      const residual = bk * Math.abs(z[k]!);
      // λ₁ − θ ≤ r²/(θ − λ₂) (Kato–Temple) with tr − θ for λ₂: exact to rounding once below 1e-16·θ
      // (a bound of no use while tr − θ ≥ θ: then the right side is not positive)
      const above = trace - theta;
      if (residual <= 1e-13 * theta || last || residual * residual <= 1e-16 * theta * (theta - above)) {
        // the Ritz vector y = Σ z_j·q_j, and M·y = Σ z_j·(M·q_j) from the products made on the way;
        // σ = ‖M·y‖/‖y‖ is as accurate as √θ
        const u = new Float64Array(n);
        y.fill(0);
        for (let j = 0; j <= k; j++) {
          const qj = rows[j]!;
          const mj = rows[mq + j]!;
          const zj = z[j]!;
          for (let i = 0; i < n; i++) {
            y[i]! += zj * qj[i]!;
            u[i]! += zj * mj[i]!;
          }
        }
        const sigma = (s * norm2(u)) / norm2(y);
        scaleTo1(u);
        return { sigma, u };
      }
    }
    beta.push(bk);
    for (let i = 0; i < n; i++) w[i]! /= bk;
  }
  return { sigma: spectralNorm(m, n), u: undefined };
}

/** Rows of n entries over one reused allocation (topSingular's vectors; it does not reenter). */
let work: { n: number; rows: Float64Array[] } = { n: 0, rows: [] };
function workspace(count: number, n: number): readonly Float64Array[] {
  if (work.n !== n || work.rows.length < count) {
    const all = new Float64Array(count * n);
    work = { n, rows: Array.from({ length: count }, (_, r) => all.subarray(r * n, (r + 1) * n)) };
  }
  return work.rows;
}

/** Scratch for {@link orthogonalize}'s coefficients (at least `count`, kept). */
let coefs = new Float64Array(0);
function coefficients(count: number): Float64Array {
  if (coefs.length < count + 4) coefs = new Float64Array(count + 4);
  return coefs;
}

/**
 * One classical Gram–Schmidt pass: w ← w − Σ_j (q_jᵀw)·q_j over rows 0 … count − 1 (orthonormal),
 * every coefficient taken from the same w. The dot products go four at a time (four independent
 * sums keep the adder busy where one waits on each addition) and so does the update, one pass over
 * w per four rows. `c` is scratch of at least count rounded up to four entries.
 */
function orthogonalize(w: Float64Array, rows: readonly Float64Array[], count: number, c: Float64Array): void {
  const n = w.length;
  for (let j = 0; j < count; j += 4) {
    // rows past count read as row j (their coefficients are not used)
    const q0 = rows[j]!;
    const q1 = j + 1 < count ? rows[j + 1]! : q0;
    const q2 = j + 2 < count ? rows[j + 2]! : q0;
    const q3 = j + 3 < count ? rows[j + 3]! : q0;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let i = 0; i < n; i++) {
      const x = w[i]!;
      s0 += q0[i]! * x;
      s1 += q1[i]! * x;
      s2 += q2[i]! * x;
      s3 += q3[i]! * x;
    }
    c[j] = s0;
    c[j + 1] = j + 1 < count ? s1 : 0;
    c[j + 2] = j + 2 < count ? s2 : 0;
    c[j + 3] = j + 3 < count ? s3 : 0;
  }
  for (let j = 0; j < count; j += 4) {
    const q0 = rows[j]!;
    const q1 = j + 1 < count ? rows[j + 1]! : q0;
    const q2 = j + 2 < count ? rows[j + 2]! : q0;
    const q3 = j + 3 < count ? rows[j + 3]! : q0;
    const c0 = c[j]!;
    const c1 = c[j + 1]!;
    const c2 = c[j + 2]!;
    const c3 = c[j + 3]!;
    for (let i = 0; i < n; i++) w[i] = w[i]! - (c0 * q0[i]! + c1 * q1[i]! + c2 * q2[i]! + c3 * q3[i]!);
  }
}

/** 1 + sin(1.7·i + 0.3)/2, i < n: Lanczos's unstructured start (the last n's kept). */
let pattern = new Float64Array(0);
function startPattern(n: number): Float64Array {
  if (pattern.length !== n) pattern = Float64Array.from({ length: n }, (_, i) => 1 + 0.5 * Math.sin(1.7 * i + 0.3));
  return pattern;
}

/** The largest eigenvalue of the symmetric tridiagonal (alpha, beta) and its unit eigenvector (valid until the next call). */
function topOfTridiagonal(alpha: readonly number[], beta: readonly number[]): { theta: number; z: Float64Array } {
  const k = alpha.length;
  if (tri.d.length < k) tri = { d: new Float64Array(2 * k), e: new Float64Array(2 * k), c: new Float64Array(2 * k), z: new Float64Array(2 * k) };
  const { d, e, c, z } = tri;
  let span = 0;
  for (let i = 0; i < k; i++) {
    d[i] = alpha[i]!;
    e[i] = i + 1 < k ? beta[i]! : 0;
    span = Math.max(span, Math.abs(alpha[i]!), Math.abs(e[i]!));
  }
  tridiagonalEigenvalues(d, e, k);
  let theta = -Infinity;
  for (let i = 0; i < k; i++) theta = Math.max(theta, d[i]!);
  // inverse iteration on (θ + δ)I − T, positive definite for δ above θ's rounding: the solve
  // magnifies θ's eigenvector by ~1/δ, so two solves give it to rounding
  const shift = theta + 1e-12 * span + Number.MIN_VALUE;
  const zk = z.subarray(0, k);
  zk.fill(1);
  for (let it = 0; it < 2; it++) {
    // (shift − T)·x = z in place (Thomas): diagonal shift − alpha, off-diagonal −beta
    let piv = shift - alpha[0]!;
    zk[0]! /= piv;
    for (let i = 1; i < k; i++) {
      const off = -beta[i - 1]!;
      c[i - 1] = off / piv;
      piv = shift - alpha[i]! - off * c[i - 1]!;
      zk[i] = (zk[i]! - off * zk[i - 1]!) / piv;
    }
    for (let i = k - 2; i >= 0; i--) zk[i]! -= c[i]! * zk[i + 1]!;
    scaleTo1(zk);
  }
  return { theta, z: zk };
}

/** topOfTridiagonal's scratch. */
let tri = { d: new Float64Array(0), e: new Float64Array(0), c: new Float64Array(0), z: new Float64Array(0) };

/** y = M·x (the plain matmul loops: four rows of M per pass, each sum in column order). */
function matVec(a: Float64Array, x: Float64Array, n: number, y: Float64Array): void {
  gemm(x, 0, false, a, 0, true, y, 0, 1, n, n); // yᵀ = xᵀ·Mᵀ
}

/** y = Mᵀ·x (the plain matmul loops: four rows of M per pass over y, each entry in row order). */
function matTVec(a: Float64Array, x: Float64Array, n: number, y: Float64Array): void {
  gemm(x, 0, false, a, 0, false, y, 0, 1, n, n); // yᵀ = xᵀ·M
}

function dot(x: Float64Array, y: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]! * y[i]!;
  return s;
}

function norm2(x: Float64Array): number {
  return Math.sqrt(dot(x, x));
}

/** Divides x by its 2-norm in place (a zero vector stays zero). */
function scaleTo1(x: Float64Array): void {
  const nx = norm2(x);
  if (nx > 0) for (let i = 0; i < x.length; i++) x[i]! /= nx;
}
