/**
 * Storage for small tensors carved out of shared slabs. Allocating a typed array of more than
 * a few dozen elements makes V8 create an ArrayBuffer backing store of its own, and creating
 * and collecting thousands of them per backward pass costs far more than the arithmetic
 * (profiles showed allocation plus GC at ~45% of an LSTM step). Views into a 64 KiB slab cost a
 * fraction of that.
 *
 * Nothing can alias: a slab is only ever cut forward, each view is handed out once, zeroed
 * (fresh ArrayBuffers are zero) and never recycled — a slab is freed by the garbage collector
 * when its last view dies. The price is that one live view keeps its 64 KiB slab alive, which
 * is why only arrays of at most 8 KiB come from slabs (Node's Buffer pool makes the same trade
 * with 8 KiB slabs and 4 KiB arrays).
 * @module
 */

import type { TensorData } from './dtype.js';

/** Bytes per slab. */
const SLAB_BYTES = 65536;
/** Largest request (in bytes) served from a slab; bigger arrays get their own buffer. */
const MAX_POOLED_BYTES = 8192;

let slab = new ArrayBuffer(SLAB_BYTES);
let used = 0;

/** Zeroed Float64Array of n elements, from a slab when small. */
export function float64(n: number): Float64Array {
  const bytes = n * 8;
  if (bytes > MAX_POOLED_BYTES || bytes === 0) return new Float64Array(n);
  if (used + bytes > SLAB_BYTES) {
    slab = new ArrayBuffer(SLAB_BYTES);
    used = 0;
  }
  const v = new Float64Array(slab, used, n);
  used += bytes;
  return v;
}

/** Zeroed Float32Array of n elements, from a slab when small (kept 8-byte aligned). */
export function float32(n: number): Float32Array {
  const bytes = n * 4;
  if (bytes > MAX_POOLED_BYTES || bytes === 0) return new Float32Array(n);
  if (used + bytes > SLAB_BYTES) {
    slab = new ArrayBuffer(SLAB_BYTES);
    used = 0;
  }
  const v = new Float32Array(slab, used, n);
  used += (bytes + 7) & ~7;
  return v;
}

/** Zeros kept for {@link zerosLike}, one per storage type, never written. */
const zeroRows = { f64: new Float64Array(64), f32: new Float32Array(64) };

/**
 * At least n zeros in the storage type of `like`, never written (grown as needed): the stand-in
 * for a term that is not there (a gate a cell lacks, a matmul pass past K), so that one loop, in
 * one storage type, serves every size and cell.
 */
export function zerosLike(like: TensorData, n: number): TensorData {
  if (like instanceof Float32Array) {
    if (zeroRows.f32.length < n) zeroRows.f32 = new Float32Array(n);
    return zeroRows.f32;
  }
  if (zeroRows.f64.length < n) zeroRows.f64 = new Float64Array(n);
  return zeroRows.f64;
}

/** A zeroed Float64Array of its own (what {@link blocks} replaces for arrays made together). */
export function fresh(n: number): Float64Array {
  return new Float64Array(n);
}

/** Bytes per block of {@link blocks}. */
const BLOCK_BYTES = 16 * 1048576;

/**
 * Zeroed Float64Arrays for many large arrays that are made together and live together (a trace's
 * step Jacobians: 200 of 128 KiB for an LSTM with H = 64): cut in order from blocks of up to 16 MiB,
 * sized by `total`, the doubles the caller will ask for, rather than one buffer each. In Chromium
 * a fresh buffer per matrix cost 20–23 ms for those 26 MB in some page loads (14 ms in others);
 * from blocks of 4 MiB and more, 14–16 ms in every page load. The price, as with slabs: one live
 * array keeps its block alive.
 * @example
 * ```ts
 * const take = blocks(3 * 16384);
 * const [a, b, c] = [take(16384), take(16384), take(16384)]; // views of one 384 KiB buffer
 * ```
 */
export function blocks(total: number): (n: number) => Float64Array {
  let block = new Float64Array(0);
  let used = 0;
  let left = total;
  return (n) => {
    if (used + n > block.length) {
      block = new Float64Array(Math.max(n, Math.min(left, BLOCK_BYTES / 8)));
      used = 0;
    }
    const v = block.subarray(used, used + n);
    used += n;
    left -= n;
    return v;
  };
}
