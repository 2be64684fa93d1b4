/**
 * Arbitrary groups of shapes that broadcast together.
 * @module
 */
import fc from 'fast-check';
import type { Arbitrary } from 'fast-check';
import { broadcastShapes } from '../tensor/shape.js';
import { intOption } from './check.js';
import type { ShapeOptions } from './shape.js';
import { shapeBounds } from './shape.js';

/** Shapes that broadcast together, and the shape they broadcast to. */
export interface BroadcastShapes {
  /** The drawn shapes. */
  readonly shapes: number[][];
  /** NumPy broadcast of all of them. */
  readonly result: number[];
}

/**
 * Arbitrary groups of `n` shapes that broadcast together: each is a full shape with some
 * leading axes dropped and some axes set to 1. `result` is their broadcast shape (computed,
 * so it is always exact). Shrinks toward fewer, smaller axes and no broadcasting.
 * @param n - how many shapes (1–8).
 * @param options - bounds of the full shape (default rank 0–3, dimensions 1–4).
 * @returns an arbitrary of `{ shapes, result }`.
 * @throws ValueError for a bad `n` or a bad option.
 * @example
 * ```ts
 * fc.assert(fc.property(broadcastableShapes(2), ({ shapes: [a, b] }) => add(zeros(a!), zeros(b!)).rank <= 3));
 * ```
 */
export function broadcastableShapes(n: number, options: ShapeOptions = {}): Arbitrary<BroadcastShapes> {
  const op = 'broadcastableShapes';
  const count = intOption(op, 'n', n, 2, 1, 8);
  const b = shapeBounds(op, options);
  const full = fc.array(fc.integer({ min: b.minDim, max: b.maxDim }), { minLength: b.minRank, maxLength: b.maxRank });
  // each shape: how many leading axes to drop, and a bit mask of axes (from the last) set to 1
  const edits = fc.array(fc.tuple(fc.nat(b.maxRank), fc.nat(2 ** Math.min(b.maxRank, 30) - 1)), { minLength: count, maxLength: count });
  return fc.tuple(full, edits).map(([s, es]) => {
    const shapes = es.map(([drop, ones]) => {
      const kept = s.slice(Math.min(drop, s.length));
      return kept.map((d, k) => ((ones >> (kept.length - 1 - k)) & 1 ? 1 : d));
    });
    const result = shapes.reduce<number[]>((r, x) => broadcastShapes(op, r, x), []);
    return { shapes, result };
  });
}
