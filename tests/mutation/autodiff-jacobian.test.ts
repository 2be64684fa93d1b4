/**
 * jacobian.ts: the modes really pick reverse or forward mode (told apart by a customGradient
 * whose vjp deliberately disagrees with the derivative forward mode computes), 'auto' switches
 * on the output and input sizes, hessian honours argnums, and the checks name jacobian/hessian.
 */
import { describe, it, expect } from 'vitest';
import { customGradient } from '../../src/autodiff/customGradient.js';
import { hessian, jacobian } from '../../src/autodiff/jacobian.js';
import { ValueError } from '../../src/errors.js';
import { concat } from '../../src/ops/index.js';
import { tensor } from '../../src/tensor/creation.js';
import type { Tensor } from '../../src/tensor/tensor.js';
import { expectError } from '../helpers/expectError.js';

/** Value 3x; reverse mode sees the vjp 5·ct, forward mode differentiates 3x. */
const liar = customGradient((x: Tensor) => x.mul(3), { vjp: (ct) => [ct.mul(5)] });
const x2 = tensor([1, 2]);

describe('jacobian modes', () => {
  it("'reverse' uses the vjp, 'forward' the jvp", () => {
    expect(jacobian(liar, { mode: 'reverse' })(x2).toArray()).toEqual([[5, 0], [0, 5]]);
    expect(jacobian(liar, { mode: 'forward' })(x2).toArray()).toEqual([[3, 0], [0, 3]]);
  });
  it("'auto' uses reverse mode when the output has no more elements than the input", () => {
    expect(jacobian(liar)(x2).toArray()).toEqual([[5, 0], [0, 5]]);
    expect(jacobian((x: Tensor) => liar(x).sum())(x2).toArray()).toEqual([5, 5]);
  });
  it("'auto' uses forward mode when the output has more elements", () => {
    const f = (x: Tensor): Tensor => concat([liar(x), liar(x).sum().reshape([1])], 0);
    expect(jacobian(f)(x2).toArray()).toEqual([[3, 0], [0, 3], [3, 3]]);
  });
  it('rejects an unknown mode, a non-tensor argument and a non-tensor output', () => {
    expectError(() => jacobian(liar, { mode: 'sideways' as 'auto' }), ValueError, /^jacobian: mode must be 'auto', 'reverse' or 'forward'; got /, { op: 'jacobian', arg: 'mode' });
    expectError(() => jacobian((_a: Tensor, b: Tensor) => b, { argnums: 1 })(x2, 'b' as unknown as Tensor), ValueError, /^jacobian: argument 1 must be a tensor; got /, { op: 'jacobian', arg: 'argument 1' });
    expectError(() => jacobian(() => 1 as unknown as Tensor)(x2), ValueError, /^jacobian: f must return a tensor; got /, { op: 'jacobian', arg: 'f' });
  });
});

describe('hessian', () => {
  it('differentiates twice with respect to argnums', () => {
    // f(a, x) = Σ a·x³ → ∂²f/∂x² = diag(6·a·x)
    const f = (a: Tensor, x: Tensor): Tensor => a.mul(x.pow(3)).sum();
    const h = hessian(f, { argnums: 1 })(tensor([1, 2]), tensor([3, 4]));
    expect(h.toArray()).toEqual([[18, 0], [0, 48]]);
  });
  it('names itself when an argument is not a tensor', () => {
    expectError(() => hessian((a: Tensor) => a.sum())('a' as unknown as Tensor), ValueError, /^hessian: argument 0 must be a tensor; got /, { op: 'hessian', arg: 'argument 0' });
  });
});
