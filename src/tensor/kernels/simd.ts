/**
 * Float64 kernels in WebAssembly SIMD (two float64 lanes per v128), and the ways gradscope keeps
 * operands in the module's memory between calls:
 * - {@link gemmSimd}: a matrix multiply for products large enough to pay for copying their
 *   operands in (packed into panels);
 * - {@link gemvHeld}: a row times a weight matrix that comes back every step (held there);
 * - {@link residentMatrix}: the many matrix–vector products with one matrix that Lanczos makes
 *   (a vector kernel and a 2×2-block transpose);
 * - {@link residentChain}: a product chain P ← P·J that stays there from factor to factor, with an
 *   LSTM Jacobian's two-diagonal columns, the largest entry and the sum of squares computed in
 *   place;
 * - {@link combineRows}: the rows of a step Jacobian, Σ_g a_g·(row of W_hh's gate g), with W_hh
 *   held there.
 *
 * The module is about 1.9 KiB, assembled below from its instructions (no toolchain, no file to
 * fetch) and compiled synchronously on first use. Where WebAssembly or its SIMD is missing, each
 * entry point says so (false or null) and the caller keeps to the TypeScript loops.
 *
 * The multiply keeps a 4×4 tile of C in eight v128 accumulators; its k loop reads four entries of
 * a 4-row panel of A (each loaded into both lanes) and four of a 4-column panel of B, from packed
 * panels or from rows in place. Every sum (matrix, vector, band, combine) runs over k in
 * increasing order started from 0, without fused multiply-add: the same rounding as the plain
 * loops of gemm.ts and fusedJacobian.ts, bit for bit. Only one user's operands are in the memory
 * at a time (`owner`); a later user claims it, and the others copy theirs in again when they next
 * run.
 * @module
 */
// ---- a minimal assembler for the functions below -------------------------------------------

const OP = {
  block: 0x02, loop: 0x03, end: 0x0b, brIf: 0x0d,
  localGet: 0x20, localSet: 0x21, localTee: 0x22,
  i32Const: 0x41, f64Const: 0x44, f64Max: 0xa5, f64Add: 0xa0, f64Mul: 0xa2, f64Load: 0x2b, f64Store: 0x39, select: 0x1b,
  i32Eqz: 0x45, i32Ne: 0x47, i32LtU: 0x49, i32GtU: 0x4b,
  i32Add: 0x6a, i32Sub: 0x6b, i32Mul: 0x6c, i32And: 0x71, i32ShrU: 0x76,
} as const;
/** SIMD opcodes (after the 0xfd prefix). */
const V = { load: 0x00, load64Splat: 0x0a, store: 0x0b, const: 0x0c, shuffle: 0x0d, f64x2ExtractLane: 0x21, bitselect: 0x52, i64x2GtS: 0xd9, f64x2Abs: 0xec, f64x2Add: 0xf0, f64x2Mul: 0xf2 } as const;
const F64 = 0x7c;
const I32 = 0x7f;
const V128 = 0x7b;
const VOID = 0x40;

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

const simd = (op: number, ...imm: number[]): number[] => [0xfd, ...uleb(op), ...imm];
const get = (l: number): number[] => [OP.localGet, ...uleb(l)];
const set = (l: number): number[] => [OP.localSet, ...uleb(l)];
const i32 = (v: number): number[] => [OP.i32Const, ...sleb(v)];
/** memarg: log2 alignment, byte offset. */
const mem = (align: number, offset: number): number[] => [...uleb(align), ...uleb(offset)];
const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];
const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
const name = (s: string): number[] => [...uleb(s.length), ...Array.from(s, (ch) => ch.charCodeAt(0))];
const ZERO = simd(V.const, ...new Array<number>(16).fill(0));
/** Ends a loop body: `local += 1`, again while it is below `limit`. */
const countUp = (local: number, limit: number): number[] => [...get(local), ...i32(1), OP.i32Add, OP.localTee, ...uleb(local), ...get(limit), OP.i32LtU, OP.brIf, 0];
/** Ends a loop body: `local −= 1`, again while it is not 0. */
const countDown = (local: number): number[] => [...get(local), ...i32(1), OP.i32Sub, OP.localTee, ...uleb(local), OP.brIf, 0];

/** A function body: its extra locals (`i32s` i32, then `v128s` v128) and the code `build` emits. */
function body(i32s: number, v128s: number, build: (emit: (...parts: number[][]) => void) => void): number[] {
  const code: number[] = [];
  build((...parts) => {
    for (const p of parts) code.push(...p);
  });
  code.push(OP.end);
  return [...vec([[...uleb(i32s), I32], [...uleb(v128s), V128]]), ...code];
}

/**
 * `gemm(ap, aK, aPanel, bp, bK, bPanel, cp, ldc, mBlocks, nPanels, K)`: for every pair of a
 * 4-row panel of A and a 4-column panel of B, the 4×4 tile C[4·ib…, 4·jp…] = Σ_k A(·, k) ⊗ B(k, ·),
 * stored at cp + ib·4·ldc + jp·32. Entry (r, k) of A's panel ib is at ap + ib·aPanel + k·aK + 8r,
 * entry (k, c) of B's panel jp at bp + jp·bPanel + k·bK + 8c (all in bytes): packed panels
 * (aK = bK = 32) or rows of a row-major matrix read in place (bK = its row stride, bPanel = 32).
 * K, mBlocks and nPanels are at least 1.
 */
function kernelBody(): number[] {
  const [ap, aK, aPanel, bp, bK, bPanel, cp, ldc, mBlocks, nPanels, K] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const [jp, ib, k, pa, pb, pc] = [11, 12, 13, 14, 15, 16];
  const acc = (i: number): number => 17 + i; // 8 accumulators
  const [b0, b1, a] = [25, 26, 27];
  // locals after the 11 i32 params: 6 i32, 11 v128
  return body(6, 11, (emit) => {
    emit(i32(0), set(jp));
    emit([OP.loop, VOID]); // J
    emit(i32(0), set(ib));
    emit([OP.loop, VOID]); // I
    for (let i = 0; i < 8; i++) emit(ZERO, set(acc(i)));
    // pa = ap + ib·aPanel; pb = bp + jp·bPanel; k = K
    emit(get(ap), get(ib), get(aPanel), [OP.i32Mul], [OP.i32Add], set(pa));
    emit(get(bp), get(jp), get(bPanel), [OP.i32Mul], [OP.i32Add], set(pb));
    emit(get(K), set(k));
    emit([OP.loop, VOID]); // K
    emit(get(pb), simd(V.load, ...mem(3, 0)), set(b0));
    emit(get(pb), simd(V.load, ...mem(3, 16)), set(b1));
    for (let r = 0; r < 4; r++) {
      // one load into both lanes (a load, not a shuffle: the shuffle unit is the FP pipes')
      emit(get(pa), simd(V.load64Splat, ...mem(3, r * 8)), set(a));
      emit(get(acc(2 * r)), get(a), get(b0), simd(V.f64x2Mul), simd(V.f64x2Add), set(acc(2 * r)));
      emit(get(acc(2 * r + 1)), get(a), get(b1), simd(V.f64x2Mul), simd(V.f64x2Add), set(acc(2 * r + 1)));
    }
    emit(get(pa), get(aK), [OP.i32Add], set(pa));
    emit(get(pb), get(bK), [OP.i32Add], set(pb));
    emit(countDown(k), [OP.end]); // K
    // pc = cp + ib·4·ldc + jp·32; four rows of two v128 each
    emit(get(cp), get(ib), get(ldc), [OP.i32Mul], i32(4), [OP.i32Mul], [OP.i32Add], get(jp), i32(32), [OP.i32Mul], [OP.i32Add], set(pc));
    for (let r = 0; r < 4; r++) {
      emit(get(pc), get(acc(2 * r)), simd(V.store, ...mem(3, 0)));
      emit(get(pc), get(acc(2 * r + 1)), simd(V.store, ...mem(3, 16)));
      if (r < 3) emit(get(pc), get(ldc), [OP.i32Add], set(pc));
    }
    emit(countUp(ib, mBlocks), [OP.end]); // I
    emit(countUp(jp, nPanels), [OP.end]); // J
  });
}

/**
 * `gemv(ap, xp, yp, rows, blocks, lda)`: y[0 … 8·blocks) = Σ_i x[i]·A[i, 0 … 8·blocks) for A
 * row-major with rows `lda` bytes apart: eight columns (four v128 accumulators) at a time, each
 * entry summed over i in increasing order from 0 (the plain loops' order for xᵀ·A). rows and
 * blocks are at least 1.
 */
function gemvBody(): number[] {
  const [ap, xp, yp, rows, blocks, lda] = [0, 1, 2, 3, 4, 5];
  const [jb, i, pa, px] = [6, 7, 8, 9];
  const acc = (q: number): number => 10 + q; // 4 accumulators
  const xv = 14;
  // locals after the 6 i32 params: 4 i32, 5 v128
  return body(4, 5, (emit) => {
    emit(i32(0), set(jb));
    emit([OP.loop, VOID]); // J: column blocks
    for (let q = 0; q < 4; q++) emit(ZERO, set(acc(q)));
    emit(get(ap), get(jb), i32(64), [OP.i32Mul], [OP.i32Add], set(pa));
    emit(get(xp), set(px));
    emit(get(rows), set(i));
    emit([OP.loop, VOID]); // I: rows, in order
    emit(get(px), simd(V.load64Splat, ...mem(3, 0)), set(xv));
    for (let q = 0; q < 4; q++) emit(get(acc(q)), get(pa), simd(V.load, ...mem(3, 16 * q)), get(xv), simd(V.f64x2Mul), simd(V.f64x2Add), set(acc(q)));
    emit(get(pa), get(lda), [OP.i32Add], set(pa));
    emit(get(px), i32(8), [OP.i32Add], set(px));
    emit(countDown(i), [OP.end]); // I
    for (let q = 0; q < 4; q++) emit(get(yp), get(jb), i32(64), [OP.i32Mul], [OP.i32Add], get(acc(q)), simd(V.store, ...mem(3, 16 * q)));
    emit(countUp(jb, blocks), [OP.end]); // J
  });
}

/**
 * `transpose(src, dst, rowPairs, colPairs, lds, ldd, sp)` → max |entry| of src: dst = srcᵀ, by
 * 2×2 blocks (two v128 loads, two shuffles, two stores), for a source of 2·rowPairs rows and
 * 2·colPairs columns with rows `lds` bytes apart, into rows `ldd` bytes apart. Each pair of
 * destination rows is written left to right while the source is read down a pair of its columns.
 * Two reductions come along: the largest |entry| (NaN when any entry is NaN, as linalg's
 * maxAbs; |x|'s bits, read as a signed 64-bit integer, order as |x| does, with every NaN above ∞,
 * so a running integer maximum does it in two instructions where f64x2.max takes eight), and
 * the sum of squares (in no particular order), stored as a float64 at sp.
 */
function transposeBody(): number[] {
  const [src, dst, rowPairs, colPairs, lds, ldd, sp] = [0, 1, 2, 3, 4, 5, 6];
  const [jp, ip, ps, pd] = [7, 8, 9, 10];
  const [a, b, m0, m1, x, s0, s1] = [11, 12, 13, 14, 15, 16, 17];
  const lanes = (first: number): number[] => [...Array.from({ length: 8 }, (_, k) => first + k), ...Array.from({ length: 8 }, (_, k) => 16 + first + k)];
  const top = (v: number, m: number): number[] => [...get(v), ...simd(V.f64x2Abs), ...set(x), ...get(x), ...get(m), ...get(x), ...get(m), ...simd(V.i64x2GtS), ...simd(V.bitselect), ...set(m)];
  const square = (v: number, acc: number): number[] => [...get(acc), ...get(v), ...get(v), ...simd(V.f64x2Mul), ...simd(V.f64x2Add), ...set(acc)];
  const both = (v: number, op: number): number[] => [...get(v), ...simd(V.f64x2ExtractLane, 0), ...get(v), ...simd(V.f64x2ExtractLane, 1), op];
  return body(4, 7, (emit) => {
    emit(ZERO, set(m0), ZERO, set(m1), ZERO, set(s0), ZERO, set(s1));
    emit(i32(0), set(jp));
    emit([OP.loop, VOID]); // J: pairs of source columns = pairs of destination rows
    // ps = src + jp·16; pd = dst + jp·2·ldd
    emit(get(src), get(jp), i32(16), [OP.i32Mul], [OP.i32Add], set(ps));
    emit(get(dst), get(jp), i32(2), [OP.i32Mul], get(ldd), [OP.i32Mul], [OP.i32Add], set(pd));
    emit(get(rowPairs), set(ip));
    emit([OP.loop, VOID]); // I: pairs of source rows, top to bottom
    emit(get(ps), simd(V.load, ...mem(3, 0)), set(a));
    emit(get(ps), get(lds), [OP.i32Add], simd(V.load, ...mem(3, 0)), set(b));
    emit(get(pd), get(a), get(b), simd(V.shuffle, ...lanes(0)), simd(V.store, ...mem(3, 0)));
    emit(get(pd), get(ldd), [OP.i32Add], get(a), get(b), simd(V.shuffle, ...lanes(8)), simd(V.store, ...mem(3, 0)));
    emit(top(a, m0), top(b, m1), square(a, s0), square(b, s1));
    emit(get(ps), get(lds), get(lds), [OP.i32Add], [OP.i32Add], set(ps));
    emit(get(pd), i32(16), [OP.i32Add], set(pd));
    emit(countDown(ip), [OP.end]); // I
    emit(countUp(jp, colPairs), [OP.end]); // J
    emit(get(sp), both(s0, OP.f64Add), both(s1, OP.f64Add), [OP.f64Add, OP.f64Store, ...mem(3, 0)]);
    // the four lanes of the maximum: f64.max keeps a NaN too
    emit(both(m0, OP.f64Max), both(m1, OP.f64Max), [OP.f64Max]);
  });
}

/**
 * `band(src, ld, dst, v0p, v1p, rows, o0, o1, pairs)`: for q < rows, row q of dst =
 * v0[q]·(row o0 + q of src) + v1[q]·(row o1 + q of src), each entry summed from 0 in that order
 * (two entries per column of Jᵀ: an LSTM's c columns), `pairs` v128 per row; rows `ld` bytes
 * apart in src and dst. rows and pairs are at least 1.
 */
function bandBody(): number[] {
  const [src, ld, dst, v0p, v1p, rows, o0, o1, pairs] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  const [q, c, ra, rb, po] = [9, 10, 11, 12, 13];
  const [va, vb] = [14, 15];
  return body(5, 2, (emit) => {
    emit(i32(0), set(q));
    emit([OP.loop, VOID]); // Q: rows of dst
    emit(get(v0p), get(q), i32(8), [OP.i32Mul], [OP.i32Add], simd(V.load64Splat, ...mem(3, 0)), set(va));
    emit(get(v1p), get(q), i32(8), [OP.i32Mul], [OP.i32Add], simd(V.load64Splat, ...mem(3, 0)), set(vb));
    emit(get(src), get(o0), get(q), [OP.i32Add], get(ld), [OP.i32Mul], [OP.i32Add], set(ra));
    emit(get(src), get(o1), get(q), [OP.i32Add], get(ld), [OP.i32Mul], [OP.i32Add], set(rb));
    emit(get(dst), get(q), get(ld), [OP.i32Mul], [OP.i32Add], set(po));
    emit(get(pairs), set(c));
    emit([OP.loop, VOID]); // C: two entries at a time
    emit(get(po), ZERO, get(ra), simd(V.load, ...mem(3, 0)), get(va), simd(V.f64x2Mul), simd(V.f64x2Add));
    emit(get(rb), simd(V.load, ...mem(3, 0)), get(vb), simd(V.f64x2Mul), simd(V.f64x2Add), simd(V.store, ...mem(3, 0)));
    for (const l of [ra, rb, po]) emit(get(l), i32(16), [OP.i32Add], set(l));
    emit(countDown(c), [OP.end]); // C
    emit(countUp(q, rows), [OP.end]); // Q
  });
}

/**
 * `combine(wp, ldw, gstride, cp, cstride, op, ldo, rows, cols, gates, zp)`: for k < rows, row k
 * of the output (at op + k·ldo) = Σ_{g<4} a_g·(row k of W's gate-g block), `cols` entries (two at
 * a time, the last alone when cols is odd), the gates in order from a sum started at 0 (a step
 * Jacobian's rows, see fusedJacobian.ts). Gate g's row is at wp + g·gstride + k·ldw and its
 * coefficient a_g at cp + g·cstride + 8k; a gate at or past `gates` reads the zeros at zp for both
 * (0·0 adds +0 to a sum that is never −0: the bits of the gates alone). rows and cols are at
 * least 1.
 */
function combineBody(): number[] {
  const [wp, ldw, gstride, cp, cstride, op, ldo, rows, cols, gates, zp] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const [k, c, po] = [11, 12, 13];
  const pw = (g: number): number => 14 + g; // 4 row pointers
  const a = (g: number): number => 18 + g; // 4 coefficients, in both lanes
  const acc = 22;
  // locals after the 11 i32 params: 7 i32, 5 v128
  return body(7, 5, (emit) => {
    emit(i32(0), set(k));
    emit([OP.loop, VOID]); // K: rows
    for (let g = 0; g < 4; g++) {
      // pw_g = g < gates ? wp + g·gstride + k·ldw : zp; a_g = splat(g < gates ? cp + g·cstride + 8k : zp)
      emit(get(wp), i32(g), get(gstride), [OP.i32Mul], [OP.i32Add], get(k), get(ldw), [OP.i32Mul], [OP.i32Add], get(zp), get(gates), i32(g), [OP.i32GtU, OP.select], set(pw(g)));
      emit(get(cp), i32(g), get(cstride), [OP.i32Mul], [OP.i32Add], get(k), i32(8), [OP.i32Mul], [OP.i32Add], get(zp), get(gates), i32(g), [OP.i32GtU, OP.select]);
      emit(simd(V.load64Splat, ...mem(3, 0)), set(a(g)));
    }
    emit(get(op), get(k), get(ldo), [OP.i32Mul], [OP.i32Add], set(po));
    emit([OP.block, VOID]); // pairs, when there is one
    emit(get(cols), i32(1), [OP.i32ShrU, OP.localTee, ...uleb(c), OP.i32Eqz, OP.brIf, 0]);
    emit([OP.loop, VOID]); // C: two entries at a time
    emit(ZERO);
    for (let g = 0; g < 4; g++) emit(get(pw(g)), simd(V.load, ...mem(3, 0)), get(a(g)), simd(V.f64x2Mul), simd(V.f64x2Add));
    emit(set(acc), get(po), get(acc), simd(V.store, ...mem(3, 0)));
    for (const l of [po, pw(0), pw(1), pw(2), pw(3)]) emit(get(l), i32(16), [OP.i32Add], set(l));
    emit(countDown(c), [OP.end]); // C
    emit([OP.end]);
    emit([OP.block, VOID]); // the last entry of an odd row, in the same order
    emit(get(cols), i32(1), [OP.i32And, OP.i32Eqz, OP.brIf, 0]);
    emit(get(po), [OP.f64Const, 0, 0, 0, 0, 0, 0, 0, 0]);
    for (let g = 0; g < 4; g++) emit(get(pw(g)), [OP.f64Load, ...mem(3, 0)], get(a(g)), simd(V.f64x2ExtractLane, 0), [OP.f64Mul, OP.f64Add]);
    emit([OP.f64Store, ...mem(3, 0)]);
    emit([OP.end]);
    emit(countUp(k, rows), [OP.end]); // K
  });
}

function moduleBytes(): Uint8Array<ArrayBuffer> {
  const bodies = [kernelBody(), gemvBody(), transposeBody(), bandBody(), combineBody()];
  const type = (n: number, results: number[] = []): number[] => [0x60, ...vec(new Array<number[]>(n).fill([I32])), ...vec(results.map((r) => [r]))];
  const exports = ['gemm', 'gemv', 'transpose', 'band', 'combine'].map((f, i) => [...name(f), 0x00, ...uleb(i)]);
  const bytes = [
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec([type(11), type(6), type(9), type(7, [F64])])), // (i32 ×11) → (), (i32 ×6) → (), (i32 ×9) → (), (i32 ×7) → f64
    ...section(3, vec([uleb(0), uleb(1), uleb(3), uleb(2), uleb(0)])), // gemm; gemv; transpose; band; combine
    ...section(5, vec([[0x00, ...uleb(1)]])), // one memory, at least 1 page
    ...section(7, vec([...exports, [...name('mem'), 0x02, ...uleb(0)]])),
    ...section(10, vec(bodies.map((b) => [...uleb(b.length), ...b]))),
  ];
  return Uint8Array.from(bytes);
}

// ---- the kernel from TypeScript -------------------------------------------------------------

interface Kernel {
  readonly gemm: (ap: number, aK: number, aPanel: number, bp: number, bK: number, bPanel: number, cp: number, ldc: number, mBlocks: number, nPanels: number, K: number) => void;
  readonly gemv: (ap: number, xp: number, yp: number, rows: number, blocks: number, lda: number) => void;
  readonly transpose: (src: number, dst: number, rowPairs: number, colPairs: number, lds: number, ldd: number, sp: number) => number;
  readonly band: (src: number, ld: number, dst: number, v0p: number, v1p: number, rows: number, o0: number, o1: number, pairs: number) => void;
  readonly combine: (wp: number, ldw: number, gstride: number, cp: number, cstride: number, op: number, ldo: number, rows: number, pairs: number, gates: number, zp: number) => void;
  readonly mem: WebAssembly.Memory;
}

/** Operands beyond 1 GiB together stay in TypeScript (the module addresses at most 4 GiB, and keeps what it grows). */
const MAX_BYTES = 2 ** 30;

let kernel: Kernel | null | undefined;
let enabled = true;
/** What the kernel's memory holds for later calls: a {@link ResidentChain}'s product, or nothing. */
let owner: object | null = null;

function load(): Kernel | null {
  if (kernel !== undefined) return kernel;
  kernel = null;
  try {
    if (typeof WebAssembly === 'object') {
      const instance = new WebAssembly.Instance(new WebAssembly.Module(moduleBytes()), {});
      kernel = instance.exports as unknown as Kernel; // gemm, gemv, transpose, band, combine and the memory `mem`
    }
  } catch {
    kernel = null; // no SIMD here: the TypeScript kernels do the work
  }
  return kernel;
}

/** True when the SIMD kernel is compiled and not switched off. */
export function simdAvailable(): boolean {
  return enabled && load() !== null;
}

/**
 * Switches the SIMD kernel off (false) or back on, returning the previous setting: for
 * benchmarks and for tests that compare it with the TypeScript kernels.
 * @internal
 */
export function setSimd(on: boolean): boolean {
  const was = enabled;
  enabled = on;
  return was;
}

/**
 * C = op(A)·op(B) for float64 arrays through the SIMD kernel (layouts as in gemm.ts). Returns
 * false, having done nothing, when the kernel is unavailable or switched off. The leading
 * dimensions (the stride between stored rows of A, B and C) default to the packed ones; larger
 * ones multiply blocks of wider matrices in place (C's other columns are left alone).
 */
export function gemmSimd(
  a: Float64Array,
  aOff: number,
  ta: boolean,
  b: Float64Array,
  bOff: number,
  tb: boolean,
  c: Float64Array,
  cOff: number,
  M: number,
  K: number,
  N: number,
  lda: number = ta ? M : K,
  ldb: number = tb ? K : N,
  ldc: number = N,
): boolean {
  const kern = enabled ? load() : null;
  if (!kern) return false;
  const mb = (M + 3) >> 2;
  const np = (N + 3) >> 2;
  const aLen = mb * 4 * K;
  const bLen = np * 4 * K;
  const cLen = mb * 4 * np * 4;
  // the engine may refuse the memory: the TypeScript kernels need none
  if (!reserve(kern, (aLen + bLen + cLen) * 8)) return false;
  const m = memory(kern);
  // op(A) as [M/4][K][4]: A(i, k) is a[i·lda + k], or a[k·lda + i] when transposed
  packPanels(m, 0, a, aOff, M, K, ta ? 1 : lda, ta ? lda : 1);
  // op(B) as [N/4][K][4]: B(k, j) is b[k·ldb + j], or b[j·ldb + k] when transposed
  packPanels(m, aLen, b, bOff, N, K, tb ? ldb : 1, tb ? 1 : ldb);
  const cBase = aLen + bLen;
  const ldm = np * 4;
  owner = null;
  kern.gemm(0, 32, K * 32, aLen * 8, 32, K * 32, cBase * 8, ldm * 8, mb, np, K);
  for (let i = 0; i < M; i++) c.set(m.subarray(cBase + i * ldm, cBase + i * ldm + N), cOff + i * ldc);
  return true;
}

/** Grows the kernel's memory to at least `bytes` (false when too big or refused). */
function reserve(kern: Kernel, bytes: number): boolean {
  if (bytes > MAX_BYTES) return false;
  const have = kern.mem.buffer.byteLength;
  if (bytes <= have) return true;
  try {
    kern.mem.grow(Math.ceil((bytes - have) / 65536));
    return true;
  } catch {
    return false;
  }
}

/** The kernel's memory as float64 (one view, made again only after the memory has grown). */
let view = new Float64Array(0);
function memory(kern: Kernel): Float64Array {
  if (view.buffer !== kern.mem.buffer) view = new Float64Array(kern.mem.buffer);
  return view;
}

/**
 * y[yOff …] = the first `len` entries of xᵀ·A for A stored in the kernel's memory at aAt (rowsA
 * rows of ldA doubles, ldA a multiple of 8), x read from x[xOff + i·xStride] into xAt and the
 * result through yAt: one gemv pass, each entry summed over i in increasing order from 0.
 */
function vectorTimes(kern: Kernel, aAt: number, rowsA: number, ldA: number, xAt: number, yAt: number, x: Float64Array, xOff: number, xStride: number, y: Float64Array, yOff: number, len: number): void {
  const m = memory(kern);
  for (let i = 0; i < rowsA; i++) m[xAt + i] = x[xOff + i * xStride]!;
  kern.gemv(aAt * 8, xAt * 8, yAt * 8, rowsA, ldA >> 3, ldA * 8);
  for (let j = 0; j < len; j++) y[yOff + j] = m[yAt + j]!; // no subarray view per product
}

/**
 * A matrix copied into the kernel's memory (and its transpose beside it) for many products with
 * vectors, as Lanczos makes: `mul` is y = M·x, `mulT` is y = Mᵀ·x, each entry summed in
 * increasing index order from 0 (so, bit for bit, the plain loops' M·x and xᵀ·M). Valid until
 * the next call into the kernel from anywhere else (a matmul, another resident matrix).
 */
export interface ResidentMatrix {
  mul(x: Float64Array, y: Float64Array): void;
  mulT(x: Float64Array, y: Float64Array): void;
  /** Σ m_ij² (rounded, summed in no particular order): ‖M‖_F², an upper bound for Lanczos. */
  sumSquares(): number;
}

/**
 * Copies the rows×cols row-major `m` into the SIMD kernel's memory for repeated matrix–vector
 * products; null when the kernel is unavailable or switched off (use the TypeScript loops).
 * @internal
 */
export function residentMatrix(m: Float64Array, rows: number, cols: number): ResidentMatrix | null {
  const kern = enabled ? load() : null;
  if (!kern || rows < 1 || cols < 1) return null;
  // M as ldt rows of ldm (zero-padded to whole 8-column blocks), then Mᵀ as ldm rows of ldt
  const ldm = (cols + 7) & ~7;
  const ldt = (rows + 7) & ~7;
  const tAt = ldt * ldm;
  const xAt = 2 * tAt;
  const yAt = xAt + Math.max(ldm, ldt);
  const sAt = yAt + Math.max(ldm, ldt);
  if (!reserve(kern, (sAt + 1) * 8)) return null;
  owner = null;
  const mem = memory(kern);
  if (ldm === cols) mem.set(m.subarray(0, rows * cols), 0);
  else {
    for (let i = 0; i < rows; i++) {
      mem.set(m.subarray(i * cols, (i + 1) * cols), i * ldm);
      mem.fill(0, i * ldm + cols, (i + 1) * ldm);
    }
  }
  mem.fill(0, rows * ldm, ldt * ldm);
  kern.transpose(0, tAt * 8, ldt >> 1, ldm >> 1, ldm * 8, ldt * 8, sAt * 8);
  const squares = memory(kern)[sAt]!;
  return {
    mul: (x, y) => vectorTimes(kern, tAt, cols, ldt, xAt, yAt, x, 0, 1, y, 0, rows), // M·x = (xᵀ·Mᵀ)ᵀ
    mulT: (x, y) => vectorTimes(kern, 0, rows, ldm, xAt, yAt, x, 0, 1, y, 0, cols),
    sumSquares: () => squares,
  };
}

/**
 * A weight matrix held in the kernel's memory as A = op(W) (K rows of `ld` ≥ N columns,
 * zero-padded), valid while `gen` is the current generation.
 */
interface HeldWeight {
  readonly off: number;
  readonly tw: boolean;
  readonly K: number;
  readonly N: number;
  readonly ld: number;
  readonly at: number;
  readonly gen: number;
}

/**
 * Matrices seen once (held on their second use) and matrices held, by matrix: weakly, so a
 * training loop's old weights are not kept alive by being held. Held matrices fill the memory
 * from 0 (`end` is the next free double); starting over is a new generation.
 */
const held = { seen: new WeakMap<Float64Array, Set<string>>(), byMatrix: new WeakMap<Float64Array, HeldWeight[]>(), end: 0, gen: 0 };
/** What {@link gemvHeld} holds at most; more, and it starts over. */
const HELD_MAX_DOUBLES = 1 << 21;

function startOver(): void {
  held.gen++;
  held.end = 0;
}

/**
 * y = x·op(W) for one row x (K entries at x[xOff + k·xStride]) and a K×N op(W) (W stored [K,N],
 * or [N,K] when `tw`): the product of a recurrent step with its weights, which comes back every
 * step with the same W. From its second use on, a matrix is kept in the kernel's memory
 * (transposed there once when `tw`) until another user of that memory claims it, so each later
 * product is one SIMD pass. Each entry is summed over k in increasing order from 0: the bits of
 * the plain loops. Returns false, having done nothing, for a matrix on its first use (or when
 * the kernel is unavailable or switched off): the caller computes it.
 * Only for a W that is a tensor's storage, which never changes after it is made (a matrix is
 * recognised by its identity, not its contents).
 */
export function gemvHeld(x: Float64Array, xOff: number, xStride: number, w: Float64Array, wOff: number, tw: boolean, y: Float64Array, yOff: number, K: number, N: number): boolean {
  const kern = enabled ? load() : null;
  if (!kern) return false;
  if (owner !== held) startOver(); // another user has had the memory
  let h = held.byMatrix.get(w)?.find((e) => e.gen === held.gen && e.off === wOff && e.tw === tw && e.K === K && e.N === N);
  if (!h) {
    const key = `${wOff} ${tw ? 1 : 0} ${K} ${N}`;
    const seen = held.seen.get(w) ?? new Set<string>();
    if (!seen.has(key)) {
      held.seen.set(w, seen.add(key)); // the second use holds it
      return false;
    }
    const ld = (N + 7) & ~7;
    if (held.end + K * ld > HELD_MAX_DOUBLES) startOver();
    // x and y after the held matrices: room for the longest of each
    const at = held.end;
    const scratch = Math.max(K, ld) * 2;
    if (K * ld > HELD_MAX_DOUBLES || !reserve(kern, (at + K * ld + scratch) * 8)) return false;
    owner = held;
    const m = memory(kern);
    for (let k = 0; k < K; k++) {
      const row = at + k * ld;
      if (tw) for (let j = 0; j < N; j++) m[row + j] = w[wOff + j * K + k]!;
      else m.set(w.subarray(wOff + k * N, wOff + (k + 1) * N), row);
      m.fill(0, row + N, row + ld);
    }
    h = { off: wOff, tw, K, N, ld, at, gen: held.gen };
    held.byMatrix.set(w, [...(held.byMatrix.get(w) ?? []).filter((e) => e.gen === held.gen), h]);
    held.end = at + K * ld;
  }
  const xAt = held.end;
  const yAt = xAt + Math.max(K, h.ld);
  if (!reserve(kern, (yAt + h.ld) * 8)) return false;
  vectorTimes(kern, h.at, K, h.ld, xAt, yAt, x, xOff, xStride, y, yOff, N);
  return true;
}

/** Two entries per column q < count of J, at rows rowA + q and rowB + q of column first + q. */
export interface BandColumns {
  readonly first: number;
  readonly count: number;
  readonly rowA: number;
  readonly rowB: number;
  readonly v0: Float64Array;
  readonly v1: Float64Array;
}

/**
 * A product chain P ← P·J kept in the kernel's memory between factors (see {@link residentChain}).
 * @internal
 */
export interface ResidentChain {
  /**
   * out = p·J (p count×n, J n×n, both row-major) where J's columns other than `band`'s are
   * dense and adjacent (all of them without a band); out becomes the held product. Returns
   * max |out| (NaN when any entry is NaN). Each entry is the sum over k in increasing order from
   * 0 (the band's two terms in row order): the bits of the plain loops for a finite p.
   */
  step(p: Float64Array, j: Float64Array, band: BandColumns | undefined, out: Float64Array): number;
  /** Makes `p` (count×n) the held product, as when it was changed after a step made it. */
  hold(p: Float64Array): void;
  /**
   * Matrix–vector products with the held product in place (as {@link residentMatrix}'s, the
   * same bits), valid until the next call into the kernel from anywhere else.
   */
  readonly matrix: ResidentMatrix;
}

/**
 * A product chain in the kernel's memory: the running product stays there as its transpose
 * Q = Pᵀ (so Q ← Jᵀ·Q reads every operand in place, J's rows as Jᵀ's panels, Q's rows as B's)
 * and as P beside it. Each step copies in only the new factor and copies out the product, which
 * is then at hand for matrix–vector products. null when the kernel is unavailable, switched off
 * or refuses the memory.
 * @internal
 */
export function residentChain(count: number, n: number): ResidentChain | null {
  const kern = enabled ? load() : null;
  if (!kern || count < 1 || n < 1) return null;
  // Q: n rows of count columns, zero-padded to whole gemv blocks (and so to whole panels); the
  // last dense panel may run 3 rows past n, reading 3 entries past a row of J (the next row's,
  // or past J's end: the rows it makes are past n, never read)
  const ldq = (count + 7) & ~7;
  const rowsQ = ((n + 7) & ~7) + 4;
  // P = Qᵀ: count rows of n columns, zero-padded to whole gemv blocks (the transpose works on 2×2 blocks)
  const ldp = (n + 7) & ~7;
  const rowsP = (count + 1) & ~1;
  const q0 = 0;
  const q1 = rowsQ * ldq;
  const jAt = 2 * rowsQ * ldq;
  const pAt = jAt + n * n + 4;
  const v0At = pAt + rowsP * ldp;
  const v1At = v0At + n;
  const xAt = v1At + n;
  const yAt = xAt + Math.max(ldp, ldq);
  const sAt = yAt + Math.max(ldp, ldq);
  const end = sAt + 1;
  if (!reserve(kern, end * 8)) return null;
  let held: Float64Array | null = null;
  let squares = 0; // the held product's
  let at = q0; // where Q is
  /** The memory's current view; zeros where this chain's padding is when another user wrote here. */
  const claim = (): Float64Array => {
    const m = memory(kern);
    if (owner !== self) {
      m.fill(0, 0, end);
      owner = self;
      held = null;
    }
    return m;
  };
  const self: ResidentChain = {
    step(p, j, band, out) {
      const mem = claim();
      if (held !== p) self.hold(p);
      mem.set(j.subarray(0, n * n), jAt);
      const src = at;
      const dst = src === q0 ? q1 : q0;
      // rows of the new Q from J's dense columns: Jᵀ's rows first … first + nd − 1 times Q
      const first = band === undefined || band.first > 0 ? 0 : band.count;
      const nd = band === undefined ? n : n - band.count;
      if (nd > 0) kern.gemm((jAt + first) * 8, n * 8, 32, src * 8, ldq * 8, 32, (dst + first * ldq) * 8, ldq * 8, (nd + 3) >> 2, ldq >> 2, n);
      // the band's rows after, over any the last dense panel ran into
      if (band !== undefined && band.count > 0) {
        mem.set(band.v0.subarray(0, band.count), v0At);
        mem.set(band.v1.subarray(0, band.count), v1At);
        kern.band(src * 8, ldq * 8, (dst + band.first * ldq) * 8, v0At * 8, v1At * 8, band.count, band.rowA, band.rowB, ldq >> 1);
      }
      // rows past n (which the last dense panel may have run into) are zeros for the transpose's maximum
      if (ldp > n) mem.fill(0, dst + n * ldq, dst + ldp * ldq);
      const top = kern.transpose(dst * 8, pAt * 8, ldp >> 1, rowsP >> 1, ldq * 8, ldp * 8, sAt * 8);
      squares = mem[sAt]!;
      if (ldp === n) out.set(mem.subarray(pAt, pAt + count * n));
      else for (let i = 0; i < count; i++) out.set(mem.subarray(pAt + i * ldp, pAt + i * ldp + n), i * n);
      held = out;
      at = dst;
      return top;
    },
    hold(p) {
      const mem = claim();
      for (let i = 0; i < count; i++) mem.set(p.subarray(i * n, (i + 1) * n), pAt + i * ldp);
      kern.transpose(pAt * 8, at * 8, rowsP >> 1, ldp >> 1, ldp * 8, ldq * 8, sAt * 8);
      squares = mem[sAt]!;
      held = p;
    },
    matrix: {
      mul: (x, y) => vectorTimes(kern, at, n, ldq, xAt, yAt, x, 0, 1, y, 0, count), // P·x = (xᵀ·Q)ᵀ
      mulT: (x, y) => vectorTimes(kern, pAt, count, ldp, xAt, yAt, x, 0, 1, y, 0, n),
      sumSquares: () => squares,
    },
  };
  return self;
}

/**
 * What {@link combineRows} keeps in the kernel's memory: the weights it last used and the layout
 * of its row block (whose other entries are zeros while it stays the owner).
 */
const rowsState: { w: Float64Array | Float32Array | null; layout: string } = { w: null, layout: '' };

/**
 * H rows of a step Jacobian (S columns each, row-major) into out[outOff …]: row k is
 * Σ_{g<G} coef[cOff + g·H + k]·W[g·H + k, :] in columns from·H … from·H + H − 1 (W is [G·H, H]
 * row-major), zeros elsewhere, and diag[k] at column dFrom·H + k (added to the row's sum when
 * that column is among them). The bits of the TypeScript loop in fusedJacobian.ts: each sum
 * runs over the gates in order from 0. W stays in the kernel's memory from call to call (it is a
 * tensor's storage, recognised by identity). Returns false, having done nothing, when the kernel
 * is unavailable or switched off.
 * @internal
 */
export function combineRows(
  w: Float64Array | Float32Array,
  G: number,
  H: number,
  S: number,
  coef: Float64Array | Float32Array,
  cOff: number,
  from: number,
  diag: Float64Array | Float32Array,
  dOff: number,
  dFrom: number,
  out: Float64Array,
  outOff: number,
): boolean {
  const kern = enabled ? load() : null;
  if (!kern || H < 1 || G < 1 || G > 4) return false;
  const wLen = G * H * H;
  const zAt = wLen;
  const cAt = zAt + H;
  const bAt = cAt + G * H;
  if (!reserve(kern, (bAt + H * S) * 8)) return false;
  const mem = memory(kern);
  const layout = `${G} ${H} ${S} ${from} ${dFrom}`;
  if (owner !== rowsState || rowsState.layout !== layout) {
    mem.fill(0, zAt, bAt + H * S);
    rowsState.w = null;
    rowsState.layout = layout;
    owner = rowsState;
  }
  if (rowsState.w !== w) {
    mem.set(w.subarray(0, wLen), 0);
    rowsState.w = w;
  }
  mem.set(coef.subarray(cOff, cOff + G * H), cAt);
  kern.combine(0, H * 8, H * H * 8, cAt * 8, H * 8, (bAt + from * H) * 8, S * 8, H, H, G, zAt * 8);
  for (let k = 0; k < H; k++) {
    const at = bAt + k * S + dFrom * H + k;
    mem[at] = dFrom === from ? mem[at]! + diag[dOff + k]! : 0 + diag[dOff + k]!;
  }
  out.set(mem.subarray(bAt, bAt + H * S), outOff);
  return true;
}

/**
 * Packs `lines` lines of K entries (entry (l, k) at src[off + l·lineStride + k·kStride]) into
 * panels of four lines `[lines/4][K][4]` at m[base …], zero-padding the last panel. Four adjacent
 * lines (lineStride 1) are copied four entries at a time.
 */
function packPanels(m: Float64Array, base: number, src: Float64Array, off: number, lines: number, K: number, lineStride: number, kStride: number): void {
  for (let p = 0; p * 4 < lines; p++) {
    const at = base + p * 4 * K;
    if (lineStride === 1 && p * 4 + 4 <= lines) {
      for (let k = 0, from = off + p * 4, to = at; k < K; k++, from += kStride, to += 4) {
        m[to] = src[from]!;
        m[to + 1] = src[from + 1]!;
        m[to + 2] = src[from + 2]!;
        m[to + 3] = src[from + 3]!;
      }
      continue;
    }
    for (let r = 0; r < 4; r++) {
      const l = p * 4 + r;
      if (l >= lines) {
        for (let k = 0; k < K; k++) m[at + k * 4 + r] = 0;
        continue;
      }
      const start = off + l * lineStride;
      for (let k = 0; k < K; k++) m[at + k * 4 + r] = src[start + k * kStride]!;
    }
  }
}

/** The module's bytes (for tests: it must validate wherever WebAssembly SIMD exists). @internal */
export function simdModuleBytes(): Uint8Array<ArrayBuffer> {
  return moduleBytes();
}
