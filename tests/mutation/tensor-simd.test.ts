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
    const gemm = instance.exports['gemm'] as (ap: number, bp: number, cp: number, mb: number, np: number, K: number, ldc: number) => void;
    const mem = new Float64Array((instance.exports['mem'] as WebAssembly.Memory).buffer);
    const K = 3;
    // A panel [K][4] at 0, B panel [K][4] at 12 doubles, C at 24 doubles with ldc = 4 doubles
    for (let k = 0; k < K; k++) {
      for (let r = 0; r < 4; r++) {
        mem[k * 4 + r] = r + 1 + k * 10;
        mem[12 + k * 4 + r] = (r - 1.5) * (k + 1);
      }
    }
    gemm(0, 12 * 8, 24 * 8, 1, 1, K, 4 * 8);
    for (let r = 0; r < 4; r++) {
      for (let q = 0; q < 4; q++) {
        let s = 0;
        for (let k = 0; k < K; k++) s += mem[k * 4 + r]! * mem[12 + k * 4 + q]!;
        expect(mem[24 + r * 4 + q]).toBe(s);
      }
    }
  });
});
