/**
 * The reduction kernel's three layouts (everything, the last axis as contiguous rows, any other
 * axes through the strided walk) for sum and max against a direct reference, with NaN
 * propagating and max keeping +0 over a later −0 in each layout.
 */
import { describe, it, expect } from 'vitest';
import { reduce } from '../../src/tensor/kernels/reduce.js';
import type { ReduceKind } from '../../src/tensor/kernels/reduce.js';
import type { Shape } from '../../src/tensor/shape.js';
import { sizeOf } from '../../src/tensor/shape.js';

function run(kind: ReduceKind, x: readonly number[], xs: Shape, ks: Shape): number[] {
  const out = new Float64Array(sizeOf(ks));
  reduce(kind, Float64Array.from(x), xs, out, ks);
  return [...out];
}

describe('reduce', () => {
  it('sums and maxes over everything, the last axis and the first axis', () => {
    const x = [3, -1, 4, 1, -5, 9];
    expect(run('sum', x, [2, 3], [1, 1])).toEqual([11]);
    expect(run('max', x, [2, 3], [1, 1])).toEqual([9]);
    expect(run('sum', x, [2, 3], [2, 1])).toEqual([6, 5]);
    expect(run('max', x, [2, 3], [2, 1])).toEqual([4, 9]);
    expect(run('sum', x, [2, 3], [1, 3])).toEqual([4, -6, 13]);
    expect(run('max', x, [2, 3], [1, 3])).toEqual([3, -1, 9]);
    expect(run('max', [1, 2, 3, 4, 5, 6, 7, 8], [2, 2, 2], [2, 1, 2])).toEqual([3, 4, 7, 8]);
  });

  it('propagates NaN through max in every layout', () => {
    expect(run('max', [1, NaN, 5, 2], [4], [1])).toEqual([NaN]);
    expect(run('max', [1, NaN, 5, 2], [2, 2], [2, 1])).toEqual([NaN, 5]);
    expect(run('max', [1, NaN, 5, 2], [2, 2], [1, 2])).toEqual([5, NaN]);
    expect(run('max', [NaN, 1, 5, 2], [2, 2], [1, 2])).toEqual([NaN, 2]);
  });

  it('keeps +0 over a later −0 in max, in every layout', () => {
    const isPlusZero = (v: number | undefined): boolean => Object.is(v, 0);
    expect(isPlusZero(run('max', [0, -0], [2], [1])[0])).toBe(true);
    expect(run('max', [0, -0, 0, -0], [2, 2], [2, 1]).every(isPlusZero)).toBe(true);
    expect(run('max', [0, 0, -0, -0], [2, 2], [1, 2]).every(isPlusZero)).toBe(true);
  });

  it('gives 0 for an empty sum and −∞ for an empty max', () => {
    expect(run('sum', [], [3, 0], [3, 1])).toEqual([0, 0, 0]);
    expect(run('max', [], [0, 3], [1, 3])).toEqual([-Infinity, -Infinity, -Infinity]);
  });
});
