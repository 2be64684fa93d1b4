/**
 * Reductions over axes: `sum`, `mean`, `max`, `min`. With no axis they reduce everything to a
 * scalar; `keepDims` keeps reduced axes with size 1. Negative axes count from the end.
 * @module
 */
import * as L from '../autodiff/lax.js';
import { ValueError, fmtShape } from '../errors.js';
import type { ReduceAll, ReduceAxis, Shape } from '../tensor/shape.js';
import { normalizeAxes } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { tensorArg } from './validate.js';

/** Signature shared by the reductions. */
export interface ReduceOp {
  <S extends Shape, const Keep extends boolean = false>(x: Tensor<S>, axis?: undefined, keepDims?: Keep): Tensor<ReduceAll<S, Keep>>;
  <S extends Shape, const K extends number, const Keep extends boolean = false>(
    x: Tensor<S>,
    axis: K,
    keepDims?: Keep,
  ): Tensor<ReduceAxis<S, K, Keep>>;
  (x: Tensor, axis?: number | readonly number[], keepDims?: boolean): Tensor;
}

function reduction(name: string, f: (x: Tensor, axes: number[], keepDims: boolean) => Tensor): ReduceOp {
  return ((x: unknown, axis?: number | readonly number[], keepDims?: boolean) => {
    const t = tensorArg(name, x);
    const axes = normalizeAxes(name, axis, t.rank);
    if (keepDims !== undefined && typeof keepDims !== 'boolean') {
      throw new ValueError(`${name}: keepDims must be a boolean; got ${String(keepDims)}`, { op: name, arg: 'keepDims' });
    }
    return f(t, axes, keepDims === true);
  }) as ReduceOp;
}

function checkNonEmpty(name: string, x: Tensor, axes: readonly number[]): void {
  if (axes.some((a) => x.shape[a] === 0)) {
    throw new ValueError(`${name}: cannot reduce over an empty axis; got shape ${fmtShape(x.shape)} and axes [${axes.join(', ')}]`, {
      op: name,
      shapes: [x.shape],
    });
  }
}

/**
 * Σ over the given axes (all by default).
 * @example
 * ```ts
 * sum(tensor([[1, 2], [3, 4]]), 0).toArray(); // [4, 6]
 * ```
 */
export const sum: ReduceOp = reduction('sum', (x, axes, keep) => L.sum(x, axes, keep));

/**
 * Mean over the given axes (all by default).
 * @example
 * ```ts
 * mean(tensor([[1, 2], [3, 4]]), 1).toArray(); // [1.5, 3.5]
 * ```
 */
export const mean: ReduceOp = reduction('mean', (x, axes, keep) => {
  checkNonEmpty('mean', x, axes);
  const n = axes.reduce((p, a) => p * x.shape[a]!, 1);
  return L.div(L.sum(x, axes, keep), n);
});

/**
 * Maximum over the given axes; tied maxima share the gradient equally.
 * @example
 * ```ts
 * max(tensor([[1, 5], [7, 2]]), 1).toArray(); // [5, 7]
 * ```
 */
export const max: ReduceOp = reduction('max', (x, axes, keep) => {
  checkNonEmpty('max', x, axes);
  return L.max(x, axes, keep);
});

/**
 * Minimum over the given axes, as −max(−x); tied minima share the gradient equally.
 * @example
 * ```ts
 * min(tensor([[1, 5], [7, 2]]), 1).toArray(); // [1, 2]
 * ```
 */
export const min: ReduceOp = reduction('min', (x, axes, keep) => {
  checkNonEmpty('min', x, axes);
  return L.neg(L.max(L.neg(x), axes, keep));
});
