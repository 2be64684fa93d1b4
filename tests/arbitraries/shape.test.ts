import { describe, it, expect } from 'vitest';
import { shape } from '../../src/arbitraries/index.js';
import { ValueError } from '../../src/errors.js';
import { fc } from '../helpers/fc.js';

describe('shape', () => {
  it('draws ranks 0–3 and dimensions 1–4 by default', () => {
    const all = fc.sample(shape(), { numRuns: 300, seed: 1 });
    for (const s of all) {
      expect(s.length).toBeLessThanOrEqual(3);
      for (const d of s) expect(d >= 1 && d <= 4).toBe(true);
    }
    expect(new Set(all.map((s) => s.length))).toEqual(new Set([0, 1, 2, 3]));
  });

  it('honours custom rank and dimension bounds, including empty dimensions', () => {
    fc.assert(
      fc.property(shape({ minRank: 2, maxRank: 4, minDim: 0, maxDim: 2 }), (s) => {
        expect(s.length >= 2 && s.length <= 4).toBe(true);
        expect(s.every((d) => Number.isInteger(d) && d >= 0 && d <= 2)).toBe(true);
      }),
    );
  });

  it('shrinks a failing shape to the fewest and smallest axes', () => {
    const r = fc.check(fc.property(shape(), (s) => s.reduce((p, d) => p * d, 1) < 4), { seed: 3, endOnFailure: false });
    expect(r.failed).toBe(true);
    expect(r.counterexample?.[0]).toEqual([4]);
  });

  it('rejects bounds that are not integers or are out of order', () => {
    expect(() => shape({ minRank: 3, maxRank: 1 })).toThrow(ValueError);
    expect(() => shape({ minRank: 3, maxRank: 1 })).toThrow(/shape: minRank must not exceed maxRank; got minRank 3 and maxRank 1/);
    expect(() => shape({ maxDim: 1.5 })).toThrow(/shape: maxDim must be an integer/);
    expect(() => shape({ minDim: -1 })).toThrow(ValueError);
    expect(() => shape({ maxRnak: 2 } as never)).toThrow(/unknown option 'maxRnak'/);
  });
});
