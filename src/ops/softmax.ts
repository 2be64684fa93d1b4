/**
 * Softmax family, composed from primitives and numerically stable for large |x|: the row
 * maximum is subtracted first (its derivative cancels exactly, so it is held constant).
 * @module
 */
import * as L from '../autodiff/lax.js';
import { ValueError, describe } from '../errors.js';
import type { Shape } from '../tensor/shape.js';
import { normalizeAxis } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { tensorArg } from './validate.js';

/** The max over `axis` (kept), held constant, with non-finite values replaced by 0. */
function shift(x: Tensor, axis: number): Tensor {
  const m = L.stopGradient(L.max(x, [axis], true));
  return L.where(L.less(L.abs(m), Infinity), m, 0);
}

/**
 * log Σ exp(x) over `axis`, without overflow.
 * @example `logSumExp(tensor([1000, 1000])).item() // 1000 + ln 2`
 */
export function logSumExp(x: Tensor, axis = -1, keepDims = false): Tensor {
  const t = tensorArg('logSumExp', x);
  const a = normalizeAxis('logSumExp', axis, t.rank);
  if (typeof keepDims !== 'boolean') {
    throw new ValueError(`logSumExp: keepDims must be a boolean; got ${describe(keepDims)}`, { op: 'logSumExp', arg: 'keepDims' });
  }
  const m = shift(t, a);
  const s = L.add(L.log(L.sum(L.exp(L.sub(t, m)), [a], true)), m);
  return keepDims ? s : L.reshape(s, t.shape.filter((_, k) => k !== a));
}

/**
 * softmax(x)ᵢ = exp(xᵢ) / Σⱼ exp(xⱼ) over `axis` (default: last); sums to 1.
 * @example `softmax(tensor([0, 0])).toArray() // [0.5, 0.5]`
 */
export function softmax<S extends Shape>(x: Tensor<S>, axis = -1): Tensor<S> {
  const t = tensorArg('softmax', x);
  const a = normalizeAxis('softmax', axis, t.rank);
  const e = L.exp(L.sub(t, shift(t, a)));
  return L.div(e, L.sum(e, [a], true)) as Tensor<S>;
}

/**
 * log softmax(x) = x − logSumExp(x) over `axis`, computed stably.
 * @example `logSoftmax(tensor([0, 0])).toArray() // [-0.693…, -0.693…]`
 */
export function logSoftmax<S extends Shape>(x: Tensor<S>, axis = -1): Tensor<S> {
  const t = tensorArg('logSoftmax', x);
  const a = normalizeAxis('logSoftmax', axis, t.rank);
  const z = L.sub(t, shift(t, a));
  return L.sub(z, L.log(L.sum(L.exp(z), [a], true))) as Tensor<S>;
}
