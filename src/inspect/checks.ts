/**
 * Argument checks of the GradientTrace methods: times, spans, samples, blocks and vectors.
 * @module
 */
import { DTypeError, ShapeError, ValueError, describe, fmtShape } from '../errors.js';
import { isTensor } from '../tensor/brand.js';
import type { DType } from '../tensor/dtype.js';

/** A time index in [min, T]. */
export function checkTime(T: number, op: string, t: unknown, arg: string, min = 0): void {
  if (typeof t !== 'number' || !Number.isInteger(t) || t < min || t > T) {
    throw new ValueError(`${op}: ${arg} must be an integer in [${min}, ${T}]; got ${describe(t)}`, { op, arg });
  }
}

/** Two time indices with s ≤ t. */
export function checkSpan(T: number, op: string, s: unknown, t: unknown): void {
  checkTime(T, op, t, 't');
  checkTime(T, op, s, 's');
  if ((s as number) > (t as number)) throw new ValueError(`${op}: s must not exceed t; got s ${String(s)} and t ${String(t)}`, { op, arg: 's' });
}

/** A batch sample index (default 0). */
export function checkSample(B: number, op: string, sample: unknown): number {
  const b = sample ?? 0;
  if (typeof b !== 'number' || !Number.isInteger(b) || b < 0 || b >= B) {
    throw new ValueError(`${op}: sample must be an integer in [0, ${B - 1}]; got ${describe(sample)}`, { op, arg: 'sample' });
  }
  return b;
}

/** A `[toKey, fromKey]` block of the state Jacobian, as part indices. */
export function checkBlock(keys: readonly string[], op: string, block: unknown): [number, number] | undefined {
  if (block === undefined) return undefined;
  if (!Array.isArray(block) || block.length !== 2 || !keys.includes(block[0] as string) || !keys.includes(block[1] as string)) {
    throw new ValueError(`${op}: block must be [toKey, fromKey] with keys from ${keys.join(', ')}; got ${describe(block)}`, { op, arg: 'block' });
  }
  return [keys.indexOf(block[0] as string), keys.indexOf(block[1] as string)];
}

/** A state-vector tensor `[B, S]` of the trace's dtype. */
export function checkVector(op: string, v: unknown, B: number, S: number, dtype: DType): void {
  if (!isTensor(v) || v.rank !== 2 || v.shape[0] !== B || v.shape[1] !== S) {
    throw new ShapeError(`${op}: v must be [B, S] = [${B}, ${S}]; got ${describe(v)}`, { op, arg: 'v' });
  }
  if (v.dtype !== dtype) throw new DTypeError(`${op}: v must be ${dtype}; got ${v.dtype} ${fmtShape(v.shape)}`, { op, arg: 'v' });
}

/** Checks an optional boolean option `log10`. */
export function checkLog10(op: string, v: unknown): boolean {
  if (v !== undefined && typeof v !== 'boolean') throw new ValueError(`${op}: log10 must be a boolean; got ${describe(v)}`, { op, arg: 'log10' });
  return v === true;
}
