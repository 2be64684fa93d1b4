/**
 * Option checks shared by the arbitraries: each names the arbitrary and the option at fault.
 * @module
 */
import { ValueError, describe } from '../errors.js';

/** An integer option in [lo, hi], or its default when absent. */
export function intOption(op: string, name: string, v: unknown, dflt: number, lo = 0, hi = Number.MAX_SAFE_INTEGER): number {
  if (v === undefined) return dflt;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < lo || v > hi) {
    const range = hi === Number.MAX_SAFE_INTEGER ? `≥ ${lo}` : `in [${lo}, ${hi}]`;
    throw new ValueError(`${op}: ${name} must be an integer ${range}; got ${describe(v)}`, { op, arg: name });
  }
  return v;
}

/** A finite number option, or its default when absent. */
export function finiteOption(op: string, name: string, v: unknown, dflt: number): number {
  if (v === undefined) return dflt;
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    throw new ValueError(`${op}: ${name} must be a finite number; got ${describe(v)}`, { op, arg: name });
  }
  return v;
}

/** A boolean option, or its default when absent. */
export function boolOption(op: string, name: string, v: unknown, dflt: boolean): boolean {
  if (v === undefined) return dflt;
  if (typeof v !== 'boolean') throw new ValueError(`${op}: ${name} must be a boolean; got ${describe(v)}`, { op, arg: name });
  return v;
}

/** The most elements one generated tensor may have (a larger draw would exhaust memory, not throw). */
export const MAX_DRAW_ELEMENTS = 2 ** 24;

/** Throws a ValueError naming `op` when the largest tensor it could draw is over {@link MAX_DRAW_ELEMENTS}. */
export function checkDrawSize(op: string, n: number): void {
  if (n > MAX_DRAW_ELEMENTS) throw new ValueError(`${op}: the largest tensor it could draw has ${n} elements, more than ${MAX_DRAW_ELEMENTS}; lower the sizes`, { op });
}

/** Checks that a lower bound does not exceed its upper bound. */
export function ordered(op: string, loName: string, lo: number, hiName: string, hi: number): void {
  if (lo > hi) throw new ValueError(`${op}: ${loName} must not exceed ${hiName}; got ${loName} ${lo} and ${hiName} ${hi}`, { op, arg: loName });
}

/** A dimension given as a fixed size or an inclusive `{ min, max }` range. */
export type DimRange = number | { readonly min: number; readonly max: number };

/** Reads a {@link DimRange} option as `[min, max]`. */
export function dimRange(op: string, name: string, v: unknown, dflt: readonly [number, number], lo = 0): [number, number] {
  if (v === undefined) return [dflt[0], dflt[1]];
  if (typeof v === 'number') {
    const n = intOption(op, name, v, 0, lo);
    return [n, n];
  }
  if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
    const r = v as { min?: unknown; max?: unknown };
    const extra = Object.keys(r).find((k) => k !== 'min' && k !== 'max');
    if (extra !== undefined) throw new ValueError(`${op}: ${name} has unknown key '${extra}'; expected min and max`, { op, arg: name });
    const min = intOption(op, `${name}.min`, r.min, dflt[0], lo);
    const max = intOption(op, `${name}.max`, r.max, Math.max(dflt[1], min), lo);
    ordered(op, `${name}.min`, min, `${name}.max`, max);
    return [min, max];
  }
  throw new ValueError(`${op}: ${name} must be an integer or a { min, max } range; got ${describe(v)}`, { op, arg: name });
}

/** True for something that looks like a fast-check Arbitrary (works across fast-check copies). */
export function isArbitrary(v: unknown): boolean {
  if (typeof v !== 'object' || v === null) return false;
  const a = v as { generate?: unknown; shrink?: unknown; chain?: unknown };
  return typeof a.generate === 'function' && typeof a.shrink === 'function' && typeof a.chain === 'function';
}
