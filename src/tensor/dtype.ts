/**
 * Element types. gradscope computes in `float64` unless asked otherwise; `float32` halves
 * memory. Ops never mix them silently.
 * @module
 */
import { DTypeError, describe } from '../errors.js';
import { float32, float64 } from './pool.js';

/** The element type of a tensor. */
export type DType = 'float64' | 'float32';

/** The typed array that stores a tensor of a given dtype. */
export type DataOf<D extends DType> = D extends 'float32' ? Float32Array : Float64Array;

/** Any tensor storage. */
export type TensorData = Float64Array | Float32Array;

/** Allocates zeroed storage of `n` elements (small arrays come from shared slabs, see pool.ts). */
export function alloc(dtype: DType, n: number): TensorData {
  return dtype === 'float32' ? float32(n) : float64(n);
}

/** The dtype of a typed array. */
export function dtypeOf(data: TensorData): DType {
  return data instanceof Float32Array ? 'float32' : 'float64';
}

/** Checks a user-given dtype option. */
export function checkDType(op: string, dtype: unknown): DType {
  if (dtype === undefined) return 'float64';
  if (dtype !== 'float64' && dtype !== 'float32') {
    throw new DTypeError(`${op}: dtype must be 'float64' or 'float32'; got ${describe(dtype)}`, { op, arg: 'dtype' });
  }
  return dtype;
}
