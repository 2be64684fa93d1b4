/**
 * The matrix-multiply kernel in each of its forms (plain loops, sparse rows, the WebAssembly SIMD
 * kernel, packed panels with the 4×4 micro-kernel, and a k split into several panels) against a
 * direct triple loop, for every transpose case, odd sizes, offsets and float32 storage — the
 * whole suite once with the SIMD kernel and once without (as on an engine that lacks it).
 */
import { afterAll, beforeAll, describe, it, expect } from 'vitest';
import { gemm } from '../../src/tensor/kernels/gemm.js';
import { gemmSimd, residentMatrix, setSimd, simdAvailable, simdModuleBytes } from '../../src/tensor/kernels/simd.js';
import { rng } from '../../src/tensor/rng.js';
import { fc, runs } from '../helpers/fc.js';
import { TOL } from '../helpers/tolerances.js';

/** op(A)·op(B) by the definition, summed in k order. */
function reference(a: ArrayLike<number>, ta: boolean, b: ArrayLike<number>, tb: boolean, M: number, K: number, N: number): Float64Array {
  const c = new Float64Array(M * N);
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < N; j++) {
      let s = 0;
      for (let k = 0; k < K; k++) s += a[ta ? k * M + i : i * K + k]! * b[tb ? j * K + k : k * N + j]!;
      c[i * N + j] = s;
    }
  }
  return c;
}

function random(n: number, seed: number, zeros = 0): Float64Array {
  const g = rng(seed);
  return Float64Array.from({ length: n }, () => (g.next() < zeros ? 0 : g.next() * 2 - 1));
}

function close(actual: ArrayLike<number>, expected: ArrayLike<number>, K: number, offset = 0): void {
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i]!;
    const d = Math.abs(actual[offset + i]! - e);
    if (!(d <= TOL.exact.atol * K + TOL.exact.rtol * Math.abs(e))) throw new Error(`entry ${i}: ${actual[offset + i]} vs ${e}`);
  }
}

const cases: [string, number, number, number, number][] = [
  ['small (plain loops)', 3, 5, 2, 0],
  ['small, fewer than four columns and a ragged k (plain loops)', 5, 7, 3, 0],
  ['small, ragged k and n (plain loops)', 6, 11, 23, 0],
  ['a row vector', 1, 64, 64, 0],
  ['packed, multiples of 4', 16, 24, 32, 0],
  ['packed, ragged edges', 13, 37, 22, 0],
  ['packed, k split in two panels', 9, 300, 11, 0],
  ['packed, n split in column blocks', 6, 20, 260, 0],
  ['mostly zero A (sparse rows)', 32, 40, 16, 0.9],
];

describe.each([
  ['with the SIMD kernel', true],
  ['in TypeScript only', false],
])('gemm %s', (_, simd) => {
  let was = true;
  beforeAll(() => {
    was = setSimd(simd);
  });
  afterAll(() => {
    setSimd(was);
  });

  it('uses the SIMD kernel exactly when it is switched on', () => {
    expect(simdAvailable()).toBe(simd);
  });

  describe.each(cases)('%s', (_, M, K, N, zeros) => {
    it.each([
      [false, false],
      [false, true],
      [true, false],
      [true, true],
    ])('matches the triple loop with ta = %s, tb = %s', (ta, tb) => {
      const a = random(M * K, 1, zeros);
      const b = random(K * N, 2);
      const c = new Float64Array(M * N).fill(7); // overwritten, not added to
      gemm(a, 0, ta, b, 0, tb, c, 0, M, K, N);
      close(c, reference(a, ta, b, tb, M, K, N), K);
    });
  });

  it('sums in k order from 0, so one k panel agrees bit for bit with the plain loops', () => {
    const M = 24, K = 50, N = 12;
    const a = random(M * K, 3);
    const b = random(K * N, 4);
    const c = new Float64Array(M * N);
    gemm(a, 0, false, b, 0, true, c, 0, M, K, N);
    expect([...c]).toEqual([...reference(a, false, b, true, M, K, N)]);
  });

  it('honours offsets into each array and leaves the rest of C alone', () => {
    const M = 5, K = 7, N = 9;
    const a = random(3 + M * K, 5);
    const b = random(4 + K * N, 6);
    const c = new Float64Array(2 + M * N + 3).fill(-1);
    gemm(a, 3, false, b, 4, false, c, 2, M, K, N);
    close(c, reference(a.subarray(3), false, b.subarray(4), false, M, K, N), K, 2);
    expect([c[0], c[1], c[c.length - 1]]).toEqual([-1, -1, -1]);
  });

  it('works on float32 storage (accumulating in float64)', () => {
    const M = 10, K = 30, N = 14;
    const a = Float32Array.from(random(M * K, 7));
    const b = Float32Array.from(random(K * N, 8));
    const c = new Float32Array(M * N);
    gemm(a, 0, false, b, 0, false, c, 0, M, K, N);
    const ref = reference(a, false, b, false, M, K, N);
    for (let i = 0; i < ref.length; i++) expect(Math.abs(c[i]! - ref[i]!)).toBeLessThan(TOL.f32.atol * K);
  });

  it('keeps NaN from 0 × ∞ in the sparse form (a zero is skipped only against a finite row)', () => {
    const M = 8, K = 8, N = 8;
    const a = new Float64Array(M * K);
    a[0] = 1;
    const b = random(K * N, 9);
    b[3 * N + 2] = Infinity;
    const c = new Float64Array(M * N);
    gemm(a, 0, false, b, 0, false, c, 0, M, K, N);
    expect(Number.isNaN(c[2])).toBe(true);
    expect(Number.isNaN(c[N + 2])).toBe(true);
    expect(c[1]).toBe(b[1]);
  });

  it('gives zeros for an empty inner dimension', () => {
    const c = new Float64Array(6).fill(3);
    gemm(new Float64Array(0), 0, false, new Float64Array(0), 0, false, c, 0, 2, 0, 3);
    expect([...c]).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('matches the triple loop on random sizes and transposes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 0, max: 40 }), fc.integer({ min: 1, max: 20 }), fc.boolean(), fc.boolean(), fc.nat(1000), (M, K, N, ta, tb, seed) => {
        const a = random(M * K, seed);
        const b = random(K * N, seed + 1);
        const c = new Float64Array(M * N);
        gemm(a, 0, ta, b, 0, tb, c, 0, M, K, N);
        close(c, reference(a, ta, b, tb, M, K, N), Math.max(K, 1));
      }),
      { numRuns: runs(100) },
    );
  });
});

describe('the plain loops (products of at most 4096 multiply-adds, or fewer than 4 rows or columns)', () => {
  /** The reference with float32 storage: the non-transposed-B loops round after every term. */
  function reference32(a: Float32Array, ta: boolean, b: Float32Array, M: number, K: number, N: number): Float32Array {
    const c = new Float32Array(M * N);
    for (let i = 0; i < M; i++) for (let k = 0; k < K; k++) for (let j = 0; j < N; j++) c[i * N + j]! += a[ta ? k * M + i : i * K + k]! * b[k * N + j]!;
    return c;
  }
  const small = fc.tuple(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 0, max: 19 }), fc.integer({ min: 1, max: 9 }));

  it('agree bit for bit with the triple loop in float64, whatever the unrolling leaves over (property)', () => {
    fc.assert(
      fc.property(small, fc.boolean(), fc.boolean(), fc.nat(1000), ([M, K, N], ta, tb, seed) => {
        const a = random(M * K, seed);
        const b = random(K * N, seed + 1);
        const c = new Float64Array(M * N).fill(7); // stale contents are overwritten
        gemm(a, 0, ta, b, 0, tb, c, 0, M, K, N);
        expect([...c]).toEqual([...reference(a, ta, b, tb, M, K, N)]);
      }),
      { numRuns: runs(200) },
    );
  });

  it('round float32 storage after every term, as the loops over C always did (property)', () => {
    fc.assert(
      fc.property(small, fc.boolean(), fc.nat(1000), ([M, K, N], ta, seed) => {
        const a = Float32Array.from(random(M * K, seed));
        const b = Float32Array.from(random(K * N, seed + 1));
        const c = new Float32Array(M * N);
        gemm(a, 0, ta, b, 0, false, c, 0, M, K, N);
        expect([...c]).toEqual([...reference32(a, ta, b, M, K, N)]);
      }),
      { numRuns: runs(100) },
    );
  });
});

describe('the WebAssembly SIMD kernel', () => {
  it('is a valid module, compiled in Node 20 (and in the browsers the README lists)', () => {
    expect(WebAssembly.validate(simdModuleBytes())).toBe(true);
    expect(simdAvailable()).toBe(true);
  });

  /** Values with NaN, ±∞, ±0 and subnormals among them. */
  const entry = fc.oneof(
    { weight: 20, arbitrary: fc.double({ min: -4, max: 4, noNaN: true }) },
    { weight: 1, arbitrary: fc.constantFrom(Number.NaN, Infinity, -Infinity, 0, -0, 5e-324, 1e300) },
  );

  it('agrees bit for bit with the triple loop and with the TypeScript kernels (property)', () => {
    const sizes = fc.tuple(fc.integer({ min: 1, max: 24 }), fc.integer({ min: 1, max: 60 }), fc.integer({ min: 1, max: 24 }), fc.boolean(), fc.boolean());
    fc.assert(
      fc.property(
        sizes.chain(([M, K, N, ta, tb]) => fc.tuple(fc.constant([M, K, N, ta, tb] as const), fc.array(entry, { minLength: M * K, maxLength: M * K }), fc.array(entry, { minLength: K * N, maxLength: K * N }))),
        ([[M, K, N, ta, tb], av, bv]) => {
          const a = Float64Array.from(av);
          const b = Float64Array.from(bv);
          const withSimd = new Float64Array(M * N);
          gemm(a, 0, ta, b, 0, tb, withSimd, 0, M, K, N);
          const was = setSimd(false);
          const without = new Float64Array(M * N);
          gemm(a, 0, ta, b, 0, tb, without, 0, M, K, N);
          setSimd(was);
          expect([...withSimd]).toEqual([...reference(a, ta, b, tb, M, K, N)]);
          expect([...withSimd]).toEqual([...without]);
        },
      ),
      { numRuns: runs(100) },
    );
  });

  it('multiplies blocks of wider matrices in place, given leading dimensions (property)', () => {
    const dims = fc.tuple(fc.integer({ min: 1, max: 13 }), fc.integer({ min: 1, max: 13 }), fc.integer({ min: 1, max: 13 }), fc.nat(5), fc.nat(5), fc.nat(5), fc.boolean(), fc.boolean(), fc.nat(1000));
    fc.assert(
      fc.property(dims, ([M, K, N, pa, pb, pc, ta, tb, seed]) => {
        // stored A is [M, K] (or [K, M]) inside rows of length lda, at column offset pa; likewise B and C
        const [ra, ca] = ta ? [K, M] : [M, K];
        const [rb, cb] = tb ? [N, K] : [K, N];
        const lda = ca + pa;
        const ldb = cb + pb;
        const ldc = N + pc;
        const wideA = random(ra * lda, seed);
        const wideB = random(rb * ldb, seed + 1);
        const c = new Float64Array(M * ldc).fill(3);
        expect(gemmSimd(wideA, pa, ta, wideB, pb, tb, c, pc, M, K, N, lda, ldb, ldc)).toBe(true);
        const a = Float64Array.from({ length: ra * ca }, (_, i) => wideA[Math.floor(i / ca) * lda + pa + (i % ca)]!);
        const b = Float64Array.from({ length: rb * cb }, (_, i) => wideB[Math.floor(i / cb) * ldb + pb + (i % cb)]!);
        const want = reference(a, ta, b, tb, M, K, N);
        for (let i = 0; i < M; i++) {
          for (let j = 0; j < ldc; j++) {
            const got = c[i * ldc + j]!;
            if (j < pc || j >= pc + N) expect(got).toBe(3);
            else expect(got).toBe(want[i * N + j - pc]!);
          }
        }
      }),
      { numRuns: runs(100) },
    );
  });

  it('holds a matrix for matrix–vector products: M·x and Mᵀ·x bit for bit as the triple loop (property)', () => {
    const dims = fc.tuple(fc.integer({ min: 1, max: 21 }), fc.integer({ min: 1, max: 21 }));
    fc.assert(
      fc.property(
        dims.chain(([r, c]) => fc.tuple(fc.constant([r, c] as const), fc.array(entry, { minLength: r * c, maxLength: r * c }), fc.array(entry, { minLength: c, maxLength: c }), fc.array(entry, { minLength: r, maxLength: r }))),
        ([[rows, cols], mv, xv, uv]) => {
          const m = Float64Array.from(mv);
          const before = [...m];
          const res = residentMatrix(m, rows, cols);
          expect(res).not.toBeNull();
          const y = new Float64Array(rows);
          const z = new Float64Array(cols);
          res!.mul(Float64Array.from(xv), y);
          res!.mulT(Float64Array.from(uv), z);
          // M·x = (xᵀ·Mᵀ)ᵀ and Mᵀ·u = (uᵀ·M)ᵀ, each sum in index order from 0
          expect([...y]).toEqual([...reference(Float64Array.from(xv), false, m, true, 1, cols, rows)]);
          expect([...z]).toEqual([...reference(Float64Array.from(uv), false, m, false, 1, rows, cols)]);
          expect([...m]).toEqual(before);
        },
      ),
      { numRuns: runs(100) },
    );
  });

  it('holds a tensor for row-vector products from its second use: every use bit for bit the triple loop (property)', () => {
    const sizes = fc.tuple(fc.integer({ min: 1, max: 2 }), fc.integer({ min: 8, max: 70 }), fc.nat(24), fc.boolean(), fc.boolean(), fc.nat(5));
    fc.assert(
      fc.property(
        sizes.chain(([M, K, extra, ta, tb, off]) => {
          const N = Math.ceil(256 / K) + extra; // at least gemm.ts's HELD entries
          return fc.tuple(fc.constant([M, K, N, ta, tb, off] as const), fc.array(entry, { minLength: M * K, maxLength: M * K }), fc.array(entry, { minLength: K * N, maxLength: K * N }));
        }),
        ([[M, K, N, ta, tb, off], av, bv]) => {
          const a = Float64Array.from(av);
          const b = new Float64Array(off + K * N + 3).fill(7); // the weights at an offset in a longer array
          b.set(bv, off);
          const want = reference(a, ta, bv, tb, M, K, N);
          for (let use = 0; use < 3; use++) {
            const c = new Float64Array(M * N + 2).fill(5);
            gemm(a, 0, ta, b, off, tb, c, 1, M, K, N, true);
            expect(c[0]).toBe(5);
            expect(c[M * N + 1]).toBe(5);
            for (let i = 0; i < M * N; i++) if (!Object.is(c[1 + i], want[i])) throw new Error(`use ${use}, entry ${i}: ${c[1 + i]} vs ${want[i]}`);
          }
        },
      ),
      { numRuns: runs(60) },
    );
  });

  it('never holds a right operand that is not a tensor’s storage: one changed in place between products is read afresh', () => {
    const K = 64;
    const N = 128;
    const w = random(K * N, 43);
    const x = random(K, 44);
    for (let round = 0; round < 3; round++) {
      const y = new Float64Array(N);
      gemm(x, 0, false, w, 0, false, y, 0, 1, K, N);
      expect([...y]).toEqual([...reference(x, false, w, false, 1, K, N)]);
      for (let i = 0; i < w.length; i++) w[i]! *= -0.5; // a scratch buffer reused for new values
    }
  });

  it('holds weights again after other products used the kernel’s memory, and after more weights than it keeps', () => {
    const K = 64;
    const N = 256;
    const w = random(N * K, 41);
    const x = random(K, 42);
    const want = reference(x, false, w, true, 1, K, N);
    const product = (): Float64Array => {
      const y = new Float64Array(N);
      gemm(x, 0, false, w, 0, true, y, 0, 1, K, N, true);
      return y;
    };
    const interlopers = [
      () => gemm(random(64 * 64, 1), 0, false, random(64 * 64, 2), 0, false, new Float64Array(64 * 64), 0, 64, 64, 64),
      () => residentMatrix(random(40 * 40, 3), 40, 40)!.mul(random(40, 4), new Float64Array(40)),
      () => {
        // more weights than it keeps (2^21 doubles): five of 512×1024, each used twice
        for (let i = 0; i < 5; i++) {
          const big = random(512 * 1024, 50 + i);
          for (let u = 0; u < 2; u++) gemm(random(512, 60 + i), 0, false, big, 0, false, new Float64Array(1024), 0, 1, 512, 1024, true);
        }
      },
    ];
    for (const other of interlopers) {
      expect([...product()]).toEqual([...want]);
      expect([...product()]).toEqual([...want]);
      other();
      expect([...product()]).toEqual([...want]);
    }
  });

  it('keeps a held matrix across many products, and is unavailable when switched off', () => {
    const n = 37;
    const m = random(n * n, 3);
    const res = residentMatrix(m, n, n)!;
    for (let k = 0; k < 5; k++) {
      const x = random(n, 10 + k);
      const y = new Float64Array(n);
      res.mul(x, y);
      expect([...y]).toEqual([...reference(x, false, m, true, 1, n, n)]);
    }
    const was = setSimd(false);
    expect(residentMatrix(m, n, n)).toBeNull();
    setSimd(was);
  });

  it('grows its memory for a larger product after a small one, and stays right for the small one after', () => {
    for (const n of [8, 300, 8]) {
      const a = random(n * n, n);
      const b = random(n * n, n + 1);
      const c = new Float64Array(n * n);
      gemm(a, 0, false, b, 0, false, c, 0, n, n, n);
      close(c, reference(a, false, b, false, n, n, n), n);
    }
  });
});
