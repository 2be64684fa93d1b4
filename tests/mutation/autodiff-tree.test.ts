/**
 * tree.ts: plain records (also with a null prototype) and arrays are trees; class instances
 * are not, and the error names the function and the argument.
 */
import { describe, it, expect } from 'vitest';
import { grad } from '../../src/autodiff/transforms.js';
import { ValueError } from '../../src/errors.js';
import { tensor } from '../../src/tensor/creation.js';
import type { Tensor } from '../../src/tensor/tensor.js';
import { expectError } from '../helpers/expectError.js';

describe('tensor trees', () => {
  it('accept a record with a null prototype and keep its structure', () => {
    const p = Object.create(null) as { w: Tensor; v: Tensor[] };
    p.w = tensor([1, 2]);
    p.v = [tensor([3])];
    const g = grad((q: typeof p) => q.w.square().sum().add(q.v[0]!.mul(5).sum()))(p);
    expect(g.w.toArray()).toEqual([2, 4]);
    expect(g.v[0]!.toArray()).toEqual([5]);
  });
  it('reject a class instance, naming the function and argument', () => {
    class Holder {
      w = tensor([1]);
    }
    expectError(() => grad((h: Holder) => h.w.sum())(new Holder()), ValueError, /^grad: argument 0 must be a tensor or an array or record of tensors; got /, { op: 'grad', arg: 'argument 0' });
  });
});
