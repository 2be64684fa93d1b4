/**
 * The WebAssembly SIMD matrix kernel called directly: it is available on Node 20 and runs
 * (returns true) unless switched off, pads M and N that are not multiples of 4 without writing
 * outside C, honours offsets and transposes, and grows its memory for a product larger than its
 * first page. A freshly generated module must validate and compute a tile by itself.
 */
import { describe, it, expect } from 'vitest';
import { combineRows, gemmSimd, residentChain, residentMatrix, setSimd, simdAvailable, simdModuleBytes } from '../../src/tensor/kernels/simd.js';
import { fromFlat, matmul, matvec, toFlat, transpose } from '../helpers/linalg.js';

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

  it('transpose: dst = srcᵀ, returning the largest |entry| of src (NaN when any entry is NaN, 0 for zeros) and storing its sum of squares', () => {
    const instance = new WebAssembly.Instance(new WebAssembly.Module(simdModuleBytes()), {});
    const transpose = instance.exports['transpose'] as (src: number, dst: number, rowPairs: number, colPairs: number, lds: number, ldd: number, sp: number) => number;
    const mem = new Float64Array((instance.exports['mem'] as WebAssembly.Memory).buffer);
    // src: 4 rows × 2 columns read from rows of 3 doubles at 8; dst: 2 rows × 4 at 40, rows of 5
    const run = (values: number[]): number => {
      for (let i = 0; i < 4; i++) {
        mem[8 + 3 * i] = values[2 * i]!;
        mem[8 + 3 * i + 1] = values[2 * i + 1]!;
        mem[8 + 3 * i + 2] = 1e300; // not in the source
      }
      mem.fill(-7, 40, 50);
      const top = transpose(8 * 8, 40 * 8, 2, 1, 3 * 8, 5 * 8, 60 * 8);
      for (let i = 0; i < 4; i++) for (let j = 0; j < 2; j++) expect(Object.is(mem[40 + 5 * j + i], values[2 * i + j])).toBe(true);
      expect([mem[44], mem[49]]).toEqual([-7, -7]);
      // the sum of squares, stored at 60 (in its own order: within rounding of the plain sum)
      const squares = values.reduce((acc, v) => acc + v * v, 0);
      if (Number.isFinite(squares)) expect(Math.abs(mem[60]! - squares)).toBeLessThanOrEqual(1e-15 * squares);
      else expect(mem[60]).toBe(squares);
      return top;
    };
    expect(run([0.5, -3, 2, -0, 1, 1, 1, 1])).toBe(3);
    expect(run([0.5, -3, 2, -Infinity, 1, 1, 1, 1])).toBe(Infinity);
    expect(run([0.5, -3, NaN, -Infinity, 1, 1, 1, 1])).toBeNaN();
    expect(run([1, 1, 1, 1, 7, 1, 1, NaN])).toBeNaN(); // in the second lane, last
    expect(run([-NaN, 1, Infinity, 2, 1, 1, 1, 1])).toBeNaN(); // first, before an ∞
    expect(run([1, 2, 3, 4, -5, 6, 7.5, -7.75])).toBe(7.75);
    expect(Object.is(run([-0, -0, -0, -0, -0, -0, -0, -0]), 0)).toBe(true);
  });

  it('combine: Σ_g a_g·(row k of gate g), gates in order from 0, the gates past `gates` reading zeros, for even and odd rows', () => {
    const instance = new WebAssembly.Instance(new WebAssembly.Module(simdModuleBytes()), {});
    const combine = instance.exports['combine'] as (wp: number, ldw: number, gstride: number, cp: number, cstride: number, op: number, ldo: number, rows: number, cols: number, gates: number, zp: number) => void;
    const mem = new Float64Array((instance.exports['mem'] as WebAssembly.Memory).buffer);
    // W: 4 gates × 2 rows × cols entries at 0 (rows `cols` apart); coefficients 4 × 2 at 40; zeros at 50; output rows of 6 at 60
    for (const cols of [1, 3, 4]) {
      for (let i = 0; i < 8 * cols; i++) mem[i] = Math.cos(i + 1) * 10 ** ((i % 5) - 2);
      mem[cols + cols - 1] = Infinity; // gate 0, row 1, last entry
      mem[7 * cols] = Number.NaN; // gate 3, row 1, first entry
      for (let i = 0; i < 8; i++) mem[40 + i] = Math.sin(3 * i + 1);
      mem[41] = -0;
      for (const gates of [1, 3, 4]) {
        mem.fill(-1, 60, 72);
        combine(0, cols * 8, 2 * cols * 8, 40 * 8, 2 * 8, 60 * 8, 6 * 8, 2, cols, gates, 50 * 8);
        for (let k = 0; k < 2; k++) {
          for (let j = 0; j < cols; j++) {
            let sum = 0;
            for (let g = 0; g < 4; g++) sum += g < gates ? mem[40 + g * 2 + k]! * mem[g * 2 * cols + k * cols + j]! : 0;
            expect(Object.is(mem[60 + k * 6 + j], sum), `cols ${cols}, gates ${gates}, row ${k}, entry ${j}`).toBe(true);
          }
          // the entries after each row are not written
          for (let j = cols; j < 6; j++) expect(mem[60 + k * 6 + j]).toBe(-1);
        }
      }
    }
  });
});

describe('combineRows', () => {
  const G = 4;
  const H = 4;
  const S = 8;
  const w = Float64Array.from({ length: G * H * H }, (_, i) => Math.sin(i + 0.5));
  const coef = Float64Array.from({ length: 2 + G * H }, (_, i) => Math.cos(i));
  const diag = Float64Array.from({ length: 1 + H }, (_, i) => (i === 2 ? -0 : i - 2.5));
  /** The TypeScript loop's result: H rows of S, dense from column from·H, diagonal at dFrom·H + k. */
  function expected(wm: Float64Array, from: number, dFrom: number): number[] {
    const out = new Array<number>(H * S).fill(0);
    for (let k = 0; k < H; k++) {
      for (let j = 0; j < H; j++) {
        let sum = 0;
        for (let g = 0; g < G; g++) sum += coef[2 + g * H + k]! * wm[(g * H + k) * H + j]!;
        out[k * S + from * H + j] = sum;
      }
      out[k * S + dFrom * H + k]! += diag[1 + k]!;
    }
    return out;
  }

  it('writes exactly its H rows at the offset, with the diagonal inside or beside the dense block', () => {
    for (const [from, dFrom] of [[0, 1], [0, 0], [1, 0], [1, 1], [0, 1]] as const) {
      const out = new Float64Array(3 + 2 * H * S + 5).fill(SENTINEL);
      expect(combineRows(w, G, H, S, coef, 2, from, diag, 1, dFrom, out, 3 + H * S)).toBe(true);
      const got = [...out.subarray(3 + H * S, 3 + 2 * H * S)];
      expected(w, from, dFrom).forEach((v, i) => expect(Object.is(got[i], v), `from ${from}, dFrom ${dFrom}, entry ${i}`).toBe(true));
      expect([...out.subarray(0, 3 + H * S), ...out.subarray(3 + 2 * H * S)].every((x) => x === SENTINEL)).toBe(true);
    }
  });

  it('uses new weights (another array), and its own again after another user of the memory', () => {
    const out = new Float64Array(H * S);
    const other = w.map((x) => 2 * x - 1);
    expect(combineRows(other, G, H, S, coef, 2, 0, diag, 1, 1, out, 0)).toBe(true);
    expect([...out]).toEqual(expected(other, 0, 1));
    expect(run(9, 9, 9, false, false)).toBe(true); // the matmul takes the memory
    expect(combineRows(w, G, H, S, coef, 2, 0, diag, 1, 1, out, 0)).toBe(true);
    expect([...out]).toEqual(expected(w, 0, 1));
  });

  it('builds odd rows too (H = 3, three gates)', () => {
    const out = new Float64Array(3 * 6).fill(SENTINEL);
    expect(combineRows(w.subarray(0, 27), 3, 3, 6, coef, 0, 1, diag, 0, 0, out, 0)).toBe(true);
    for (let k = 0; k < 3; k++) {
      for (let c = 0; c < 6; c++) {
        let v = 0;
        if (c >= 3) for (let g = 0; g < 3; g++) v += coef[g * 3 + k]! * w[(g * 3 + k) * 3 + c - 3]!;
        if (c === k) v = 0 + diag[k]!;
        expect(Object.is(out[k * 6 + c], v), `row ${k}, column ${c}`).toBe(true);
      }
    }
  });

  it('leaves the work to the caller when the kernel is switched off', () => {
    const out = new Float64Array(H * S).fill(SENTINEL);
    const was = setSimd(false);
    try {
      expect(combineRows(w, G, H, S, coef, 2, 0, diag, 1, 1, out, 0)).toBe(false);
    } finally {
      setSimd(was);
    }
    expect(out.every((x) => x === SENTINEL)).toBe(true);
  });
});

describe('sums of squares of matrices in the kernel memory', () => {
  const squares = (m: Float64Array): number => m.reduce((acc, v) => acc + v * v, 0);
  const close = (got: number, want: number): void => expect(Math.abs(got - want)).toBeLessThanOrEqual(1e-14 * want);

  it('residentMatrix: Σ m² of the matrix it holds, padding left out', () => {
    for (const [rows, cols] of [[3, 5], [8, 8], [9, 2]] as const) {
      const m = Float64Array.from({ length: rows * cols }, (_, i) => Math.sin(i + 1) * (i % 3 === 0 ? 10 : 1));
      close(residentMatrix(m, rows, cols)!.sumSquares(), squares(m));
    }
  });

  it('residentChain: Σ p² of the product each step makes, and of a product held again', () => {
    const n = 6;
    const chain = residentChain(n, n)!;
    const eye = Float64Array.from({ length: n * n }, (_, i) => (i % (n + 1) === 0 ? 1 : 0));
    const j = Float64Array.from({ length: n * n }, (_, i) => Math.cos(2 * i + 1));
    const out = new Float64Array(n * n);
    chain.hold(eye);
    close(chain.matrix.sumSquares(), n);
    const top = chain.step(eye, j, undefined, out);
    expect(top).toBe(Math.max(...out.map(Math.abs)));
    close(chain.matrix.sumSquares(), squares(out));
    const scaled = out.map((v) => v / 4);
    chain.hold(scaled);
    close(chain.matrix.sumSquares(), squares(scaled));
  });

  it('residentChain: several steps, dense and with a band at either end, give the plain products bit for bit (n not a multiple of 8)', () => {
    const n = 10;
    const count = 7;
    const h = 5; // band columns: [h, n) or [0, h), two entries each, at rows q and h + q of the band
    // the reference sums in k order from 0, as the kernel must
    const plain = (p: Float64Array, j: Float64Array): Float64Array => toFlat(matmul(fromFlat(p, count, n), fromFlat(j, n)));
    const factor = (seed: number, band: 'end' | 'start' | 'none'): { j: Float64Array; hint: Parameters<typeof chain.step>[2] } => {
      const j = Float64Array.from({ length: n * n }, (_, i) => Math.sin(seed * 7 + i * 1.3) * 1.1);
      if (band === 'none') return { j, hint: undefined };
      const first = band === 'end' ? h : 0;
      const v0 = new Float64Array(h);
      const v1 = new Float64Array(h);
      for (let q = 0; q < h; q++) {
        for (let r = 0; r < n; r++) j[r * n + first + q] = 0;
        v0[q] = Math.cos(seed + q);
        v1[q] = q === 2 ? -0 : Math.sin(seed - q);
        j[q * n + first + q] = v0[q]!;
        j[(h + q) * n + first + q] = v1[q]!;
      }
      return { j, hint: { first, count: h, rowA: 0, rowB: h, v0, v1 } };
    };
    const chain = residentChain(count, n)!;
    let p = new Float64Array(count * n);
    for (let i = 0; i < count; i++) p[i * n + i] = 1;
    chain.hold(p);
    const kinds = ['end', 'none', 'start', 'end', 'start'] as const;
    kinds.forEach((kind, s) => {
      const { j, hint } = factor(s + 1, kind);
      const out = new Float64Array(count * n);
      const top = chain.step(p, j, hint, out);
      const want = plain(p, j);
      want.forEach((v, i) => expect(Object.is(out[i], v), `step ${s + 1} (${kind}), entry ${i}`).toBe(true));
      expect(top).toBe(Math.max(...want.map(Math.abs)));
      close(chain.matrix.sumSquares(), squares(want));
      // products with the held matrix, as the plain loops make them
      const x = Float64Array.from({ length: n }, (_, i) => Math.cos(i + s));
      const y = new Float64Array(count);
      chain.matrix.mul(x, y);
      expect([...y]).toEqual(matvec(fromFlat(want, count, n), [...x]));
      const xt = Float64Array.from({ length: count }, (_, i) => Math.sin(i - s));
      const yt = new Float64Array(n);
      chain.matrix.mulT(xt, yt);
      expect([...yt]).toEqual(matvec(transpose(fromFlat(want, count, n)), [...xt]));
      p = out;
    });
  });
});

