/**
 * Loss functions, composed from differentiable ops: mean squared error, mean absolute error
 * and cross-entropy over logits.
 * @module
 */
import * as L from '../autodiff/lax.js';
import { DTypeError, ShapeError, ValueError, describe, fmtShape } from '../errors.js';
import { logSoftmax } from '../ops/softmax.js';
import { tensorArg } from '../ops/validate.js';
import { like } from '../tensor/construct.js';
import { alloc } from '../tensor/dtype.js';
import { sameShape } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';

/** A loss: prediction and target in, scalar tensor out. */
export type LossFn = (pred: Tensor, target: Tensor) => Tensor;

function pair(op: string, pred: unknown, target: unknown): [Tensor, Tensor] {
  const p = tensorArg(op, pred, 'pred');
  const t = tensorArg(op, target, 'target');
  if (!sameShape(p.shape, t.shape)) {
    throw new ShapeError(`${op}: pred and target must have the same shape; got pred ${fmtShape(p.shape)} and target ${fmtShape(t.shape)}`, {
      op,
      shapes: [p.shape, t.shape],
    });
  }
  if (p.dtype !== t.dtype) throw new DTypeError(`${op}: dtypes must match (cast with astype); got pred ${p.dtype} and target ${t.dtype}`, { op });
  if (p.size === 0) throw new ValueError(`${op}: pred must not be empty; got shape ${fmtShape(p.shape)}`, { op, arg: 'pred' });
  return [p, t];
}

function meanAll(x: Tensor): Tensor {
  return L.div(L.sum(x, x.shape.map((_, k) => k)), x.size);
}

/**
 * Mean squared error over all elements: `E = mean((pred − target)²)`.
 * @param pred - any shape.
 * @param target - the same shape and dtype.
 * @returns a scalar `[]`.
 * @throws ShapeError when shapes differ; DTypeError when dtypes differ; ValueError for empty or non-tensor inputs.
 * @example
 * ```ts
 * mseLoss(tensor([1, 2]), tensor([0, 0])).item(); // 2.5
 * ```
 */
export function mseLoss(pred: Tensor, target: Tensor): Tensor {
  const [p, t] = pair('mseLoss', pred, target);
  const d = L.sub(p, t);
  return meanAll(L.mul(d, d));
}

/**
 * Mean absolute error over all elements: `E = mean(|pred − target|)`, the error the article
 * behind gradscope uses. Its derivative is sign(pred − target) / N (0 where they are equal).
 * @param pred - any shape.
 * @param target - the same shape and dtype.
 * @returns a scalar `[]`.
 * @throws ShapeError when shapes differ; DTypeError when dtypes differ; ValueError for empty or non-tensor inputs.
 * @example
 * ```ts
 * absLoss(tensor([1, -2]), tensor([0, 0])).item(); // 1.5
 * ```
 */
export function absLoss(pred: Tensor, target: Tensor): Tensor {
  const [p, t] = pair('absLoss', pred, target);
  return meanAll(L.abs(L.sub(p, t)));
}

/**
 * Cross-entropy of logits against labels, averaged over the batch:
 * `E = −(1/B) Σ_b Σ_c y_bc · log softmax(logits)_bc`, where y is one-hot (from class indices)
 * or any distribution per row. Gradient w.r.t. the logits: `(softmax(logits) − y) / B`.
 * @param logits - `[B, C]`.
 * @param labels - class indices `[B]` (integers in [0, C)), or targets `[B, C]` (one-hot or probabilities), same dtype.
 * @returns a scalar `[]`.
 * @throws ShapeError when the shapes do not fit; ValueError for an index that is not an integer in [0, C); DTypeError when dtypes differ.
 * @example
 * ```ts
 * crossEntropyLoss(tensor([[0, 0]]), tensor([1])).item(); // ln 2 ≈ 0.693
 * ```
 */
export function crossEntropyLoss(logits: Tensor, labels: Tensor): Tensor {
  const op = 'crossEntropyLoss';
  const z = tensorArg(op, logits, 'logits');
  const y = tensorArg(op, labels, 'labels');
  if (z.rank !== 2 || z.shape[0] === 0 || z.shape[1] === 0) {
    throw new ShapeError(`${op}: logits must be [B, C] with B, C ≥ 1; got ${fmtShape(z.shape)}`, { op, arg: 'logits', shapes: [z.shape] });
  }
  if (y.dtype !== z.dtype) throw new DTypeError(`${op}: dtypes must match (cast with astype); got logits ${z.dtype} and labels ${y.dtype}`, { op });
  const [B, C] = [z.shape[0]!, z.shape[1]!];
  let target: Tensor;
  if (y.rank === 1 && y.shape[0] === B) target = oneHot(op, y, C);
  else if (sameShape(y.shape, z.shape)) target = y;
  else {
    throw new ShapeError(`${op}: labels must be class indices [B] = [${B}] or targets [B, C] = [${B}, ${C}]; got ${fmtShape(y.shape)}`, {
      op,
      arg: 'labels',
      shapes: [z.shape, y.shape],
    });
  }
  // 0 − Σ rather than −Σ, so that a perfect prediction gives +0, not −0
  return L.div(L.sub(0, L.sum(L.mul(target, logSoftmax(z, 1)), [0, 1])), B);
}

function oneHot(op: string, labels: Tensor, C: number): Tensor {
  const d = alloc(labels.dtype, labels.size * C);
  for (let b = 0; b < labels.size; b++) {
    const k = labels.data[b]!;
    if (!Number.isInteger(k) || k < 0 || k >= C) {
      throw new ValueError(`${op}: labels[${b}] must be a class index, an integer in [0, ${C}); got ${describe(k)}`, { op, arg: 'labels' });
    }
    d[b * C + k] = 1;
  }
  return like(labels, d, [labels.size, C]);
}

/**
 * The losses by name, for options such as `train({ loss: 'mse' })`.
 * @example
 * ```ts
 * losses.mse(pred, target); // same as mseLoss(pred, target)
 * ```
 */
export const losses = Object.freeze({ mse: mseLoss, abs: absLoss, crossEntropy: crossEntropyLoss }) satisfies Readonly<Record<string, LossFn>>;

/** A loss name: `'mse' | 'abs' | 'crossEntropy'`. */
export type LossName = keyof typeof losses;
