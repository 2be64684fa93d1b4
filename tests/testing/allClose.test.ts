import { describe, it, expect } from 'vitest';
import { ShapeError, ValueError } from '../../src/errors.js';
import { tensor } from '../../src/tensor/creation.js';
import { allClose, assertAllClose, compareClose } from '../../src/testing/allClose.js';
import { fc } from '../helpers/fc.js';

describe('allClose (NumPy semantics)', () => {
  it('uses the defaults rtol 1e-5 and atol 1e-8', () => {
    expect(allClose([1e-9], [0])).toBe(true);
    expect(allClose([1e-7], [0])).toBe(false);
    expect(allClose([1 + 9e-6], [1])).toBe(true);
    expect(allClose([1 + 2e-5], [1])).toBe(false);
  });

  it('is asymmetric: the tolerance scales with |expected|', () => {
    expect(allClose([0], [1], { rtol: 1, atol: 0 })).toBe(true);
    expect(allClose([1], [0], { rtol: 1, atol: 0 })).toBe(false);
  });

  it('agrees with |a − b| ≤ atol + rtol·|b| element by element', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.double({ min: -10, max: 10, noNaN: true }), fc.double({ min: -1e-3, max: 1e-3, noNaN: true })), { minLength: 1, maxLength: 6 }),
        fc.double({ min: 0, max: 1e-3, noNaN: true }),
        fc.double({ min: 0, max: 1e-3, noNaN: true }),
        (pairs, rtol, atol) => {
          const expected = pairs.map(([e]) => e);
          const actual = pairs.map(([e, d]) => e + d);
          const ref = pairs.every(([e], i) => Math.abs(actual[i]! - e) <= atol + rtol * Math.abs(e));
          expect(allClose(actual, expected, { rtol, atol })).toBe(ref);
        },
      ),
    );
  });

  it('broadcasts its operands', () => {
    expect(allClose(tensor([[1, 1], [1, 1]]), 1)).toBe(true);
    expect(allClose(tensor([[1], [2]]), [1, 1, 1])).toBe(false);
    expect(compareClose(tensor([[1], [2]]), [1, 1, 1]).index).toEqual([1, 0]);
    expect(() => allClose([1, 2, 3], [1, 2])).toThrow(ShapeError);
    expect(() => allClose([1, 2, 3], [1, 2])).toThrow(/^allClose: shapes do not broadcast; got \[3\] and \[2\]/);
  });

  it('treats NaN as unequal to everything unless equalNaN, and infinities as equal only to themselves', () => {
    expect(allClose([NaN], [NaN])).toBe(false);
    expect(allClose([NaN], [NaN], { equalNaN: true })).toBe(true);
    expect(allClose([NaN], [1], { equalNaN: true })).toBe(false);
    expect(allClose([1], [NaN], { equalNaN: true })).toBe(false);
    expect(allClose([Infinity, -Infinity], [Infinity, -Infinity])).toBe(true);
    expect(allClose([Infinity], [-Infinity])).toBe(false);
    expect(allClose([Infinity], [1e308], { rtol: 1 })).toBe(false);
  });

  it('accepts numbers, nested arrays and tensors of either dtype', () => {
    expect(allClose(2, tensor([2]))).toBe(true);
    expect(allClose(tensor([0.1], undefined, { dtype: 'float32' }), [0.1], { rtol: 1e-7 })).toBe(true);
    expect(() => allClose('1' as never, [1])).toThrow(/^allClose: actual must be a tensor, a number or nested arrays; got "1"/);
  });
});

describe('compareClose', () => {
  it('reports the worst element, the largest errors, and the values there', () => {
    const r = compareClose([1, 2.5, 3, 4.1], [1, 2, 3, 4]);
    expect(r.ok).toBe(false);
    expect(r.index).toEqual([1]);
    expect(r.actual).toBe(2.5);
    expect(r.expected).toBe(2);
    expect(r.maxAbsError).toBe(0.5);
    expect(r.maxRelError).toBe(0.25);
  });

  it('counts a NaN mismatch as the worst place', () => {
    const r = compareClose([1, NaN, 10], [1, 2, 3]);
    expect(r.index).toEqual([1]);
    expect(r.maxAbsError).toBeNaN();
  });
});

describe('assertAllClose', () => {
  it('passes silently when close and throws a ValueError naming the worst element otherwise', () => {
    expect(() => assertAllClose([1, 2], [1, 2 + 1e-9])).not.toThrow();
    let message = '';
    try {
      assertAllClose(tensor([[1, 2], [3, 4]]), [[1, 2], [3, 4.5]], { atol: 1e-6, rtol: 0 });
    } catch (e) {
      expect(e).toBeInstanceOf(ValueError);
      message = (e as Error).message;
    }
    expect(message).toBe(
      'assertAllClose: values differ beyond atol 0.000001 + rtol 0·|expected|; worst at index [1, 1]: got 4, expected 4.5 ' +
        '(max abs error 0.5, max rel error 0.1111111111111111; shapes [2, 2] and [2, 2])',
    );
  });
});
