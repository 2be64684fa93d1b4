/**
 * customGradient.ts: the checks name the function (`customGradient(name)` or anonymous), the
 * argument and the rule; a jvp rule sees the inputs and the output; stopGradient checks x.
 */
import { describe, it, expect } from 'vitest';
import { customGradient, stopGradient } from '../../src/autodiff/customGradient.js';
import { GradientTape } from '../../src/autodiff/tape.js';
import { grad, jvp } from '../../src/autodiff/transforms.js';
import { ShapeError, ValueError } from '../../src/errors.js';
import { tensor } from '../../src/tensor/creation.js';
import type { Tensor } from '../../src/tensor/tensor.js';
import { expectError } from '../helpers/expectError.js';

function double(x: Tensor): Tensor {
  return x.mul(2);
}

describe('customGradient checks', () => {
  it('stopGradient rejects a non-tensor', () => {
    expectError(() => stopGradient(1 as unknown as Tensor), ValueError, /^stopGradient: x must be a tensor; got /, { op: 'stopGradient', arg: 'x' });
  });
  it('rejects rules without a vjp', () => {
    expectError(() => customGradient(double, {} as never), ValueError, /^customGradient: rules must be an object with a vjp function; got /, { op: 'customGradient', arg: 'rules' });
  });
  it('names the function, or anonymous, and the argument that is not a tensor', () => {
    const named = customGradient(double, { vjp: (ct) => [ct] });
    expectError(() => named(3 as unknown as Tensor), ValueError, /^customGradient\(double\): argument 0 must be a tensor; got /, { op: 'customGradient(double)', arg: 'argument 0' });
    const anon = customGradient((...xs: Tensor[]) => xs[0]!, { vjp: (ct) => [ct, null] });
    expectError(() => anon(tensor([1]), 3 as unknown as Tensor), ValueError, /^customGradient\(anonymous\): argument 1 must be a tensor/, { op: 'customGradient(anonymous)', arg: 'argument 1' });
  });
  it('rejects fn returning a non-tensor', () => {
    const f = customGradient(function bad(): Tensor { return 1 as unknown as Tensor; }, { vjp: () => [] });
    expectError(() => f(), ValueError, /^customGradient\(bad\): fn must return a tensor; got /, { op: 'customGradient(bad)', arg: 'fn' });
  });
  it('rejects a vjp with the wrong number of cotangents, or one of the wrong shape or dtype', () => {
    const count = customGradient(double, { vjp: () => [] });
    expectError(() => grad((x: Tensor) => count(x).sum())(tensor([1])), ValueError, /^customGradient\(double\): vjp must return one cotangent per input \(1\); got /, { op: 'customGradient(double)', arg: 'vjp' });
    const shape = customGradient(double, { vjp: () => [tensor([1, 2])] });
    expectError(() => grad((x: Tensor) => shape(x).sum())(tensor([1])), ShapeError, /^customGradient\(double\): vjp cotangent 0 must be a float64 tensor of shape \[1\]; got /, { op: 'customGradient(double)', arg: 'vjp' });
    const dtype = customGradient(double, { vjp: (ct) => [ct.astype('float32')] });
    expectError(() => grad((x: Tensor) => dtype(x).sum())(tensor([1])), ShapeError, /^customGradient\(double\): vjp cotangent 0 must be a float64 tensor/, { op: 'customGradient(double)', arg: 'vjp' });
  });
});

describe('customGradient rules', () => {
  it('hands the jvp rule the inputs and the output', () => {
    const f = customGradient(double, { vjp: (ct) => [ct], jvp: ([t], { inputs, output }) => t!.mul(inputs[0]!).add(output) });
    const [y, dy] = jvp(f, [tensor([1, 2])], [tensor([1, 1])]);
    expect(y.toArray()).toEqual([2, 4]);
    expect(dy.toArray()).toEqual([3, 6]);
  });
  it('records one call with one input name per argument', () => {
    const f = customGradient((a: Tensor, b: Tensor) => a.add(b), { vjp: (ct) => [ct, ct] });
    const tape = new GradientTape();
    tape.record(() => f(tensor([1]), tensor([2])));
    expect(tape.records.map((r) => r.op)).toEqual(['customGradient(anonymous)']);
    expect(tape.records[0]!.prim.inputs).toEqual(['x0', 'x1']);
  });
});
