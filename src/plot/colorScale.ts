/**
 * The colour side of the heatmap: which cells are masked, the colour domain, the viridis
 * mapping and the colour bar.
 * @module
 */
import { formatNumber, px } from './format.js';
import { MASK_COLOR, viridis } from './palette.js';
import { type Axis, type Tick, extent, linearAxis, niceStep } from './scale.js';
import { type Frame, text, tickLabel } from './svg.js';

/** How cell values become colours. */
export interface ColorMode {
  /** The values are base-10 logarithms already. */
  readonly log10: boolean;
  /** Colour raw values by their logarithm. */
  readonly logScale: boolean;
}

/** Why a cell is masked, or null when it is coloured. */
export type MaskReason = 'zero' | 'negative' | 'nan' | 'infinite' | null;

/** The value of a cell in colour units (log10 units on a log scale), or why it is masked. */
export function colorUnit(v: number, m: ColorMode): number | MaskReason {
  if (Number.isNaN(v)) return 'nan';
  if (m.log10) return Number.isFinite(v) ? v : v === -Infinity ? 'zero' : 'infinite';
  if (!Number.isFinite(v)) return 'infinite';
  if (!m.logScale) return v;
  if (v === 0) return 'zero';
  return v < 0 ? 'negative' : Math.log10(v);
}

function isNumber(u: number | MaskReason): u is number {
  return typeof u === 'number';
}

/** A colour domain and the colour of any cell. */
export interface ColorScale {
  readonly axis: Axis;
  /** `#rrggbb` for a value in colour units. */
  color(u: number): string;
}

function logColorAxis(lo: number, hi: number, maxTicks: number): Axis {
  const step = Math.max(1, Math.round(niceStep((hi - lo) / Math.max(1, maxTicks))));
  const ticks: Tick[] = [];
  for (let i = Math.ceil(lo / step - 1e-9); i * step <= hi + 1e-9; i++) ticks.push({ value: i * step, label: '', exponent: i * step });
  if (ticks.length === 0) {
    // Less than a decade: label both ends with fractional exponents.
    for (const v of [lo, hi]) ticks.push({ value: v, label: '', exponent: Number(v.toFixed(2)) });
  }
  return { lo, hi, ticks, minor: [], log: true };
}

/**
 * The colour scale spanning the unmasked values exactly, so the smallest is viridis(0) and
 * the largest viridis(1); a constant matrix gets a padded domain and the middle colour.
 * Null when a linear domain overflows float64.
 */
export function colorScale(units: readonly (number | MaskReason)[], mode: ColorMode, maxTicks: number): ColorScale | null {
  const [min, max] = extent(units.filter(isNumber)) ?? [0, 1];
  let axis: Axis;
  if (mode.log10 || mode.logScale) {
    const pad = min === max ? 0.5 : 0;
    axis = logColorAxis(min - pad, max + pad, maxTicks);
  } else {
    const linear = linearAxis(min, max, maxTicks, { nice: false, integer: false });
    if (linear === null) return null;
    axis = linear;
  }
  const span = axis.hi - axis.lo;
  return { axis, color: (u) => viridis(span > 0 ? (u - axis.lo) / span : 0.5) };
}

/** Counts masked cells by reason and says so in one sentence ('' when none). */
export function maskNote(units: readonly (number | MaskReason)[], mode: ColorMode): string {
  const n = { zero: 0, negative: 0, nan: 0, infinite: 0 };
  for (const u of units) if (!isNumber(u) && u !== null) n[u]++;
  const parts: string[] = [];
  const log = mode.log10 || mode.logScale;
  if (n.zero > 0) parts.push(`${n.zero} exactly 0${log ? ' (no logarithm)' : ''}`);
  if (n.negative > 0) parts.push(`${n.negative} negative (no logarithm)`);
  if (n.infinite > 0) parts.push(`${n.infinite} infinite`);
  if (n.nan > 0) parts.push(`${n.nan} not a number`);
  return parts.length === 0 ? '' : `Grey cells are masked: ${parts.join(', ')}.`;
}

/** A readable value for a tooltip; in log10 mode the underlying value where float64 holds it. */
export function cellText(v: number, mode: ColorMode): string {
  // Spelled out: the charts never contain the string "NaN", so a stray NaN coordinate is easy to catch.
  if (Number.isNaN(v)) return 'not a number';
  if (!mode.log10) return formatNumber(v);
  if (v === -Infinity) return '0';
  if (Number.isFinite(v) && Math.abs(v) < 300) return formatNumber(10 ** v);
  return Number.isFinite(v) ? `10^${formatNumber(Number(v.toFixed(2)))}` : formatNumber(v);
}

/** A vertical colour bar in `f` (64 bands, top = maximum) with ticks on its right. */
export function colorBarMarkup(scale: ColorScale, f: Frame, masked: boolean): string[] {
  const bands = 64;
  const h = (f.bottom - f.top) / bands;
  const out = ['<g class="colorbar" shape-rendering="crispEdges">'];
  for (let i = 0; i < bands; i++) {
    const fill = viridis(1 - (i + 0.5) / bands);
    out.push(`<rect x="${px(f.left)}" y="${px(f.top + i * h)}" width="${px(f.right - f.left)}" height="${px(h + 0.5)}" fill="${fill}"/>`);
  }
  out.push('</g>', '<g class="colorbar-axis">');
  const { lo, hi } = scale.axis;
  for (const t of scale.axis.ticks) {
    const y = f.bottom - ((t.value - lo) / (hi - lo)) * (f.bottom - f.top);
    out.push(`<line x1="${px(f.right)}" y1="${px(y)}" x2="${px(f.right + 5)}" y2="${px(y)}" stroke="#555555"/>`, tickLabel(t, f.right + 8, y + 4, 'start'));
  }
  out.push('</g>');
  const w = f.right - f.left;
  if (masked) {
    out.push(
      `<rect class="mask-swatch" x="${px(f.left)}" y="${px(f.bottom + 14)}" width="${px(w)}" height="12" fill="${MASK_COLOR}"/>`,
      text('masked', { x: f.right + 6, y: f.bottom + 24, size: 11 }),
    );
  }
  return out;
}
