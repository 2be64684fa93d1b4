import { describe, it, expect } from 'vitest';
import { matmulPair } from '../../src/arbitraries/index.js';
import { ValueError } from '../../src/errors.js';
import { matmul } from '../../src/ops/index.js';
import { broadcastShapes } from '../../src/tensor/shape.js';
import { fc, runs } from '../helpers/fc.js';

describe('matmulPair', () => {
  it('gives 2-D matrices [M, K] and [K, N] by default', () => {
    fc.assert(
      fc.property(matmulPair(), ([a, b]) => {
        expect(a.rank).toBe(2);
        expect(b.rank).toBe(2);
        expect(a.shape[1]).toBe(b.shape[0]);
        expect(matmul(a, b).shape).toEqual([a.shape[0], b.shape[1]]);
      }),
    );
  });

  it('multiplies with broadcast batch axes when batch is true', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(matmulPair({ batch: true }), ([a, b]) => {
        const batch = broadcastShapes('test', a.shape.slice(0, -2), b.shape.slice(0, -2));
        seen.add(`${a.rank},${b.rank}`);
        expect(matmul(a, b).shape).toEqual([...batch, a.shape.at(-2), b.shape.at(-1)]);
      }),
      { numRuns: runs(100) },
    );
    expect(seen.size).toBeGreaterThan(1);
  });

  it('uses a fixed batch shape, dimension bounds and value options', () => {
    fc.assert(
      fc.property(matmulPair({ batch: [2], minDim: 2, maxDim: 3, dtype: 'float32', min: 0, max: 1 }), ([a, b]) => {
        expect(a.shape[0]).toBe(2);
        expect(b.shape[0]).toBe(2);
        for (const d of [...a.shape.slice(1), ...b.shape.slice(1)]) expect(d >= 2 && d <= 3).toBe(true);
        expect([a.dtype, b.dtype]).toEqual(['float32', 'float32']);
        for (const v of [...a.data, ...b.data]) expect(v >= 0 && v <= 1).toBe(true);
      }),
      { numRuns: runs(30) },
    );
  });

  it('rejects a bad batch option', () => {
    expect(() => matmulPair({ batch: 'yes' as never })).toThrow(/matmulPair: batch must be a boolean or a shape; got "yes"/);
    expect(() => matmulPair({ minDim: 0 })).toThrow(ValueError);
  });
});
