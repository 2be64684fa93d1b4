/**
 * Axis domains and ticks: "nice" linear ticks (1, 2, 5 × 10^k) and decade ticks for log
 * axes whose values are already base-10 logarithms.
 * @module
 */
import { internal } from '../errors.js';
import { formatTick, powerOfTen } from './format.js';

/** A guard against runaway loops: no axis has this many ticks. */
const MAX_TICKS = 1000;
/** The narrowest span a linear axis draws; anything narrower is widened to it. */
const MIN_SPAN = 1e-300;

/** One labelled tick. */
export interface Tick {
  /** Position in axis units (log10 units on a log axis). */
  readonly value: number;
  /** Plain-text label (`10⁻⁵⁰` on a log axis). */
  readonly label: string;
  /** On a log axis, the decade k of the label `10^k`. */
  readonly exponent?: number;
}

/** A computed axis: its domain, labelled ticks and unlabelled minor ticks. */
export interface Axis {
  readonly lo: number;
  readonly hi: number;
  readonly ticks: readonly Tick[];
  readonly minor: readonly number[];
  readonly log: boolean;
}

/** Smallest and largest finite value (loops, so arrays of any length work), or null if none. */
export function extent(values: Iterable<number>): [number, number] | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo <= hi ? [lo, hi] : null;
}

/** The smallest step in {1, 2, 5} × 10^k that is at least `raw`. */
export function niceStep(raw: number): number {
  if (!(raw > 0) || !Number.isFinite(raw)) return 1;
  const power = 10 ** Math.floor(Math.log10(raw));
  for (const f of [1, 2, 5, 10]) if (f * power >= raw * (1 - 1e-12)) return f * power;
  return 10 * power;
}

/** Options of {@link linearAxis}. */
export interface LinearAxisOptions {
  /** Extend the domain outward to whole steps. */
  readonly nice: boolean;
  /** Ticks only at integers (time steps, indices). */
  readonly integer: boolean;
}

/**
 * A linear axis over [min, max] with at most about `maxTicks` ticks, or null when the range
 * does not fit in float64 arithmetic (values near ±1.8e308). Spans under 1e-300 are widened.
 */
export function linearAxis(min: number, max: number, maxTicks: number, opts: LinearAxisOptions): Axis | null {
  let lo = min;
  let hi = max;
  if (lo === hi) {
    const pad = opts.integer && Number.isInteger(lo) ? 0.5 : Math.abs(lo) * 0.1 || 1;
    lo -= pad;
    hi += pad;
  }
  if (hi - lo < MIN_SPAN) {
    // A subnormal span cannot be divided into ticks: widen it around its middle.
    const mid = lo / 2 + hi / 2;
    lo = mid - MIN_SPAN;
    hi = mid + MIN_SPAN;
  }
  let step = niceStep((hi - lo) / Math.max(1, maxTicks));
  if (opts.integer) step = Math.max(1, Math.round(step));
  if (opts.nice) {
    lo = Math.floor(lo / step + 1e-9) * step;
    hi = Math.ceil(hi / step - 1e-9) * step;
    if (hi <= lo) hi = lo + step;
  }
  const first = Math.ceil(lo / step - 1e-9);
  const last = Math.floor(hi / step + 1e-9);
  // Ranges near ±1.8e308 overflow: float64 cannot space ticks there.
  if (![lo, hi, step, hi - lo].every(Number.isFinite) || !(hi > lo) || !(step > 0) || !(last - first <= MAX_TICKS)) return null;
  const ticks: Tick[] = [];
  for (let i = first; i <= last; i++) {
    // Positions use i·step as is; the label rounds away float noise (0.30000000000000004).
    const value = i * step;
    ticks.push({ value, label: formatTick(value, step) });
  }
  return { lo, hi, ticks, minor: [], log: false };
}

/**
 * A log axis for values given as base-10 logarithms: the domain is snapped to whole decades
 * and labelled ticks sit at decades k·step with step in {1, 2, 5} × 10^j ≥ 1, so a curve
 * falling from 10⁰ to 10⁻⁵⁰⁰ gets ticks 10⁰, 10⁻¹⁰⁰, …. Minor ticks mark 2…9 × 10^k when the
 * axis spans at most six decades. Callers keep |min|, |max| ≤ LOG10_LIMIT.
 */
export function logAxis(min: number, max: number, maxTicks: number): Axis {
  const step = Math.max(1, Math.round(niceStep((max - min) / Math.max(1, maxTicks))));
  let lo = Math.floor(min / step + 1e-9) * step;
  let hi = Math.ceil(max / step - 1e-9) * step;
  if (lo === hi) {
    lo -= step;
    hi += step;
  }
  if ((hi - lo) / step > MAX_TICKS || lo - step === lo) internal('logAxis', `decades [${lo}, ${hi}] beyond LOG10_LIMIT`);
  const ticks: Tick[] = [];
  for (let i = lo / step; i <= hi / step; i++) ticks.push({ value: i * step, label: powerOfTen(i * step), exponent: i * step });
  const minor: number[] = [];
  if (step === 1 && hi - lo <= 6) {
    for (let k = lo; k < hi; k++) for (let m = 2; m <= 9; m++) minor.push(k + Math.log10(m));
  }
  return { lo, hi, ticks, minor, log: true };
}

/**
 * The affine map taking [lo, hi] to [p0, p1]; the fraction is taken first, so a tiny span
 * (pixels per unit beyond float64) still maps to finite pixels.
 */
export function mapLinear(lo: number, hi: number, p0: number, p1: number): (v: number) => number {
  const span = hi - lo;
  return (v) => p0 + ((v - lo) / span) * (p1 - p0);
}
