/**
 * Reductions over a set of axes. The kernel works in keep-dims layout; without `keepDims` the
 * reduced axes are dropped from the output shape (the storage is the same).
 * @module
 */
import { alloc } from '../../tensor/dtype.js';
import { reduce } from '../../tensor/kernels/reduce.js';
import type { Shape } from '../../tensor/shape.js';
import { sizeOf } from '../../tensor/shape.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { Ops, Primitive, RuleContext } from '../primitive.js';

/** Parameters of a reduction: sorted, non-negative axes. */
export interface ReduceParams {
  readonly axes: readonly number[];
  readonly keepDims: boolean;
}

/** The input shape with reduced axes set to 1. */
export function keptShape(shape: Shape, axes: readonly number[]): number[] {
  return shape.map((d, k) => (axes.includes(k) ? 1 : d));
}

function reducedShape(shape: Shape, { axes, keepDims }: ReduceParams): number[] {
  return keepDims ? keptShape(shape, axes) : shape.filter((_, k) => !axes.includes(k));
}

/** ct (of the reduced shape) laid back in keep-dims form and broadcast to x's shape. */
function spread(ct: Tensor, x: Tensor, axes: readonly number[], L: Ops): Tensor {
  return L.broadcastTo(L.reshape(ct, keptShape(x.shape, axes)), x.shape);
}

/** Where x attains the max, each place weighted 1/count so ties share the gradient (as JAX). */
function maxWeights({ inputs: [x], ans, params }: RuleContext<ReduceParams>, L: Ops): Tensor {
  const kept = keptShape(x!.shape, params.axes);
  const hit = L.equal(x!, L.reshape(ans, kept));
  return L.div(hit, L.sum(hit, params.axes, true));
}

export const reducePrimitives = {
  sum: {
    name: 'sum',
    inputs: ['x'],
    shape: ([x], p) => reducedShape(x!, p),
    forward: ([x], p) => {
      const kept = keptShape(x!.shape, p.axes);
      const out = alloc(x!.dtype, sizeOf(kept));
      reduce('sum', x!.data, x!.shape, out, kept);
      return out;
    },
    vjp: (ct, { inputs: [x], params }, L) => [spread(ct, x!, params.axes, L)],
    jvp: ([tan], { params }, L) => L.sum(tan!, params.axes, params.keepDims),
  },
  max: {
    name: 'max',
    inputs: ['x'],
    shape: ([x], p) => reducedShape(x!, p),
    forward: ([x], p) => {
      const kept = keptShape(x!.shape, p.axes);
      const out = alloc(x!.dtype, sizeOf(kept));
      reduce('max', x!.data, x!.shape, out, kept);
      return out;
    },
    vjp: (ct, ctx, L) => [L.mul(spread(ct, ctx.inputs[0]!, ctx.params.axes, L), maxWeights(ctx, L))],
    jvp: ([tan], ctx, L) => L.sum(L.mul(tan!, maxWeights(ctx, L)), ctx.params.axes, ctx.params.keepDims),
  },
} satisfies Record<string, Primitive<ReduceParams>>;
