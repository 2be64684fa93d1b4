/**
 * Heatmap of a matrix as an SVG string: gradientFlow (‖∂E_k/∂h_t‖) or a Jacobian.
 * @module
 */
import { ShapeError, ValueError, describe } from '../errors.js';
import { escapeXml } from './escape.js';
import { px } from './format.js';
import { MASK_COLOR } from './palette.js';
import { extent } from './scale.js';
import { checkLogRange, checkNumbers, linearRangeError } from './series.js';
import { type ColorMode, cellText, colorBarMarkup, colorScale, colorUnit, maskNote } from './colorScale.js';
import { axisTitles, checkDimension, checkFlag, checkSpec, checkText, noteMarkup, svgDocument, text, textWidth, tickWidth, titleMarkup } from './svg.js';

/** What {@link heatmap} draws. */
export interface HeatmapOptions {
  /** Rows × columns of numbers, all rows the same length (row 0 at the top). */
  readonly matrix: readonly (readonly number[])[];
  /**
   * The entries are base-10 logarithms already: coloured on a log scale, `-Infinity` (an
   * exact zero) masked.
   * @defaultValue false
   */
  readonly log10?: boolean;
  /**
   * How raw entries (without `log10`) are coloured: `'log'` by their logarithm, masking
   * zeros and negatives (right for gradientFlow, whose upper triangle is 0); `'linear'` as is
   * (right for a signed Jacobian).
   * @defaultValue 'linear'
   */
  readonly scale?: 'linear' | 'log';
  /** @defaultValue no title */
  readonly title?: string;
  /** Title of the column axis (e.g. `'t'`). @defaultValue none */
  readonly xLabel?: string;
  /** Title of the row axis (e.g. `'loss term k'`). @defaultValue none */
  readonly yLabel?: string;
  /** One label per row. @defaultValue the row index */
  readonly rowLabels?: readonly string[];
  /** One label per column. @defaultValue the column index */
  readonly colLabels?: readonly string[];
  /** @defaultValue 560 */
  readonly width?: number;
  /** @defaultValue 480 */
  readonly height?: number;
}

const OPTION_KEYS = ['matrix', 'log10', 'scale', 'title', 'xLabel', 'yLabel', 'rowLabels', 'colLabels', 'width', 'height'];
/** Above this many cells, cells carry no tooltip, to keep the SVG small. */
const TOOLTIP_LIMIT = 2500;

function checkMatrix(op: string, v: unknown): readonly (readonly number[])[] {
  if (!Array.isArray(v) || v.length === 0) {
    throw new ValueError(`${op}: matrix must be a non-empty array of rows; got ${describe(v)}`, { op, arg: 'matrix' });
  }
  const rows = v.map((row: unknown, i) => checkNumbers(op, `matrix[${i}]`, row));
  const cols = rows[0]?.length ?? 0;
  if (cols === 0) throw new ValueError(`${op}: matrix rows must not be empty; got a row of length 0`, { op, arg: 'matrix' });
  const bad = rows.findIndex((r) => r.length !== cols);
  if (bad >= 0) {
    throw new ShapeError(`${op}: matrix rows must all have the same length; got row 0 of length ${cols} and row ${bad} of length ${rows[bad]?.length}`, {
      op,
      arg: 'matrix',
    });
  }
  return rows;
}

function checkLabels(op: string, arg: string, v: unknown, n: number): readonly string[] {
  if (v === undefined) return Array.from({ length: n }, (_, i) => String(i));
  if (!Array.isArray(v) || v.length !== n || !v.every((s) => typeof s === 'string')) {
    throw new ValueError(`${op}: ${arg} must be an array of ${n} strings; got ${describe(v)}`, { op, arg });
  }
  return v as readonly string[];
}

/** Every `k`-th index, so that labels `size` px apart do not collide with cells `cell` px wide. */
function every(cell: number, size: number): number {
  return Math.max(1, Math.ceil(size / Math.max(cell, 1e-9)));
}

/**
 * Draws a matrix as a grid of coloured cells with a colour bar: viridis (perceptually
 * uniform, colour-blind safe) from the smallest value (dark purple) to the largest (yellow);
 * masked cells (0 or negative on a log scale, NaN, ±∞) are neutral grey and counted in a note.
 * Row 0 is at the top, so gradientFlow's lower triangle (k ≥ t) reads like the matrix.
 * Cells are square, one `<rect class="cell">` each, with a tooltip up to 2500 cells.
 *
 * @param options - the matrix and how to draw it; see {@link HeatmapOptions}.
 * @returns a standalone SVG document as a string.
 * @throws ValueError for an unknown option, an empty matrix, non-numeric entries, labels of
 *   the wrong count, or a width/height below 200 px.
 * @throws ShapeError when rows differ in length.
 * @example
 * ```ts
 * import { heatmap } from 'gradscope/plot';
 * const svg = heatmap({ matrix: [[1, 0], [0.5, 1]], scale: 'log', xLabel: 't', yLabel: 'k' });
 * ```
 */
export function heatmap(options: HeatmapOptions): string {
  const op = 'heatmap';
  checkSpec(op, options, OPTION_KEYS);
  const matrix = checkMatrix(op, options.matrix);
  const R = matrix.length;
  const C = matrix[0]?.length ?? 0;
  const log10 = checkFlag(op, 'log10', options.log10);
  if (options.scale !== undefined && options.scale !== 'linear' && options.scale !== 'log') {
    throw new ValueError(`${op}: scale must be 'linear' or 'log'; got ${describe(options.scale)}`, { op, arg: 'scale' });
  }
  const mode: ColorMode = { log10, logScale: options.scale === 'log' };
  if (log10) matrix.forEach((row) => checkLogRange(op, 'matrix', row));
  const title = checkText(op, 'title', options.title);
  const xLabel = checkText(op, 'xLabel', options.xLabel);
  const yLabel = checkText(op, 'yLabel', options.yLabel);
  const rowLabels = checkLabels(op, 'rowLabels', options.rowLabels, R);
  const colLabels = checkLabels(op, 'colLabels', options.colLabels, C);
  const W = checkDimension(op, 'width', options.width, 560, 200);
  const H = checkDimension(op, 'height', options.height, 480, 200);

  const units = matrix.flatMap((row) => row.map((v) => colorUnit(v, mode)));
  const note = maskNote(units, mode);
  const top = title ? 40 : 16;
  const bottomLimit = H - (26 + (xLabel ? 22 : 0) + (note ? 20 : 0) + 8);
  const scale = colorScale(units, mode, Math.max(2, Math.floor((bottomLimit - top) / 40)));
  if (scale === null) {
    const [lo, hi] = extent(units.filter((u): u is number => typeof u === 'number')) ?? [0, 0];
    throw linearRangeError(op, 'matrix', lo, hi, "; use scale: 'log'");
  }
  const barLabelW = Math.max(0, ...scale.axis.ticks.map((t) => tickWidth(t, 12)), textWidth('masked', 11));
  const rowLabelW = Math.min(W * 0.25, Math.max(...rowLabels.map((l) => textWidth(l, 12))));
  const left = 12 + (yLabel ? 22 : 0) + rowLabelW + 8;
  const rightLimit = W - (16 + 16 + 8 + barLabelW + 24);
  const cell = Math.min((rightLimit - left) / C, (bottomLimit - top) / R);
  if (!(cell > 0)) throw new ValueError(`${op}: width ${W} × height ${H} leaves no room for the cells`, { op, arg: 'width' });
  const right = left + cell * C;
  const bottom = top + cell * R;

  const tooltips = R * C <= TOOLTIP_LIMIT;
  const cells: string[] = ['<g class="cells" shape-rendering="crispEdges">'];
  matrix.forEach((row, i) => {
    row.forEach((v, j) => {
      const u = units[i * C + j] ?? null;
      const fill = typeof u === 'number' ? scale.color(u) : MASK_COLOR;
      const attrs = `class="cell" x="${px(left + j * cell)}" y="${px(top + i * cell)}" width="${px(cell)}" height="${px(cell)}" fill="${fill}"`;
      const tip = `${escapeXml(rowLabels[i] ?? '')}, ${escapeXml(colLabels[j] ?? '')}: ${escapeXml(cellText(v, mode))}`;
      cells.push(tooltips ? `<rect ${attrs}><title>${tip}</title></rect>` : `<rect ${attrs}/>`);
    });
  });
  cells.push('</g>');

  const labels: string[] = ['<g class="row-labels">'];
  const rowStep = every(cell, 14);
  rowLabels.forEach((l, i) => {
    if (i % rowStep === 0) labels.push(text(l, { x: left - 6, y: top + (i + 0.5) * cell + 4, anchor: 'end', fill: '#555555' }));
  });
  labels.push('</g>', '<g class="col-labels">');
  const colStep = every(cell, Math.max(...colLabels.map((l) => textWidth(l, 12))) + 6);
  colLabels.forEach((l, j) => {
    if (j % colStep === 0) labels.push(text(l, { x: left + (j + 0.5) * cell, y: bottom + 16, anchor: 'middle', fill: '#555555' }));
  });
  labels.push('</g>');

  const barLeft = right + 16;
  const frame = { left, right, top, bottom };
  const masked = note !== '';
  const body = [
    ...titleMarkup(title, W),
    ...cells,
    ...labels,
    ...axisTitles({ ...frame, bottom: bottom - 2 }, xLabel, yLabel, 14),
    ...colorBarMarkup(scale, { left: barLeft, right: barLeft + 16, top, bottom: Math.max(bottom, top + 80) - (masked ? 26 : 0) }, masked),
    ...noteMarkup(note, left, Math.min(H - 10, bottom + (xLabel ? 60 : 38))),
  ];
  const scaleDesc = mode.log10 || mode.logScale ? `log colour scale from 10^${scale.axis.lo} to 10^${scale.axis.hi}` : `colour scale from ${scale.axis.lo} to ${scale.axis.hi}`;
  return svgDocument({
    width: W,
    height: H,
    label: title || `Heatmap of a ${R} × ${C} matrix`,
    desc: `Heatmap of a ${R} × ${C} matrix, row 0 at the top; viridis ${scaleDesc}. ${note}`.trim(),
    body,
  });
}
