/**
 * clipGradNorm.ts: the boundary coef = 1 (left as it is, the same record), the checks of grads
 * and maxNorm with their message, op and arg, for clipGradNorm and globalNorm.
 */
import { describe, it, expect } from 'vitest';
import { ValueError } from '../../src/errors.js';
import { clipGradNorm, globalNorm } from '../../src/nn/clipGradNorm.js';
import { tensor } from '../../src/tensor/creation.js';
import { expectError } from '../helpers/expectError.js';

describe('clipGradNorm', () => {
  it('returns the same record when maxNorm / (‖g‖ + 1e-6) is exactly 1, and scales just below it', () => {
    const grads = { w: tensor([3, 4]) };
    const same = clipGradNorm(grads, 5 + 1e-6);
    expect(same.grads).toBe(grads);
    expect(same.norm).toBe(5);
    const scaled = clipGradNorm(grads, 2.5);
    expect(scaled.grads).not.toBe(grads);
    expect(scaled.grads.w!.data[0]).toBeCloseTo((3 * 2.5) / (5 + 1e-6), 14);
    expect(Array.from(grads.w.data)).toEqual([3, 4]);
  });

  it('rejects a maxNorm that is not a positive number, naming maxNorm', () => {
    for (const bad of [0, -1, NaN, '1']) {
      expectError(() => clipGradNorm({ w: tensor([1]) }, bad as number), ValueError, /^clipGradNorm: maxNorm must be a positive number; got /, { op: 'clipGradNorm', arg: 'maxNorm' });
    }
  });

  it.each([
    ['clipGradNorm', (g: unknown) => clipGradNorm(g as never, 1)],
    ['globalNorm', (g: unknown) => globalNorm(g as never)],
  ] as const)('%s rejects grads that are not a record of tensors, naming grads', (op, fn) => {
    for (const bad of [null, [tensor([1])], tensor([1]), 2]) {
      expectError(() => fn(bad), ValueError, new RegExp(`^${op}: grads must be a record of tensors; got `), { op, arg: 'grads' });
    }
    expectError(() => fn({ a: tensor([1]), b: 1 }), ValueError, new RegExp(`^${op}: grads.b must be a tensor; got 1$`), { op, arg: 'grads' });
  });
});
