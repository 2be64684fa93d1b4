/**
 * `Tensor`: an immutable n-d array of float64 (default) or float32 values, contiguous and
 * row-major, whose type carries its shape when the dimensions are literal.
 *
 * The class sits at the top of the module graph: its chainable methods call the public ops.
 * Everything below refers to `Tensor` as a type only and builds new tensors through the
 * constructor of an existing one (`construct.ts`), so there is no import cycle.
 * @module
 */
import { ShapeError, ValueError, describe, fmtShape } from '../errors.js';
import * as ops from '../ops/index.js';
import type { Dims, Reshaped } from '../ops/layout.js';
import type { MatmulCheck, MatmulResult } from '../ops/linalg.js';
import { TENSOR_BRAND } from './brand.js';
import type { DType, TensorData } from './dtype.js';
import { dtypeOf } from './dtype.js';
import type { ElementwiseShape, ReduceAll, ReduceAxis, Shape, Transposed } from './shape.js';
import { checkShape, isShape, sizeOf, stridesOf } from './shape.js';

/** Nested arrays of numbers, as `toArray()` returns them; depth = rank when it is known. */
export type NestedArray<S extends Shape = Shape> = number extends S['length']
  ? NestedNumbers
  : S extends readonly []
    ? number
    : S extends readonly [number, ...infer R extends Shape]
      ? NestedArray<R>[]
      : NestedNumbers;
/** A number or arbitrarily nested arrays of numbers. */
export type NestedNumbers = number | NestedNumbers[];

let nextId = 0;

/**
 * An immutable n-d array. Create one with `tensor`, `zeros`, `randn`, …; every operation
 * returns a new tensor and leaves its inputs unchanged.
 *
 * @example
 * ```ts
 * const a = tensor([[1, 2], [3, 4]]);   // Tensor<[2, 2]>
 * a.matmul(a).add(1).sum().item();      // 58
 * ```
 */
export class Tensor<out S extends Shape = Shape> {
  /** Dimensions, row-major. */
  readonly shape: S;
  /** Element type. */
  readonly dtype: DType;
  /** Number of elements. */
  readonly size: number;
  /** Unique id (tapes key cotangents by it). */
  readonly id: number;
  /**
   * The storage, contiguous row-major. Treat it as read-only: tensors may share storage
   * (reshape does not copy). Use `toTypedArray()` for a copy you may write to.
   */
  readonly data: TensorData;

  /**
   * Wraps storage in a tensor without copying. Prefer `tensor(...)`, which validates nested input.
   * @throws ShapeError when `data.length` is not the product of `shape`.
   */
  constructor(data: TensorData, shape: S) {
    const n = sizeOf(isShape(shape) ? shape : checkShape('Tensor', shape));
    if (!(data instanceof Float64Array || data instanceof Float32Array) || data.length !== n) {
      throw new ShapeError(`Tensor: data must be a Float64Array or Float32Array of ${n} elements for shape ${fmtShape(shape)}; got ${describe(data)}`, {
        op: 'Tensor',
        shapes: [shape],
      });
    }
    this.data = data;
    // a frozen shape (another tensor's) can be shared as is: nothing can change it
    this.shape = (Object.isFrozen(shape) ? shape : Object.freeze([...shape])) as unknown as S;
    this.dtype = dtypeOf(data);
    this.size = n;
    this.id = nextId++;
  }

  /** Brand recognised by `isTensor` across builds. */
  get [TENSOR_BRAND](): true {
    return true;
  }

  /** Number of axes. */
  get rank(): number {
    return this.shape.length;
  }

  /** The values as nested arrays (a number for a scalar). */
  toArray<T extends Shape = S>(this: Tensor<T>): NestedArray<T> {
    const { data, shape } = this;
    if (shape.length === 0) return data[0] as NestedArray<T>;
    const build = (axis: number, offset: number, stride: number): NestedNumbers[] => {
      const d = shape[axis]!;
      const inner = stride / d;
      const out: NestedNumbers[] = new Array<NestedNumbers>(d);
      for (let i = 0; i < d; i++) out[i] = axis === shape.length - 1 ? data[offset + i]! : build(axis + 1, offset + i * inner, inner);
      return out;
    };
    return build(0, 0, this.size) as NestedArray<T>;
  }

  /** A copy of the storage. */
  toTypedArray(): TensorData {
    return this.data.slice();
  }

  /**
   * The single value of a one-element tensor.
   * @throws ValueError when the tensor has more or fewer than one element.
   */
  item(): number {
    if (this.size !== 1) {
      throw new ValueError(`item: the tensor must have exactly one element; got shape ${fmtShape(this.shape)}`, { op: 'item', shapes: [this.shape] });
    }
    return this.data[0]!;
  }

  /**
   * The value at an index, one integer per axis (negative counts from the end).
   * @throws ValueError when the index has the wrong length or is out of range.
   */
  get(...index: number[]): number {
    if (index.length !== this.rank) {
      throw new ValueError(`get: expects ${this.rank} indices for shape ${fmtShape(this.shape)}; got ${index.length}`, { op: 'get', shapes: [this.shape] });
    }
    const st = stridesOf(this.shape);
    let off = 0;
    index.forEach((i, k) => {
      const d = this.shape[k]!;
      if (!Number.isInteger(i) || i < -d || i >= d) {
        throw new ValueError(`get: index ${describe(i)} is out of range for axis ${k} of size ${d}`, { op: 'get', arg: `index[${k}]` });
      }
      off += (i < 0 ? i + d : i) * st[k]!;
    });
    return this.data[off]!;
  }

  /** A readable rendering: dtype, shape and values (elided past 1000 elements). */
  toString(): string {
    const head = `Tensor(${this.dtype}, ${fmtShape(this.shape)})`;
    if (this.size > 1000) return `${head} [${Array.from(this.data.subarray(0, 6), fmtNum).join(', ')}, …]`;
    const render = (v: NestedNumbers, depth: number): string =>
      typeof v === 'number' ? fmtNum(v) : `[${v.map((u) => render(u, depth + 1)).join(Array.isArray(v[0]) ? `,\n${' '.repeat(depth + 1)}` : ', ')}]`;
    return `${head}\n${render(this.toArray() as NestedNumbers, 0)}`;
  }

  /** Node's console shows the readable rendering. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }

  add<B extends Shape, T extends Shape>(this: Tensor<T>, b: Tensor<B>): Tensor<ElementwiseShape<T, B>>;
  add(b: number): Tensor<S>;
  /** this + b, broadcast (see `add`). */
  add(b: Tensor | number): Tensor {
    return ops.add(this, b as Tensor);
  }
  sub<B extends Shape, T extends Shape>(this: Tensor<T>, b: Tensor<B>): Tensor<ElementwiseShape<T, B>>;
  sub(b: number): Tensor<S>;
  /** this − b, broadcast (see `sub`). */
  sub(b: Tensor | number): Tensor {
    return ops.sub(this, b as Tensor);
  }
  mul<B extends Shape, T extends Shape>(this: Tensor<T>, b: Tensor<B>): Tensor<ElementwiseShape<T, B>>;
  mul(b: number): Tensor<S>;
  /** this · b element-wise, broadcast (see `mul`). */
  mul(b: Tensor | number): Tensor {
    return ops.mul(this, b as Tensor);
  }
  div<B extends Shape, T extends Shape>(this: Tensor<T>, b: Tensor<B>): Tensor<ElementwiseShape<T, B>>;
  div(b: number): Tensor<S>;
  /** this / b element-wise, broadcast (see `div`). */
  div(b: Tensor | number): Tensor {
    return ops.div(this, b as Tensor);
  }
  pow<B extends Shape, T extends Shape>(this: Tensor<T>, b: Tensor<B>): Tensor<ElementwiseShape<T, B>>;
  pow(b: number): Tensor<S>;
  /** this^b element-wise, broadcast (see `pow`). */
  pow(b: Tensor | number): Tensor {
    return ops.pow(this, b as Tensor);
  }
  maximum<B extends Shape, T extends Shape>(this: Tensor<T>, b: Tensor<B>): Tensor<ElementwiseShape<T, B>>;
  maximum(b: number): Tensor<S>;
  /** max(this, b) element-wise (see `maximum`). */
  maximum(b: Tensor | number): Tensor {
    return ops.maximum(this, b as Tensor);
  }
  minimum<B extends Shape, T extends Shape>(this: Tensor<T>, b: Tensor<B>): Tensor<ElementwiseShape<T, B>>;
  minimum(b: number): Tensor<S>;
  /** min(this, b) element-wise (see `minimum`). */
  minimum(b: Tensor | number): Tensor {
    return ops.minimum(this, b as Tensor);
  }
  /** 1 where this > b (see `greater`). */
  greater(b: Tensor | number): Tensor {
    return ops.greater(this, b as Tensor);
  }
  /** 1 where this ≥ b (see `greaterEqual`). */
  greaterEqual(b: Tensor | number): Tensor {
    return ops.greaterEqual(this, b as Tensor);
  }
  /** 1 where this < b (see `less`). */
  less(b: Tensor | number): Tensor {
    return ops.less(this, b as Tensor);
  }
  /** 1 where this ≤ b (see `lessEqual`). */
  lessEqual(b: Tensor | number): Tensor {
    return ops.lessEqual(this, b as Tensor);
  }
  /** 1 where this = b (see `equal`). */
  equal(b: Tensor | number): Tensor {
    return ops.equal(this, b as Tensor);
  }
  /** 1 where this ≠ b (see `notEqual`). */
  notEqual(b: Tensor | number): Tensor {
    return ops.notEqual(this, b as Tensor);
  }

  /** −this. */
  neg(): Tensor<S> {
    return ops.neg(this);
  }
  /** |this|. */
  abs(): Tensor<S> {
    return ops.abs(this);
  }
  /** √this. */
  sqrt(): Tensor<S> {
    return ops.sqrt(this);
  }
  /** this². */
  square(): Tensor<S> {
    return ops.square(this);
  }
  /** e^this. */
  exp(): Tensor<S> {
    return ops.exp(this);
  }
  /** ln this. */
  log(): Tensor<S> {
    return ops.log(this);
  }
  /** tanh this. */
  tanh(): Tensor<S> {
    return ops.tanh(this);
  }
  /** σ(this), stable for large |x|. */
  sigmoid(): Tensor<S> {
    return ops.sigmoid(this);
  }
  /** max(this, 0). */
  relu(): Tensor<S> {
    return ops.relu(this);
  }
  /** sin this. */
  sin(): Tensor<S> {
    return ops.sin(this);
  }
  /** cos this. */
  cos(): Tensor<S> {
    return ops.cos(this);
  }
  /** sign of this (no gradient). */
  sign(): Tensor<S> {
    return ops.sign(this);
  }
  /** this limited to [lo, hi] (see `clip`). */
  clip(lo: number, hi: number): Tensor<S> {
    return ops.clip(this, lo, hi);
  }

  /** Matrix product (see `matmul`). */
  matmul<B extends Shape, T extends Shape>(this: Tensor<T>, b: Tensor<B> & MatmulCheck<T, B>): Tensor<MatmulResult<T, B>> {
    return ops.matmul(this, b);
  }
  transpose<T extends Shape>(this: Tensor<T>): Tensor<Transposed<T>>;
  transpose(perm: readonly number[]): Tensor;
  /** Reverses the axes, or applies `perm` (see `transpose`). */
  transpose(perm?: readonly number[]): Tensor {
    return perm === undefined ? ops.transpose(this) : ops.transpose(this, perm);
  }
  /** Reorders axes (see `permute`). */
  permute(perm: readonly number[]): Tensor {
    return ops.permute(this, perm);
  }
  /** Same values, new shape (see `reshape`). */
  reshape<const T extends Shape>(shape: T): Tensor<Reshaped<T>> {
    return ops.reshape(this, shape);
  }
  /** Broadcast to `shape` (see `broadcastTo`). */
  broadcastTo<const T extends Shape>(shape: T): Tensor<Dims<T>> {
    return ops.broadcastTo(this, shape);
  }
  /** A window (see `slice`). */
  slice(begin: readonly number[], size?: readonly number[]): Tensor {
    return ops.slice(this, begin, size);
  }
  /** One axis (see `flatten`). */
  flatten(): Tensor {
    return ops.flatten(this);
  }
  /** Drops size-1 axes (see `squeeze`). */
  squeeze(axis?: number): Tensor {
    return ops.squeeze(this, axis);
  }
  /** Adds a size-1 axis (see `expandDims`). */
  expandDims(axis: number): Tensor {
    return ops.expandDims(this, axis);
  }
  /** Parts along an axis (see `split`). */
  split(sections: number | readonly number[], axis = 0): Tensor[] {
    return ops.split(this, sections, axis);
  }

  sum<T extends Shape, const Keep extends boolean = false>(this: Tensor<T>, axis?: undefined, keepDims?: Keep): Tensor<ReduceAll<T, Keep>>;
  sum<T extends Shape, const K extends number, const Keep extends boolean = false>(this: Tensor<T>, axis: K, keepDims?: Keep): Tensor<ReduceAxis<T, K, Keep>>;
  sum(axis?: number | readonly number[], keepDims?: boolean): Tensor;
  /** Σ over axes (see `sum`). */
  sum(axis?: number | readonly number[], keepDims?: boolean): Tensor {
    return ops.sum(this, axis, keepDims);
  }
  mean<T extends Shape, const Keep extends boolean = false>(this: Tensor<T>, axis?: undefined, keepDims?: Keep): Tensor<ReduceAll<T, Keep>>;
  mean<T extends Shape, const K extends number, const Keep extends boolean = false>(this: Tensor<T>, axis: K, keepDims?: Keep): Tensor<ReduceAxis<T, K, Keep>>;
  mean(axis?: number | readonly number[], keepDims?: boolean): Tensor;
  /** Mean over axes (see `mean`). */
  mean(axis?: number | readonly number[], keepDims?: boolean): Tensor {
    return ops.mean(this, axis, keepDims);
  }
  max<T extends Shape, const Keep extends boolean = false>(this: Tensor<T>, axis?: undefined, keepDims?: Keep): Tensor<ReduceAll<T, Keep>>;
  max<T extends Shape, const K extends number, const Keep extends boolean = false>(this: Tensor<T>, axis: K, keepDims?: Keep): Tensor<ReduceAxis<T, K, Keep>>;
  max(axis?: number | readonly number[], keepDims?: boolean): Tensor;
  /** Maximum over axes (see `max`). */
  max(axis?: number | readonly number[], keepDims?: boolean): Tensor {
    return ops.max(this, axis, keepDims);
  }
  min<T extends Shape, const Keep extends boolean = false>(this: Tensor<T>, axis?: undefined, keepDims?: Keep): Tensor<ReduceAll<T, Keep>>;
  min<T extends Shape, const K extends number, const Keep extends boolean = false>(this: Tensor<T>, axis: K, keepDims?: Keep): Tensor<ReduceAxis<T, K, Keep>>;
  min(axis?: number | readonly number[], keepDims?: boolean): Tensor;
  /** Minimum over axes (see `min`). */
  min(axis?: number | readonly number[], keepDims?: boolean): Tensor {
    return ops.min(this, axis, keepDims);
  }
  /** Softmax over an axis (see `softmax`). */
  softmax(axis = -1): Tensor<S> {
    return ops.softmax(this, axis);
  }
  /** Log-softmax over an axis (see `logSoftmax`). */
  logSoftmax(axis = -1): Tensor<S> {
    return ops.logSoftmax(this, axis);
  }
  /** The same values in another dtype (see `astype`). */
  astype(dtype: DType): Tensor<S> {
    return ops.astype(this, dtype);
  }
}

function fmtNum(v: number): string {
  if (Number.isInteger(v) && Math.abs(v) < 1e15) return String(v);
  const a = Math.abs(v);
  return a !== 0 && (a < 1e-4 || a >= 1e6) ? v.toExponential(4) : String(Number(v.toPrecision(6)));
}
