import { describe, expectTypeOf, it } from 'vitest';
import type { Shape, Tensor } from '../../src/index.js';
import { tensor, zeros } from '../../src/index.js';

declare const a23: Tensor<[2, 3]>;
declare const b34: Tensor<[3, 4]>;
declare const b45: Tensor<[4, 5]>;
declare const a3: Tensor<[3]>;
declare const dyn: Tensor<[number, number]>;

describe('chainable methods keep shapes like the functions', () => {
  it('element-wise methods keep equal shapes and widen different ones', () => {
    expectTypeOf(a23.add(a23)).toEqualTypeOf<Tensor<[2, 3]>>();
    expectTypeOf(a23.mul(2)).toEqualTypeOf<Tensor<[2, 3]>>();
    expectTypeOf(a23.sub(a3)).toEqualTypeOf<Tensor<Shape>>();
    expectTypeOf(a23.tanh().sigmoid().exp()).toEqualTypeOf<Tensor<[2, 3]>>();
    expectTypeOf(a23.clip(0, 1)).toEqualTypeOf<Tensor<[2, 3]>>();
    expectTypeOf(a23.softmax()).toEqualTypeOf<Tensor<[2, 3]>>();
    expectTypeOf(a23.astype('float32')).toEqualTypeOf<Tensor<[2, 3]>>();
  });

  it('matmul of [2, 3] and [3, 4] is [2, 4]; a literal mismatch is a compile error; number dims pass', () => {
    expectTypeOf(a23.matmul(b34)).toEqualTypeOf<Tensor<[2, 4]>>();
    expectTypeOf(zeros([2, 3]).matmul(zeros([3, 4]))).toEqualTypeOf<Tensor<[2, 4]>>();
    // @ts-expect-error inner dimensions 3 and 4 differ
    a23.matmul(b45);
    expectTypeOf(dyn.matmul(b45)).toEqualTypeOf<Tensor<[number, 5]>>();
    expectTypeOf(a23.matmul(dyn)).toEqualTypeOf<Tensor<[2, number]>>();
  });

  it('transpose, reshape and broadcastTo', () => {
    expectTypeOf(a23.transpose()).toEqualTypeOf<Tensor<[3, 2]>>();
    expectTypeOf(a23.reshape([3, 2])).toEqualTypeOf<Tensor<[3, 2]>>();
    expectTypeOf(a23.reshape([-1])).toEqualTypeOf<Tensor<Shape>>();
    expectTypeOf(a3.broadcastTo([2, 3])).toEqualTypeOf<Tensor<[2, 3]>>();
  });

  it('sum(), sum(0) and sum(1, true) on [2, 3]', () => {
    expectTypeOf(a23.sum()).toEqualTypeOf<Tensor<[]>>();
    expectTypeOf(a23.sum(0)).toEqualTypeOf<Tensor<[3]>>();
    expectTypeOf(a23.sum(1, true)).toEqualTypeOf<Tensor<[2, 1]>>();
    expectTypeOf(a23.mean(1)).toEqualTypeOf<Tensor<[2]>>();
    expectTypeOf(a23.max(0, true)).toEqualTypeOf<Tensor<[1, 3]>>();
    expectTypeOf(a23.min()).toEqualTypeOf<Tensor<[]>>();
    expectTypeOf(a23.sum([0, 1])).toEqualTypeOf<Tensor<Shape>>();
  });

  it('a chain from a literal keeps the shape to the end', () => {
    const y = tensor([
      [1, 2, 3],
      [4, 5, 6],
    ])
      .mul(2)
      .tanh()
      .matmul(zeros([3, 4]))
      .add(1)
      .sum(0);
    expectTypeOf(y).toEqualTypeOf<Tensor<[4]>>();
  });

  it('toArray nests to the rank when it is known', () => {
    expectTypeOf(a23.toArray()).toEqualTypeOf<number[][]>();
    expectTypeOf(a23.sum().toArray()).toEqualTypeOf<number>();
  });
});
