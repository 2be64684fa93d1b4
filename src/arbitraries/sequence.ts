/**
 * Arbitrary input sequences for recurrent cells.
 * @module
 */
import fc from 'fast-check';
import type { Arbitrary } from 'fast-check';
import { checkOptions } from '../options.js';
import type { Tensor } from '../tensor/tensor.js';
import type { DimRange } from './check.js';
import { checkDrawSize, dimRange } from './check.js';
import type { ValueOptions } from './tensor.js';
import { tensorOfShape, valueOptionNames, valueSpec } from './tensor.js';

/** Options of {@link sequence}: each size fixed (`T: 5`) or a range (`T: { min: 1, max: 8 }`). */
export interface SequenceOptions extends ValueOptions {
  /**
   * Number of time steps.
   * @defaultValue `{ min: 1, max: 6 }`
   */
  readonly T?: DimRange;
  /**
   * Batch size.
   * @defaultValue `{ min: 1, max: 3 }`
   */
  readonly B?: DimRange;
  /**
   * Input features per step.
   * @defaultValue `{ min: 1, max: 4 }`
   */
  readonly I?: DimRange;
}

/**
 * Arbitrary sequences: tensors of shape `[T, B, I]` (time first, as `unroll` takes them).
 * Shrinks toward fewer steps, a smaller batch and fewer features, then simpler values.
 * @param options - each of T, B, I fixed or a range, and how values are drawn.
 * @returns an arbitrary of `[T, B, I]` tensors.
 * @throws ValueError for a bad option.
 * @example
 * ```ts
 * fc.assert(fc.property(sequence({ T: 4, I: 3 }), (xs) => xs.shape[0] === 4 && xs.shape[2] === 3));
 * ```
 */
export function sequence(options: SequenceOptions = {}): Arbitrary<Tensor> {
  const op = 'sequence';
  checkOptions(op, options, ['T', 'B', 'I', ...valueOptionNames]);
  const spec = valueSpec(op, options);
  const [t0, t1] = dimRange(op, 'T', options.T, [1, 6], 1);
  const [b0, b1] = dimRange(op, 'B', options.B, [1, 3], 1);
  const [i0, i1] = dimRange(op, 'I', options.I, [1, 4], 1);
  checkDrawSize(op, t1 * b1 * i1);
  const dims = fc.tuple(fc.integer({ min: t0, max: t1 }), fc.integer({ min: b0, max: b1 }), fc.integer({ min: i0, max: i1 }));
  return tensorOfShape(spec, dims);
}
