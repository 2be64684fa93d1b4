/**
 * The log10-scaled arithmetic under traceGradients: norms without overflow or underflow, sums of
 * log10 values, and the rescaling that keeps a carried cotangent's mantissa near 1. Each case
 * pins a branch a mutant could flip (NaN, 0, ∞, a float32 array, a missing id).
 */
import { describe, it, expect } from 'vitest';
import { fromLog10, log10Add, log10Norm, maxAbsOf, pow10, rescale, scaleBy } from '../../src/inspect/scaled.js';
import { tensor } from '../../src/tensor/creation.js';
import type { Tensor } from '../../src/tensor/tensor.js';
import { TOL } from '../helpers/tolerances.js';

const close = (a: number, b: number): void => expect(Math.abs(a - b)).toBeLessThanOrEqual(TOL.log10);

describe('log10Norm', () => {
  it('is log10 of the Euclidean norm for a tensor, a Float64Array and a Float32Array', () => {
    close(log10Norm(tensor([3, -4])), Math.log10(5));
    close(log10Norm(Float64Array.from([3, -4])), Math.log10(5));
    close(log10Norm(Float32Array.from([0, -6, 8])), 1);
  });

  it('does not overflow for values near float64 max nor underflow for subnormals', () => {
    close(log10Norm(Float64Array.from([1e308, 1e308])), 308 + Math.log10(Math.SQRT2));
    close(log10Norm(Float64Array.from([5e-324, 0])), Math.log10(5e-324));
    close(log10Norm(Float64Array.from([1e-200, 1e-200, 1e-200, 1e-200])), -200 + Math.log10(2));
  });

  it('is −Infinity for all zeros (and for no values), +Infinity with an infinity, NaN with a NaN anywhere', () => {
    expect(log10Norm(Float64Array.from([0, -0]))).toBe(-Infinity);
    expect(log10Norm(new Float64Array(0))).toBe(-Infinity);
    expect(log10Norm(Float64Array.from([1, -Infinity]))).toBe(Infinity);
    expect(log10Norm(Float64Array.from([NaN, 1]))).toBeNaN();
    expect(log10Norm(Float64Array.from([1e300, NaN]))).toBeNaN();
    expect(log10Norm(Float64Array.from([Infinity, NaN]))).toBeNaN();
  });
});

describe('maxAbsOf', () => {
  it('is the largest |value| over several tensors, NaN when one holds a NaN after the maximum, 0 for none', () => {
    expect(maxAbsOf([tensor([1, -7]), tensor([3])])).toBe(7);
    expect(maxAbsOf([tensor([9]), tensor([NaN, 1])])).toBeNaN();
    expect(maxAbsOf([])).toBe(0);
  });
});

describe('pow10, fromLog10, scaleBy and log10Add', () => {
  it('pow10 is exactly 1 at 0 and 10^x elsewhere', () => {
    expect(pow10(0)).toBe(1);
    expect(pow10(2)).toBeCloseTo(100, 12);
    expect(pow10(-3)).toBeCloseTo(1e-3, 15);
  });

  it('fromLog10 maps −Infinity to exactly 0, underflows to 0 below float64 and is 10^x otherwise', () => {
    expect(fromLog10(-Infinity)).toBe(0);
    expect(fromLog10(-400)).toBe(0);
    expect(fromLog10(1)).toBeCloseTo(10, 12);
  });

  it('scaleBy returns the same tensor for 0 and multiplies by 10^x otherwise', () => {
    const t = tensor([1, 2]);
    expect(scaleBy(t, 0)).toBe(t);
    expect(Array.from(scaleBy(t, 2).data)).toEqual([100, 200]);
  });

  it('log10Add adds in the log domain, treating −Infinity as 0, in either order', () => {
    close(log10Add(2, 2), 2 + Math.log10(2));
    close(log10Add(3, 1), Math.log10(1010));
    close(log10Add(1, 3), Math.log10(1010));
    expect(log10Add(-Infinity, 5)).toBe(5);
    expect(log10Add(5, -Infinity)).toBe(5);
    expect(log10Add(-Infinity, -Infinity)).toBe(-Infinity);
    close(log10Add(-1000, -1000), -1000 + Math.log10(2));
  });
});

describe('rescale', () => {
  it('divides every cotangent in the chain by their largest |value| and grows the exponent by its log10', () => {
    const chain = new Map<number, Tensor>([
      [1, tensor([200, -50])],
      [2, tensor([-400])],
      [3, tensor([8])], // a cotangent waiting for an earlier step shares the scale
    ]);
    const e = rescale(chain, 3);
    close(e, 3 + Math.log10(400));
    expect(Array.from(chain.get(1)!.data)).toEqual([0.5, -0.125]);
    expect(Array.from(chain.get(2)!.data)).toEqual([-1]);
    expect(Array.from(chain.get(3)!.data)).toEqual([0.02]);
    expect(chain.size).toBe(3);
  });

  it('leaves the chain and the exponent alone when the maximum is 0, infinite or NaN', () => {
    for (const bad of [0, Infinity, NaN]) {
      const t = tensor([bad, 0]);
      const chain = new Map<number, Tensor>([[1, t]]);
      expect(rescale(chain, 7)).toBe(7);
      expect(chain.get(1)).toBe(t);
    }
  });
});
