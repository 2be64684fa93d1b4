/**
 * The argument checks of GradientTrace's methods at their boundaries: the first and last valid
 * value pass, one past either end fails with the message naming the range. An off-by-one in
 * any of them (`<` for `<=`, a dropped clause) fails here.
 */
import { describe, it, expect } from 'vitest';
import { DTypeError, ShapeError, ValueError } from '../../src/errors.js';
import { checkBlock, checkLog10, checkSample, checkSpan, checkTime, checkVector } from '../../src/inspect/checks.js';
import { zeros } from '../../src/tensor/creation.js';

describe('checkTime', () => {
  it('accepts min and T, rejects min − 1, T + 1, fractions, NaN and non-numbers with the range', () => {
    expect(() => checkTime(5, 'op', 0, 't')).not.toThrow();
    expect(() => checkTime(5, 'op', 5, 't')).not.toThrow();
    expect(() => checkTime(5, 'op', 1, 't', 1)).not.toThrow();
    for (const bad of [-1, 6, 2.5, NaN, '3', undefined]) expect(() => checkTime(5, 'op', bad, 't')).toThrow(ValueError);
    expect(() => checkTime(5, 'op', 0, 't', 1)).toThrow(/^op: t must be an integer in \[1, 5\]; got 0$/);
    expect(() => checkTime(5, 'op', 6, 'k')).toThrow(/^op: k must be an integer in \[0, 5\]; got 6$/);
  });
});

describe('checkSpan', () => {
  it('accepts s = t and s < t, rejects s > t and an out-of-range s or t', () => {
    expect(() => checkSpan(4, 'op', 2, 2)).not.toThrow();
    expect(() => checkSpan(4, 'op', 0, 4)).not.toThrow();
    expect(() => checkSpan(4, 'op', 3, 2)).toThrow(/^op: s must not exceed t; got s 3 and t 2$/);
    expect(() => checkSpan(4, 'op', 0, 5)).toThrow(/t must be an integer in \[0, 4\]/);
    expect(() => checkSpan(4, 'op', -1, 2)).toThrow(/s must be an integer in \[0, 4\]/);
  });
});

describe('checkSample', () => {
  it('defaults to 0, accepts B − 1, rejects B, −1 and fractions with the range', () => {
    expect(checkSample(3, 'op', undefined)).toBe(0);
    expect(checkSample(3, 'op', 2)).toBe(2);
    expect(checkSample(3, 'op', 0)).toBe(0);
    expect(() => checkSample(3, 'op', 3)).toThrow(/^op: sample must be an integer in \[0, 2\]; got 3$/);
    expect(() => checkSample(3, 'op', -1)).toThrow(ValueError);
    expect(() => checkSample(3, 'op', 0.5)).toThrow(ValueError);
    expect(() => checkSample(3, 'op', '1')).toThrow(ValueError);
  });
});

describe('checkBlock', () => {
  it('maps [toKey, fromKey] to part indices, passes undefined through, rejects unknown keys and other lengths', () => {
    expect(checkBlock(['h', 'c'], 'op', undefined)).toBeUndefined();
    expect(checkBlock(['h', 'c'], 'op', ['c', 'h'])).toEqual([1, 0]);
    expect(checkBlock(['h', 'c'], 'op', ['h', 'h'])).toEqual([0, 0]);
    for (const bad of [['h'], ['h', 'c', 'h'], ['x', 'h'], ['h', 'x'], 'hc', null]) {
      expect(() => checkBlock(['h', 'c'], 'op', bad)).toThrow(/^op: block must be \[toKey, fromKey\] with keys from h, c; got /);
    }
  });
});

describe('checkVector', () => {
  it('accepts [B, S] of the dtype, rejects other ranks and sizes (ShapeError) and another dtype (DTypeError)', () => {
    expect(() => checkVector('op', zeros([2, 3]), 2, 3, 'float64')).not.toThrow();
    for (const bad of [zeros([2, 3, 1]), zeros([3, 3]), zeros([2, 4]), zeros([6]), 'v']) {
      expect(() => checkVector('op', bad, 2, 3, 'float64')).toThrow(ShapeError);
    }
    expect(() => checkVector('op', zeros([2, 3], { dtype: 'float32' }), 2, 3, 'float64')).toThrow(DTypeError);
    expect(() => checkVector('op', zeros([2, 3], { dtype: 'float32' }), 2, 3, 'float64')).toThrow(/^op: v must be float64; got float32 \[2, 3\]$/);
  });
});

describe('checkLog10', () => {
  it('is false when absent or false, true for true, and rejects anything else', () => {
    expect(checkLog10('op', undefined)).toBe(false);
    expect(checkLog10('op', false)).toBe(false);
    expect(checkLog10('op', true)).toBe(true);
    expect(() => checkLog10('op', 1)).toThrow(/^op: log10 must be a boolean; got /);
  });
});
