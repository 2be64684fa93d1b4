/**
 * Building a tensor from the lower layers without importing the class: a new tensor is made
 * with the constructor of one that exists. This keeps `tensor → autodiff → ops` free of cycles
 * while `Tensor`'s chainable methods call the ops.
 * @module
 */
import type { DType, TensorData } from './dtype.js';
import { alloc } from './dtype.js';
import type { Shape } from './shape.js';
import { sizeOf } from './shape.js';
import type { Tensor } from './tensor.js';

type TensorCtor = new (data: TensorData, shape: Shape) => Tensor;

/** A tensor with the given storage and shape, built with `proto`'s class. */
export function like(proto: Tensor, data: TensorData, shape: Shape): Tensor {
  const C = proto.constructor as TensorCtor;
  return new C(data, shape);
}

/** A tensor filled with `value`, of `proto`'s class and the given dtype. */
export function filledLike(proto: Tensor, shape: Shape, value: number, dtype: DType = proto.dtype): Tensor {
  const data = alloc(dtype, sizeOf(shape));
  if (!Object.is(value, 0)) data.fill(value); // −0 must be written: x / −0 is −∞
  return like(proto, data, shape);
}
