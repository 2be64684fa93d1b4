/**
 * Axis domains and ticks: "nice" linear ticks (1, 2, 5 × 10^k) and decade ticks for log
 * axes whose values are already base-10 logarithms.
 * @module
 */
import { formatTick, powerOfTen } from './format.js';

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

function clean(v: number): number {
  const r = Number(v.toPrecision(12));
  return r === 0 ? 0 : r;
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
 * does not fit in float64 arithmetic (values near ±1.8e308).
 */
export function linearAxis(min: number, max: number, maxTicks: number, opts: LinearAxisOptions): Axis | null {
  let lo = min;
  let hi = max;
  if (lo === hi) {
    const pad = opts.integer && Number.isInteger(lo) ? 0.5 : Math.abs(lo) * 0.1 || 1;
    lo -= pad;
    hi += pad;
  }
  let step = niceStep((hi - lo) / Math.max(1, maxTicks));
  if (opts.integer) step = Math.max(1, Math.round(step));
  if (opts.nice) {
    lo = Math.floor(lo / step + 1e-9) * step;
    hi = Math.ceil(hi / step - 1e-9) * step;
  }
  if (![lo, hi, step, hi - lo].every(Number.isFinite)) return null;
  const ticks: Tick[] = [];
  for (let i = Math.ceil(lo / step - 1e-9); i <= Math.floor(hi / step + 1e-9); i++) {
    const value = clean(i * step);
    ticks.push({ value, label: formatTick(value, step) });
  }
  return { lo: clean(lo), hi: clean(hi), ticks, minor: [], log: false };
}

/**
 * A log axis for values given as base-10 logarithms: the domain is snapped to whole decades
 * and labelled ticks sit at decades k·step with step in {1, 2, 5} × 10^j ≥ 1, so a curve
 * falling from 10⁰ to 10⁻⁵⁰⁰ gets ticks 10⁰, 10⁻¹⁰⁰, …. Minor ticks mark 2…9 × 10^k when the
 * axis spans at most six decades.
 */
export function logAxis(min: number, max: number, maxTicks: number): Axis {
  const step = Math.max(1, Math.round(niceStep((max - min) / Math.max(1, maxTicks))));
  let lo = Math.floor(min / step + 1e-9) * step;
  let hi = Math.ceil(max / step - 1e-9) * step;
  if (lo === hi) {
    lo -= step;
    hi += step;
  }
  const ticks: Tick[] = [];
  for (let k = lo; k <= hi; k += step) ticks.push({ value: k, label: powerOfTen(k), exponent: k });
  const minor: number[] = [];
  if (step === 1 && hi - lo <= 6) {
    for (let k = lo; k < hi; k++) for (let m = 2; m <= 9; m++) minor.push(k + Math.log10(m));
  }
  return { lo, hi, ticks, minor, log: true };
}

/** The affine map taking [lo, hi] to [p0, p1]. */
export function mapLinear(lo: number, hi: number, p0: number, p1: number): (v: number) => number {
  const k = (p1 - p0) / (hi - lo);
  return (v) => p0 + (v - lo) * k;
}
