/**
 * The WebAssembly SIMD matrix kernel called directly: it is available on Node 20 and runs
 * (returns true) unless switched off, pads M and N that are not multiples of 4 without writing
 * outside C, honours offsets and transposes, and grows its memory for a product larger than its
 * first page. A freshly generated module must validate and compute a tile by itself.
 */
import { describe, it, expect } from 'vitest';
import { gemmSimd, setSimd, simdAvailable, simdModuleBytes } from '../../src/tensor/kernels/simd.js';

const SENTINEL = 4321.25;

function reference(a: Float64Array, aOff: number, ta: boolean, b: Float64Array, bOff: number, tb: boolean, M: number, K: number, N: number): number[] {
  const c: number[] = [];
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < N; j++) {
      let s = 0;
      for (let k = 0; k < K; k++) s += a[aOff + (ta ? k * M + i : i * K + k)]! * b[bOff + (tb ? j * K + k : k * N + j)]!;
      c.push(s);
    }
  }
  return c;
}

const values = (n: number, seed: number): Float64Array => Float64Array.from({ length: n }, (_, i) => (((i * 37 + seed * 11) % 23) - 11) / 8);

/** Runs gemmSimd with offsets and sentinels; returns what it returned and checks C when it ran. */
function run(M: number, K: number, N: number, ta: boolean, tb: boolean): boolean {
  const aOff = 2;
  const bOff = 3;
  const cOff = 5;
  const a = values(aOff + M * K + 3, M + K);
  const b = values(bOff + K * N + 3, N + 2 * K);
  const c = new Float64Array(cOff + M * N + 6).fill(SENTINEL);
  const ran = gemmSimd(a, aOff, ta, b, bOff, tb, c, cOff, M, K, N);
  if (!ran) {
    expect(c.every((x) => x === SENTINEL)).toBe(true);
    return false;
  }
  // every output is a sum in k order from 0 in float64, like the reference: bit-identical
  expect([...c.subarray(cOff, cOff + M * N)], `M=${M} K=${K} N=${N} ta=${ta} tb=${tb}`).toEqual(reference(a, aOff, ta, b, bOff, tb, M, K, N));
  expect([...c.subarray(0, cOff), ...c.subarray(cOff + M * N)].every((x) => x === SENTINEL)).toBe(true);
  return true;
}

describe('gemmSimd', () => {
  it('is available on Node 20 and runs, matching the triple loop, for M and N that are and are not multiples of 4', () => {
    expect(simdAvailable()).toBe(true);
    for (const [M, K, N] of [[4, 5, 4], [5, 3, 6], [1, 1, 1], [7, 9, 3], [8, 2, 10]] as const) {
      for (const ta of [false, true]) for (const tb of [false, true]) expect(run(M, K, N, ta, tb)).toBe(true);
    }
  });

  it('does nothing and returns false when switched off, and runs again when switched back on', () => {
    const was = setSimd(false);
    try {
      expect(simdAvailable()).toBe(false);
      expect(run(5, 4, 6, false, false)).toBe(false);
    } finally {
      setSimd(was);
    }
    expect(simdAvailable()).toBe(true);
    expect(run(5, 4, 6, false, false)).toBe(true);
  });

  it('grows its memory past the first 64 KiB page for a large product and stays right for a small one after', () => {
    expect(run(3, 2, 5, false, true)).toBe(true);
    expect(run(70, 90, 66, true, false)).toBe(true);
    expect(run(6, 7, 5, true, true)).toBe(true);
  });
});

describe('the generated module', () => {
  it('validates and computes one 4×4 tile on its own', () => {
    const bytes = simdModuleBytes();
    expect(WebAssembly.validate(bytes)).toBe(true);
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), {});
    const gemm = instance.exports['gemm'] as (ap: number, aK: number, aPanel: number, bp: number, bK: number, bPanel: number, cp: number, ldc: number, mb: number, np: number, K: number) => void;
    const mem = new Float64Array((instance.exports['mem'] as WebAssembly.Memory).buffer);
    const K = 3;
    // A panel [K][4] at 0, B panel [K][4] at 12 doubles, C at 24 doubles with ldc = 4 doubles
    for (let k = 0; k < K; k++) {
      for (let r = 0; r < 4; r++) {
        mem[k * 4 + r] = r + 1 + k * 10;
        mem[12 + k * 4 + r] = (r - 1.5) * (k + 1);
      }
    }
    gemm(0, 32, K * 32, 12 * 8, 32, K * 32, 24 * 8, 4 * 8, 1, 1, K);
    for (let r = 0; r < 4; r++) {
      for (let q = 0; q < 4; q++) {
        let s = 0;
        for (let k = 0; k < K; k++) s += mem[k * 4 + r]! * mem[12 + k * 4 + q]!;
        expect(mem[24 + r * 4 + q]).toBe(s);
      }
    }
  });

  it('band: v0[q]·(row o0 + q) + v1[q]·(row o1 + q), summed from 0 in that order', () => {
    const instance = new WebAssembly.Instance(new WebAssembly.Module(simdModuleBytes()), {});
    const band = instance.exports['band'] as (src: number, ld: number, dst: number, v0p: number, v1p: number, rows: number, o0: number, o1: number, pairs: number) => void;
    const mem = new Float64Array((instance.exports['mem'] as WebAssembly.Memory).buffer);
    const ld = 4; // rows of 4 doubles (2 pairs); src rows 0…5 at 0, dst at 40, v0 at 80, v1 at 84
    for (let i = 0; i < 24; i++) mem[i] = Math.sin(i + 1) * 1e3 * (i % 3 === 0 ? -1 : 1);
    mem[5] = -0;
    for (let q = 0; q < 2; q++) {
      mem[80 + q] = 0.3 - q;
      mem[84 + q] = q === 0 ? 0 : 1e-7;
    }
    band(0, ld * 8, 40 * 8, 80 * 8, 84 * 8, 2, 1, 3, 2);
    for (let q = 0; q < 2; q++) {
      for (let c = 0; c < ld; c++) {
        let sum = 0;
        sum += mem[(1 + q) * ld + c]! * mem[80 + q]!;
        sum += mem[(3 + q) * ld + c]! * mem[84 + q]!;
        expect(Object.is(mem[40 + q * ld + c], sum)).toBe(true);
      }
    }
  });

  it('maxAbs: the largest |entry|, NaN when any entry is NaN, 0 for zeros', () => {
    const instance = new WebAssembly.Instance(new WebAssembly.Module(simdModuleBytes()), {});
    const maxAbs = instance.exports['maxAbs'] as (p: number, pairs: number) => number;
    const mem = new Float64Array((instance.exports['mem'] as WebAssembly.Memory).buffer);
    mem.set([0.5, -3, 2, -0], 8);
    expect(maxAbs(64, 2)).toBe(3);
    mem[9] = -Infinity;
    expect(maxAbs(64, 2)).toBe(Infinity);
    mem[10] = NaN;
    expect(maxAbs(64, 2)).toBeNaN();
    mem[11] = NaN;
    mem[10] = 7;
    expect(maxAbs(64, 2)).toBeNaN(); // in the second lane, last
    mem.set([-NaN, 1, Infinity, 2], 8);
    expect(maxAbs(64, 2)).toBeNaN(); // first, before an ∞
    mem.set([1, 2, 3, 4, -5, 6, 7.5, -7.75], 8);
    expect(maxAbs(64, 4)).toBe(7.75);
    mem.fill(-0, 8, 12);
    expect(Object.is(maxAbs(64, 2), 0)).toBe(true);
  });
});
