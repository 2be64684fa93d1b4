import { describe, expect, it } from 'vitest';
import { ValueError, randn, rng } from '../../src/index.js';
import { exactLog } from '../../src/tensor/rng.js';
import { TOL } from '../helpers/tolerances.js';

describe('rng', () => {
  // These values are the cross-platform promise: the stream is built from 32-bit integer
  // operations and correctly rounded float operations only. If one changes, every seeded
  // weight in every user's notebook changes with it.
  it('rng(42).next() starts with pinned values', () => {
    const r = rng(42);
    expect([r.next(), r.next(), r.next(), r.next()]).toEqual([
      0.6606157208001621, 0.1117019639532224, 0.0791056456144914, 0.015209237180418,
    ]);
  });

  it('rng(42).normal() starts with pinned values', () => {
    const r = rng(42);
    expect([r.normal(), r.normal(), r.normal(), r.normal()]).toEqual([
      0.31875784963858494, -0.7706160167419408, 0.15178267621950975, -0.12624145471928355,
    ]);
  });

  it('rng(42).nextUint32() starts with pinned values', () => {
    const r = rng(42);
    expect([r.nextUint32(), r.nextUint32(), r.nextUint32()]).toEqual([2837322924, 544945897, 479756282]);
  });

  it('zero, negative and large seeds are pinned too', () => {
    expect([rng(0).next(), rng(-7).next(), rng(2 ** 40 + 3).next(), rng(Number.MAX_SAFE_INTEGER).next()]).toEqual([
      0.8868539502021594, 0.3637287163654027, 0.7955967782330021, 0.7864743926033367,
    ]);
  });

  it('the same seed gives the same stream and different seeds different streams', () => {
    const draw = (seed: number): number[] => {
      const r = rng(seed);
      return Array.from({ length: 500 }, (_, i) => (i % 2 === 0 ? r.next() : r.normal()));
    };
    expect(draw(123)).toEqual(draw(123));
    expect(draw(123)).not.toEqual(draw(124));
    // seeds that differ only above bit 32 are different seeds
    expect(rng(1).next()).not.toBe(rng(1 + 2 ** 32).next());
  });

  it('next stays in [0, 1), uniform in [lo, hi) and int in {0, …, n−1}', () => {
    const r = rng(5);
    const counts = new Array<number>(7).fill(0);
    for (let i = 0; i < 5000; i++) {
      const x = r.next();
      expect(x >= 0 && x < 1).toBe(true);
      const u = r.uniform(-2, 3);
      expect(u >= -2 && u < 3).toBe(true);
      const k = r.int(7);
      expect(Number.isInteger(k) && k >= 0 && k < 7).toBe(true);
      counts[k]!++;
    }
    // every value of int(7) occurs, each near 5000/7 ≈ 714 (binomial sd ≈ 25)
    for (const c of counts) expect(Math.abs(c - 5000 / 7)).toBeLessThan(150);
  });

  it('nextUint32 returns unsigned 32-bit integers', () => {
    const r = rng(9);
    for (let i = 0; i < 1000; i++) {
      const v = r.nextUint32();
      expect(Number.isInteger(v) && v >= 0 && v < 2 ** 32).toBe(true);
    }
  });

  it('normal deviates have mean ≈ 0, variance ≈ 1 and the normal tail mass', () => {
    const n = 40000;
    const x = randn([n], { seed: 2024 }).data;
    let s = 0;
    let s2 = 0;
    let beyond2 = 0;
    for (const v of x) {
      s += v;
      s2 += v * v;
      if (Math.abs(v) > 2) beyond2++;
    }
    const mean = s / n;
    const variance = s2 / n - mean * mean;
    // standard errors: mean 1/√n = 0.005, variance √(2/n) ≈ 0.007; the bounds are 5 of them
    expect(Math.abs(mean)).toBeLessThan(0.025);
    expect(Math.abs(variance - 1)).toBeLessThan(0.035);
    // P(|Z| > 2) = 0.0455
    expect(Math.abs(beyond2 / n - 0.0455)).toBeLessThan(0.006);
  });

  it('uniform draws have mean ≈ 1/2 and variance ≈ 1/12', () => {
    const r = rng(77);
    const n = 40000;
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < n; i++) {
      const v = r.next();
      s += v;
      s2 += v * v;
    }
    const mean = s / n;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.01);
    expect(Math.abs(s2 / n - mean * mean - 1 / 12)).toBeLessThan(0.003);
  });

  it('rejects seeds that are not safe integers with a ValueError naming rng', () => {
    for (const bad of [1.5, NaN, Infinity, 2 ** 53, '1', undefined]) {
      expect(() => rng(bad as number)).toThrow(ValueError);
      expect(() => rng(bad as number)).toThrow(/^rng: seed must be a safe integer; got /);
    }
  });
});

describe('exactLog', () => {
  it('agrees with Math.log to within a few ulps over (0, 1]', () => {
    const r = rng(3);
    for (let i = 0; i < 2000; i++) {
      const x = i === 0 ? 1 : i === 1 ? Number.MIN_VALUE * 2 ** 60 : r.next() ** 3;
      if (x === 0) continue;
      const want = Math.log(x);
      expect(Math.abs(exactLog(x) - want)).toBeLessThanOrEqual(TOL.ulps * Math.max(1, Math.abs(want)));
    }
  });

  it('is exactly 0 at 1 and −ln 2 at 1/2', () => {
    expect(exactLog(1)).toBe(0);
    expect(Math.abs(exactLog(0.5) + Math.LN2)).toBeLessThanOrEqual(TOL.ulps);
  });
});
