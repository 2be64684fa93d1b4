/**
 * Number formatting for tick labels, tooltips and tables, and coordinates that can never
 * print as NaN.
 * @module
 */
import { internal } from '../errors.js';

/** The typographic minus sign used in labels. */
export const MINUS = '\u2212';

const SUPERSCRIPT: Readonly<Record<string, string>> = {
  '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹', '-': '⁻',
};

/** `10^k` in plain text with Unicode superscripts: `10⁻⁵⁰`. */
export function powerOfTen(k: number): string {
  return `10${[...String(k)].map((ch) => SUPERSCRIPT[ch] ?? ch).join('')}`;
}

/** Replaces an ASCII hyphen-minus used as a sign with the typographic minus. */
export function withMinus(text: string): string {
  return text.replace(/(^|e)-/g, `$1${MINUS}`);
}

/**
 * Exponent notation with at most `digits` decimals and no trailing zeros: `1.5e-7`,
 * `1.798e308` (formatted from the string, so rounding can never overflow to Infinity).
 */
function shortExp(v: number, digits: number): string {
  const [m = '0', e = '0'] = v.toExponential(digits).split('e');
  const mant = m.includes('.') ? m.replace(/0+$/, '').replace(/\.$/, '') : m;
  return withMinus(`${mant}e${Number(e)}`);
}

/**
 * A tick label for `v` on an axis whose ticks are `step` apart: as many decimals as the step
 * needs (no `0.30000000000000004`), exponent notation for very large or small magnitudes.
 */
export function formatTick(v: number, step: number): string {
  if (v === 0) return '0';
  const mag = Math.max(Math.abs(v), step);
  if (mag >= 1e6 || step < 1e-4) return shortExp(v, 11);
  const decimals = Math.max(0, Math.ceil(-Math.log10(step) - 1e-9));
  return withMinus(v.toFixed(Math.min(decimals, 20)));
}

/**
 * A short, readable rendering of any number for tables and tooltips: 4 significant digits,
 * exponent notation outside [1e-3, 1e6), `NaN`, `∞`, `−∞`.
 */
export function formatNumber(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '∞';
  if (v === -Infinity) return `${MINUS}∞`;
  if (Number.isInteger(v) && Math.abs(v) < 1e15) return withMinus(String(v));
  const a = Math.abs(v);
  if (a >= 1e6 || a < 1e-3) return shortExp(v, 3);
  return withMinus(String(Number(v.toPrecision(4))));
}

/**
 * A coordinate for SVG markup, rounded to 0.01 px. Throws a `gradscope internal:` error for a
 * non-finite value so that no chart can ever contain `NaN` or `Infinity`.
 */
export function px(v: number): string {
  if (!Number.isFinite(v)) internal('plot', `non-finite coordinate ${v}`);
  const r = Math.round(v * 100) / 100;
  return String(r === 0 ? 0 : r);
}
