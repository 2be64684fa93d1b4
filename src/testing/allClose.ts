/**
 * NumPy-style closeness: `|a − b| ≤ atol + rtol·|b|` element-wise, with broadcasting.
 * @module
 */
import { GradscopeError, ValueError, describe, fmtShape } from '../errors.js';
import { checkOptions } from '../options.js';
import { isTensor } from '../tensor/brand.js';
import { broadcastShapes, sizeOf, stridesOf } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { tensor } from '../tensor/creation.js';
import type { NestedInput } from '../tensor/creation.js';
import { broadcastStrides } from '../tensor/kernels/elementwise.js';

/** Tolerances of {@link allClose}; the defaults are NumPy's. */
export interface AllCloseOptions {
  /** @defaultValue 1e-5 */
  readonly rtol?: number;
  /** @defaultValue 1e-8 */
  readonly atol?: number;
  /**
   * Count NaN as equal to NaN.
   * @defaultValue false
   */
  readonly equalNaN?: boolean;
}

/** Where two tensors differ most. */
export interface CloseReport {
  /** True when every element is within tolerance. */
  readonly ok: boolean;
  /** Largest |a − b|. */
  readonly maxAbsError: number;
  /** Largest |a − b| / |b| (Infinity where b = 0 and a ≠ 0). */
  readonly maxRelError: number;
  /** Index (in the broadcast shape) of the worst violation, or of the largest error when ok. */
  readonly index: number[];
  readonly actual: number;
  readonly expected: number;
}

type Value = Tensor | NestedInput;

function asTensor(op: string, v: unknown, arg: string): Tensor {
  if (isTensor(v)) return v;
  if (typeof v === 'number' || Array.isArray(v)) {
    try {
      return tensor(v as NestedInput);
    } catch (e) {
      if (e instanceof GradscopeError) throw new ValueError(`${op}: ${arg} is not a valid tensor (${e.message})`, { op, arg });
      throw e;
    }
  }
  throw new ValueError(`${op}: ${arg} must be a tensor, a number or nested arrays; got ${describe(v)}`, { op, arg });
}

function tolerance(op: string, v: unknown, arg: string, dflt: number): number {
  if (v === undefined) return dflt;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
    throw new ValueError(`${op}: ${arg} must be a non-negative finite number; got ${describe(v)}`, { op, arg });
  }
  return v;
}

/** Compares `actual` with `expected` element by element and reports the worst place. */
export function compareClose(actual: Value, expected: Value, options: AllCloseOptions = {}, op = 'allClose'): CloseReport {
  const a = asTensor(op, actual, 'actual');
  const b = asTensor(op, expected, 'expected');
  checkOptions(op, options, ['rtol', 'atol', 'equalNaN']);
  const rtol = tolerance(op, options.rtol, 'rtol', 1e-5);
  const atol = tolerance(op, options.atol, 'atol', 1e-8);
  if (options.equalNaN !== undefined && typeof options.equalNaN !== 'boolean') {
    throw new ValueError(`${op}: equalNaN must be a boolean; got ${describe(options.equalNaN)}`, { op, arg: 'equalNaN' });
  }
  const shape = broadcastShapes(op, a.shape, b.shape);
  const sa = broadcastStrides(a.shape, shape);
  const sb = broadcastStrides(b.shape, shape);
  const st = stridesOf(shape);
  let ok = true;
  let maxAbs = 0;
  let maxRel = 0;
  let worst = -1;
  let worstScore = -Infinity;
  for (let i = 0; i < sizeOf(shape); i++) {
    let ia = 0;
    let ib = 0;
    for (let k = 0; k < shape.length; k++) {
      const ik = Math.floor(i / st[k]!) % shape[k]!;
      ia += ik * sa[k]!;
      ib += ik * sb[k]!;
    }
    const x = a.data[ia]!;
    const y = b.data[ib]!;
    let good: boolean;
    let diff: number;
    if (x !== x || y !== y) {
      good = options.equalNaN === true && x !== x && y !== y;
      diff = good ? 0 : NaN;
    } else if (x === y) {
      good = true;
      diff = 0;
    } else {
      diff = Math.abs(x - y);
      // an infinity is close only to itself (as NumPy): rtol·|∞| would otherwise accept anything
      good = Number.isFinite(x) && Number.isFinite(y) && diff <= atol + rtol * Math.abs(y);
    }
    const rel = diff === 0 ? 0 : diff / Math.abs(y);
    if (diff === diff) {
      maxAbs = Math.max(maxAbs, diff);
      maxRel = Math.max(maxRel, rel);
    } else {
      maxAbs = NaN;
    }
    // worst = the first failure with the largest excess over tolerance (NaN counts as worst)
    const score = good ? diff - (atol + rtol * Math.abs(y)) - 1e300 : diff === diff ? diff - (atol + rtol * Math.abs(y)) : Infinity;
    if (!good) ok = false;
    if (score > worstScore) {
      worstScore = score;
      worst = i;
    }
  }
  const index = worst < 0 ? [] : shape.map((d, k) => Math.floor(worst / st[k]!) % d);
  const pick = (t: Tensor, s: number[]): number => t.data[index.reduce((o, ik, k) => o + ik * s[k]!, 0)] ?? NaN;
  return { ok, maxAbsError: maxAbs, maxRelError: maxRel, index, actual: pick(a, sa), expected: pick(b, sb) };
}

/**
 * True when `actual` and `expected` agree within `atol + rtol·|expected|` everywhere
 * (NumPy's `allclose`, with broadcasting).
 * @example
 * ```ts
 * allClose(tensor([1, 2]), [1, 2 + 1e-9]); // true
 * ```
 */
export function allClose(actual: Value, expected: Value, options: AllCloseOptions = {}): boolean {
  return compareClose(actual, expected, options).ok;
}

/**
 * Throws a ValueError naming the worst element when `actual` and `expected` are not close.
 * @example
 * ```ts
 * assertAllClose(grad(f)(x), expectedGrad, { atol: 1e-10 });
 * ```
 */
export function assertAllClose(actual: Value, expected: Value, options: AllCloseOptions = {}): void {
  const r = compareClose(actual, expected, options, 'assertAllClose');
  if (r.ok) return;
  const a = asTensor('assertAllClose', actual, 'actual');
  const b = asTensor('assertAllClose', expected, 'expected');
  throw new ValueError(
    `assertAllClose: values differ beyond atol ${options.atol ?? 1e-8} + rtol ${options.rtol ?? 1e-5}·|expected|; ` +
      `worst at index [${r.index.join(', ')}]: got ${r.actual}, expected ${r.expected} ` +
      `(max abs error ${r.maxAbsError}, max rel error ${r.maxRelError}; shapes ${fmtShape(a.shape)} and ${fmtShape(b.shape)})`,
    { op: 'assertAllClose' },
  );
}
