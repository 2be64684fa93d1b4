/**
 * lax.ts (the unchecked ops rules are written with): no-op layout calls record nothing and
 * return their input, reductions keep or drop axes as asked, unbroadcast sums exactly the axes
 * broadcasting added; the matmul primitive's own shape error; maximum/minimum propagate NaN.
 */
import { describe, it, expect } from 'vitest';
import * as L from '../../src/autodiff/lax.js';
import { GradientTape } from '../../src/autodiff/tape.js';
import { ShapeError } from '../../src/errors.js';
import { arange, tensor } from '../../src/tensor/creation.js';
import type { Tensor } from '../../src/tensor/tensor.js';
import { expectError } from '../helpers/expectError.js';

describe('lax no-ops', () => {
  it('return the input itself and record nothing', () => {
    const x = arange(6).reshape([2, 3]);
    const tape = new GradientTape();
    tape.record(() => {
      expect(L.permute(x, [0, 1])).toBe(x);
      expect(L.concat([x], 0)).toBe(x);
      expect(L.astype(x, 'float64')).toBe(x);
      expect(L.reshape(x, [2, 3])).toBe(x);
      expect(L.unbroadcast(x, [2, 3])).toBe(x);
    });
    expect(tape.records.length).toBe(0);
  });
  it('record one call when they do something', () => {
    const x = arange(6).reshape([2, 3]);
    const tape = new GradientTape();
    tape.record(() => {
      expect(L.permute(x, [1, 0]).shape).toEqual([3, 2]);
      expect(L.concat([x, x], 0).shape).toEqual([4, 3]);
      expect(L.astype(x, 'float32').dtype).toBe('float32');
    });
    expect(tape.records.map((r) => r.op)).toEqual(['permute', 'concat', 'astype']);
  });
});

describe('lax reductions and unbroadcast', () => {
  it('drop the reduced axes unless keepDims', () => {
    const x = arange(6).reshape([2, 3]);
    expect(L.sum(x, [1]).toArray()).toEqual([3, 12]);
    expect(L.sum(x, [1], true).shape).toEqual([2, 1]);
    expect(L.max(x, [0]).toArray()).toEqual([3, 4, 5]);
    expect(L.max(x, [0], true).shape).toEqual([1, 3]);
  });
  it('unbroadcast sums the leading axes and the size-1 axes only', () => {
    const g = arange(24).reshape([2, 3, 4]);
    expect(L.unbroadcast(g, [3, 1]).toArray()).toEqual([[60], [92], [124]]);
    expect(unbroadcastRef(g, [3, 1])).toEqual([[60], [92], [124]]);
    expect(L.unbroadcast(g, [4]).toArray()).toEqual(unbroadcastRef(g, [4]));
    expect(L.unbroadcast(g, [1, 3, 4]).toArray()).toEqual(unbroadcastRef(g, [1, 3, 4]));
    expect(L.unbroadcast(g, []).toArray()).toEqual(276);
  });
});

/** Sum of g over the axes broadcasting added to `shape`, by brute force over [2, 3, 4]. */
function unbroadcastRef(g: Tensor, shape: number[]): unknown {
  const full = [2, 3, 4];
  const lead = full.length - shape.length;
  const out = new Array<number>(shape.reduce((a, b) => a * b, 1)).fill(0);
  for (let i = 0; i < 2; i++) for (let j = 0; j < 3; j++) for (let k = 0; k < 4; k++) {
    const idx = [i, j, k].slice(lead).map((v, a) => (shape[a] === 1 ? 0 : v));
    const flat = idx.reduce((acc, v, a) => acc * shape[a]! + v, 0);
    out[flat] = out[flat]! + g.get(i, j, k);
  }
  return tensor(out, shape).toArray();
}

describe('primitive checks and NaN', () => {
  it('the matmul primitive names itself and both shapes when inner dimensions differ', () => {
    expectError(() => L.matmul(arange(6).reshape([2, 3]), arange(8).reshape([4, 2])), ShapeError, /^matmul: inner dimensions must agree; got a \[2, 3\] and b \[4, 2\]/, { op: 'matmul', shapes: [[2, 3], [4, 2]] });
  });
  it('maximum and minimum give NaN when either side is NaN', () => {
    const a = tensor([NaN, 1, 2]);
    const b = tensor([0, NaN, 1]);
    expect(a.maximum(b).toArray().map((v) => Number.isNaN(v))).toEqual([true, true, false]);
    expect(a.minimum(b).toArray().map((v) => Number.isNaN(v))).toEqual([true, true, false]);
    expect(b.maximum(a).toArray()[2]).toBe(2);
    expect(b.minimum(a).toArray()[2]).toBe(1);
  });
});
