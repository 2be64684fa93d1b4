import { describe, expect, it } from 'vitest';
import { singularValues, topSingular } from '../../src/inspect/linalg.js';
import { randn } from '../../src/tensor/index.js';
import { setSimd, simdAvailable } from '../../src/tensor/kernels/simd.js';
import { fc, runs } from '../helpers/fc.js';
import { fromSvd, orthonormalize, fromFlat, toFlat, transpose } from '../helpers/linalg.js';
import type { Mat } from '../helpers/linalg.js';
import { TOL } from '../helpers/tolerances.js';
import { expectClose } from './reference.js';

/** σ₁ to rounding when separated, or within the top cluster's width (two σ within 1e-12 may swap). */
const REL = { atol: 0, rtol: TOL.exact.rtol };

function orthogonal(n: number, seed: number): Mat {
  return orthonormalize(fromFlat(randn([n, n], { seed }).data, n));
}

/** ‖Mᵀu‖ = σ and M·Mᵀ·u = σ²·u: u is a top left singular vector (checked on M/max|M|). */
function expectTopLeftVector(m0: Float64Array, n: number, u: Float64Array, sigma0: number): void {
  const top = Math.max(...m0.map(Math.abs));
  const m = m0.map((x) => x / top);
  const sigma = sigma0 / top;
  const mt = toFlat(transpose(fromFlat(m, n)));
  const v = new Float64Array(n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) v[j]! += mt[j * n + i]! * u[i]!;
  expectClose(Math.hypot(...u), 1, REL);
  expectClose(Math.hypot(...v), sigma, { atol: 1e-12 * sigma, rtol: 1e-10 });
  for (let i = 0; i < n; i++) {
    let mv = 0;
    for (let j = 0; j < n; j++) mv += m[i * n + j]! * v[j]!;
    expect(Math.abs(mv - sigma * sigma * u[i]!)).toBeLessThan(1e-9 * sigma * sigma);
  }
}

describe('topSingular (Lanczos on MᵀM)', () => {
  it('gives σ₁ of one-sided Jacobi and its left singular vector on random matrices, with or without a guess (property)', () => {
    const mat = fc.integer({ min: 1, max: 24 }).chain((n) =>
      fc.record({
        n: fc.constant(n),
        // subnormal entries have no accurate σ to compare with (scales are tested below)
        d: fc.array(fc.double({ min: -5, max: 5, noNaN: true }).map((x) => (Math.abs(x) < 1e-200 ? 0 : x)), { minLength: n * n, maxLength: n * n }),
        g: fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: n, maxLength: n }),
      }),
    );
    fc.assert(
      fc.property(mat, ({ n, d, g }) => {
        const m = Float64Array.from(d);
        const want = singularValues(m, n)[0]!;
        const guess = Float64Array.from(g);
        const gn = Math.hypot(...guess);
        for (const start of [undefined, gn > 0 ? guess.map((x) => x / gn) : undefined]) {
          const { sigma, u } = topSingular(m, n, start);
          expectClose(sigma, want, REL);
          if (want > 0) expectTopLeftVector(m, n, u!, sigma);
        }
      }),
      { numRuns: runs(80) },
    );
  });

  it('finds prescribed spectra: a lone top, a cluster at the top, equal values (orthogonal), rank one, tiny and huge scales', () => {
    const n = 12;
    const u = orthogonal(n, 3);
    const v = orthogonal(n, 4);
    const spectra = [
      [7, ...new Array<number>(n - 1).fill(1)],
      [1 + 1e-9, 1, 1 - 1e-9, ...new Array<number>(n - 3).fill(0.5)],
      new Array<number>(n).fill(1),
      [3, ...new Array<number>(n - 1).fill(0)],
      Array.from({ length: n }, (_, i) => Math.pow(10, -i)),
    ];
    for (const sv of spectra) {
      for (const scale of [1, 1e-55, 1e55, 1e-65, 1e65, 1e-250, 1e250]) {
        const m = toFlat(fromSvd(u, sv.map((s) => s * scale), v));
        const { sigma, u: left } = topSingular(m, n);
        expectClose(sigma, sv[0]! * scale, { atol: 0, rtol: 1e-11 });
        if (sv[0]! > sv[1]! * 1.01) expectTopLeftVector(m, n, left!, sigma);
      }
    }
  });

  it.runIf(simdAvailable())('gives the same bits in TypeScript alone as with the SIMD kernel (property: sizes, scales, guesses)', () => {
    // the matrix–vector products are the same sums in the same order either way; the sum of
    // squares that bounds λ₂ is not (its last bit could move a stop, but only at an exact tie).
    // TypeScript first: its workspace then holds another matrix's vectors, not this one's
    const bothWays = (m: Float64Array, n: number, start?: Float64Array): void => {
      const was = setSimd(false);
      let plain: ReturnType<typeof topSingular>;
      try {
        plain = topSingular(m, n, start);
      } finally {
        setSimd(was);
      }
      const simd = topSingular(m, n, start);
      expect(Object.is(plain.sigma, simd.sigma), `n = ${n}: σ ${plain.sigma} vs ${simd.sigma}`).toBe(true);
      expect(plain.u === undefined, 'both with or both without a vector').toBe(simd.u === undefined);
      if (simd.u) for (let i = 0; i < n; i++) expect(Object.is(plain.u![i], simd.u[i]), `n = ${n}: u[${i}]`).toBe(true);
    };
    for (const n of [3, 8, 17, 32, 40]) {
      for (let seed = 1; seed <= 4; seed++) {
        const noise = randn([n, n], { seed: 40 * n + seed }).data;
        bothWays(Float64Array.from(noise), n);
        // a dominant σ₁ (10·u·vᵀ plus noise), where the stop comes from the bound on λ₂ that the
        // sum of squares gives
        const u = randn([n], { seed: 7 * n + seed }).data;
        const v = randn([n], { seed: 11 * n + seed }).data;
        bothWays(Float64Array.from(noise, (x, k) => 0.05 * x + (10 * u[Math.floor(k / n)]! * v[k % n]!) / n), n);
      }
    }
    const mat = fc.integer({ min: 1, max: 40 }).chain((n) =>
      fc.record({
        n: fc.constant(n),
        d: fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: n * n, maxLength: n * n }),
        scale: fc.constantFrom(1, 1e-70, 1e70),
        guess: fc.boolean(),
      }),
    );
    fc.assert(
      fc.property(mat, ({ n, d, scale, guess }) => {
        const start = guess ? Float64Array.from({ length: n }, (_, i) => (i === 0 ? 1 : 0)) : undefined;
        bothWays(Float64Array.from(d, (x) => x * scale), n, start);
      }),
      { numRuns: runs(150) },
    );
  });

  it('does not stop at a smaller singular value when the guess is its vector', () => {
    // M = diag(1, 5, 2): the guess e₁ is the left vector of σ = 1; the top is 5
    const m = Float64Array.from([1, 0, 0, 0, 5, 0, 0, 0, 2]);
    const { sigma, u } = topSingular(m, 3, Float64Array.from([1, 0, 0]));
    expectClose(sigma, 5, REL);
    expectClose(Math.abs(u![1]!), 1, REL);
  });

  it('along a product chain, warm starts give the same norms as cold ones', () => {
    const n = 16;
    const js = Array.from({ length: 30 }, (_, k) => Float64Array.from(randn([n, n], { seed: 100 + k }).data, (x) => x / 4));
    let p = new Float64Array(n * n);
    for (let i = 0; i < n; i++) p[i * n + i] = 1;
    let guess: Float64Array | undefined;
    for (const j of js) {
      const next = new Float64Array(n * n);
      for (let i = 0; i < n; i++) for (let k = 0; k < n; k++) for (let c = 0; c < n; c++) next[i * n + c]! += p[i * n + k]! * j[k * n + c]!;
      const top = Math.max(...next.map(Math.abs));
      p = next.map((x) => x / top);
      const warm = topSingular(p, n, guess);
      expectClose(warm.sigma, topSingular(p, n).sigma, REL);
      expectClose(warm.sigma, singularValues(p, n)[0]!, REL);
      guess = warm.u;
    }
  });

  it('falls back to the eigenvalue route when Lanczos needs more than 40 steps', () => {
    // 60 singular values packed just below the top: the Ritz residual stalls above 1e-13·θ
    const n = 60;
    const sv = Array.from({ length: n }, (_, i) => 1 - i * 1e-7);
    const m = toFlat(fromSvd(orthogonal(n, 5), sv, orthogonal(n, 6)));
    const { sigma, u } = topSingular(m, n);
    expectClose(sigma, 1, { atol: 0, rtol: 1e-12 });
    expect(u).toBeUndefined();
  });

  it('returns 0 for the zero matrix, NaN for a NaN entry, |a| for 1×1, with no vector', () => {
    expect(topSingular(new Float64Array(9), 3)).toEqual({ sigma: 0, u: undefined });
    expect(topSingular(Float64Array.from([1, Number.NaN, 0, 1]), 2).sigma).toBeNaN();
    expect(topSingular(Float64Array.from([1, Infinity, 0, 1]), 2).sigma).toBe(Infinity);
    const one = topSingular(Float64Array.from([-3]), 1);
    expect(one.sigma).toBe(3);
    expect(Math.abs(one.u![0]!)).toBe(1);
  });

  it('does not modify its arguments', () => {
    const m = Float64Array.from(randn([5, 5], { seed: 9 }).data);
    const g = Float64Array.from([1, 0, 0, 0, 0]);
    const [mc, gc] = [m.slice(), g.slice()];
    topSingular(m, 5, g);
    expect(m).toEqual(mc);
    expect(g).toEqual(gc);
  });
});
