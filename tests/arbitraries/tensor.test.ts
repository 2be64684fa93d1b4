import { describe, it, expect } from 'vitest';
import { shape, tensor } from '../../src/arbitraries/index.js';
import { DTypeError, ValueError } from '../../src/errors.js';
import { fc, runs } from '../helpers/fc.js';

describe('tensor', () => {
  it('keeps a fixed shape and types it', () => {
    const arb = tensor({ shape: [2, 3] });
    fc.assert(
      fc.property(arb, (x) => {
        const s: [2, 3] = x.shape;
        expect(s).toEqual([2, 3]);
        expect(x.dtype).toBe('float64');
      }),
    );
  });

  it('draws its shape from a shape arbitrary', () => {
    fc.assert(
      fc.property(tensor({ shape: shape({ minRank: 2, maxRank: 2, maxDim: 2 }) }), (x) => {
        expect(x.rank).toBe(2);
        expect(x.shape.every((d) => d >= 1 && d <= 2)).toBe(true);
      }),
    );
  });

  it('draws values in [min, max] with no NaN or infinity by default', () => {
    fc.assert(
      fc.property(tensor(), (x) => {
        for (const v of x.data) expect(Number.isFinite(v) && v >= -10 && v <= 10).toBe(true);
      }),
    );
    fc.assert(
      fc.property(tensor({ min: 0.5, max: 2 }), (x) => {
        for (const v of x.data) expect(v >= 0.5 && v <= 2).toBe(true);
      }),
    );
  });

  it('honours float32: values are exact 32-bit floats inside the range', () => {
    fc.assert(
      fc.property(tensor({ dtype: 'float32', min: 0.1, max: 0.3 }), (x) => {
        expect(x.dtype).toBe('float32');
        expect(x.data).toBeInstanceOf(Float32Array);
        for (const v of x.data) expect(v >= 0.1 && v <= 0.3).toBe(true);
      }),
      { numRuns: runs(50) },
    );
  });

  it('draws NaN and infinities only when asked', () => {
    const values = (o: { noNaN?: boolean; noInfinity?: boolean }): number[] =>
      fc.sample(tensor({ shape: [8], ...o }), { numRuns: 200, seed: 5 }).flatMap((x) => [...x.data]);
    const plain = values({});
    expect(plain.some((v) => !Number.isFinite(v))).toBe(false);
    const withNaN = values({ noNaN: false });
    expect(withNaN.some((v) => Number.isNaN(v))).toBe(true);
    expect(withNaN.some((v) => v === Infinity || v === -Infinity)).toBe(false);
    const withInf = values({ noInfinity: false });
    expect(withInf.some((v) => v === Infinity)).toBe(true);
    expect(withInf.some((v) => v === -Infinity)).toBe(true);
    expect(withInf.some((v) => Number.isNaN(v))).toBe(false);
  });

  it('shrinks a failing tensor to one element holding the smallest failing value', () => {
    const r = fc.check(
      fc.property(tensor(), (x) => x.data.every((v) => v < 5)),
      { seed: 11, endOnFailure: false },
    );
    expect(r.failed).toBe(true);
    const x = r.counterexample![0];
    expect(x.size).toBe(1);
    expect(x.rank).toBeLessThanOrEqual(1);
    expect(x.data[0]).toBe(5);
  });

  it('shrinks a property that fails on large tensors to a small shape', () => {
    const r = fc.check(
      fc.property(tensor(), (x) => x.size <= 4),
      { seed: 12, endOnFailure: false },
    );
    expect(r.failed).toBe(true);
    const x = r.counterexample![0];
    expect(x.size).toBe(6);
    expect(x.rank).toBe(2);
    expect([...x.data]).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('rejects bad options with the option named', () => {
    expect(() => tensor({ min: 3, max: 1 })).toThrow(/tensor: min must not exceed max; got min 3 and max 1/);
    expect(() => tensor({ min: -Infinity })).toThrow(ValueError);
    expect(() => tensor({ dtype: 'int8' as never })).toThrow(DTypeError);
    expect(() => tensor({ shape: 'big' as never })).toThrow(/tensor: shape must be an array of dimensions or an arbitrary of shapes; got "big"/);
    expect(() => tensor({ dtype: 'float32', min: 0.1, max: 0.1 })).toThrow(/no float32 value lies in/);
    expect(() => tensor({ seed: 1 } as never)).toThrow(/unknown option 'seed'/);
  });
});
