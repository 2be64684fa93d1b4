/**
 * Arbitrary tensors: a shape (fixed or drawn) and values from `fc.double` / `fc.float`.
 * @module
 */
import fc from 'fast-check';
import type { Arbitrary } from 'fast-check';
import { ValueError, describe } from '../errors.js';
import type { Dims } from '../ops/layout.js';
import { checkOptions } from '../options.js';
import type { DType } from '../tensor/dtype.js';
import { checkDType } from '../tensor/dtype.js';
import type { Shape } from '../tensor/shape.js';
import { checkShape } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { boolOption, finiteOption, isArbitrary, ordered } from './check.js';
import { shape as shapeArb } from './shape.js';
import { TensorArbitrary } from './tensorArbitrary.js';

/** How element values are drawn (shared by every arbitrary that makes tensors). */
export interface ValueOptions {
  /**
   * Element type; float32 values are drawn as 32-bit floats.
   * @defaultValue 'float64'
   */
  readonly dtype?: DType;
  /**
   * Smallest finite value.
   * @defaultValue -10
   */
  readonly min?: number;
  /**
   * Largest finite value.
   * @defaultValue 10
   */
  readonly max?: number;
  /**
   * Leave NaN out; when false, NaN is drawn now and then.
   * @defaultValue true
   */
  readonly noNaN?: boolean;
  /**
   * Leave ±Infinity out; when false, infinities are drawn now and then.
   * @defaultValue true
   */
  readonly noInfinity?: boolean;
}

/** Options of {@link tensor}. */
export interface TensorArbitraryOptions extends ValueOptions {
  /**
   * A fixed shape, or an arbitrary of shapes to draw from.
   * @defaultValue `shape()` (rank 0–3, dimensions 1–4)
   */
  readonly shape?: Shape | Arbitrary<Shape>;
}

/** The option names of {@link ValueOptions}. */
export const valueOptionNames = ['dtype', 'min', 'max', 'noNaN', 'noInfinity'] as const;

/** Checked value options. */
export interface ValueSpec {
  readonly dtype: DType;
  readonly element: Arbitrary<number>;
}

/** Reads value options and builds the arbitrary of one element. */
export function valueSpec(op: string, o: ValueOptions): ValueSpec {
  const dtype = checkDType(op, o.dtype);
  const min = finiteOption(op, 'min', o.min, -10);
  const max = finiteOption(op, 'max', o.max, 10);
  ordered(op, 'min', min, 'max', max);
  const noNaN = boolOption(op, 'noNaN', o.noNaN, true);
  const noInfinity = boolOption(op, 'noInfinity', o.noInfinity, true);
  let finite: Arbitrary<number>;
  if (dtype === 'float32') {
    const lo = f32Inside(min, 1);
    const hi = f32Inside(max, -1);
    if (lo > hi) throw new ValueError(`${op}: no float32 value lies in [${min}, ${max}]`, { op, arg: 'min' });
    finite = fc.float({ min: lo, max: hi, noNaN: true, noDefaultInfinity: true });
  } else {
    finite = fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
  }
  const extras: Arbitrary<number>[] = [];
  if (!noNaN) extras.push(fc.constant(NaN));
  if (!noInfinity) extras.push(fc.constantFrom(Infinity, -Infinity));
  const element = extras.length === 0 ? finite : fc.oneof({ weight: 8, arbitrary: finite }, ...extras.map((arbitrary) => ({ weight: 1, arbitrary })));
  return { dtype, element };
}

/** The float32 nearest to v on v's side toward the inside of a range (`dir` 1: not below v, −1: not above). */
function f32Inside(v: number, dir: 1 | -1): number {
  const f = Math.fround(v);
  if (dir > 0 ? f >= v : f <= v) return f;
  if (f === 0) return dir * 2 ** -149;
  const buf = new Float32Array([f]);
  const bits = new Int32Array(buf.buffer);
  bits[0]! += f > 0 === dir > 0 ? 1 : -1;
  return buf[0]!;
}

/** A tensor of a fixed shape, or of shapes drawn from `s`, with values drawn by `spec`. */
export function tensorOfShape(spec: ValueSpec, s: Shape | Arbitrary<Shape>): Arbitrary<Tensor> {
  return new TensorArbitrary(s, spec.element, spec.dtype);
}

/**
 * Arbitrary tensors. The shape is fixed or drawn (default `shape()`). A failing case shrinks
 * first to a smaller shape (dropping axes and cutting them down while keeping the failing
 * elements), then to simpler values (toward 0). A drawn shape shrinks only within what its
 * arbitrary accepts: `shape(...)`, `fc.array` and `fc.tuple` of integers do; a mapped or chained
 * shape arbitrary keeps its shape and only the values shrink.
 * @param options - shape, dtype and value range.
 * @returns an arbitrary of tensors.
 * @throws ValueError for a bad option (unknown name, min > max, non-finite bound);
 * DTypeError for an unknown dtype; ShapeError for an invalid fixed shape.
 * @example
 * ```ts
 * fc.assert(fc.property(tensor({ shape: [2, 3], min: -1, max: 1 }), (x) => x.abs().max().item() <= 1));
 * ```
 */
export function tensor<const S extends Shape>(options: TensorArbitraryOptions & { readonly shape: S }): Arbitrary<Tensor<Dims<S>>>;
export function tensor(options?: TensorArbitraryOptions): Arbitrary<Tensor>;
export function tensor(options: TensorArbitraryOptions = {}): Arbitrary<Tensor> {
  const op = 'tensor';
  checkOptions(op, options, ['shape', ...valueOptionNames]);
  const spec = valueSpec(op, options);
  const s = options.shape;
  if (s === undefined) return tensorOfShape(spec, shapeArb());
  if (Array.isArray(s)) return tensorOfShape(spec, checkShape(op, s));
  if (isArbitrary(s)) return tensorOfShape(spec, s as Arbitrary<Shape>);
  throw new ValueError(`${op}: shape must be an array of dimensions or an arbitrary of shapes; got ${describe(s)}`, { op, arg: 'shape' });
}
