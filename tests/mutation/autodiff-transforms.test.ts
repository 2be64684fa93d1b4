/**
 * transforms.ts: the argument checks of grad, valueAndGrad, vjp and jvp (class, message, op,
 * arg, shapes), the rewriting of an unconnected-argument error (and only that error).
 */
import { describe, it, expect } from 'vitest';
import { customGradient } from '../../src/autodiff/customGradient.js';
import { grad, jvp, valueAndGrad, vjp } from '../../src/autodiff/transforms.js';
import { ShapeError, TapeError, ValueError } from '../../src/errors.js';
import { tensor } from '../../src/tensor/creation.js';
import type { Tensor } from '../../src/tensor/tensor.js';
import { expectError } from '../helpers/expectError.js';

const sq = (x: Tensor): Tensor => x.square().sum();

describe('grad and valueAndGrad checks', () => {
  it('reject f that is not a function', () => {
    expectError(() => grad(1 as unknown as typeof sq), ValueError, /^grad: f must be a function; got /, { op: 'grad', arg: 'f' });
    expectError(() => valueAndGrad(1 as unknown as typeof sq), ValueError, /^valueAndGrad: f must be a function; got /, { op: 'valueAndGrad', arg: 'f' });
  });
  it('reject an unknown unconnected value', () => {
    expectError(() => grad(sq, { unconnected: 'x' as 'zero' }), ValueError, /^grad: unconnected must be 'zero' or 'error'; got /, { op: 'grad', arg: 'unconnected' });
  });
  it('reject argnums outside the arguments', () => {
    expectError(() => grad(sq, { argnums: 2 })(tensor([1])), ValueError, /^grad: argnums must be argument indices in \[0, 0\]; got /, { op: 'grad', arg: 'argnums' });
    expectError(() => grad((a: Tensor, b: Tensor) => a.add(b).sum(), { argnums: [1.5] })(tensor([1]), tensor([2])), ValueError, /^grad: argnums must be argument indices in \[0, 1\]/, { op: 'grad', arg: 'argnums' });
  });
  it('name the argument that is not a tensor tree', () => {
    expectError(() => grad((_a: Tensor, b: Tensor) => b.sum(), { argnums: 1 })(tensor([1]), 'b' as unknown as Tensor), ValueError, /^grad: argument 1 must be a tensor or an array or record of tensors; got /, { op: 'grad', arg: 'argument 1' });
  });
  it('reject f returning a non-tensor or a non-scalar', () => {
    expectError(() => grad(() => 3 as unknown as Tensor)(tensor([1])), ValueError, /^grad: f must return a scalar tensor; got /, { op: 'grad', arg: 'f' });
    expectError(() => valueAndGrad((x: Tensor) => x.exp())(tensor([1, 2])), TapeError, /^valueAndGrad: f must return a scalar; got shape \[2\]/, { op: 'valueAndGrad', arg: undefined, shapes: [[2]] });
  });
  it('name the unconnected argnums with unconnected: error', () => {
    expectError(() => grad((a: Tensor, _b: Tensor) => a.sum(), { argnums: [0, 1], unconnected: 'error' })(tensor([1]), tensor([2])), TapeError, /^grad: the output does not depend on an argument in argnums \[0, 1\]; check that f uses it$/, { op: 'grad', arg: 'argnums' });
  });
  it('let other tape errors from the backward pass through unchanged', () => {
    const thrower = customGradient((x: Tensor) => x.mul(1), {
      vjp: () => {
        throw new TapeError('mine: refused', { op: 'mine', arg: 'other' });
      },
    });
    expectError(() => grad((x: Tensor) => thrower(x).sum())(tensor([1])), TapeError, /^mine: refused$/, { op: 'mine', arg: 'other' });
  });
});

describe('vjp and jvp checks', () => {
  it('vjp rejects f returning a non-tensor and a cotangent of the wrong shape', () => {
    expectError(() => vjp((_x: Tensor) => 1 as unknown as Tensor, tensor([1])), ValueError, /^vjp: f must return a tensor; got /, { op: 'vjp', arg: 'f' });
    const [, pb] = vjp((x: Tensor) => x.exp(), tensor([1, 2]));
    expectError(() => pb(tensor([1])), ShapeError, /^vjp: the cotangent must have the output's dtype and shape \(float64 \[2\]\); got /, { op: 'vjp', arg: 'ct' });
  });
  it('jvp rejects primals and tangents of different lengths', () => {
    expectError(() => jvp(sq, [tensor([1])] as [Tensor], [] as unknown as [Tensor]), ValueError, /^jvp: primals and tangents must be arrays of the same length; got /, { op: 'jvp', arg: undefined });
  });
  it('jvp names primals or tangents when a leaf is not a tensor', () => {
    expectError(() => jvp(sq, [3 as unknown as Tensor], [tensor([1])]), ValueError, /^jvp: primals must be a tensor or an array or record of tensors/, { op: 'jvp', arg: 'primals' });
    expectError(() => jvp(sq, [tensor([1])], [3 as unknown as Tensor]), ValueError, /^jvp: tangents must be a tensor or an array or record of tensors/, { op: 'jvp', arg: 'tangents' });
  });
  it('jvp rejects tangents of another structure or shape', () => {
    const f = (p: Tensor[]): Tensor => p[0]!.sum();
    expectError(() => jvp(f, [[tensor([1]), tensor([2])]], [[tensor([1])]]), ValueError, /^jvp: tangents must have the structure of primals; got 1 tensors for 2$/, { op: 'jvp', arg: 'tangents' });
    expectError(() => jvp(sq, [tensor([1, 2])], [tensor([1])]), ShapeError, /^jvp: tangent 0 must match its primal \(float64 \[2\]\); got /, { op: 'jvp', arg: 'tangents' });
  });
  it('jvp rejects f returning a non-tensor', () => {
    expectError(() => jvp((_x: Tensor) => 2 as unknown as Tensor, [tensor([1])], [tensor([1])]), ValueError, /^jvp: f must return a tensor; got /, { op: 'jvp', arg: 'f' });
  });
});
