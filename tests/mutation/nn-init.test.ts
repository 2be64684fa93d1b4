/**
 * init.ts beyond the distribution tests of tests/nn/init.test.ts: the exact number of draws
 * taken from a shared generator, the QR definition of orthogonalInit (Wᵀ·A upper triangular
 * with a positive diagonal, A the seeded normal draws) for square, tall and wide shapes, empty
 * and float32 results, the rank-deficient error, a tall identity, and every argument check
 * with its error class, message, op and arg.
 */
import { describe, it, expect } from 'vitest';
import { ShapeError, ValueError } from '../../src/errors.js';
import { identityInit, orthogonalInit, toRng, uniformInit } from '../../src/nn/init.js';
import { rng } from '../../src/tensor/rng.js';
import type { Tensor } from '../../src/tensor/tensor.js';
import { expectError } from '../helpers/expectError.js';

/** (Wᵀ·A)[j][k] for W, A both [m, n] row-major: the R of A = W·R when W is A's Q. */
function wtA(w: Tensor, a: readonly number[], m: number, n: number): number[][] {
  return Array.from({ length: n }, (_, j) => Array.from({ length: n }, (_, k) => {
    let s = 0;
    for (let i = 0; i < m; i++) s += w.data[i * n + j]! * a[i * n + k]!;
    return s;
  }));
}

function normals(seed: number, count: number): number[] {
  const g = rng(seed);
  return Array.from({ length: count }, () => g.normal());
}

function expectUpperTriangularPositive(r: number[][]): void {
  for (let j = 0; j < r.length; j++) {
    expect(r[j]![j]!).toBeGreaterThan(1e-3);
    for (let k = 0; k < j; k++) expect(Math.abs(r[j]![k]!)).toBeLessThan(1e-10);
  }
}

describe('uniformInit', () => {
  it('takes exactly one draw per element from a shared generator, U(−bound, bound) in row-major order', () => {
    const g = rng(5);
    const w = uniformInit([2, 3], 0.5, { seed: g });
    const after = g.next();
    const ref = rng(5);
    expect(Array.from(w.data)).toEqual(Array.from({ length: 6 }, () => ref.uniform(-0.5, 0.5)));
    expect(ref.next()).toBe(after);
  });

  it('accepts bound 0 (all zeros) and rejects negative, infinite and non-number bounds naming bound', () => {
    expect(Array.from(uniformInit([3], 0, { seed: 1 }).data)).toEqual([0, 0, 0]);
    for (const bad of [-1e-9, -1, Infinity, NaN, '1']) {
      expectError(() => uniformInit([2], bad as number), ValueError, /^uniformInit: bound must be a finite number ≥ 0; got /, { op: 'uniformInit', arg: 'bound' });
    }
  });

  it('rejects a non-finite or non-number gain naming gain', () => {
    for (const bad of [NaN, Infinity, '2']) {
      expectError(() => uniformInit([2], 1, { gain: bad as number }), ValueError, /^uniformInit: gain must be a finite number; got /, { op: 'uniformInit', arg: 'gain' });
    }
  });

  it('accepts a generator from rng() and rejects anything else that is not an integer seed', () => {
    expect(uniformInit([2], 1, { seed: rng(0) }).shape).toEqual([2]);
    const fnWithMethods = Object.assign(() => 0, { uniform: () => 0, normal: () => 0 });
    for (const bad of ['abc', {}, { uniform: () => 0 }, { normal: () => 0 }, fnWithMethods]) {
      expectError(() => uniformInit([2], 1, { seed: bad as never }), ValueError, /^uniformInit: seed must be an integer or a generator from rng\(\); got /, { op: 'uniformInit', arg: 'seed' });
    }
    // the public entries turn a null seed into the default 0 before toRng sees it
    expectError(() => toRng('op', null), ValueError, /^op: seed must be an integer or a generator from rng\(\); got null$/, { op: 'op', arg: 'seed' });
  });
});

describe('orthogonalInit', () => {
  it('is the Q of the seeded normal matrix: Wᵀ·A upper triangular with a positive diagonal (square)', () => {
    const w = orthogonalInit([4, 4], { seed: 3 });
    expectUpperTriangularPositive(wtA(w, normals(3, 16), 4, 4));
  });

  it('is the Q of A for a tall matrix and Qᵀ of Aᵀ = QR for a wide one', () => {
    expectUpperTriangularPositive(wtA(orthogonalInit([5, 3], { seed: 4 }), normals(4, 15), 5, 3));
    // wide [2, 5]: W·Aᵀ = R (2 × 2) upper triangular
    const w = orthogonalInit([2, 5], { seed: 6 });
    const a = normals(6, 10);
    const r = Array.from({ length: 2 }, (_, j) => Array.from({ length: 2 }, (_, k) => {
      let s = 0;
      for (let i = 0; i < 5; i++) s += w.data[j * 5 + i]! * a[k * 5 + i]!;
      return s;
    }));
    expectUpperTriangularPositive(r);
  });

  it('takes exactly rows·cols normal draws from a shared generator', () => {
    const g = rng(8);
    orthogonalInit([3, 2], { seed: g });
    const after = g.next();
    const ref = rng(8);
    for (let i = 0; i < 6; i++) ref.normal();
    expect(ref.next()).toBe(after);
  });

  it('returns empty matrices of the asked shape and dtype, and float32 when asked', () => {
    for (const shape of [[0, 3], [3, 0]] as const) {
      const w = orthogonalInit(shape, { dtype: 'float32' });
      expect(w.shape).toEqual(shape);
      expect(w.dtype).toBe('float32');
    }
    expect(orthogonalInit([2, 2], { seed: 1, dtype: 'float32' }).dtype).toBe('float32');
  });

  it('throws a ValueError naming the seed when the draws are rank-deficient', () => {
    const zeros = { uniform: () => 0, normal: () => 0 };
    for (const shape of [[2, 2], [2, 1]] as const) {
      expectError(() => orthogonalInit(shape, { seed: zeros as never }), ValueError, /^orthogonalInit: the random matrix is rank-deficient; try another seed$/, { op: 'orthogonalInit', arg: 'seed' });
    }
  });

  it('rejects a shape that is not a matrix with a ShapeError carrying the shape', () => {
    expectError(() => orthogonalInit([2, 2, 2] as never), ShapeError, /^orthogonalInit: shape must be a matrix \[rows, cols\]; got \[2, 2, 2\]$/, { op: 'orthogonalInit', arg: 'shape', shapes: [[2, 2, 2]] });
  });
});

describe('identityInit', () => {
  it('puts gain on the main diagonal of a tall matrix and nowhere else, in the asked dtype', () => {
    const w = identityInit([4, 2], { gain: 3, dtype: 'float32' });
    expect(w.toArray()).toEqual([[3, 0], [0, 3], [0, 0], [0, 0]]);
    expect(w.dtype).toBe('float32');
  });
});
