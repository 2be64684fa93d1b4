/**
 * Arbitrary pairs of tensors that can be multiplied as matrices.
 * @module
 */
import fc from 'fast-check';
import type { Arbitrary } from 'fast-check';
import { ValueError, describe } from '../errors.js';
import { checkOptions } from '../options.js';
import type { Shape } from '../tensor/shape.js';
import { checkShape } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { intOption, ordered } from './check.js';
import { broadcastableShapes } from './broadcastableShapes.js';
import type { ValueOptions } from './tensor.js';
import { tensorOfShape, valueOptionNames, valueSpec } from './tensor.js';

/** Options of {@link matmulPair}. */
export interface MatmulPairOptions extends ValueOptions {
  /**
   * Batch axes: `false` for plain matrices, `true` to draw batch shapes that broadcast
   * together (up to 2 axes, some set to 1 or missing), or a fixed batch shape for both.
   * @defaultValue false
   */
  readonly batch?: boolean | Shape;
  /**
   * Smallest of M, K, N.
   * @defaultValue 1
   */
  readonly minDim?: number;
  /**
   * Largest of M, K, N.
   * @defaultValue 4
   */
  readonly maxDim?: number;
}

/**
 * Arbitrary pairs `[a, b]` with `a: [...batchA, M, K]` and `b: [...batchB, K, N]`, the batch
 * shapes broadcasting together, so `matmul(a, b)` is defined.
 * @param options - batch axes, dimension bounds, and how values are drawn.
 * @returns an arbitrary of `[a, b]`.
 * @throws ValueError for a bad option.
 * @example
 * ```ts
 * fc.assert(fc.property(matmulPair({ batch: true }), ([a, b]) => matmul(a, b).shape.at(-1) === b.shape.at(-1)));
 * ```
 */
export function matmulPair(options: MatmulPairOptions = {}): Arbitrary<[Tensor, Tensor]> {
  const op = 'matmulPair';
  checkOptions(op, options, ['batch', 'minDim', 'maxDim', ...valueOptionNames]);
  const spec = valueSpec(op, options);
  const minDim = intOption(op, 'minDim', options.minDim, 1, 1);
  const maxDim = intOption(op, 'maxDim', options.maxDim, Math.max(4, minDim), 1);
  ordered(op, 'minDim', minDim, 'maxDim', maxDim);
  const batch = options.batch ?? false;
  let batches: Arbitrary<[Shape, Shape]>;
  if (batch === false) batches = fc.constant([[], []]);
  else if (batch === true) batches = broadcastableShapes(2, { maxRank: 2, maxDim: 3 }).map(({ shapes: [x, y] }) => [x!, y!]);
  else if (Array.isArray(batch)) {
    const s = checkShape(op, batch, 'batch');
    batches = fc.constant([s, s]);
  } else throw new ValueError(`${op}: batch must be a boolean or a shape; got ${describe(batch)}`, { op, arg: 'batch' });
  const dim = fc.integer({ min: minDim, max: maxDim });
  return fc.tuple(batches, dim, dim, dim).chain(([[ba, bb], M, K, N]) => fc.tuple(tensorOfShape(spec, [...ba, M, K]), tensorOfShape(spec, [...bb, K, N])));
}
