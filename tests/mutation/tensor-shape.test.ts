/**
 * The runtime shape helpers: the hot-path `isShape` check at each edge of "non-negative safe
 * integer", `checkShape`'s copy and messages, `broadcastShapes` naming which operand is bad and
 * carrying both shapes, and axis normalisation's sorting and errors.
 */
import { describe, it, expect } from 'vitest';
import { ShapeError, ValueError } from '../../src/errors.js';
import type { Shape } from '../../src/tensor/shape.js';
import { broadcastShapes, checkShape, isShape, normalizeAxes, normalizeAxis, sameShape, stridesOf } from '../../src/tensor/shape.js';
import { expectError } from '../helpers/expectError.js';

describe('isShape', () => {
  it('accepts lists of non-negative safe integers, including 0, the empty list and MAX_SAFE_INTEGER', () => {
    expect(isShape([2, 3])).toBe(true);
    expect(isShape([7])).toBe(true);
    expect(isShape([])).toBe(true);
    expect(isShape([0, 3])).toBe(true);
    expect(isShape([3, 0])).toBe(true);
    expect(isShape([Number.MAX_SAFE_INTEGER])).toBe(true);
  });

  it('rejects non-arrays, negatives, fractions, NaN, infinities, unsafe integers and non-numbers anywhere in the list', () => {
    for (const bad of [undefined, null, 3, '2,3', { length: 1, 0: 2 }]) expect(isShape(bad)).toBe(false);
    for (const d of [-1, 1.5, NaN, Infinity, -Infinity, Number.MAX_SAFE_INTEGER + 1, '2', null, undefined]) {
      expect(isShape([d])).toBe(false);
      expect(isShape([2, d])).toBe(false);
      expect(isShape([d, 2, 3])).toBe(false);
    }
  });
});

describe('checkShape', () => {
  it('returns a copy of a valid shape, not the caller\'s array', () => {
    const input = [2, 3];
    const out = checkShape('zeros', input);
    expect(out).toEqual([2, 3]);
    expect(out).not.toBe(input);
    out[0] = 9;
    expect(input).toEqual([2, 3]);
  });

  it('names the op, the argument and every dimension when one is bad', () => {
    expectError(() => checkShape('zeros', [2, -1]), ShapeError, /^zeros: shape must contain non-negative integers; got shape \[2, -1\]$/, { op: 'zeros', arg: 'shape' });
    expectError(() => checkShape('ones', [1.5], 'size'), ShapeError, /^ones: size must contain non-negative integers; got size \[1\.5\]$/, { op: 'ones', arg: 'size' });
    expectError(() => checkShape('full', 'abc'), ShapeError, /^full: shape must be an array of non-negative integers; got "abc"$/, { op: 'full', arg: 'shape' });
  });
});

describe('broadcastShapes', () => {
  it('broadcasts right-aligned shapes', () => {
    expect(broadcastShapes('add', [2, 1, 3], [4, 1])).toEqual([2, 4, 3]);
    expect(broadcastShapes('add', [], [2])).toEqual([2]);
    expect(broadcastShapes('add', [0, 1], [1, 5])).toEqual([0, 5]);
  });

  it('names the bad operand a or b', () => {
    expectError(() => broadcastShapes('add', [1, -1] as Shape, [2]), ShapeError, /^add: a must contain non-negative integers; got a \[1, -1\]$/, { op: 'add', arg: 'a' });
    expectError(() => broadcastShapes('mul', [2], [0.5] as Shape), ShapeError, /^mul: b must contain non-negative integers; got b \[0\.5\]$/, { op: 'mul', arg: 'b' });
  });

  it('carries both shapes when they do not broadcast', () => {
    expectError(() => broadcastShapes('sub', [2, 3], [4]), ShapeError, /^sub: shapes do not broadcast; got \[2, 3\] and \[4\]$/, {
      op: 'sub',
      arg: undefined,
      shapes: [[2, 3], [4]],
    });
  });
});

describe('stridesOf and sameShape', () => {
  it('gives row-major strides and compares every dimension', () => {
    expect(stridesOf([2, 3, 4])).toEqual([12, 4, 1]);
    expect(stridesOf([])).toEqual([]);
    expect(sameShape([2, 3], [2, 3])).toBe(true);
    expect(sameShape([2, 3], [2, 4])).toBe(false);
    expect(sameShape([2, 3], [2, 3, 1])).toBe(false);
  });
});

describe('normalizeAxis and normalizeAxes', () => {
  it('wraps negative axes and returns axes sorted and unique', () => {
    expect(normalizeAxis('sum', -1, 3)).toBe(2);
    expect(normalizeAxes('sum', [2, 0, 1], 3)).toEqual([0, 1, 2]);
    expect(normalizeAxes('sum', [-1, 0], 3)).toEqual([0, 2]);
    expect(normalizeAxes('sum', [3, 1, 0, 2], 4)).toEqual([0, 1, 2, 3]);
    expect(normalizeAxes('sum', undefined, 2)).toEqual([0, 1]);
  });

  it('names the op and the axis argument in each error', () => {
    expectError(() => normalizeAxis('max', 3, 2), ValueError, /^max: axis must be an integer in \[-2, 1\]; got axis 3$/, { op: 'max', arg: 'axis' });
    expectError(() => normalizeAxis('max', 0, 0), ValueError, /^max: the tensor is a scalar and has no axes; got axis 0$/, { op: 'max', arg: 'axis' });
    expectError(() => normalizeAxes('mean', 'x' as unknown as number, 2), ValueError, /^mean: axis must be a number or an array of numbers; got "x"$/, { op: 'mean', arg: 'axis' });
    expectError(() => normalizeAxes('mean', [1, -1], 2), ValueError, /^mean: axes must not repeat; got \[1, -1\]$/, { op: 'mean', arg: 'axis' });
  });
});
