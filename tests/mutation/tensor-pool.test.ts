/**
 * The slab allocator behind small tensors: views are cut forward from a 64 KiB slab without
 * overlapping, a request that does not fit starts a fresh slab, arrays past 8 KiB (and empty
 * ones) get a buffer of their own, and every view starts zeroed. The allocator's state is
 * module-wide, so each test reads where the slab is (`byteOffset + byteLength` of a fresh view)
 * before it checks what comes next, all within one synchronous test.
 */
import { describe, it, expect } from 'vitest';
import { blocks, float32, float64, fresh, zerosLike } from '../../src/tensor/pool.js';

const SLAB_BYTES = 65536;
const end = (v: ArrayBufferView): number => v.byteOffset + v.byteLength;

/** Checks that `next` was cut right after `prev` in the same slab, or that it starts a new slab because it did not fit. */
function expectFollows(prev: Float64Array | Float32Array, next: Float64Array | Float32Array, prevEnd: number): void {
  if (prevEnd + next.byteLength <= SLAB_BYTES) {
    expect(next.buffer).toBe(prev.buffer);
    expect(next.byteOffset).toBe(prevEnd);
  } else {
    expect(next.buffer).not.toBe(prev.buffer);
    expect(next.byteOffset).toBe(0);
    expect(next.buffer.byteLength).toBe(SLAB_BYTES);
  }
}

describe('float64', () => {
  it('cuts consecutive small arrays one after the other from the same slab', () => {
    const a = float64(4);
    const b = float64(3);
    const c = float64(5);
    expect(a.buffer.byteLength).toBe(SLAB_BYTES);
    expectFollows(a, b, end(a));
    expectFollows(b, c, end(b));
    expect([a.length, b.length, c.length]).toEqual([4, 3, 5]);
  });

  it('fills a slab to exactly 64 KiB before starting a new one', () => {
    const probe = float64(1);
    let used = end(probe);
    if (used === SLAB_BYTES) {
      // the probe itself filled the slab: the next request starts the next one
      const fresh = float64(1);
      expect(fresh.byteOffset).toBe(0);
      used = end(fresh);
    }
    let last = float64(1);
    expect(last.byteOffset).toBe(used);
    used = end(last);
    while (used < SLAB_BYTES) {
      const n = Math.min(1024, (SLAB_BYTES - used) / 8);
      const v = float64(n);
      expect(v.buffer).toBe(last.buffer);
      expect(v.byteOffset).toBe(used);
      used = end(v);
      last = v;
    }
    expect(end(last)).toBe(SLAB_BYTES);
    const next = float64(2);
    expect(next.buffer).not.toBe(last.buffer);
    expect(next.byteOffset).toBe(0);
    expect(float64(2).byteOffset).toBe(16);
  });

  it('serves 1024 elements (8 KiB) from a slab and gives 1025 elements a buffer of their own', () => {
    const pooled = float64(1024);
    expect(pooled.buffer.byteLength).toBe(SLAB_BYTES);
    const own = float64(1025);
    expect(own.buffer.byteLength).toBe(1025 * 8);
    expect(own.byteOffset).toBe(0);
    const big = float64(20000);
    expect(big.length).toBe(20000);
    expect(big.buffer.byteLength).toBe(20000 * 8);
  });

  it('gives an empty array no slab', () => {
    const e = float64(0);
    expect(e.length).toBe(0);
    expect(e.buffer.byteLength).toBe(0);
  });

  it('hands out zeroed views that do not alias one another', () => {
    const views = [float64(7), float64(1), float64(130), float64(1024), float64(9)];
    for (const v of views) expect(v.every((x) => x === 0)).toBe(true);
    views.forEach((v, k) => v.fill(k + 1));
    views.forEach((v, k) => expect(v.every((x) => x === k + 1)).toBe(true));
  });
});

describe('float32', () => {
  it('keeps views 8-byte aligned and cut one after the other', () => {
    const a = float32(3);
    const b = float32(1);
    const c = float32(2);
    expect(a.buffer.byteLength).toBe(SLAB_BYTES);
    expectFollows(a, b, a.byteOffset + 16);
    expectFollows(b, c, b.byteOffset + 8);
    expect(b.byteOffset % 8).toBe(0);
    expect(c.byteOffset % 8).toBe(0);
  });

  it('fills a slab to exactly 64 KiB before starting a new one', () => {
    let last = float32(2);
    let used = end(last);
    while (used < SLAB_BYTES) {
      const n = Math.min(2048, (SLAB_BYTES - used) / 4);
      const v = float32(n);
      expect(v.buffer).toBe(last.buffer);
      expect(v.byteOffset).toBe(used);
      used = end(v);
      last = v;
    }
    expect(end(last)).toBe(SLAB_BYTES);
    const next = float32(2);
    expect(next.buffer).not.toBe(last.buffer);
    expect(next.byteOffset).toBe(0);
    expect(float32(2).byteOffset).toBe(8);
  });

  it('serves 2048 elements (8 KiB) from a slab and gives 2049 elements a buffer of their own', () => {
    expect(float32(2048).buffer.byteLength).toBe(SLAB_BYTES);
    const own = float32(2049);
    expect(own.buffer.byteLength).toBe(2049 * 4);
    expect(float32(50000).buffer.byteLength).toBe(50000 * 4);
  });

  it('gives an empty array no slab', () => {
    expect(float32(0).buffer.byteLength).toBe(0);
  });

  it('hands out zeroed views that do not alias float64 views from the same slab', () => {
    const a = float32(3);
    const b = float64(2);
    const c = float32(5);
    for (const v of [a, b, c]) expect(v.every((x) => x === 0)).toBe(true);
    a.fill(1);
    b.fill(2);
    c.fill(3);
    expect([...a, ...b, ...c]).toEqual([1, 1, 1, 2, 2, 3, 3, 3, 3, 3]);
  });
});

describe('blocks', () => {
  const MiB16 = (16 * 1048576) / 8;

  it('cuts the arrays made together in order from one zeroed block sized by the total', () => {
    const take = blocks(3 * 1000);
    const [a, b, c] = [take(1000), take(1000), take(1000)];
    expect([a.length, b.length, c.length]).toEqual([1000, 1000, 1000]);
    expect(b.buffer).toBe(a.buffer);
    expect(c.buffer).toBe(a.buffer);
    expect(a.buffer.byteLength).toBe(3000 * 8);
    expect([a.byteOffset, b.byteOffset, c.byteOffset]).toEqual([0, 8000, 16000]);
    expect([...a, ...b, ...c].every((x) => x === 0)).toBe(true);
    b.fill(7);
    expect([a[999], c[0]]).toEqual([0, 0]);
  });

  it('starts a new block past 16 MiB, and gives an array larger than a block a buffer of its own', () => {
    const n = MiB16 / 2 + 1; // two do not fit in one block
    const take = blocks(3 * n + MiB16 + 1);
    const a = take(n);
    const b = take(n);
    expect(a.buffer.byteLength).toBe(MiB16 * 8);
    expect(b.buffer).not.toBe(a.buffer);
    const big = take(MiB16 + 1);
    expect(big.buffer.byteLength).toBe((MiB16 + 1) * 8);
    // what is left (n) sizes the last block
    const last = take(n);
    expect(last.buffer.byteLength).toBe(n * 8);
  });

  it('keeps serving when asked for more than announced', () => {
    const take = blocks(10);
    take(10);
    const more = take(5);
    expect(more.length).toBe(5);
    expect(more.every((x) => x === 0)).toBe(true);
  });

  it('fresh gives a zeroed buffer of its own', () => {
    const a = fresh(3);
    expect([...a]).toEqual([0, 0, 0]);
    expect(a.buffer.byteLength).toBe(24);
  });
});

describe('zerosLike', () => {
  it('gives at least n zeros in the storage type asked for, the same array until a longer one is needed', () => {
    const a = zerosLike(new Float64Array(1), 10);
    expect(a).toBeInstanceOf(Float64Array);
    expect(a.length).toBeGreaterThanOrEqual(10);
    expect(zerosLike(new Float64Array(1), 5)).toBe(a);
    const f = zerosLike(new Float32Array(1), 3);
    expect(f).toBeInstanceOf(Float32Array);
    const big = zerosLike(new Float64Array(1), 5000);
    expect(big.length).toBeGreaterThanOrEqual(5000);
    expect(zerosLike(new Float64Array(1), 10)).toBe(big);
    expect([...big, ...f].every((x) => Object.is(x, 0))).toBe(true);
  });
});

