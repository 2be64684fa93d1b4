/**
 * Arbitrary shapes.
 * @module
 */
import fc from 'fast-check';
import type { Arbitrary } from 'fast-check';
import { checkOptions } from '../options.js';
import { intOption, ordered } from './check.js';

/** Options of {@link shape}. */
export interface ShapeOptions {
  /**
   * Fewest axes.
   * @defaultValue 0
   */
  readonly minRank?: number;
  /**
   * Most axes.
   * @defaultValue 3
   */
  readonly maxRank?: number;
  /**
   * Smallest dimension (0 allows empty tensors).
   * @defaultValue 1
   */
  readonly minDim?: number;
  /**
   * Largest dimension.
   * @defaultValue 4
   */
  readonly maxDim?: number;
}

/** The checked bounds of a {@link ShapeOptions}. */
export interface ShapeBounds {
  readonly minRank: number;
  readonly maxRank: number;
  readonly minDim: number;
  readonly maxDim: number;
}

/** Reads and checks shape options (shared by the arbitraries that draw shapes). */
export function shapeBounds(op: string, options: ShapeOptions, dflt: ShapeBounds = { minRank: 0, maxRank: 3, minDim: 1, maxDim: 4 }): ShapeBounds {
  checkOptions(op, options, ['minRank', 'maxRank', 'minDim', 'maxDim']);
  const minRank = intOption(op, 'minRank', options.minRank, dflt.minRank, 0, 32);
  const maxRank = intOption(op, 'maxRank', options.maxRank, Math.max(dflt.maxRank, minRank), 0, 32);
  const minDim = intOption(op, 'minDim', options.minDim, dflt.minDim, 0);
  const maxDim = intOption(op, 'maxDim', options.maxDim, Math.max(dflt.maxDim, minDim), 0);
  ordered(op, 'minRank', minRank, 'maxRank', maxRank);
  ordered(op, 'minDim', minDim, 'maxDim', maxDim);
  return { minRank, maxRank, minDim, maxDim };
}

/**
 * Arbitrary tensor shapes: `minRank…maxRank` axes, each of `minDim…maxDim` elements.
 * Shrinks toward fewer axes and smaller dimensions.
 * @param options - rank and dimension bounds.
 * @returns an arbitrary of shapes (`number[]`).
 * @throws ValueError for a non-integer bound or a lower bound above its upper bound.
 * @example
 * ```ts
 * fc.assert(fc.property(shape({ maxRank: 2 }), (s) => s.length <= 2));
 * ```
 */
export function shape(options: ShapeOptions = {}): Arbitrary<number[]> {
  const b = shapeBounds('shape', options);
  return fc.array(fc.integer({ min: b.minDim, max: b.maxDim }), { minLength: b.minRank, maxLength: b.maxRank });
}
