/**
 * A float64 matrix-multiply kernel in WebAssembly SIMD (two float64 lanes per v128), for the
 * products large enough to pay for copying their operands into the module's memory.
 *
 * The module is a few hundred bytes, assembled below from its instructions (no toolchain, no
 * file to fetch) and compiled synchronously on first use. Where WebAssembly or its SIMD is
 * missing, {@link gemmSimd} says so and the caller keeps to the TypeScript kernels.
 *
 * Layout: op(A) is packed into panels of 4 rows `[M/4][K][4]`, op(B) into panels of 4 columns
 * `[N/4][K][4]` (both zero-padded), so the kernel's k loop reads 64 contiguous bytes per step
 * and keeps a 4×4 tile of C in eight v128 accumulators. Each entry of C is a sum over k in
 * increasing order started from 0, without fused multiply-add: the same rounding as the plain
 * loops of gemm.ts, bit for bit.
 * @module
 */
// ---- a minimal assembler for the one function below ----------------------------------------

const OP = {
  block: 0x02, loop: 0x03, end: 0x0b, brIf: 0x0d,
  localGet: 0x20, localSet: 0x21, localTee: 0x22,
  i32Const: 0x41, f64Load: 0x2b,
  i32Eqz: 0x45, i32Ne: 0x47, i32LtU: 0x49,
  i32Add: 0x6a, i32Sub: 0x6b, i32Mul: 0x6c,
} as const;
/** SIMD opcodes (after the 0xfd prefix). */
const V = { load: 0x00, store: 0x0b, const: 0x0c, f64x2Splat: 0x14, f64x2Add: 0xf0, f64x2Mul: 0xf2 } as const;
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
  const code: number[] = [];
  const emit = (...parts: number[][]): void => {
    for (const p of parts) code.push(...p);
  };
  const zero = simd(V.const, ...new Array<number>(16).fill(0));
  emit(i32(0), set(jp));
  emit([OP.loop, VOID]); // J
  emit(i32(0), set(ib));
  emit([OP.loop, VOID]); // I
  for (let i = 0; i < 8; i++) emit(zero, set(acc(i)));
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
  emit(get(k), i32(1), [OP.i32Sub], [OP.localTee, ...uleb(k)], [OP.brIf, 0]);
  emit([OP.end]); // K
  // pc = cp + ib·4·ldc + jp·32; four rows of two v128 each
  emit(get(cp), get(ib), get(ldc), [OP.i32Mul], i32(4), [OP.i32Mul], [OP.i32Add], get(jp), i32(32), [OP.i32Mul], [OP.i32Add], set(pc));
  for (let r = 0; r < 4; r++) {
    emit(get(pc), get(acc(2 * r)), simd(V.store, ...mem(3, 0)));
    emit(get(pc), get(acc(2 * r + 1)), simd(V.store, ...mem(3, 16)));
    if (r < 3) emit(get(pc), get(ldc), [OP.i32Add], set(pc));
  }
  emit(get(ib), i32(1), [OP.i32Add], [OP.localTee, ...uleb(ib)], get(mBlocks), [OP.i32LtU], [OP.brIf, 0]);
  emit([OP.end]); // I
  emit(get(jp), i32(1), [OP.i32Add], [OP.localTee, ...uleb(jp)], get(nPanels), [OP.i32LtU], [OP.brIf, 0]);
  emit([OP.end]); // J
  emit([OP.end]); // function
  // locals after the 7 i32 params: 6 i32, 11 v128
  const locals = vec([[...uleb(6), I32], [...uleb(11), V128]]);
  return [...locals, ...code];
}

function moduleBytes(): Uint8Array<ArrayBuffer> {
  const body = kernelBody();
  const bytes = [
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec([[0x60, ...vec(new Array<number[]>(7).fill([I32])), 0x00]])), // type: (i32 ×7) → ()
    ...section(3, vec([uleb(0)])), // one function of type 0
    ...section(5, vec([[0x00, ...uleb(1)]])), // one memory, at least 1 page
    ...section(7, vec([[...name('gemm'), 0x00, ...uleb(0)], [...name('mem'), 0x02, ...uleb(0)]])),
    ...section(10, vec([[...uleb(body.length), ...body]])),
  ];
  return Uint8Array.from(bytes);
}

// ---- the kernel from TypeScript -------------------------------------------------------------

interface Kernel {
  readonly run: (ap: number, bp: number, cp: number, mBlocks: number, nPanels: number, K: number, ldc: number) => void;
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
      kernel = { run: instance.exports['gemm'] as Kernel['run'], memory: instance.exports['mem'] as WebAssembly.Memory };
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
  const bytes = (aLen + bLen + cLen) * 8;
  if (bytes > MAX_BYTES) return false;
  const have = kern.memory.buffer.byteLength;
  if (bytes > have) {
    try {
      kern.memory.grow(Math.ceil((bytes - have) / 65536));
    } catch {
      return false; // the engine would not give the memory: the TypeScript kernels need none
    }
  }
  const m = new Float64Array(kern.memory.buffer);
  // op(A) as [M/4][K][4]: A(i, k) is a[i·lda + k], or a[k·lda + i] when transposed
  for (let ib = 0; ib < mb; ib++) {
    const base = ib * 4 * K;
    if (ta && ib * 4 + 4 <= M) {
      // four adjacent entries of each row of the stored Aᵀ
      for (let k = 0, src = aOff + ib * 4, dst = base; k < K; k++, src += lda, dst += 4) {
        m[dst] = a[src]!;
        m[dst + 1] = a[src + 1]!;
        m[dst + 2] = a[src + 2]!;
        m[dst + 3] = a[src + 3]!;
      }
      continue;
    }
    for (let r = 0; r < 4; r++) {
      const i = ib * 4 + r;
      if (i >= M) {
        for (let k = 0; k < K; k++) m[base + k * 4 + r] = 0;
        continue;
      }
      const start = ta ? aOff + i : aOff + i * lda;
      const step = ta ? lda : 1;
      for (let k = 0; k < K; k++) m[base + k * 4 + r] = a[start + k * step]!;
    }
  }
  // op(B) as [N/4][K][4]: B(k, j) is b[k·ldb + j], or b[j·ldb + k] when transposed
  for (let jp = 0; jp < np; jp++) {
    const base = aLen + jp * 4 * K;
    if (!tb && jp * 4 + 4 <= N) {
      // four adjacent entries of each row of B: read along the rows
      for (let k = 0, src = bOff + jp * 4, dst = base; k < K; k++, src += ldb, dst += 4) {
        m[dst] = b[src]!;
        m[dst + 1] = b[src + 1]!;
        m[dst + 2] = b[src + 2]!;
        m[dst + 3] = b[src + 3]!;
      }
      continue;
    }
    for (let q = 0; q < 4; q++) {
      const j = jp * 4 + q;
      if (j >= N) {
        for (let k = 0; k < K; k++) m[base + k * 4 + q] = 0;
        continue;
      }
      const start = tb ? bOff + j * ldb : bOff + j;
      const step = tb ? 1 : ldb;
      for (let k = 0; k < K; k++) m[base + k * 4 + q] = b[start + k * step]!;
    }
  }
  const cBase = aLen + bLen;
  const ldm = np * 4;
  kern.run(0, aLen * 8, cBase * 8, mb, np, K, ldm * 8);
  for (let i = 0; i < M; i++) c.set(m.subarray(cBase + i * ldm, cBase + i * ldm + N), cOff + i * ldc);
  return true;
}

/** The module's bytes (for tests: it must validate wherever WebAssembly SIMD exists). @internal */
export function simdModuleBytes(): Uint8Array<ArrayBuffer> {
  return moduleBytes();
}
