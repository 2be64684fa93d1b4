/**
 * Changing dtype explicitly (ops never mix dtypes silently).
 * @module
 */
import * as L from '../autodiff/lax.js';
import { DTypeError } from '../errors.js';
import type { DType } from '../tensor/dtype.js';
import { checkDType } from '../tensor/dtype.js';
import type { Shape } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { tensorArg } from './validate.js';

/**
 * The same values in another dtype; the cotangent is cast back.
 * @example `astype(zeros([2]), 'float32').dtype // 'float32'`
 */
export function astype<S extends Shape>(x: Tensor<S>, dtype: DType): Tensor<S> {
  const t = tensorArg('astype', x);
  if (dtype === undefined) throw new DTypeError("astype: dtype must be 'float64' or 'float32'; got undefined", { op: 'astype', arg: 'dtype' });
  return L.astype(t, checkDType('astype', dtype)) as Tensor<S>;
}
