/**
 * The fused cell kernels' bookkeeping: the scratch pool's sizes and storage types, relu's
 * handling of −0 and NaN, and the stacked backward kernels (several cotangents at once, as the
 * batched pullback calls them): each stack must come out exactly as if it had been computed
 * alone, with outputs that start as garbage fully overwritten.
 */
import { describe, it, expect } from 'vitest';
import { activate, activationGrad, gruGatesGrad, lstmHiddenGrad, scratch, sumRows } from '../../src/tensor/kernels/cells.js';
import type { TensorData } from '../../src/tensor/dtype.js';

const vals = (n: number, seed: number): Float64Array => Float64Array.from({ length: n }, (_, i) => Math.sin(i * 1.7 + seed) * 0.9);
const garbage = (n: number): Float64Array => new Float64Array(n).fill(777);
const slice = (d: TensorData, s: number, n: number): number[] => [...d.subarray(s * n, (s + 1) * n)];

describe('scratch', () => {
  it('returns at least n elements in the storage type of its model, reusing a slot that is big enough', () => {
    const a = scratch(new Float64Array(1), 7, 100);
    expect(a).toBeInstanceOf(Float64Array);
    expect(a.length).toBeGreaterThanOrEqual(100);
    expect(scratch(new Float64Array(1), 7, 50)).toBe(a);
    const b = scratch(new Float64Array(1), 7, 1000);
    expect(b.length).toBeGreaterThanOrEqual(1000);
    const f = scratch(new Float32Array(1), 7, 10);
    expect(f).toBeInstanceOf(Float32Array);
    expect(f.length).toBeGreaterThanOrEqual(10);
    expect(scratch(new Float32Array(1), 7, 300).length).toBeGreaterThanOrEqual(300);
  });
});

describe('activate', () => {
  it('gives relu +0 for −0 and negatives, and keeps NaN', () => {
    const out = garbage(5);
    activate('relu', Float64Array.from([-0, NaN, 2, -1, 0]), out, 5);
    expect(Object.is(out[0], 0)).toBe(true);
    expect(out[1]).toBeNaN();
    expect([out[2], out[3], out[4]]).toEqual([2, 0, 0]);
  });
});

describe('stacked backward kernels', () => {
  it('activationGrad computes each stack as if alone, for every activation', () => {
    const n = 6;
    const y = vals(n, 1);
    const ct = vals(3 * n, 2);
    for (const act of ['tanh', 'sigmoid', 'relu', 'identity'] as const) {
      const out = garbage(3 * n);
      activationGrad(act, ct, y, n, 3, out);
      for (let s = 0; s < 3; s++) {
        const alone = garbage(n);
        activationGrad(act, ct.subarray(s * n, (s + 1) * n), y, n, 1, alone);
        expect(slice(out, s, n), `${act} stack ${s}`).toEqual([...alone]);
      }
    }
  });

  it('lstmHiddenGrad computes each stack as if alone, with either output left out', () => {
    const n = 4;
    const P = 4;
    const oAt = 2;
    const packed = vals(P * n, 3);
    const c = vals(n, 4);
    const ct = vals(2 * n, 5);
    const dPacked = new Float64Array(2 * P * n);
    const dc = garbage(2 * n);
    lstmHiddenGrad(ct, packed, P, oAt, c, n, 2, dPacked, dc);
    for (let s = 0; s < 2; s++) {
      const dp1 = new Float64Array(P * n);
      const dc1 = garbage(n);
      lstmHiddenGrad(ct.subarray(s * n, (s + 1) * n), packed, P, oAt, c, n, 1, dp1, dc1);
      expect(slice(dPacked, s, P * n)).toEqual([...dp1]);
      expect(slice(dc, s, n)).toEqual([...dc1]);
      for (let i = 0; i < n; i++) expect(dp1[oAt * n + i]).toBe(ct[s * n + i]! * Math.tanh(c[i]!));
    }
    const onlyDc = garbage(2 * n);
    lstmHiddenGrad(ct, packed, P, oAt, c, n, 2, null, onlyDc);
    expect([...onlyDc]).toEqual([...dc]);
    const onlyPacked = new Float64Array(2 * P * n);
    lstmHiddenGrad(ct, packed, P, oAt, c, n, 2, onlyPacked, null);
    expect([...onlyPacked]).toEqual([...dPacked]);
  });

  it('gruGatesGrad computes each stack as if alone', () => {
    const B = 2;
    const H = 3;
    const n = B * H;
    const GH = 3 * H;
    const y = vals(5 * n, 6).map((v, i) => (i >= n && i < 3 * n ? 0.5 + v / 2 : v));
    const h = vals(n, 7);
    const ct = vals(2 * 5 * n, 8);
    const dgi = garbage(2 * B * GH);
    const dgh = garbage(2 * B * GH);
    const dh = garbage(2 * n);
    gruGatesGrad(ct, y, h, B, H, 2, dgi, dgh, dh);
    for (let s = 0; s < 2; s++) {
      const gi1 = garbage(B * GH);
      const gh1 = garbage(B * GH);
      const dh1 = garbage(n);
      gruGatesGrad(ct.subarray(s * 5 * n, (s + 1) * 5 * n), y, h, B, H, 1, gi1, gh1, dh1);
      expect(slice(dgi, s, B * GH)).toEqual([...gi1]);
      expect(slice(dgh, s, B * GH)).toEqual([...gh1]);
      expect(slice(dh, s, n)).toEqual([...dh1]);
    }
  });

  it('sumRows sums each stack over the batch into an output that starts as garbage', () => {
    const stacks = 2;
    const B = 3;
    const GH = 4;
    const d = vals(stacks * B * GH, 9);
    const out = garbage(stacks * GH);
    sumRows(d, stacks, B, GH, out);
    for (let s = 0; s < stacks; s++) {
      for (let j = 0; j < GH; j++) {
        let want = 0;
        for (let b = 0; b < B; b++) want += d[(s * B + b) * GH + j]!;
        expect(out[s * GH + j]).toBe(want);
      }
    }
  });
});
