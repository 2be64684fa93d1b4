import { describe, it, expect } from 'vitest';
import { sequence } from '../../src/arbitraries/index.js';
import { fc } from '../helpers/fc.js';

describe('sequence', () => {
  it('gives [T, B, I] tensors within the default ranges', () => {
    fc.assert(
      fc.property(sequence(), (xs) => {
        expect(xs.rank).toBe(3);
        const [T, B, I] = xs.shape;
        expect(T! >= 1 && T! <= 6 && B! >= 1 && B! <= 3 && I! >= 1 && I! <= 4).toBe(true);
      }),
    );
  });

  it('takes each size fixed or as a range', () => {
    fc.assert(
      fc.property(sequence({ T: 5, B: { min: 2, max: 3 }, I: 1, min: -1, max: 1 }), (xs) => {
        expect(xs.shape[0]).toBe(5);
        expect(xs.shape[1] === 2 || xs.shape[1] === 3).toBe(true);
        expect(xs.shape[2]).toBe(1);
        for (const v of xs.data) expect(Math.abs(v)).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('shrinks a failing sequence to the fewest steps that still fail', () => {
    const r = fc.check(
      fc.property(sequence({ T: { min: 1, max: 8 } }), (xs) => xs.shape[0]! < 3),
      { seed: 4, endOnFailure: false },
    );
    expect(r.failed).toBe(true);
    expect(r.counterexample![0].shape).toEqual([3, 1, 1]);
  });

  it('rejects a range whose min exceeds its max, and a zero size', () => {
    expect(() => sequence({ T: { min: 4, max: 2 } })).toThrow(/sequence: T.min must not exceed T.max; got T.min 4 and T.max 2/);
    expect(() => sequence({ B: 0 })).toThrow(/sequence: B must be an integer ≥ 1; got 0/);
  });
});
