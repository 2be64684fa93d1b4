/**
 * Matrix products and axis permutations.
 * @module
 */
import * as L from '../autodiff/lax.js';
import { ShapeError, ValueError, describe, fmtShape } from '../errors.js';
import type { DimsAgree, InnerDimensionMismatch, LastDim, SecondLastDim, Shape, Transposed } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { sameDType, tensorArg } from './validate.js';

/** The extra constraint on matmul's `b`: nothing when inner dims can agree, an error type when they cannot. */
export type MatmulCheck<A extends Shape, B extends Shape> =
  DimsAgree<LastDim<A>, SecondLastDim<B>> extends true ? unknown : InnerDimensionMismatch<LastDim<A>, SecondLastDim<B>>;

/** Result shape of matmul: `[...batch, M, N]` when known, else `Shape`. */
export type MatmulResult<A extends Shape, B extends Shape> = A extends readonly [...infer BA extends number[], infer M extends number, number]
  ? B extends readonly [...infer BB extends number[], number, infer N extends number]
    ? BB extends []
      ? [...BA, M, N]
      : BA extends []
        ? [...BB, M, N]
        : [BA] extends [BB]
          ? [BB] extends [BA]
            ? [...BA, M, N]
            : Shape
          : Shape
    : Shape
  : Shape;

/**
 * Matrix product `a · b` over the last two axes; leading (batch) axes broadcast.
 * Literal inner dimensions that differ are a compile error.
 * @param a - `[..., M, K]`
 * @param b - `[..., K, N]`
 * @returns `[..., M, N]`
 * @throws ShapeError when ranks are below 2, inner dimensions differ, or batch axes do not broadcast.
 * @example
 * ```ts
 * matmul(tensor([[1, 2]]), tensor([[3], [4]])).toArray(); // [[11]]
 * ```
 */
export function matmul<A extends Shape, B extends Shape>(a: Tensor<A>, b: Tensor<B> & MatmulCheck<A, B>): Tensor<MatmulResult<A, B>> {
  const x = tensorArg('matmul', a, 'a');
  const y = tensorArg('matmul', b, 'b');
  if (x.rank < 2 || y.rank < 2) {
    throw new ShapeError(`matmul: both operands must have rank ≥ 2 (reshape vectors to [1, n] or [n, 1]); got a ${fmtShape(x.shape)} and b ${fmtShape(y.shape)}`, {
      op: 'matmul',
      shapes: [x.shape, y.shape],
    });
  }
  sameDType('matmul', [x, y], ['a', 'b']);
  return L.matmul(x, y) as Tensor<MatmulResult<A, B>>;
}

function checkPerm(op: string, perm: unknown, rank: number): number[] {
  const ok =
    Array.isArray(perm) &&
    perm.length === rank &&
    perm.every((p) => Number.isInteger(p)) &&
    [...perm].map((p: number) => (p < 0 ? p + rank : p)).sort((u, v) => u - v).every((p, k) => p === k);
  if (!ok) {
    throw new ValueError(`${op}: perm must be a permutation of the ${rank} axes; got ${describe(perm)}`, { op, arg: 'perm' });
  }
  return (perm as number[]).map((p) => (p < 0 ? p + rank : p));
}

/**
 * Reorders axes: output axis k is input axis `perm[k]`.
 * @example
 * ```ts
 * permute(zeros([2, 3, 4]), [2, 0, 1]).shape; // [4, 2, 3]
 * ```
 */
export function permute(x: Tensor, perm: readonly number[]): Tensor {
  const t = tensorArg('permute', x);
  return L.permute(t, checkPerm('permute', perm, t.rank));
}

/**
 * Transpose: reverses the axes (a matrix's rows become columns), or applies `perm`.
 * @example
 * ```ts
 * transpose(tensor([[1, 2, 3]])).toArray(); // [[1], [2], [3]]
 * ```
 */
export function transpose<S extends Shape>(x: Tensor<S>): Tensor<Transposed<S>>;
export function transpose(x: Tensor, perm: readonly number[]): Tensor;
export function transpose(x: Tensor, perm?: readonly number[]): Tensor {
  const t = tensorArg('transpose', x);
  const p = perm === undefined ? t.shape.map((_, k) => t.rank - 1 - k) : checkPerm('transpose', perm, t.rank);
  return L.permute(t, p);
}
