/**
 * The seeded generator: seed validation with its exact error, normal deviates equal to an
 * independent polar-method reference driven by the same uniform stream (so a rejected pair must
 * be rejected), and exactLog against Math.log across (0, 1] including the 1/√2 boundary.
 */
import { describe, it, expect } from 'vitest';
import { ValueError } from '../../src/errors.js';
import { checkSeed, exactLog, rng } from '../../src/tensor/rng.js';
import { expectError } from '../helpers/expectError.js';
import { TOL } from '../helpers/tolerances.js';

describe('checkSeed and rng', () => {
  it('rejects seeds that are not safe integers, naming the function', () => {
    for (const [seed, shown] of [[1.5, '1\\.5'], [2 ** 53, '9007199254740992'], ['3', '"3"'], [NaN, 'NaN']] as const) {
      expectError(() => rng(seed as number), ValueError, new RegExp(`^rng: seed must be a safe integer; got ${shown}$`), { op: 'rng', arg: 'seed' });
    }
    expectError(() => checkSeed('rand', -0.5), ValueError, /^rand: seed must be a safe integer; got -0\.5$/, { op: 'rand', arg: 'seed' });
    expect(checkSeed('rand', -7)).toBe(-7);
  });

  it('draws normals by the polar method: a pair per accepted (u, v) inside the unit disc', () => {
    for (const seed of [0, 1, 42]) {
      const g = rng(seed);
      const u01 = rng(seed);
      const want: number[] = [];
      let rejected = 0;
      while (want.length < 60) {
        const u = 2 * u01.next() - 1;
        const v = 2 * u01.next() - 1;
        const s = u * u + v * v;
        if (!(s > 0 && s < 1)) {
          rejected++;
          continue;
        }
        const m = Math.sqrt((-2 * exactLog(s)) / s);
        want.push(u * m, v * m);
      }
      expect(rejected).toBeGreaterThan(0);
      expect(Array.from({ length: 60 }, () => g.normal())).toEqual(want);
    }
  });

  it('keeps uniform, int and next in their ranges', () => {
    const g = rng(9);
    for (let i = 0; i < 200; i++) {
      const x = g.next();
      expect(x >= 0 && x < 1).toBe(true);
      const k = g.int(5);
      expect(Number.isInteger(k) && k >= 0 && k < 5).toBe(true);
      const y = g.uniform(-3, -1);
      expect(y >= -3 && y < -1).toBe(true);
    }
  });
});

describe('exactLog', () => {
  it('agrees with Math.log to a few ulps across (0, 1], at 1/√2 and for subnormals', () => {
    for (const x of [1, 0.9, 0.75, 0.7071067811865476, 0.70710678118654, 0.5, 0.3, 1e-3, 1e-100, 5e-324]) {
      const want = Math.log(x);
      expect(Math.abs(exactLog(x) - want), `x=${x}`).toBeLessThanOrEqual(TOL.ulps * Math.max(1, Math.abs(want)));
    }
  });
});
