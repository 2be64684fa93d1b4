import { describe, it, expect } from 'vitest';
import { gradCheckProperty, matmulPair, tensor } from '../../src/arbitraries/index.js';
import { customGradient } from '../../src/autodiff/index.js';
import { ValueError } from '../../src/errors.js';
import { matmul, mul, sum, tanh } from '../../src/ops/index.js';
import type { Tensor } from '../../src/tensor/tensor.js';
import { fc, runs } from '../helpers/fc.js';
import { TOL } from '../helpers/tolerances.js';

describe('gradCheckProperty', () => {
  it('holds for correct derivatives, with one arbitrary per input or one for the list', () => {
    fc.assert(gradCheckProperty((x) => sum(tanh(x)), [tensor({ shape: [3], min: -3, max: 3 })], TOL.fd), { numRuns: runs(20) });
    fc.assert(gradCheckProperty((a, b) => matmul(a!, b!), matmulPair({ maxDim: 3, min: -2, max: 2 }), TOL.fd), { numRuns: runs(20) });
  });

  it('fails on a wrong rule and names the worst entry', () => {
    // the vjp of x² claimed as x instead of 2x
    const sq = customGradient((x: Tensor) => mul(x, x), { vjp: (ct, { inputs: [x] }) => [mul(ct, x!)] });
    const r = fc.check(gradCheckProperty((x) => sq(x!), [tensor({ shape: [2], min: 0.5, max: 2 })], { ...TOL.fd, mode: 'reverse' }), {
      endOnFailure: false,
    });
    expect(r.failed).toBe(true);
    const msg = String((r.errorInstance as Error).message);
    expect(msg).toMatch(/^gradCheckProperty: reverse-mode derivative of output element \d with respect to input 0 \(shape \[2\]\) element \d: analytic .*, numeric .*; max abs error/);
    const [x] = r.counterexample![0];
    expect(x!.shape).toEqual([2]);
  });

  it('rejects an empty list of arbitraries and a non-function', () => {
    expect(() => gradCheckProperty((x) => x, [])).toThrow(ValueError);
    expect(() => gradCheckProperty(3 as never, [tensor()])).toThrow(/gradCheckProperty: f must be a function; got 3/);
  });
});
