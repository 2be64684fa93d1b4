import { describe, expectTypeOf, it } from 'vitest';
import type { Shape, Tensor } from '../../src/index.js';
import { arange, eye, full, ones, rand, randn, scalar, tensor, uniform, zeros } from '../../src/index.js';

describe('creation keeps literal shapes', () => {
  it('zeros, ones, full and the random functions carry the literal shape', () => {
    expectTypeOf(zeros([2, 3])).toEqualTypeOf<Tensor<[2, 3]>>();
    expectTypeOf(ones([4])).toEqualTypeOf<Tensor<[4]>>();
    expectTypeOf(full([1, 2, 3], 7)).toEqualTypeOf<Tensor<[1, 2, 3]>>();
    expectTypeOf(rand([5, 1], { seed: 1 })).toEqualTypeOf<Tensor<[5, 1]>>();
    expectTypeOf(randn([2, 2])).toEqualTypeOf<Tensor<[2, 2]>>();
    expectTypeOf(uniform([3], -1, 1)).toEqualTypeOf<Tensor<[3]>>();
    expectTypeOf(zeros([])).toEqualTypeOf<Tensor<[]>>();
  });

  it('tensor infers the shape of a nested literal', () => {
    expectTypeOf(tensor([[1, 2], [3, 4]])).toEqualTypeOf<Tensor<[2, 2]>>();
    expectTypeOf(tensor([[1, 2, 3]])).toEqualTypeOf<Tensor<[1, 3]>>();
    expectTypeOf(tensor([1, 2, 3])).toEqualTypeOf<Tensor<[3]>>();
    expectTypeOf(tensor(5)).toEqualTypeOf<Tensor<[]>>();
    expectTypeOf(tensor([[[1], [2]]])).toEqualTypeOf<Tensor<[1, 2, 1]>>();
  });

  it('tensor with an explicit shape takes that shape', () => {
    expectTypeOf(tensor(new Float64Array(6), [2, 3])).toEqualTypeOf<Tensor<[2, 3]>>();
    expectTypeOf(tensor([1, 2, 3, 4], [2, 2])).toEqualTypeOf<Tensor<[2, 2]>>();
    expectTypeOf(tensor(new Float32Array(3))).toEqualTypeOf<Tensor<[number]>>();
  });

  it('scalar, eye, arange and linspace-like ranges have the shapes they can know', () => {
    expectTypeOf(scalar(1)).toEqualTypeOf<Tensor<[]>>();
    expectTypeOf(eye(3)).toEqualTypeOf<Tensor<[3, number]>>();
    expectTypeOf(arange(5)).toEqualTypeOf<Tensor<[number]>>();
  });

  it('a shape only known at run time gives a Tensor of some number[] shape', () => {
    const dims: number[] = [2, 3];
    expectTypeOf(zeros(dims)).toEqualTypeOf<Tensor<number[]>>();
    expectTypeOf(zeros(dims)).toMatchTypeOf<Tensor<Shape>>();
    const values: number[][] = [[1]];
    expectTypeOf(tensor(values)).toEqualTypeOf<Tensor<[number, number]>>();
  });

  it('rejects non-shapes and unknown options at compile time', () => {
    // @ts-expect-error a shape is an array of numbers
    zeros(['2']);
    // @ts-expect-error dtype is 'float64' or 'float32'
    zeros([2], { dtype: 'int32' });
    // @ts-expect-error nested strings are not numbers
    tensor([['a']]);
  });
});
