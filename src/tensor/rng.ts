/**
 * The seeded random generator behind every random tensor and every default weight.
 *
 * Algorithm: xoshiro128** (Blackman & Vigna) on 32-bit integers, seeded through
 * splitmix32. A float in [0, 1) takes 53 bits from two draws. Normals use Marsaglia's polar
 * method with a logarithm computed from `+ − × ÷ √` only, each of which IEEE 754 rounds
 * exactly, so the same seed gives bit-identical numbers on every platform and engine.
 * @module
 */
import { ValueError, describe } from '../errors.js';

/** A seeded stream of random numbers. */
export interface Rng {
  /** A float in [0, 1) with 53 random bits. */
  next(): number;
  /** A float in [lo, hi). */
  uniform(lo: number, hi: number): number;
  /** A standard normal deviate (mean 0, variance 1). */
  normal(): number;
  /** An integer in [0, n). */
  int(n: number): number;
  /** The raw 32-bit output. */
  nextUint32(): number;
}

/** Checks that a seed is a safe integer and returns it. */
export function checkSeed(op: string, seed: unknown): number {
  if (typeof seed !== 'number' || !Number.isSafeInteger(seed)) {
    throw new ValueError(`${op}: seed must be a safe integer; got ${describe(seed)}`, { op, arg: 'seed' });
  }
  return seed;
}

/**
 * Creates a seeded generator.
 * @param seed - any safe integer; the same seed gives the same stream everywhere.
 * @returns an {@link Rng}.
 * @throws ValueError when `seed` is not a safe integer.
 * @example
 * ```ts
 * const r = rng(42);
 * r.next();    // 0 ≤ x < 1, same value on every machine
 * r.normal();  // a standard normal deviate
 * ```
 */
export function rng(seed: number): Rng {
  checkSeed('rng', seed);
  // splitmix32 over the low and high 32 bits of the seed fills the 128-bit state.
  let sm = (seed >>> 0) ^ Math.imul(Math.floor(seed / 4294967296) >>> 0, 0x9e3779b1);
  const split = (): number => {
    sm = (sm + 0x9e3779b9) | 0;
    let z = sm;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  let s0 = split();
  let s1 = split();
  let s2 = split();
  let s3 = split();
  if ((s0 | s1 | s2 | s3) === 0) s0 = 1;
  let spare: number | null = null;

  const nextUint32 = (): number => {
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotl(s3, 11);
    return result;
  };
  const next = (): number => {
    const hi = nextUint32() >>> 5; // 27 bits
    const lo = nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  };
  return {
    next,
    nextUint32,
    uniform: (lo, hi) => lo + (hi - lo) * next(),
    int: (n) => Math.floor(next() * n),
    normal: () => {
      if (spare !== null) {
        const v = spare;
        spare = null;
        return v;
      }
      for (;;) {
        const u = 2 * next() - 1;
        const v = 2 * next() - 1;
        const s = u * u + v * v;
        if (s > 0 && s < 1) {
          const m = Math.sqrt((-2 * exactLog(s)) / s);
          spare = v * m;
          return u * m;
        }
      }
    },
  };
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

const LN2 = 0.6931471805599453;

/**
 * Natural logarithm of x in (0, 1], from correctly rounded operations only (so it is the same
 * on every engine): x = m·2^e with m in [1/√2, √2), then ln m = 2·atanh((m−1)/(m+1)) by series.
 */
export function exactLog(x: number): number {
  let e = 0;
  let m = x;
  while (m < 0.7071067811865476) {
    m *= 2;
    e -= 1;
  }
  while (m > 1.4142135623730951) {
    m /= 2;
    e += 1;
  }
  const z = (m - 1) / (m + 1);
  const z2 = z * z;
  let term = z;
  let sum = 0;
  for (let k = 1; k < 60; k += 2) {
    sum += term / k;
    term *= z2;
    if (Math.abs(term) < 1e-18) break;
  }
  return 2 * sum + e * LN2;
}
