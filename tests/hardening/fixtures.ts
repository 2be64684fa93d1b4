/**
 * Small inputs and helpers shared by the bad-input specs.
 */
import { expect } from 'vitest';
import { isTensor, tensor } from '../../src/index.js';
import type { DType, Tensor } from '../../src/index.js';

/** Calls `f` with untyped arguments: the suite passes wrong things on purpose. */
export function loose(f: unknown): (...args: unknown[]) => unknown {
  return (...args: unknown[]) => (f as (...a: unknown[]) => unknown)(...args);
}

/** Constructs `C` with untyped arguments. */
export function looseNew(C: unknown): (...args: unknown[]) => unknown {
  return (...args: unknown[]) => new (C as new (...a: unknown[]) => unknown)(...args);
}

/** A deterministic tensor of the given shape with values 0.1, 0.2, … (shifted by `offset`). */
export function t(shape: readonly number[], dtype: DType = 'float64', offset = 0): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const values = Array.from({ length: n }, (_, i) => offset + 0.1 * (i + 1));
  return tensor(values, shape, { dtype });
}

/** An empty tensor of the given shape (one dimension 0). */
export function empty(shape: readonly number[] = [0, 3]): Tensor {
  return tensor([], shape);
}

/** A tensor holding NaN, Infinity and -Infinity. */
export function nonFinite(): Tensor {
  return tensor([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY], [3]);
}

/** Asserts `r` is a tensor of `shape` (and `dtype`, default float64) with `values` when given. */
export function isT(shape: readonly number[], values?: readonly number[], dtype: DType = 'float64'): (r: unknown) => void {
  return (r) => {
    expect(isTensor(r), 'expected a tensor').toBe(true);
    const x = r as Tensor;
    expect(x.shape).toEqual(shape);
    expect(x.dtype).toBe(dtype);
    if (values !== undefined) {
      const got = [...x.data];
      expect(got.length).toBe(values.length);
      got.forEach((v, i) => expect(v).toBeCloseTo(values[i]!, 10));
    }
  };
}

/** The values of a tensor as a plain array. */
export function vals(x: unknown): number[] {
  return [...(x as Tensor).data];
}
