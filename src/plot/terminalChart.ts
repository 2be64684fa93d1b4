/**
 * A chart for the terminal: curves drawn with braille dots (or one glyph per series), y labels
 * as powers of ten, x labels and a legend, optionally in ANSI colour.
 * @module
 */
import { ValueError, describe } from '../errors.js';
import { paintAnsi } from './ansi.js';
import { BRAILLE, GLYPH, createCanvas, drawLine, renderRow, setDot } from './canvas.js';
import { seriesColor } from './palette.js';
import { type Axis, extent, linearAxis, logAxis } from './scale.js';
import { type LineSeries, checkLogRange, checkSeries, checkX, countGaps, finiteRuns, gapNote, linearRangeError } from './series.js';
import { checkFlag, checkSpec, checkText } from './svg.js';

/** How {@link terminalChart} draws. */
export interface TerminalChartOptions {
  /**
   * Width of the whole chart in characters (no line is longer).
   * @defaultValue 72
   */
  readonly width?: number;
  /**
   * Height of the whole chart in lines, title and legend included (exactly this many lines).
   * @defaultValue 18
   */
  readonly height?: number;
  /**
   * The values are base-10 logarithms: y labels are powers of ten (10⁰, 10⁻⁵⁰, …).
   * @defaultValue false
   */
  readonly log10?: boolean;
  /**
   * Colour each series with ANSI codes (Okabe–Ito in xterm-256 colours).
   * @defaultValue false
   */
  readonly color?: boolean;
  /** x position of point j. @defaultValue the index j */
  readonly x?: readonly number[];
  /** A first line, centred. @defaultValue none */
  readonly title?: string;
  /**
   * `'braille'`: 2 × 4 dots per character, smooth curves, series told apart by colour;
   * `'glyph'`: one character per point, a different glyph (`* + x o # @ % &`) per series.
   * @defaultValue `'braille'` with colour or a single series, `'glyph'` otherwise
   */
  readonly style?: 'braille' | 'glyph';
}

const OPTION_KEYS = ['width', 'height', 'log10', 'color', 'x', 'title', 'style'];
const GLYPHS = ['*', '+', 'x', 'o', '#', '@', '%', '&'];

function checkCount(op: string, arg: string, v: unknown, fallback: number, min: number): number {
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > 10000) {
    throw new ValueError(`${op}: ${arg} must be a whole number of characters from ${min} to 10000; got ${describe(v)}`, { op, arg });
  }
  return v;
}

function fit(text: string, width: number): string {
  const chars = [...text];
  return chars.length <= width ? text : `${chars.slice(0, Math.max(0, width - 1)).join('')}…`;
}

/** Wraps `text` at spaces into lines no wider than `width`. */
function wrap(text: string, width: number): string[] {
  return packLegend(text.split(' ').map((w) => ({ plain: fit(w, width), painted: fit(w, width) })), width, ' ');
}

/** Packs legend items (plain text, painted text) into lines no wider than `width`. */
function packLegend(items: readonly { plain: string; painted: string }[], width: number, sep = '   '): string[] {
  const lines: string[] = [];
  let line = '';
  let used = 0;
  for (const it of items) {
    const w = [...it.plain].length;
    if (used > 0 && used + sep.length + w > width) {
      lines.push(line);
      line = '';
      used = 0;
    }
    line += (used > 0 ? sep : '') + it.painted;
    used += (used > 0 ? sep.length : 0) + w;
  }
  if (used > 0) lines.push(line);
  return lines;
}

/** Labels placed centred at columns, dropped where they would touch a neighbour. */
function placeLabels(labels: readonly { col: number; text: string }[], cols: number): string {
  const row = new Array<string>(cols).fill(' ');
  let free = 0;
  for (const l of labels) {
    const chars = [...l.text];
    const start = Math.min(Math.max(0, l.col - Math.floor(chars.length / 2)), cols - chars.length);
    if (start < free || start < 0) continue;
    chars.forEach((ch, i) => (row[start + i] = ch));
    free = start + chars.length + 1;
  }
  return row.join('').trimEnd();
}

/**
 * Draws curves as text for a terminal: a braille (or glyph) plot, a y axis labelled with
 * powers of ten when `log10` is set (the values are then base-10 logarithms), x-axis labels,
 * and a legend line; `-Infinity` (an exact zero), NaN and +∞ are gaps, counted in a note.
 * The result has exactly `height` lines, none wider than `width` visible characters.
 *
 * @param series - the curves, as for {@link lineChart}.
 * @param options - size, scale and colour; see {@link TerminalChartOptions}.
 * @returns the chart, lines joined by `\n` (no trailing newline).
 * @throws ValueError for malformed series, an unknown option, or a size too small for the
 *   axes, labels and legend.
 * @example
 * ```ts
 * import { terminalChart } from 'gradscope/plot';
 * console.log(terminalChart([{ name: 'tanh RNN', values: [0, -1, -2, -3] }], { log10: true, color: true }));
 * ```
 */
export function terminalChart(series: readonly LineSeries[], options: TerminalChartOptions = {}): string {
  const op = 'terminalChart';
  checkSpec(op, options, OPTION_KEYS);
  const list = checkSeries(op, series);
  const xs = checkX(op, options.x, list);
  const W = checkCount(op, 'width', options.width, 72, 20);
  const H = checkCount(op, 'height', options.height, 18, 5);
  const log10 = checkFlag(op, 'log10', options.log10);
  const color = checkFlag(op, 'color', options.color);
  const title = checkText(op, 'title', options.title);
  const style = options.style ?? (color || list.length <= 1 ? 'braille' : 'glyph');
  if (style !== 'braille' && style !== 'glyph') throw new ValueError(`${op}: style must be 'braille' or 'glyph'; got ${describe(style)}`, { op, arg: 'style' });

  const paint = (text: string, s: number): string => (color ? paintAnsi(text, seriesColor(s)) : text);
  const mark = (s: number): string => (style === 'braille' ? '━━' : (GLYPHS[s % GLYPHS.length] ?? '*'));
  const legend = packLegend(
    list.map((s, i) => {
      const name = fit(s.values.some(Number.isFinite) ? s.name : `${s.name} (no data)`, W - 4);
      return { plain: `${mark(i)} ${name}`, painted: `${paint(mark(i), i)} ${name}` };
    }),
    W,
  );
  const all = list.flatMap((s) => s.values);
  if (log10) checkLogRange(op, 'series', all);
  const note = gapNote(countGaps(all), log10);
  const noteLines = note ? wrap(note, W) : [];
  const titleLines = title ? [fit(title, W).padStart(Math.floor((W + [...fit(title, W)].length) / 2)).trimEnd()] : [];
  const rows = H - titleLines.length - 2 - legend.length - noteLines.length;
  if (rows < 2) {
    throw new ValueError(`${op}: height ${H} leaves no room for the plot; got ${H - rows} lines of title, axis, legend and notes, and the plot needs 2 more`, { op, arg: 'height' });
  }

  const [min, max] = extent(all) ?? (log10 ? [-1, 0] : [0, 1]);
  const yMaxTicks = Math.max(1, Math.floor(rows / 3));
  const yAxis: Axis | null = log10 ? logAxis(min, max, yMaxTicks) : linearAxis(min, max, yMaxTicks, { nice: true, integer: false });
  if (yAxis === null) throw linearRangeError(op, 'series', min, max, '; pass log10 values with log10: true');
  const labelW = Math.max(...yAxis.ticks.map((t) => [...t.label].length));
  const cols = W - labelW - 2;
  if (cols < 8) throw new ValueError(`${op}: width ${W} leaves no room for the plot; got y labels ${labelW} characters wide`, { op, arg: 'width' });

  const size = style === 'braille' ? BRAILLE : GLYPH;
  const canvas = createCanvas(cols, rows, size, GLYPHS);
  const dotCols = cols * size.dx;
  const dotRows = rows * size.dy;
  const used = xs.slice(0, Math.max(0, ...list.map((s) => s.values.length)));
  const [xMin, xMax] = extent(used) ?? [0, 1];
  const xAxis = linearAxis(xMin, xMax, Math.max(2, Math.floor(cols / 10)), { nice: false, integer: used.every(Number.isInteger) });
  if (xAxis === null) throw linearRangeError(op, 'x', xMin, xMax, '');
  const dotX = (x: number): number => Math.round(((x - xAxis.lo) / (xAxis.hi - xAxis.lo)) * (dotCols - 1));
  const dotY = (y: number): number => Math.round(((yAxis.hi - y) / (yAxis.hi - yAxis.lo)) * (dotRows - 1));
  list.forEach((s, i) => {
    for (const run of finiteRuns(s.values, xs)) {
      let prev: [number, number] | null = null;
      for (const p of run) {
        const cur: [number, number] = [dotX(p.x), dotY(p.y)];
        if (prev === null) setDot(canvas, cur[0], cur[1], i);
        else drawLine(canvas, prev[0], prev[1], cur[0], cur[1], i);
        prev = cur;
      }
    }
  });

  const tickRows = new Map<number, string>();
  for (const t of yAxis.ticks) {
    const r = Math.floor(dotY(t.value) / size.dy);
    if (!tickRows.has(r)) tickRows.set(r, t.label);
  }
  const body: string[] = [];
  for (let r = 0; r < rows; r++) {
    const label = tickRows.get(r);
    body.push(`${(label ?? '').padStart(labelW)} ${label === undefined ? '│' : '┤'}${renderRow(canvas, r, paint)}`.trimEnd());
  }
  if (!all.some(Number.isFinite)) {
    const msg = 'no data';
    const mid = Math.floor(rows / 2);
    body[mid] = `${' '.repeat(labelW)} │${msg.padStart(Math.floor((cols + msg.length) / 2))}`;
  }
  const xTicks = xAxis.ticks.map((t) => ({ col: Math.floor(dotX(t.value) / size.dx), text: t.label }));
  const axisChars = new Array<string>(cols).fill('─');
  for (const t of xTicks) axisChars[t.col] = '┬';
  const axisLine = `${' '.repeat(labelW + 1)}└${axisChars.join('')}`;
  const xLabels = `${' '.repeat(labelW + 2)}${placeLabels(xTicks, cols)}`;
  return [...titleLines, ...body, axisLine, xLabels, ...legend, ...noteLines].join('\n');
}
