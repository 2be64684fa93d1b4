/**
 * Series input shared by the SVG line chart and the terminal chart: validation, splitting
 * into drawable runs at gaps, and the note that reports the gaps.
 * @module
 */
import { ValueError, describe } from '../errors.js';
import { checkOptions } from '../options.js';

/** One curve of a line chart. */
export interface LineSeries {
  /** Shown in the legend. */
  readonly name: string;
  /**
   * The y values, point j at x[j] (or at j). With `log10` they are base-10 logarithms;
   * `-Infinity` (an exact zero), `NaN` and `+Infinity` are drawn as gaps.
   */
  readonly values: readonly number[];
  /**
   * Draw the curve dashed.
   * @defaultValue false (true for the 9th series on, whose colour repeats)
   */
  readonly dash?: boolean;
}

/** Checks that `v` is an array of numbers (NaN and ±Infinity allowed). */
export function checkNumbers(op: string, arg: string, v: unknown): readonly number[] {
  if (!Array.isArray(v)) throw new ValueError(`${op}: ${arg} must be an array of numbers; got ${describe(v)}`, { op, arg });
  for (let i = 0; i < v.length; i++) {
    if (typeof v[i] !== 'number') {
      throw new ValueError(`${op}: ${arg}[${i}] must be a number; got ${describe(v[i])}`, { op, arg });
    }
  }
  return v as readonly number[];
}

/** Validates a list of series. */
export function checkSeries(op: string, v: unknown): readonly LineSeries[] {
  if (!Array.isArray(v)) throw new ValueError(`${op}: series must be an array of {name, values}; got ${describe(v)}`, { op, arg: 'series' });
  return v.map((s: unknown, i) => {
    const arg = `series[${i}]`;
    if (typeof s !== 'object' || s === null || Array.isArray(s)) {
      throw new ValueError(`${op}: ${arg} must be an object {name, values}; got ${describe(s)}`, { op, arg });
    }
    checkOptions(op, s, ['name', 'values', 'dash']);
    const r = s as { name?: unknown; values?: unknown; dash?: unknown };
    if (typeof r.name !== 'string') throw new ValueError(`${op}: ${arg}.name must be a string; got ${describe(r.name)}`, { op, arg });
    if (r.dash !== undefined && typeof r.dash !== 'boolean') {
      throw new ValueError(`${op}: ${arg}.dash must be a boolean; got ${describe(r.dash)}`, { op, arg });
    }
    checkNumbers(op, `${arg}.values`, r.values);
    return s as LineSeries;
  });
}

/** Validates `x` against the series: finite, and at least as long as the longest series. */
export function checkX(op: string, x: unknown, series: readonly LineSeries[]): readonly number[] {
  const n = Math.max(0, ...series.map((s) => s.values.length));
  if (x === undefined) return Array.from({ length: n }, (_, j) => j);
  const xs = checkNumbers(op, 'x', x);
  const bad = xs.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) throw new ValueError(`${op}: x must be finite; got x[${bad}] = ${xs[bad]}`, { op, arg: 'x' });
  if (xs.length < n) {
    throw new ValueError(`${op}: x must have one entry per point; got ${xs.length} entries for a series of ${n} points`, { op, arg: 'x' });
  }
  return xs;
}

/**
 * The largest magnitude accepted as a base-10 logarithm. Log-norms of long products reach
 * thousands of decades; beyond 1e12 a value is not a logarithm but a mistake (raw values
 * passed with `log10: true`), and decade ticks could no longer be told apart in float64.
 */
export const LOG10_LIMIT = 1e12;

/** Rejects log10 values beyond ±{@link LOG10_LIMIT}. */
export function checkLogRange(op: string, arg: string, values: Iterable<number>): void {
  for (const v of values) {
    if (Number.isFinite(v) && Math.abs(v) > LOG10_LIMIT) {
      throw new ValueError(`${op}: ${arg} with log10: true must be base-10 logarithms within ±1e12; got ${v} (were raw values passed?)`, { op, arg });
    }
  }
}

/** The error for a range a linear axis cannot draw in float64 (near ±1.8e308). */
export function linearRangeError(op: string, arg: string, min: number, max: number, hint: string): ValueError {
  return new ValueError(`${op}: ${arg} span a range a linear axis cannot draw in float64; got ${min} to ${max}${hint}`, { op, arg });
}

/** A point of a drawable run. */
export interface Point {
  readonly x: number;
  readonly y: number;
}

/** Splits a series into runs of consecutive finite values; non-finite values end a run. */
export function finiteRuns(values: readonly number[], x: readonly number[]): Point[][] {
  const runs: Point[][] = [];
  let run: Point[] = [];
  values.forEach((y, j) => {
    const xj = x[j];
    if (Number.isFinite(y) && xj !== undefined) {
      run.push({ x: xj, y });
    } else if (run.length > 0) {
      runs.push(run);
      run = [];
    }
  });
  if (run.length > 0) runs.push(run);
  return runs;
}

/** Counts of the values that are drawn as gaps. */
export interface GapCounts {
  readonly negInf: number;
  readonly posInf: number;
  readonly nan: number;
}

/** Counts the non-finite values of all series. */
export function countGaps(values: Iterable<number>): GapCounts {
  let negInf = 0;
  let posInf = 0;
  let nan = 0;
  for (const v of values) {
    if (v === -Infinity) negInf++;
    else if (v === Infinity) posInf++;
    else if (Number.isNaN(v)) nan++;
  }
  return { negInf, posInf, nan };
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * A sentence saying which points are not drawn, or '' when all are finite. With `log10`,
 * −∞ is an exact zero of the underlying quantity.
 */
export function gapNote(g: GapCounts, log10: boolean, what = 'point'): string {
  const parts: string[] = [];
  if (log10 && g.negInf > 0) parts.push(`${plural(g.negInf, `${what} is exactly 0`, `${what}s are exactly 0`)} (log10 = −∞)`);
  const inf = g.posInf + (log10 ? 0 : g.negInf);
  if (inf > 0) parts.push(`${plural(inf, `${what} is infinite`, `${what}s are infinite`)}`);
  if (g.nan > 0) parts.push(`${plural(g.nan, `${what} is not a number`, `${what}s are not a number`)}`);
  return parts.length === 0 ? '' : `Not drawn (gaps): ${parts.join('; ')}.`;
}
