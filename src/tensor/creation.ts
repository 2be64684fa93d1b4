/**
 * Creating tensors: from nested arrays or typed arrays, constants, ranges, and seeded random
 * values (see `rng`).
 * @module
 */
import { ShapeError, ValueError, describe, fmtShape } from '../errors.js';
import type { Dims } from '../ops/layout.js';
import { checkOptions } from '../options.js';
import type { DType, TensorData } from './dtype.js';
import { alloc, checkDType } from './dtype.js';
import type { Rng } from './rng.js';
import { checkSeed, rng } from './rng.js';
import type { Shape } from './shape.js';
import { checkShape, sizeOf } from './shape.js';
import { Tensor } from './tensor.js';

/** Options shared by the creation functions. */
export interface CreationOptions {
  /**
   * Element type.
   * @defaultValue 'float64'
   */
  readonly dtype?: DType;
}

/** Options of the random creation functions. */
export interface RandomOptions extends CreationOptions {
  /**
   * A seed or a generator. Without one, values come from a shared generator seeded with 0 when
   * gradscope loads: runs are reproducible, successive calls differ.
   */
  readonly seed?: number | Rng;
}

/** Nested arrays of numbers, as accepted by {@link tensor}. */
export type NestedInput = number | readonly NestedInput[];

/** The shape of a nested array literal: `[[1, 2], [3, 4]]` → `[2, 2]`. */
export type ShapeOf<V> = NestedInput extends V
  ? Shape
  : V extends number
  ? []
  : V extends readonly []
    ? [0]
    : V extends readonly [infer F, ...unknown[]]
      ? [V['length'], ...ShapeOf<F>]
      : V extends readonly (infer E)[]
        ? [number, ...ShapeOf<E>]
        : Shape;

const shared = rng(0);

function opts(op: string, o: RandomOptions | CreationOptions | undefined, random: boolean): { dtype: DType; gen: Rng } {
  checkOptions(op, o, random ? ['dtype', 'seed'] : ['dtype']);
  const dtype = checkDType(op, o?.dtype);
  const s = (o as RandomOptions | undefined)?.seed;
  const gen = s === undefined ? shared : typeof s === 'number' ? rng(checkSeed(op, s)) : isRng(op, s);
  return { dtype, gen };
}

function isRng(op: string, s: unknown): Rng {
  if (typeof s === 'object' && s !== null && typeof (s as Rng).next === 'function' && typeof (s as Rng).normal === 'function') return s as Rng;
  throw new ValueError(`${op}: seed must be an integer or a generator from rng(); got ${describe(s)}`, { op, arg: 'seed' });
}

function make<S extends Shape>(op: string, shape: S, o: CreationOptions | undefined, fill?: (data: TensorData) => void): Tensor<Dims<S>> {
  const s = checkShape(op, shape);
  const { dtype } = opts(op, o, false);
  let data: TensorData;
  try {
    data = alloc(dtype, sizeOf(s));
  } catch {
    // the engine's RangeError would not name the function or the shape
    throw new ValueError(`${op}: cannot allocate ${sizeOf(s)} elements; got shape ${fmtShape(s)}`, { op, shapes: [s] });
  }
  fill?.(data);
  return new Tensor(data, s as unknown as Dims<S>);
}

/**
 * A tensor from nested arrays (shape inferred) or from a flat array / typed array with `shape`.
 * Values are copied.
 * @throws ShapeError for ragged nested arrays or a size that does not match `shape`.
 * @throws ValueError for non-numbers.
 * @example
 * ```ts
 * tensor([[1, 2], [3, 4]]);               // Tensor<[2, 2]>
 * tensor(new Float64Array(6), [2, 3]);    // Tensor<[2, 3]>
 * tensor(new Float32Array(4));            // Tensor<[number]>, shape [4]
 * tensor([1, 2], undefined, { dtype: 'float32' });
 * ```
 */
export function tensor<const V extends NestedInput>(values: V, shape?: undefined, options?: CreationOptions): Tensor<ShapeOf<V>>;
export function tensor(values: TensorData, shape?: undefined, options?: CreationOptions): Tensor<[number]>;
export function tensor<const S extends Shape>(values: NestedInput | TensorData, shape: S, options?: CreationOptions): Tensor<Dims<S>>;
export function tensor(values: NestedInput | TensorData, shape?: Shape, options?: CreationOptions): Tensor {
  const op = 'tensor';
  const { dtype } = opts(op, options, false);
  let flat: ArrayLike<number>;
  let inferred: number[];
  if (values instanceof Float64Array || values instanceof Float32Array) {
    flat = values;
    inferred = [values.length];
  } else {
    const r = flattenNested(values);
    flat = r.flat;
    inferred = r.shape;
  }
  const s = shape === undefined ? inferred : checkShape(op, shape);
  if (sizeOf(s) !== flat.length) {
    throw new ShapeError(`tensor: ${flat.length} values do not fill shape ${fmtShape(s)} (${sizeOf(s)} elements)`, { op, shapes: [s] });
  }
  const data = alloc(dtype, flat.length);
  data.set(flat);
  return new Tensor(data, s);
}

function flattenNested(values: unknown): { flat: number[]; shape: number[] } {
  const flat: number[] = [];
  const shape: number[] = [];
  const walk = (v: unknown, depth: number, path: string): void => {
    if (typeof v === 'number') {
      if (depth !== shape.length && !(depth === 0 && shape.length === 0)) {
        throw new ShapeError(`tensor: nested arrays are ragged; a number at ${path || 'the top'} where an array of length ${shape[depth]} was expected`, { op: 'tensor' });
      }
      flat.push(v);
      return;
    }
    if (!Array.isArray(v)) throw new ValueError(`tensor: values must be numbers or nested arrays of numbers; got ${describe(v)} at ${path || 'the top'}`, { op: 'tensor', arg: 'values' });
    if (depth === shape.length) {
      if (flat.length > 0) throw new ShapeError(`tensor: nested arrays are ragged; an array at ${path} where a number was expected`, { op: 'tensor' });
      shape.push(v.length);
    } else if (shape[depth] !== v.length) {
      throw new ShapeError(`tensor: nested arrays are ragged; length ${v.length} at ${path || 'the top'}, expected ${shape[depth]}`, { op: 'tensor' });
    }
    v.forEach((u: unknown, i) => walk(u, depth + 1, `${path}[${i}]`));
  };
  walk(values, 0, '');
  // an empty innermost array leaves no numbers to fix the depth; the shape recorded so far stands
  return { flat, shape };
}

/** A scalar (shape `[]`). @example `scalar(3).item() // 3` */
export function scalar(value: number, options?: CreationOptions): Tensor<[]> {
  if (typeof value !== 'number') throw new ValueError(`scalar: value must be a number; got ${describe(value)}`, { op: 'scalar', arg: 'value' });
  return make('scalar', [] as [], options, (d) => (d[0] = value));
}

/** All zeros. @example `zeros([2, 3])  // Tensor<[2, 3]>` */
export function zeros<const S extends Shape>(shape: S, options?: CreationOptions): Tensor<Dims<S>> {
  return make('zeros', shape, options);
}

/** All ones. @example `ones([2]).toArray() // [1, 1]` */
export function ones<const S extends Shape>(shape: S, options?: CreationOptions): Tensor<Dims<S>> {
  return make('ones', shape, options, (d) => d.fill(1));
}

/** Every element `value`. @example `full([2], 7).toArray() // [7, 7]` */
export function full<const S extends Shape>(shape: S, value: number, options?: CreationOptions): Tensor<Dims<S>> {
  if (typeof value !== 'number') throw new ValueError(`full: value must be a number; got ${describe(value)}`, { op: 'full', arg: 'value' });
  return make('full', shape, options, (d) => d.fill(value));
}

/** Identity matrix `[n, m]` (m defaults to n). @example `eye(2).toArray() // [[1, 0], [0, 1]]` */
export function eye<const N extends number>(n: N, m?: number, options?: CreationOptions): Tensor<[N, number]> {
  const cols = m ?? n;
  return make('eye', [n, cols], options, (d) => {
    for (let i = 0; i < Math.min(n, cols); i++) d[i * cols + i] = 1;
  }) as Tensor<[N, number]>;
}

/**
 * Evenly spaced values in [start, stop) by `step`; `arange(n)` is 0 … n−1.
 * @example `arange(3).toArray() // [0, 1, 2]`
 */
export function arange(start: number, stop?: number, step = 1, options?: CreationOptions): Tensor<[number]> {
  const [a, b] = stop === undefined ? [0, start] : [start, stop];
  for (const [name, v] of [['start', a], ['stop', b], ['step', step]] as const) {
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new ValueError(`arange: ${name} must be a finite number; got ${describe(v)}`, { op: 'arange', arg: name });
  }
  if (step === 0) throw new ValueError('arange: step must not be 0; got 0', { op: 'arange', arg: 'step' });
  const n = Math.max(0, Math.ceil((b - a) / step));
  return make('arange', [n], options, (d) => {
    for (let i = 0; i < n; i++) d[i] = a + i * step;
  });
}

/** `num` evenly spaced values from start to stop inclusive. @example `linspace(0, 1, 3).toArray() // [0, 0.5, 1]` */
export function linspace(start: number, stop: number, num: number, options?: CreationOptions): Tensor<[number]> {
  if (!Number.isFinite(start) || !Number.isFinite(stop)) throw new ValueError(`linspace: start and stop must be finite numbers; got ${describe(start)} and ${describe(stop)}`, { op: 'linspace' });
  if (!Number.isInteger(num) || num < 0) throw new ValueError(`linspace: num must be a non-negative integer; got ${describe(num)}`, { op: 'linspace', arg: 'num' });
  return make('linspace', [num], options, (d) => {
    for (let i = 0; i < num; i++) d[i] = num === 1 ? start : start + ((stop - start) * i) / (num - 1);
  });
}

/** Uniform values in [0, 1), seeded. @example `rand([2], { seed: 1 })` */
export function rand<const S extends Shape>(shape: S, options?: RandomOptions): Tensor<Dims<S>> {
  return uniformIn('rand', shape, 0, 1, options);
}

/** Standard normal values, seeded. @example `randn([2, 2], { seed: 1 })` */
export function randn<const S extends Shape>(shape: S, options?: RandomOptions): Tensor<Dims<S>> {
  const { gen } = opts('randn', options, true);
  return make('randn', shape, { dtype: checkDType('randn', options?.dtype) }, (d) => {
    for (let i = 0; i < d.length; i++) d[i] = gen.normal();
  });
}

/** Uniform values in [lo, hi), seeded. @example `uniform([3], -1, 1, { seed: 7 })` */
export function uniform<const S extends Shape>(shape: S, lo: number, hi: number, options?: RandomOptions): Tensor<Dims<S>> {
  return uniformIn('uniform', shape, lo, hi, options);
}

// rand and uniform share this body; `op` keeps each one's name in its errors
function uniformIn<S extends Shape>(op: string, shape: S, lo: number, hi: number, options?: RandomOptions): Tensor<Dims<S>> {
  const { gen } = opts(op, options, true);
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || lo > hi) {
    throw new ValueError(`${op}: lo and hi must be finite with lo ≤ hi; got ${describe(lo)} and ${describe(hi)}`, { op });
  }
  return make(op, shape, { dtype: checkDType(op, options?.dtype) }, (d) => {
    for (let i = 0; i < d.length; i++) d[i] = gen.uniform(lo, hi);
  });
}
