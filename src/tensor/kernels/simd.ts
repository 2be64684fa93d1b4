/**
 * Float64 kernels in WebAssembly SIMD (two float64 lanes per v128): a matrix multiply for the
 * products large enough to pay for copying their operands into the module's memory, and a
 * matrix–vector product with a 2×2-block transpose for the many products with one matrix that
 * Lanczos makes ({@link residentMatrix}).
 *
 * The module is about 1 KiB, assembled below from its instructions (no toolchain, no file to
 * fetch) and compiled synchronously on first use. Where WebAssembly or its SIMD is missing,
 * {@link gemmSimd} and {@link residentMatrix} say so and the caller keeps to the TypeScript loops.
 *
 * Layout: op(A) is packed into panels of 4 rows `[M/4][K][4]`, op(B) into panels of 4 columns
 * `[N/4][K][4]` (both zero-padded), so the kernel's k loop reads 64 contiguous bytes per step
 * and keeps a 4×4 tile of C in eight v128 accumulators. Each entry of C is a sum over k in
 * increasing order started from 0, without fused multiply-add: the same rounding as the plain
 * loops of gemm.ts, bit for bit.
 * @module
 */
// ---- a minimal assembler for the functions below -------------------------------------------

const OP = {
  block: 0x02, loop: 0x03, end: 0x0b, brIf: 0x0d,
  localGet: 0x20, localSet: 0x21, localTee: 0x22,
  i32Const: 0x41, f64Load: 0x2b,
  i32Eqz: 0x45, i32Ne: 0x47, i32LtU: 0x49,
  i32Add: 0x6a, i32Sub: 0x6b, i32Mul: 0x6c,
} as const;
/** SIMD opcodes (after the 0xfd prefix). */
const V = { load: 0x00, store: 0x0b, const: 0x0c, shuffle: 0x0d, f64x2Splat: 0x14, f64x2Add: 0xf0, f64x2Mul: 0xf2 } as const;
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
 * `gemm(ap, bp, cp, mBlocks, nPanels, K, ldc)`: for every panel pair, the 4×4 tile
 * C[4·ib…, 4·jp…] = Σ_k Ap[ib][k][·] ⊗ Bp[jp][k][·], stored at cp + ib·4·ldc + jp·32 (ldc in
 * bytes). K, mBlocks and nPanels are at least 1.
 */
function kernelBody(): number[] {
  const [ap, bp, cp, mBlocks, nPanels, K, ldc] = [0, 1, 2, 3, 4, 5, 6];
  const [jp, ib, k, pa, pb, pc] = [7, 8, 9, 10, 11, 12];
  const acc = (i: number): number => 13 + i; // 8 accumulators
  const [b0, b1, a] = [21, 22, 23];
  // locals after the 7 i32 params: 6 i32, 11 v128
  return body(6, 11, (emit) => {
    emit(i32(0), set(jp));
    emit([OP.loop, VOID]); // J
    emit(i32(0), set(ib));
    emit([OP.loop, VOID]); // I
    for (let i = 0; i < 8; i++) emit(ZERO, set(acc(i)));
    // pa = ap + ib·K·32; pb = bp + jp·K·32; k = K
    emit(get(ap), get(ib), get(K), [OP.i32Mul], i32(32), [OP.i32Mul], [OP.i32Add], set(pa));
    emit(get(bp), get(jp), get(K), [OP.i32Mul], i32(32), [OP.i32Mul], [OP.i32Add], set(pb));
    emit(get(K), set(k));
    emit([OP.loop, VOID]); // K
    emit(get(pb), simd(V.load, ...mem(3, 0)), set(b0));
    emit(get(pb), simd(V.load, ...mem(3, 16)), set(b1));
    for (let r = 0; r < 4; r++) {
      emit(get(pa), [OP.f64Load, ...mem(3, r * 8)], simd(V.f64x2Splat), set(a));
      emit(get(acc(2 * r)), get(a), get(b0), simd(V.f64x2Mul), simd(V.f64x2Add), set(acc(2 * r)));
      emit(get(acc(2 * r + 1)), get(a), get(b1), simd(V.f64x2Mul), simd(V.f64x2Add), set(acc(2 * r + 1)));
    }
    emit(get(pa), i32(32), [OP.i32Add], set(pa));
    emit(get(pb), i32(32), [OP.i32Add], set(pb));
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
    emit(get(px), [OP.f64Load, ...mem(3, 0)], simd(V.f64x2Splat), set(xv));
    for (let q = 0; q < 4; q++) emit(get(acc(q)), get(pa), simd(V.load, ...mem(3, 16 * q)), get(xv), simd(V.f64x2Mul), simd(V.f64x2Add), set(acc(q)));
    emit(get(pa), get(lda), [OP.i32Add], set(pa));
    emit(get(px), i32(8), [OP.i32Add], set(px));
    emit(countDown(i), [OP.end]); // I
    for (let q = 0; q < 4; q++) emit(get(yp), get(jb), i32(64), [OP.i32Mul], [OP.i32Add], get(acc(q)), simd(V.store, ...mem(3, 16 * q)));
    emit(countUp(jb, blocks), [OP.end]); // J
  });
}

/**
 * `transpose(src, dst, rowPairs, colPairs, lds, ldd)`: dst = srcᵀ, by 2×2 blocks (two v128
 * loads, two shuffles, two stores), for a source of 2·rowPairs rows and 2·colPairs columns with
 * rows `lds` bytes apart, into rows `ldd` bytes apart. Each pair of destination rows is written
 * left to right while the source is read down a pair of its columns.
 */
function transposeBody(): number[] {
  const [src, dst, rowPairs, colPairs, lds, ldd] = [0, 1, 2, 3, 4, 5];
  const [jp, ip, ps, pd] = [6, 7, 8, 9];
  const [a, b] = [10, 11];
  const lanes = (first: number): number[] => [...Array.from({ length: 8 }, (_, k) => first + k), ...Array.from({ length: 8 }, (_, k) => 16 + first + k)];
  return body(4, 2, (emit) => {
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
    emit(get(ps), get(lds), get(lds), [OP.i32Add], [OP.i32Add], set(ps));
    emit(get(pd), i32(16), [OP.i32Add], set(pd));
    emit(countDown(ip), [OP.end]); // I
    emit(countUp(jp, colPairs), [OP.end]); // J
  });
}

function moduleBytes(): Uint8Array<ArrayBuffer> {
  const bodies = [kernelBody(), gemvBody(), transposeBody()];
  const params = (n: number): number[] => [0x60, ...vec(new Array<number[]>(n).fill([I32])), 0x00];
  const bytes = [
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec([params(7), params(6)])), // types: (i32 ×7) → (), (i32 ×6) → ()
    ...section(3, vec([uleb(0), uleb(1), uleb(1)])), // gemm: type 0; gemv, transpose: type 1
    ...section(5, vec([[0x00, ...uleb(1)]])), // one memory, at least 1 page
    ...section(7, vec([[...name('gemm'), 0x00, ...uleb(0)], [...name('gemv'), 0x00, ...uleb(1)], [...name('transpose'), 0x00, ...uleb(2)], [...name('mem'), 0x02, ...uleb(0)]])),
    ...section(10, vec(bodies.map((b) => [...uleb(b.length), ...b]))),
  ];
  return Uint8Array.from(bytes);
}

// ---- the kernel from TypeScript -------------------------------------------------------------

interface Kernel {
  readonly run: (ap: number, bp: number, cp: number, mBlocks: number, nPanels: number, K: number, ldc: number) => void;
  readonly gemv: (ap: number, xp: number, yp: number, rows: number, blocks: number, lda: number) => void;
  readonly transpose: (src: number, dst: number, rowPairs: number, colPairs: number, lds: number, ldd: number) => void;
  readonly memory: WebAssembly.Memory;
}

/** Operands beyond 1 GiB together stay in TypeScript (the module addresses at most 4 GiB, and keeps what it grows). */
const MAX_BYTES = 2 ** 30;

let kernel: Kernel | null | undefined;
let enabled = true;

function load(): Kernel | null {
  if (kernel !== undefined) return kernel;
  kernel = null;
  try {
    if (typeof WebAssembly === 'object') {
      const instance = new WebAssembly.Instance(new WebAssembly.Module(moduleBytes()), {});
      kernel = { run: instance.exports['gemm'] as Kernel['run'], gemv: instance.exports['gemv'] as Kernel['gemv'], transpose: instance.exports['transpose'] as Kernel['transpose'], memory: instance.exports['mem'] as WebAssembly.Memory };
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
  const m = new Float64Array(kern.memory.buffer);
  // op(A) as [M/4][K][4]: A(i, k) is a[i·lda + k], or a[k·lda + i] when transposed
  packPanels(m, 0, a, aOff, M, K, ta ? 1 : lda, ta ? lda : 1);
  // op(B) as [N/4][K][4]: B(k, j) is b[k·ldb + j], or b[j·ldb + k] when transposed
  packPanels(m, aLen, b, bOff, N, K, tb ? ldb : 1, tb ? 1 : ldb);
  const cBase = aLen + bLen;
  const ldm = np * 4;
  kern.run(0, aLen * 8, cBase * 8, mb, np, K, ldm * 8);
  for (let i = 0; i < M; i++) c.set(m.subarray(cBase + i * ldm, cBase + i * ldm + N), cOff + i * ldc);
  return true;
}

/** Grows the kernel's memory to at least `bytes` (false when too big or refused). */
function reserve(kern: Kernel, bytes: number): boolean {
  if (bytes > MAX_BYTES) return false;
  const have = kern.memory.buffer.byteLength;
  if (bytes <= have) return true;
  try {
    kern.memory.grow(Math.ceil((bytes - have) / 65536));
    return true;
  } catch {
    return false;
  }
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
  if (!reserve(kern, (yAt + Math.max(ldm, ldt)) * 8)) return null;
  const mem = new Float64Array(kern.memory.buffer);
  if (ldm === cols) mem.set(m.subarray(0, rows * cols), 0);
  else {
    for (let i = 0; i < rows; i++) {
      mem.set(m.subarray(i * cols, (i + 1) * cols), i * ldm);
      mem.fill(0, i * ldm + cols, (i + 1) * ldm);
    }
  }
  mem.fill(0, rows * ldm, ldt * ldm);
  kern.transpose(0, tAt * 8, ldt >> 1, ldm >> 1, ldm * 8, ldt * 8);
  // y = xᵀ·A for the stored A (rowsA × ldA), x of length rowsA, the first `n` entries of y out
  // (`mem` stays valid: nothing grows the memory while the matrix is held)
  const product = (aAt: number, rowsA: number, ldA: number, x: Float64Array, y: Float64Array, n: number): void => {
    for (let i = 0; i < rowsA; i++) mem[xAt + i] = x[i]!;
    kern.gemv(aAt * 8, xAt * 8, yAt * 8, rowsA, ldA >> 3, ldA * 8);
    for (let i = 0; i < n; i++) y[i] = mem[yAt + i]!;
  };
  return {
    mul: (x, y) => product(tAt, cols, ldt, x, y, rows),
    mulT: (x, y) => product(0, rows, ldm, x, y, cols),
  };
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
