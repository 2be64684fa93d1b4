import { describe, it, expect } from 'vitest';
import { broadcastableShapes } from '../../src/arbitraries/index.js';
import { ValueError } from '../../src/errors.js';
import { add, where } from '../../src/ops/index.js';
import { zeros } from '../../src/tensor/creation.js';
import { broadcastShapes } from '../../src/tensor/shape.js';
import { fc } from '../helpers/fc.js';

describe('broadcastableShapes', () => {
  it('gives n shapes whose NumPy broadcast is the stated result', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }).chain((n) => fc.tuple(fc.constant(n), broadcastableShapes(n))), ([n, { shapes, result }]) => {
        expect(shapes).toHaveLength(n);
        expect(shapes.reduce<number[]>((r, s) => broadcastShapes('test', r, s), [])).toEqual(result);
        expect(result.length).toBeLessThanOrEqual(3);
      }),
    );
  });

  it('gives shapes that really broadcast through binary ops and where', () => {
    fc.assert(
      fc.property(broadcastableShapes(3), ({ shapes: [a, b, c], result }) => {
        expect(add(zeros(a!), zeros(b!)).shape).toEqual(broadcastShapes('test', a!, b!));
        expect(where(zeros(a!), zeros(b!), zeros(c!)).shape).toEqual(result);
      }),
    );
  });

  it('draws both size-1 axes and missing leading axes', () => {
    const all = fc.sample(broadcastableShapes(2, { minRank: 2, maxRank: 3, minDim: 2 }), { numRuns: 200, seed: 7 });
    const hasOne = all.some(({ shapes, result }) => shapes.some((s) => s.some((d, k) => d === 1 && result[k + result.length - s.length] !== 1)));
    const hasShorter = all.some(({ shapes, result }) => shapes.some((s) => s.length < result.length));
    const hasFull = all.some(({ shapes, result }) => shapes.some((s) => s.length === result.length && s.every((d, k) => d === result[k])));
    expect([hasOne, hasShorter, hasFull]).toEqual([true, true, true]);
  });

  it('rejects a bad count', () => {
    expect(() => broadcastableShapes(0)).toThrow(ValueError);
    expect(() => broadcastableShapes(2.5)).toThrow(/broadcastableShapes: n must be an integer in \[1, 8\]; got 2.5/);
  });
});
