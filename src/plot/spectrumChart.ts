/**
 * Stem chart of singular values σ_1 ≥ σ_2 ≥ … as an SVG string.
 * @module
 */
import { ValueError, describe } from '../errors.js';
import { px } from './format.js';
import { palette } from './palette.js';
import { type Axis, extent, linearAxis, logAxis, mapLinear } from './scale.js';
import { checkLogRange, checkNumbers, countGaps, gapNote, linearRangeError } from './series.js';
import {
  axisTitles,
  checkDimension,
  checkFlag,
  checkSpec,
  checkText,
  noteMarkup,
  svgDocument,
  text,
  tickWidth,
  titleMarkup,
  xAxisMarkup,
  yAxisMarkup,
} from './svg.js';

/** What {@link spectrumChart} draws. */
export interface SpectrumChartOptions {
  /** Singular values σ_1, σ_2, … (usually descending), or their base-10 logs with `log10`. */
  readonly values: readonly number[];
  /**
   * The values are base-10 logarithms (`-Infinity` for σ = 0).
   * @defaultValue false
   */
  readonly log10?: boolean;
  /**
   * The y axis. `'linear'` needs raw values (not `log10`).
   * @defaultValue 'log'
   */
  readonly scale?: 'log' | 'linear';
  /** @defaultValue no title */
  readonly title?: string;
  /** @defaultValue 'i' */
  readonly xLabel?: string;
  /** @defaultValue 'σ_i' */
  readonly yLabel?: string;
  /** @defaultValue 560 */
  readonly width?: number;
  /** @defaultValue 360 */
  readonly height?: number;
}

const OPTION_KEYS = ['values', 'log10', 'scale', 'title', 'xLabel', 'yLabel', 'width', 'height'];
const COLOR = palette[0] ?? '#0072B2';

/**
 * Draws a singular value spectrum as stems: σ_i against i = 1…n, on a log y axis by default
 * (labelled 10^k), with a dashed reference line at σ = 1 — factors above it grow a gradient,
 * factors below it shrink it. σ = 0 (log10 −∞) and NaN are left out and counted in a note.
 * Each drawn value is one `<line class="stem">` and one `<circle class="stem-head">`.
 *
 * @param options - the values and how to draw them; see {@link SpectrumChartOptions}.
 * @returns a standalone SVG document as a string.
 * @throws ValueError for an unknown option, non-numeric or negative raw values, `scale:
 *   'linear'` together with `log10`, or a width/height below 200/150 px.
 * @example
 * ```ts
 * import { spectrumChart } from 'gradscope/plot';
 * const svg = spectrumChart({ values: [2.1, 0.9, 0.03, 1e-6], title: 'σ of ∂h_50/∂h_0' });
 * ```
 */
export function spectrumChart(options: SpectrumChartOptions): string {
  const op = 'spectrumChart';
  checkSpec(op, options, OPTION_KEYS);
  const values = checkNumbers(op, 'values', options.values);
  const log10 = checkFlag(op, 'log10', options.log10);
  const scale = options.scale ?? 'log';
  if (scale !== 'log' && scale !== 'linear') throw new ValueError(`${op}: scale must be 'log' or 'linear'; got ${describe(scale)}`, { op, arg: 'scale' });
  if (log10 && scale === 'linear') {
    throw new ValueError(`${op}: scale 'linear' needs raw values; got log10: true (drop one of them)`, { op, arg: 'scale' });
  }
  const neg = values.findIndex((v) => !log10 && v < 0);
  if (neg >= 0) throw new ValueError(`${op}: singular values are ≥ 0; got values[${neg}] = ${values[neg]}`, { op, arg: 'values' });
  if (log10) checkLogRange(op, 'values', values);
  const title = checkText(op, 'title', options.title);
  const xLabel = checkText(op, 'xLabel', options.xLabel) ?? 'i';
  const yLabel = checkText(op, 'yLabel', options.yLabel) ?? 'σ_i';
  const W = checkDimension(op, 'width', options.width, 560, 200);
  const H = checkDimension(op, 'height', options.height, 360, 150);

  const logAxisWanted = scale === 'log';
  // Everything in axis units: log10 units on a log axis.
  const units = values.map((v) => (log10 || !logAxisWanted ? v : v === 0 ? -Infinity : Math.log10(v)));
  const note = gapNote(countGaps(units), logAxisWanted, 'value');
  const top = title ? 40 : 16;
  const bottom = H - (28 + 22 + (note ? 20 : 0) + 8);
  const maxTicks = Math.max(2, Math.floor((bottom - top) / 40));
  const [min, max] = extent(units) ?? (logAxisWanted ? [-1, 0] : [0, 1]);
  // On a log axis the smallest stem would have length 0 at the domain's edge: leave room below.
  const yAxis: Axis | null = logAxisWanted ? logAxis(min - Math.max(0.5, 0.05 * (max - min)), max, maxTicks) : linearAxis(Math.min(0, min), max, maxTicks, { nice: true, integer: false });
  if (yAxis === null) throw linearRangeError(op, 'values', min, max, "; use scale: 'log'");
  const left = 12 + 22 + Math.max(0, ...yAxis.ticks.map((t) => tickWidth(t, 12))) + 10;
  const right = W - 24;
  const n = Math.max(1, values.length);
  const xTicks = linearAxis(1, n, Math.max(2, Math.floor((right - left) / 60)), { nice: false, integer: true });
  if (xTicks === null) throw new ValueError(`${op}: too many values; got ${values.length}`, { op, arg: 'values' });
  const f = { left, right, top, bottom };
  const mx = mapLinear(0.5, n + 0.5, left, right);
  const my = mapLinear(yAxis.lo, yAxis.hi, bottom, top);

  const stems: string[] = ['<g class="stems">'];
  const base = logAxisWanted ? bottom : my(0);
  units.forEach((u, i) => {
    if (!Number.isFinite(u)) return;
    const x = px(mx(i + 1));
    const y = px(my(u));
    stems.push(
      `<line class="stem" x1="${x}" y1="${px(base)}" x2="${x}" y2="${y}" stroke="${COLOR}" stroke-width="2"/>`,
      `<circle class="stem-head" cx="${x}" cy="${y}" r="4" fill="${COLOR}"/>`,
    );
  });
  stems.push('</g>');
  const one = logAxisWanted ? 0 : 1;
  const ref =
    one > yAxis.lo && one < yAxis.hi
      ? [
          `<line class="reference" x1="${px(left)}" y1="${px(my(one))}" x2="${px(right)}" y2="${px(my(one))}" stroke="#D55E00" stroke-dasharray="5 4"/>`,
          text('σ = 1', { x: right - 4, y: my(one) - 5, anchor: 'end', size: 11, fill: '#D55E00' }),
        ]
      : [];
  const empty = !units.some(Number.isFinite);
  const body = [
    ...titleMarkup(title, W),
    ...yAxisMarkup(yAxis, f, my),
    ...xAxisMarkup(xTicks, f, mx),
    ...axisTitles(f, xLabel, yLabel, 14),
    ...ref,
    ...stems,
    ...(empty ? [text('no data', { x: (left + right) / 2, y: (top + bottom) / 2, anchor: 'middle', size: 14, fill: '#555555', cls: 'no-data' })] : []),
    ...noteMarkup(note, left, H - 10),
  ];
  return svgDocument({
    width: W,
    height: H,
    label: title || `Singular value spectrum of ${values.length} values`,
    desc: `Stem chart of ${values.length} singular values on a ${scale} y axis. ${note}`.trim(),
    body,
  });
}
