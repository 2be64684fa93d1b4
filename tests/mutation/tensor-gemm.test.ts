/**
 * The matrix-multiply kernel's forms at the edges of their dispatch (SMALL multiply-adds, M or
 * N below 4, the 3/4-zeros rule, K past one 256-deep panel, N past one 128-column block, M and
 * N not multiples of 4) against a triple loop, for every transpose case, float64 with and
 * without the SIMD kernel and float32; C sits between sentinels so that a write outside its
 * M·N block is caught. The sparse form must keep 0 × ∞ = NaN.
 */
import { describe, it, expect } from 'vitest';
import { gemm } from '../../src/tensor/kernels/gemm.js';
import { setSimd } from '../../src/tensor/kernels/simd.js';
import { TOL } from '../helpers/tolerances.js';

const SENTINEL = -12345.5;

function reference(a: ArrayLike<number>, aOff: number, ta: boolean, b: ArrayLike<number>, bOff: number, tb: boolean, M: number, K: number, N: number): number[] {
  const c = new Array<number>(M * N).fill(0);
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < N; j++) {
      let s = 0;
      for (let k = 0; k < K; k++) s += a[aOff + (ta ? k * M + i : i * K + k)]! * b[bOff + (tb ? j * K + k : k * N + j)]!;
      c[i * N + j] = s;
    }
  }
  return c;
}

/** Deterministic values in [-1, 1) with a fraction `zeros` of exact zeros. */
function fill(n: number, seed: number, zeros = 0): number[] {
  let s = seed * 2654435761 % 4294967296;
  return Array.from({ length: n }, () => {
    s = (s * 1664525 + 1013904223) % 4294967296;
    const u = s / 4294967296;
    return u < zeros ? 0 : ((u * 7919) % 1) * 2 - 1;
  });
}

type Ctor = Float64ArrayConstructor | Float32ArrayConstructor;

/** Runs gemm with offsets and sentinels around C and checks C against the reference and the sentinels. */
function check(Arr: Ctor, M: number, K: number, N: number, ta: boolean, tb: boolean, zeros = 0, edit?: (a: number[], b: number[]) => void, bOff = 5): void {
  const aOff = 3;
  const cOff = 7;
  const av = fill(M * K, M * 31 + K, zeros);
  const bv = fill(K * N, N * 17 + K + 1);
  edit?.(av, bv);
  const a = new Arr(aOff + M * K + 4);
  const b = new Arr(bOff + K * N + 4);
  a.fill(0.75);
  b.fill(-0.5);
  a.set(av, aOff);
  b.set(bv, bOff);
  const c = new Arr(cOff + M * N + 9).fill(SENTINEL);
  gemm(a, aOff, ta, b, bOff, tb, c, cOff, M, K, N);
  const want = reference(a, aOff, ta, b, bOff, tb, M, K, N);
  const label = `${Arr.name} M=${M} K=${K} N=${N} ta=${ta} tb=${tb}`;
  for (let i = 0; i < cOff; i++) expect(c[i], `${label}: before C`).toBe(SENTINEL);
  for (let i = cOff + M * N; i < c.length; i++) expect(c[i], `${label}: after C`).toBe(SENTINEL);
  const tol = Arr === Float32Array ? TOL.f32 : TOL.exact;
  for (let i = 0; i < M * N; i++) {
    const got = c[cOff + i]!;
    const w = Arr === Float32Array ? Math.fround(want[i]!) : want[i]!;
    if (Number.isNaN(w)) expect(got, `${label}: [${i}]`).toBeNaN();
    else expect(Math.abs(got - w), `${label}: [${i}] ${got} vs ${w}`).toBeLessThanOrEqual(tol.atol + tol.rtol * Math.abs(w));
  }
}

const SIZES: readonly (readonly [number, number, number])[] = [
  [16, 16, 16], // exactly SMALL multiply-adds: plain
  [16, 16, 17], // one past SMALL
  [3, 40, 50], // M < 4 past SMALL
  [50, 40, 3], // N < 4 past SMALL
  [4, 300, 4], // K past one panel, one full tile
  [6, 260, 9], // K past one panel, edge tiles in both directions
  [5, 20, 131], // N past one column block, M and N not multiples of 4
  [9, 33, 14],
];

function everyForm(label: string, body: () => void): void {
  it(`${label} (float64 with the SIMD kernel, float64 without it, float32)`, () => {
    body();
    const was = setSimd(false);
    try {
      body();
    } finally {
      setSimd(was);
    }
  });
}

describe('gemm', () => {
  everyForm('matches the triple loop at the edges of each form, for every transpose case, writing only C', () => {
    for (const Arr of [Float64Array, Float32Array] as const) {
      for (const [M, K, N] of SIZES) {
        for (const ta of [false, true]) for (const tb of [false, true]) check(Arr, M, K, N, ta, tb);
      }
    }
  });

  everyForm('matches the triple loop when A is just over and just under 3/4 zeros', () => {
    for (const Arr of [Float64Array, Float32Array] as const) {
      for (const zeros of [0.7, 0.76, 0.95]) {
        check(Arr, 16, 32, 17, false, false, zeros);
        check(Arr, 9, 40, 13, false, false, zeros);
      }
    }
  });

  everyForm('keeps 0 × ∞ = NaN in a mostly-zero A, wherever the non-finite row of B is', () => {
    const M = 16;
    const K = 32;
    const N = 16;
    const zeroCol = (col: number) => (a: number[]): void => {
      for (let i = 0; i < M; i++) a[i * K + col] = 0;
    };
    for (const Arr of [Float64Array, Float32Array] as const) {
      // one ∞ in row 16 of B (k ≥ N), a NaN in row 5, a whole non-finite row 20
      check(Arr, M, K, N, false, false, 0.9, (a, b) => {
        zeroCol(16)(a);
        zeroCol(5)(a);
        zeroCol(20)(a);
        b[16 * N + 3] = Infinity;
        b[5 * N + 15] = NaN;
        for (let j = 0; j < N; j++) b[20 * N + j] = j % 2 === 0 ? -Infinity : NaN;
      });
      // B stored after a long finite prefix: each row's finiteness must be read from that row
      for (const bOff of [5, K * N + 5]) {
        check(Arr, M, K, N, false, false, 0.9, (a, b) => {
          zeroCol(16)(a);
          b[16 * N + 3] = Infinity;
        }, bOff);
      }
    }
  });

  it('gives zeros for K = 0 and writes nothing for M = 0 or N = 0', () => {
    for (const Arr of [Float64Array, Float32Array] as const) {
      const c = new Arr(8).fill(SENTINEL);
      gemm(new Arr(0), 0, false, new Arr(0), 0, false, c, 1, 2, 0, 3);
      expect([...c]).toEqual([SENTINEL, 0, 0, 0, 0, 0, 0, SENTINEL]);
      const d = new Arr(4).fill(SENTINEL);
      gemm(new Arr(6), 0, false, new Arr(6), 0, false, d, 0, 0, 3, 2);
      gemm(new Arr(6), 0, false, new Arr(6), 0, false, d, 0, 2, 3, 0);
      expect([...d]).toEqual([SENTINEL, SENTINEL, SENTINEL, SENTINEL]);
    }
  });
});
