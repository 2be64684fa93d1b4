/**
 * Multi-series line chart as an SVG string, with a log y axis for gradient norms.
 * @module
 */
import { ValueError } from '../errors.js';
import { px } from './format.js';
import { seriesColor } from './palette.js';
import { type Axis, extent, linearAxis, logAxis, mapLinear } from './scale.js';
import { type LineSeries, checkLogRange, checkSeries, checkX, countGaps, finiteRuns, gapNote, linearRangeError } from './series.js';
import {
  type Frame,
  axisTitles,
  checkDimension,
  checkSpec,
  checkFlag,
  checkText,
  legendMarkup,
  noteMarkup,
  svgDocument,
  text,
  textWidth,
  tickWidth,
  titleMarkup,
  xAxisMarkup,
  yAxisMarkup,
} from './svg.js';

/** What {@link lineChart} draws. */
export interface LineChartOptions {
  /** The curves; each gets a colour from the Okabe–Ito palette and a legend entry. */
  readonly series: readonly LineSeries[];
  /**
   * x position of point j of every series; finite, at least as long as the longest series.
   * @defaultValue the index j (0, 1, 2, …)
   */
  readonly x?: readonly number[];
  /**
   * The values are base-10 logarithms (as the inspection layer returns norm curves): the y
   * axis is a log scale labelled 10^k at whole decades.
   * @defaultValue false (a linear y axis)
   */
  readonly log10?: boolean;
  /** @defaultValue no title */
  readonly title?: string;
  /** @defaultValue no x-axis title */
  readonly xLabel?: string;
  /** @defaultValue no y-axis title */
  readonly yLabel?: string;
  /** @defaultValue 720 */
  readonly width?: number;
  /** @defaultValue 400 */
  readonly height?: number;
}

const OPTION_KEYS = ['series', 'x', 'log10', 'title', 'xLabel', 'yLabel', 'width', 'height'];

function yAxisFor(op: string, values: readonly number[], log10: boolean, maxTicks: number): Axis {
  const [min, max] = extent(values) ?? (log10 ? [-1, 0] : [0, 1]);
  if (log10) return logAxis(min, max, maxTicks);
  const axis = linearAxis(min, max, maxTicks, { nice: true, integer: false });
  if (axis === null) {
    throw linearRangeError(op, 'series', min, max, '; pass log10 values with log10: true');
  }
  return axis;
}

function pathData(runs: readonly { x: number; y: number }[][], mx: (v: number) => number, my: (v: number) => number): string {
  return runs
    .map((run) => {
      const pts = run.map((p) => `${px(mx(p.x))},${px(my(p.y))}`);
      const p = run[0];
      if (run.length > 1 || p === undefined) return `M${pts.join('L')}`;
      // An isolated point becomes a small ring (r = 2.5 px), still inside the series' one path.
      const x = mx(p.x);
      return `M${px(x - 2.5)},${px(my(p.y))}a2.5,2.5 0 1,0 5,0a2.5,2.5 0 1,0 -5,0`;
    })
    .join('');
}

/**
 * Draws one or more curves as an SVG line chart: axes with tick labels and titles, a
 * legend, Okabe–Ito colours, a `<title>`/`aria-label`, and a viewBox so it scales.
 *
 * With `log10: true` the values are base-10 logarithms (norm curves span hundreds of decades,
 * 0.25^500 underflows float64, so they arrive as logs): the y axis is labelled 10^k at
 * integer decades, thinned to about one label per 40 px (10⁰, 10⁻⁵⁰, 10⁻¹⁰⁰, …). Non-finite
 * values (`-Infinity` = an exact zero, `NaN`, `+Infinity`) break the curve and are counted
 * in a note under the chart. Each series is exactly one `<path class="series">`.
 *
 * @param options - the series and how to draw them; see {@link LineChartOptions}.
 * @returns a standalone SVG document as a string.
 * @throws ValueError for an unknown option, a series that is not `{name, values}` with
 *   numeric values, a non-finite or too short `x`, a width below 200 or height below 150 px,
 *   or (linear axis only) values whose range overflows float64.
 * @example
 * ```ts
 * import { lineChart } from 'gradscope/plot';
 * const svg = lineChart({
 *   series: [{ name: 'sigmoid RNN', values: [0, -0.6, -1.2, -1.8] }],
 *   log10: true, xLabel: 't', yLabel: '‖∂E/∂h_t‖',
 * });
 * ```
 */
export function lineChart(options: LineChartOptions): string {
  const op = 'lineChart';
  checkSpec(op, options, OPTION_KEYS);
  const series = checkSeries(op, options.series);
  const xs = checkX(op, options.x, series);
  const log10 = checkFlag(op, 'log10', options.log10);
  const title = checkText(op, 'title', options.title);
  const xLabel = checkText(op, 'xLabel', options.xLabel);
  const yLabel = checkText(op, 'yLabel', options.yLabel);
  const W = checkDimension(op, 'width', options.width, 720, 200);
  const H = checkDimension(op, 'height', options.height, 400, 150);

  const all = series.flatMap((s) => s.values);
  if (log10) checkLogRange(op, 'series', all);
  const note = gapNote(countGaps(all), log10);
  const top = title ? 40 : 16;
  const bottom = H - (28 + (xLabel ? 22 : 0) + (note ? 20 : 0) + 8);
  const yAxis = yAxisFor(op, all, log10, Math.max(2, Math.floor((bottom - top) / 40)));
  const labelW = Math.max(0, ...yAxis.ticks.map((t) => tickWidth(t, 12)));
  const left = 12 + (yLabel ? 22 : 0) + labelW + 10;
  const items = series.map((s, i) => ({
    name: s.values.some(Number.isFinite) ? s.name : `${s.name} (no data)`,
    color: seriesColor(i),
    dash: s.dash ?? i >= 8,
  }));
  const legendW = items.length === 0 ? 0 : Math.min(W * 0.3, 44 + Math.max(...items.map((it) => textWidth(it.name, 12))));
  const right = W - 16 - legendW;
  if (right - left < 60) throw new ValueError(`${op}: width ${W} leaves no room for the plot; got names up to ${Math.round(legendW)} px wide`, { op, arg: 'width' });
  const f: Frame = { left, right, top, bottom };

  const used = xs.slice(0, Math.max(0, ...series.map((s) => s.values.length)));
  const [xMin, xMax] = extent(used) ?? [0, 1];
  const integer = used.every(Number.isInteger);
  const xAxis = linearAxis(xMin, xMax, Math.max(2, Math.floor((right - left) / 70)), { nice: false, integer });
  if (xAxis === null) throw linearRangeError(op, 'x', xMin, xMax, '');
  const mx = mapLinear(xAxis.lo, xAxis.hi, left, right);
  const my = mapLinear(yAxis.lo, yAxis.hi, bottom, top);

  const paths = series.map((s, i) => {
    const it = items[i]!;
    const dash = it.dash ? ' stroke-dasharray="6 4"' : '';
    const d = pathData(finiteRuns(s.values, xs), mx, my);
    return `<path class="series" d="${d}" fill="none" stroke="${it.color}" stroke-width="2" stroke-linejoin="round" stroke-linecap="round"${dash}/>`;
  });
  const empty = !all.some(Number.isFinite);
  const body = [
    ...titleMarkup(title, W),
    ...yAxisMarkup(yAxis, f, my),
    ...xAxisMarkup(xAxis, f, mx),
    ...axisTitles(f, xLabel, yLabel, 14),
    '<g class="series-group">',
    ...paths,
    '</g>',
    ...(empty ? [text('no data', { x: (left + right) / 2, y: (top + bottom) / 2, anchor: 'middle', size: 14, fill: '#555555', cls: 'no-data' })] : []),
    ...legendMarkup(items, right + 16, top + 6, legendW, bottom - top),
    ...noteMarkup(note, left, H - 10),
  ];
  const names = series.map((s) => s.name).join(', ');
  const yDesc = log10 ? `log scale from 10^${yAxis.lo} to 10^${yAxis.hi}` : `linear from ${yAxis.lo} to ${yAxis.hi}`;
  return svgDocument({
    width: W,
    height: H,
    label: title || `Line chart: ${names || 'no series'}`,
    desc: `Line chart of ${series.length} series${names ? ` (${names})` : ''}; x from ${xAxis.lo} to ${xAxis.hi}; y ${yDesc}. ${note}`.trim(),
    body,
  });
}
