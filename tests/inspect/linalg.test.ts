import { describe, expect, it } from 'vitest';
import { frobenius, maxAbs, singularValues, spectralNorm, symmetricEigenvalues } from '../../src/inspect/linalg.js';
import { randn } from '../../src/tensor/index.js';
import { fc, runs } from '../helpers/fc.js';
import type { Mat } from '../helpers/linalg.js';
import { diag, frobeniusNorm, fromFlat, fromSvd, jacobiEigenvalues, matmul, orthonormalize, powerIterationNorm, scale, singularValuesRef, toFlat, transpose } from '../helpers/linalg.js';
import { TOL } from '../helpers/tolerances.js';
import { expectClose, svdTol } from './reference.js';

function randomMat(n: number, seed: number): Mat {
  return fromFlat(randn([n, n], { seed }).data, n);
}

function randomOrthogonal(n: number, seed: number): Mat {
  return orthonormalize(randomMat(n, seed));
}

/** Each got[i] within atol + rtol·|want[i]|. */
function expectAllClose(got: ArrayLike<number>, want: ArrayLike<number>, tol: { readonly atol: number; readonly rtol: number } = TOL.exact): void {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    if (!(Math.abs(got[i]! - want[i]!) <= tol.atol + tol.rtol * Math.abs(want[i]!))) expect.fail(`entry ${i}: got ${got[i]}, expected ${want[i]}`);
  }
}

const descending = (v: ArrayLike<number>): number[] => Array.from(v).sort((a, b) => b - a);

describe('maxAbs and frobenius', () => {
  it('take the largest |entry| and the Frobenius norm, without underflow or overflow', () => {
    const a = randomMat(4, 3);
    expect(maxAbs(toFlat(a))).toBe(Math.max(...a.flat().map(Math.abs)));
    expectClose(frobenius(toFlat(a)), frobeniusNorm(a));
    for (const s of [1e-200, 1e200]) expectClose(frobenius(toFlat(scale(a, s))) / s, frobeniusNorm(a));
    expect(frobenius(new Float64Array(9))).toBe(0);
    expect(maxAbs(new Float64Array([1, Number.NaN, 2]))).toBeNaN();
  });
});

describe('symmetricEigenvalues', () => {
  it('agrees with cyclic Jacobi on random symmetric matrices of sizes 1 to 9', () => {
    for (let n = 1; n <= 9; n++) {
      const a = randomMat(n, 10 + n);
      const sym = a.map((row, i) => row.map((v, j) => (v + a[j]![i]!) / 2));
      const got = descending(symmetricEigenvalues(toFlat(sym), n));
      expectAllClose(got, jacobiEigenvalues(sym));
    }
  });

  it('returns the diagonal of a diagonal matrix, negative and repeated values included', () => {
    const d = [3, -2, 0, 3, 1e-9, -7];
    expect(descending(symmetricEigenvalues(toFlat(diag(d)), 6))).toEqual(descending(d));
  });

  it('finds prescribed eigenvalues Q·diag(λ)·Qᵀ, clustered ones included', () => {
    const q = randomOrthogonal(6, 20);
    const lambda = [5, 1 + 1e-10, 1, 1 - 1e-10, -2, 1e-12];
    const a = fromSvd(q, lambda, q);
    const sym = a.map((row, i) => row.map((v, j) => (v + a[j]![i]!) / 2));
    expectAllClose(descending(symmetricEigenvalues(toFlat(sym), 6)), descending(lambda), { atol: TOL.svd.atol * 5, rtol: 0 });
  });
});

describe('spectralNorm and singularValues', () => {
  it('agree with Jacobi on [[0, A], [Aᵀ, 0]] and with power iteration on random matrices', () => {
    for (let n = 1; n <= 8; n++) {
      const a = randomMat(n, 30 + n);
      const want = singularValuesRef(a);
      const got = singularValues(toFlat(a), n);
      expectAllClose(got, want, svdTol(want[0]!));
      expectClose(spectralNorm(toFlat(a), n), want[0]!);
      expectClose(spectralNorm(toFlat(a), n), powerIterationNorm(a, 3000), TOL.powerIteration);
    }
  });

  it('give |d| sorted for a diagonal matrix', () => {
    const d = [0.5, -4, 2, 1e-30];
    expect(singularValues(toFlat(diag(d)), 4)).toEqual([4, 2, 0.5, 1e-30]);
    expect(spectralNorm(toFlat(diag(d)), 4)).toBe(4);
  });

  it('recover prescribed singular values U·diag(σ)·Vᵀ: spread, nearly degenerate, rank-deficient', () => {
    const u = randomOrthogonal(5, 40);
    const v = randomOrthogonal(5, 41);
    const cases: number[][] = [
      [10, 3, 1, 1e-4, 1e-9],
      [1 + 1e-12, 1, 1 - 1e-12, 0.5, 0.5],
      [2, 1, 0, 0, 0],
    ];
    for (const sigma of cases) {
      const m = toFlat(fromSvd(u, sigma, v));
      // the construction itself rounds at about 1e-16·σ_max
      expectAllClose(singularValues(m, 5), sigma, svdTol(sigma[0]!));
      expectClose(spectralNorm(m, 5), sigma[0]!);
    }
  });

  it('keep tiny singular values to high relative accuracy when the matrix is graded', () => {
    // rows scaled by 1, 1e-5, 1e-10: one-sided Jacobi keeps every σ to relative accuracy
    const base = randomOrthogonal(3, 42);
    const graded = base.map((row, i) => row.map((x) => x * 10 ** (-5 * i)));
    // σ(D·Q) = σ(D) for orthogonal Q: exactly 1, 1e-5, 1e-10
    expectAllClose(singularValues(toFlat(graded), 3), [1, 1e-5, 1e-10], { atol: 0, rtol: TOL.svd.rtol });
  });

  it('scale exactly with the matrix: 1e-200 and 1e200 neither underflow nor overflow', () => {
    const a = randomMat(4, 43);
    const base = singularValues(toFlat(a), 4);
    for (const s of [1e-200, 1e200, 1e-300]) {
      const scaled = toFlat(scale(a, s));
      expectAllClose(
        singularValues(scaled, 4).map((x) => x / s),
        base,
        { atol: 0, rtol: TOL.exact.rtol },
      );
      expectClose(spectralNorm(scaled, 4) / s, base[0]!);
    }
  });

  it('give zeros for the zero matrix and handle 1×1', () => {
    expect(singularValues(new Float64Array(9), 3)).toEqual([0, 0, 0]);
    expect(spectralNorm(new Float64Array(9), 3)).toBe(0);
    expect(singularValues(new Float64Array([-3]), 1)).toEqual([3]);
    expect(spectralNorm(new Float64Array([-3]), 1)).toBe(3);
  });

  it('satisfy Σσ² = ‖A‖_F², σ₁ = spectralNorm and σ(Aᵀ) = σ(A) on random matrices (property)', () => {
    const mat = fc.integer({ min: 1, max: 6 }).chain((n) => fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: n * n, maxLength: n * n }).map((d) => ({ n, d })));
    fc.assert(
      fc.property(mat, ({ n, d }) => {
        const a = Float64Array.from(d);
        const sv = singularValues(a, n);
        const fro = frobenius(a);
        const top = sv[0]!;
        expectClose(sv.reduce((s, v) => s + v * v, 0), fro * fro, { atol: 0, rtol: TOL.exact.rtol });
        expectClose(spectralNorm(a, n), top, { atol: 0, rtol: TOL.exact.rtol });
        const at = singularValues(toFlat(transpose(fromFlat(a, n))), n);
        expectAllClose(at, sv, svdTol(top));
        expectAllClose(sv, singularValuesRef(fromFlat(a, n)), svdTol(top));
      }),
      { numRuns: runs(60) },
    );
  });
});
