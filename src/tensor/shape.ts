/**
 * Shapes: the runtime helpers (sizes, strides, broadcasting, axis normalisation) and the
 * type-level helpers that let literal dimensions survive through ops.
 * @module
 */
import { ShapeError, ValueError, describe, fmtShape } from '../errors.js';

/** A tensor's shape: a readonly list of non-negative integer dimensions, row-major. */
export type Shape = readonly number[];

/** Number of elements of a shape (1 for a scalar `[]`). */
export function sizeOf(shape: Shape): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Row-major strides of a shape. */
export function stridesOf(shape: Shape): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = acc;
    acc *= shape[i]!;
  }
  return s;
}

/** True when both shapes have the same dimensions. */
export function sameShape(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** True when `shape` is an array of non-negative safe integers (the fast check on hot paths). */
export function isShape(shape: unknown): shape is number[] {
  if (!Array.isArray(shape)) return false;
  for (let k = 0; k < shape.length; k++) {
    const d: unknown = shape[k];
    // Number.isSafeInteger, written so the optimiser inlines it
    if (typeof d !== 'number' || !(d >= 0 && d <= Number.MAX_SAFE_INTEGER && Math.floor(d) === d)) return false;
  }
  return true;
}

/** Checks that `shape` is a list of non-negative safe integers; returns a frozen copy. */
export function checkShape(op: string, shape: unknown, arg = 'shape'): number[] {
  if (isShape(shape)) return shape.slice();
  if (!Array.isArray(shape)) {
    throw new ShapeError(`${op}: ${arg} must be an array of non-negative integers; got ${describe(shape)}`, { op, arg });
  }
  for (const d of shape) {
    if (typeof d !== 'number' || !Number.isSafeInteger(d) || d < 0) {
      throw new ShapeError(
        `${op}: ${arg} must contain non-negative integers; got ${arg} [${shape.map((x) => describe(x)).join(', ')}]`,
        { op, arg },
      );
    }
  }
  return [...(shape as number[])];
}

/** NumPy broadcasting of two shapes; throws a ShapeError naming `op` when they do not broadcast. */
export function broadcastShapes(op: string, a: Shape, b: Shape): number[] {
  if (!isShape(a)) checkShape(op, a, 'a');
  if (!isShape(b)) checkShape(op, b, 'b');
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const da = i < n - a.length ? 1 : a[i - (n - a.length)]!;
    const db = i < n - b.length ? 1 : b[i - (n - b.length)]!;
    if (da === db || db === 1) out[i] = da;
    else if (da === 1) out[i] = db;
    else {
      throw new ShapeError(`${op}: shapes do not broadcast; got ${fmtShape(a)} and ${fmtShape(b)}`, {
        op,
        shapes: [a, b],
      });
    }
  }
  return out;
}

/** Normalises a possibly negative axis against a rank; throws a ValueError naming `op`. */
export function normalizeAxis(op: string, axis: number, rank: number): number {
  if (!Number.isInteger(axis) || axis < -rank || axis >= rank) {
    const what = rank === 0 ? 'the tensor is a scalar and has no axes' : `axis must be an integer in [${-rank}, ${rank - 1}]`;
    throw new ValueError(`${op}: ${what}; got axis ${describe(axis)}`, {
      op,
      arg: 'axis',
    });
  }
  return axis < 0 ? axis + rank : axis;
}

/** Normalises an axis option (one axis, several, or all when undefined) to a sorted unique list. */
export function normalizeAxes(op: string, axis: number | readonly number[] | undefined, rank: number): number[] {
  if (axis === undefined) return Array.from({ length: rank }, (_, i) => i);
  const list = typeof axis === 'number' ? [axis] : axis;
  if (!Array.isArray(list)) {
    throw new ValueError(`${op}: axis must be a number or an array of numbers; got ${describe(axis)}`, { op, arg: 'axis' });
  }
  const out = list.map((a) => normalizeAxis(op, a, rank));
  const uniq = [...new Set(out)].sort((x, y) => x - y);
  if (uniq.length !== out.length) {
    throw new ValueError(`${op}: axes must not repeat; got [${list.join(', ')}]`, { op, arg: 'axis' });
  }
  return uniq;
}

// ---------------------------------------------------------------------------------------
// Type-level shapes. Each helper falls back to `Shape` when dimensions are not literal.

/** True when `S` is a tuple with known length. */
type IsTuple<S extends Shape> = number extends S['length'] ? false : true;

/** Result shape of an element-wise op: the operands' shape when both agree, else `Shape`. */
export type ElementwiseShape<A extends Shape, B extends Shape> = [A] extends [B] ? ([B] extends [A] ? A : Shape) : Shape;

/** `S` with axis `K` (a non-negative literal) removed, or set to 1 when `Keep` is true. */
export type ReduceAxis<S extends Shape, K extends number, Keep extends boolean> =
  IsTuple<S> extends false
    ? Shape
    : number extends K
      ? Shape
      : `${K}` extends `-${string}`
        ? Shape
        : DropAt<S, K, Keep, []>;

type DropAt<S extends Shape, K extends number, Keep extends boolean, Acc extends number[]> = S extends readonly [
  infer H extends number,
  ...infer R extends number[],
]
  ? Acc['length'] extends K
    ? Keep extends true
      ? [...Acc, 1, ...R]
      : [...Acc, ...R]
    : DropAt<R, K, Keep, [...Acc, H]>
  : Shape;

/** Shape after reducing every axis: `[]`, or all ones with `keepDims`. */
export type ReduceAll<S extends Shape, Keep extends boolean> = Keep extends true
  ? IsTuple<S> extends true
    ? { [I in keyof S]: 1 }
    : Shape
  : [];

/** Shape of a 2-D transpose. */
export type Transposed<S extends Shape> = S extends readonly [infer M extends number, infer N extends number]
  ? [N, M]
  : Shape;

/** Last dimension of a shape (`number` when unknown). */
export type LastDim<S extends Shape> = S extends readonly [...number[], infer L extends number] ? L : number;
/** Second-to-last dimension of a shape (`number` when unknown). */
export type SecondLastDim<S extends Shape> = S extends readonly [...number[], infer K extends number, number]
  ? K
  : number;

/** True when two dimensions can be equal: identical literals, or either is plain `number`. */
export type DimsAgree<X extends number, Y extends number> = number extends X
  ? true
  : number extends Y
    ? true
    : [X] extends [Y]
      ? true
      : false;

/** Result shape of `matmul(a, b)` for 2-D operands with known dimensions, else `Shape`. */
export type MatmulShape<A extends Shape, B extends Shape> = A extends readonly [infer M extends number, number]
  ? B extends readonly [number, infer N extends number]
    ? [M, N]
    : Shape
  : Shape;

/** The type error `matmul` reports when literal inner dimensions differ. */
export interface InnerDimensionMismatch<K1 extends number, K2 extends number> {
  readonly 'matmul: inner dimensions must agree': [a: K1, b: K2];
}
