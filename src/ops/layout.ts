/**
 * Shape operations: reshape, flatten, squeeze, expandDims, broadcastTo, slice, concat,
 * stack and split.
 * @module
 */
import * as L from '../autodiff/lax.js';
import { ShapeError, ValueError, describe, fmtShape } from '../errors.js';
import type { Shape } from '../tensor/shape.js';
import { broadcastShapes, checkShape, normalizeAxis, sameShape, sizeOf } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { intArg, sameDType, tensorArg } from './validate.js';

/** A shape type without `readonly`, so `Tensor<[2, 3]>` annotations accept inferred shapes. */
export type Dims<S extends Shape> = { -readonly [K in keyof S]: S[K] };
/** Result of reshape: the literal shape, or `Shape` when it contains −1. */
export type Reshaped<T extends Shape> = -1 extends T[number] ? Shape : Dims<T>;

/**
 * The same values in a new shape (row-major; no copy). One dimension may be −1 (inferred).
 * @throws ShapeError when the sizes differ.
 * @example
 * ```ts
 * reshape(arange(6), [2, 3]).shape; // [2, 3]
 * ```
 */
export function reshape<const T extends Shape>(x: Tensor, shape: T): Tensor<Reshaped<T>> {
  const t = tensorArg('reshape', x);
  if (!Array.isArray(shape) || shape.some((d) => !Number.isInteger(d) || d < -1)) {
    throw new ShapeError(`reshape: shape must contain non-negative integers and at most one -1; got ${describe(shape)}`, { op: 'reshape', arg: 'shape' });
  }
  const free = shape.filter((d) => d === -1).length;
  const known = sizeOf(shape.filter((d) => d !== -1));
  let out = [...shape];
  if (free > 1 || (free === 1 && (known === 0 || t.size % known !== 0)) || (free === 0 && known !== t.size)) {
    throw new ShapeError(`reshape: cannot reshape ${t.size} elements of shape ${fmtShape(t.shape)} into ${fmtShape(shape)}`, {
      op: 'reshape',
      shapes: [t.shape, shape],
    });
  }
  if (free === 1) out = out.map((d) => (d === -1 ? t.size / known : d));
  return L.reshape(t, out) as Tensor<Reshaped<T>>;
}

/** All values as one axis. @example `flatten(zeros([2, 3])).shape // [6]` */
export function flatten(x: Tensor): Tensor {
  const t = tensorArg('flatten', x);
  return L.reshape(t, [t.size]);
}

/**
 * Removes axes of size 1 (all of them, or the one given).
 * @example `squeeze(zeros([1, 3, 1])).shape // [3]`
 */
export function squeeze(x: Tensor, axis?: number): Tensor {
  const t = tensorArg('squeeze', x);
  if (axis === undefined) return L.reshape(t, t.shape.filter((d) => d !== 1));
  const a = normalizeAxis('squeeze', axis, t.rank);
  if (t.shape[a] !== 1) throw new ShapeError(`squeeze: axis ${axis} has size ${t.shape[a]}, not 1; got shape ${fmtShape(t.shape)}`, { op: 'squeeze', shapes: [t.shape] });
  return L.reshape(t, t.shape.filter((_, k) => k !== a));
}

/** Inserts an axis of size 1 at `axis` (−1 appends). @example `expandDims(zeros([3]), 0).shape // [1, 3]` */
export function expandDims(x: Tensor, axis: number): Tensor {
  const t = tensorArg('expandDims', x);
  const a = normalizeAxis('expandDims', axis, t.rank + 1);
  const s = [...t.shape];
  s.splice(a, 0, 1);
  return L.reshape(t, s);
}

/** Broadcasts x to `shape` (NumPy rules). @example `broadcastTo(tensor([1, 2]), [2, 2]).toArray() // [[1, 2], [1, 2]]` */
export function broadcastTo<const T extends Shape>(x: Tensor, shape: T): Tensor<Dims<T>> {
  const t = tensorArg('broadcastTo', x);
  const target = checkShape('broadcastTo', shape);
  if (!sameShape(broadcastShapes('broadcastTo', t.shape, target), target)) {
    throw new ShapeError(`broadcastTo: shape ${fmtShape(t.shape)} does not broadcast to ${fmtShape(target)}`, { op: 'broadcastTo', shapes: [t.shape, target] });
  }
  return L.broadcastTo(t, target) as Tensor<Dims<T>>;
}

/**
 * A contiguous window: `size[k]` elements from `begin[k]` on axis k (−1: to the end). Missing
 * trailing axes are taken whole.
 * @example
 * ```ts
 * slice(tensor([[1, 2, 3], [4, 5, 6]]), [0, 1], [2, 2]).toArray(); // [[2, 3], [5, 6]]
 * ```
 */
export function slice(x: Tensor, begin: readonly number[], size?: readonly number[]): Tensor {
  const op = 'slice';
  const t = tensorArg(op, x);
  if (!Array.isArray(begin) || begin.length > t.rank) throw new ValueError(`${op}: begin must be an array of at most ${t.rank} integers; got ${describe(begin)}`, { op, arg: 'begin' });
  if (size !== undefined && (!Array.isArray(size) || size.length > t.rank)) throw new ValueError(`${op}: size must be an array of at most ${t.rank} integers; got ${describe(size)}`, { op, arg: 'size' });
  const b = t.shape.map((d, k) => {
    const v = begin[k] ?? 0;
    return intArg(op, v, `begin[${k}]`, 0, d);
  });
  const s = t.shape.map((d, k) => {
    const v = size?.[k] ?? -1;
    if (v === -1) return d - b[k]!;
    return intArg(op, v, `size[${k}]`, 0, d - b[k]!);
  });
  return L.slice(t, b, s);
}

function checkList(op: string, xs: unknown): Tensor[] {
  if (!Array.isArray(xs) || xs.length === 0) throw new ValueError(`${op}: xs must be a non-empty array of tensors; got ${describe(xs)}`, { op, arg: 'xs' });
  const ts = Array.from(xs as unknown[], (x, i) => tensorArg(op, x, `xs[${i}]`));
  sameDType(op, ts, ts.map((_, i) => `xs[${i}]`));
  return ts;
}

/**
 * Joins tensors along an existing axis; other axes must agree.
 * @example `concat([zeros([2, 3]), zeros([1, 3])], 0).shape // [3, 3]`
 */
export function concat(xs: readonly Tensor[], axis = 0): Tensor {
  const ts = checkList('concat', xs);
  const first = ts[0]!;
  const a = normalizeAxis('concat', axis, first.rank);
  for (const t of ts) {
    if (t.rank !== first.rank || t.shape.some((d, k) => k !== a && d !== first.shape[k])) {
      throw new ShapeError(`concat: shapes must agree except on axis ${a}; got ${ts.map((u) => fmtShape(u.shape)).join(', ')}`, {
        op: 'concat',
        shapes: ts.map((u) => u.shape),
      });
    }
  }
  return L.concat(ts, a);
}

/**
 * Joins equal-shaped tensors along a new axis.
 * @example `stack([zeros([3]), zeros([3])]).shape // [2, 3]`
 */
export function stack(xs: readonly Tensor[], axis = 0): Tensor {
  const ts = checkList('stack', xs);
  const first = ts[0]!;
  for (const t of ts) {
    if (!sameShape(t.shape, first.shape)) {
      throw new ShapeError(`stack: all shapes must be equal; got ${ts.map((u) => fmtShape(u.shape)).join(', ')}`, { op: 'stack', shapes: ts.map((u) => u.shape) });
    }
  }
  const a = normalizeAxis('stack', axis, first.rank + 1);
  const s = [...first.shape];
  s.splice(a, 0, 1);
  return L.concat(ts.map((t) => L.reshape(t, s)), a);
}

/**
 * Splits along `axis` into `n` equal parts, or into parts of the given sizes.
 * @example `split(arange(6), 3).map((t) => t.toArray()) // [[0, 1], [2, 3], [4, 5]]`
 */
export function split(x: Tensor, sections: number | readonly number[], axis = 0): Tensor[] {
  const op = 'split';
  const t = tensorArg(op, x);
  const a = normalizeAxis(op, axis, t.rank);
  const d = t.shape[a]!;
  let sizes: number[];
  if (typeof sections === 'number') {
    intArg(op, sections, 'sections', 1);
    if (d % sections !== 0) throw new ShapeError(`split: axis ${a} of size ${d} does not divide into ${sections} equal parts; got shape ${fmtShape(t.shape)}`, { op, shapes: [t.shape] });
    sizes = new Array<number>(sections).fill(d / sections);
  } else {
    if (!Array.isArray(sections)) throw new ValueError(`${op}: sections must be a number or an array of sizes; got ${describe(sections)}`, { op, arg: 'sections' });
    sizes = sections.map((n, i) => intArg(op, n, `sections[${i}]`, 0));
    if (sizes.reduce((p, n) => p + n, 0) !== d) throw new ShapeError(`split: sizes [${sizes.join(', ')}] must add up to axis ${a}'s size ${d}`, { op, shapes: [t.shape] });
  }
  let at = 0;
  return sizes.map((n) => {
    const begin = t.shape.map((_, k) => (k === a ? at : 0));
    const size = t.shape.map((dk, k) => (k === a ? n : dk));
    at += n;
    return L.slice(t, begin, size);
  });
}
