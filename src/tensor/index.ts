/**
 * The tensor layer: the immutable `Tensor`, dtypes, shapes, creation and the seeded generator.
 * @module
 */
export { Tensor } from './tensor.js';
export type { NestedArray, NestedNumbers } from './tensor.js';
export { isTensor } from './brand.js';
export type { DType, TensorData } from './dtype.js';
export type { Shape, ElementwiseShape, ReduceAxis, ReduceAll, Transposed, MatmulShape, InnerDimensionMismatch } from './shape.js';
export { broadcastShapes } from './shape.js';
export { rng } from './rng.js';
export type { Rng } from './rng.js';
export { tensor, scalar, zeros, ones, full, eye, arange, linspace, rand, randn, uniform } from './creation.js';
export type { CreationOptions, RandomOptions, NestedInput, ShapeOf } from './creation.js';
