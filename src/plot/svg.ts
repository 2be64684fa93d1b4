/**
 * Building blocks of the SVG charts: the document wrapper, text, axes, legend and notes.
 * Every piece of user text goes through {@link escapeXml}; every coordinate through `px`.
 * @module
 */
import { ValueError, describe } from '../errors.js';
import { checkOptions } from '../options.js';
import { escapeXml } from './escape.js';
import { MINUS, px } from './format.js';
import type { Axis, Tick } from './scale.js';

/** The font stack of every chart: the platform's UI font, large enough for a projector. */
export const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif";
const INK = '#222222';
const MUTED = '#555555';
const GRID = '#e5e5e5';

/** The plot area in pixels; y grows downward, so `top < bottom`. */
export interface Frame {
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
}

/** Approximate rendered width of `text` at `size` px (0.6 em per character). */
export function textWidth(text: string, size: number): number {
  return [...text].length * size * 0.6;
}

/** Width of a tick label; superscript digits are set smaller. */
export function tickWidth(t: Tick, size: number): number {
  return t.exponent === undefined ? textWidth(t.label, size) : textWidth('10', size) + textWidth(String(t.exponent), size * 0.75);
}

/** Checks that the options argument is an object with only known keys. */
export function checkSpec(op: string, options: unknown, known: readonly string[]): void {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new ValueError(`${op}: expected an options object; got ${describe(options)}`, { op, arg: 'options' });
  }
  checkOptions(op, options, known);
}

/** Checks a chart dimension: a finite number of pixels in [min, 20000]. */
export function checkDimension(op: string, arg: string, v: unknown, fallback: number, min: number): number {
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > 20000) {
    throw new ValueError(`${op}: ${arg} must be a number of pixels from ${min} to 20000; got ${describe(v)}`, { op, arg });
  }
  return v;
}

/** Checks an optional text option. */
export function checkText(op: string, arg: string, v: unknown): string | undefined {
  if (v === undefined || typeof v === 'string') return v;
  throw new ValueError(`${op}: ${arg} must be a string; got ${describe(v)}`, { op, arg });
}

/** Checks an optional boolean option. */
export function checkFlag(op: string, arg: string, v: unknown): boolean {
  if (v === undefined) return false;
  if (typeof v === 'boolean') return v;
  throw new ValueError(`${op}: ${arg} must be a boolean; got ${describe(v)}`, { op, arg });
}

/** What {@link svgDocument} wraps. */
export interface SvgDocumentParts {
  readonly width: number;
  readonly height: number;
  /** Accessible name: `<title>` and `aria-label`. */
  readonly label: string;
  /** Longer accessible description: `<desc>`. */
  readonly desc: string;
  readonly body: readonly string[];
}

/** A standalone SVG document with a viewBox (it scales), a white background and a title. */
export function svgDocument(p: SvgDocumentParts): string {
  const w = px(p.width);
  const h = px(p.height);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" role="img" aria-label="${escapeXml(p.label)}" font-family="${FONT}" font-size="12" fill="${INK}">`,
    `<title>${escapeXml(p.label)}</title>`,
    `<desc>${escapeXml(p.desc)}</desc>`,
    `<rect class="background" x="0" y="0" width="${w}" height="${h}" fill="#ffffff"/>`,
    ...p.body,
    '</svg>',
  ].join('\n');
}

/** Attributes of a `<text>` element. */
export interface TextAttrs {
  readonly x: number;
  readonly y: number;
  readonly anchor?: 'start' | 'middle' | 'end';
  readonly size?: number;
  readonly weight?: 'bold';
  readonly fill?: string;
  readonly cls?: string;
  readonly rotate?: boolean;
}

/** A `<text>` element holding escaped `content`. */
export function text(content: string, a: TextAttrs): string {
  const attrs = [
    a.cls === undefined ? '' : ` class="${a.cls}"`,
    ` x="${px(a.x)}" y="${px(a.y)}"`,
    a.anchor === undefined || a.anchor === 'start' ? '' : ` text-anchor="${a.anchor}"`,
    a.size === undefined ? '' : ` font-size="${a.size}"`,
    a.weight === undefined ? '' : ` font-weight="${a.weight}"`,
    a.fill === undefined ? '' : ` fill="${a.fill}"`,
    a.rotate === true ? ` transform="rotate(-90 ${px(a.x)} ${px(a.y)})"` : '',
  ].join('');
  return `<text${attrs}>${escapeXml(content)}</text>`;
}

/** A tick label; `10^k` labels get a raised exponent. */
export function tickLabel(t: Tick, x: number, y: number, anchor: 'end' | 'middle' | 'start'): string {
  if (t.exponent === undefined) return text(t.label, { x, y, anchor, cls: 'tick-label', fill: MUTED });
  const k = t.exponent < 0 ? `${MINUS}${-t.exponent}` : String(t.exponent);
  return `<text class="tick-label" x="${px(x)}" y="${px(y)}" text-anchor="${anchor}" fill="${MUTED}">10<tspan dy="-0.45em" font-size="0.75em">${k}</tspan></text>`;
}

/** The chart title, centred at the top. */
export function titleMarkup(title: string | undefined, width: number): string[] {
  return title === undefined || title === '' ? [] : [text(title, { x: width / 2, y: 22, anchor: 'middle', size: 16, weight: 'bold', cls: 'title' })];
}

/** Y axis: gridlines, tick marks and labels, minor ticks, the axis line. */
export function yAxisMarkup(axis: Axis, f: Frame, map: (v: number) => number, grid = true): string[] {
  const out: string[] = ['<g class="axis-y">'];
  for (const t of axis.ticks) {
    const y = map(t.value);
    if (grid) out.push(`<line class="grid" x1="${px(f.left)}" y1="${px(y)}" x2="${px(f.right)}" y2="${px(y)}" stroke="${GRID}"/>`);
    out.push(`<line x1="${px(f.left - 5)}" y1="${px(y)}" x2="${px(f.left)}" y2="${px(y)}" stroke="${MUTED}"/>`);
    out.push(tickLabel(t, f.left - 8, y + 4, 'end'));
  }
  for (const m of axis.minor) {
    const y = map(m);
    out.push(`<line class="minor" x1="${px(f.left - 3)}" y1="${px(y)}" x2="${px(f.left)}" y2="${px(y)}" stroke="${MUTED}"/>`);
  }
  out.push(`<line class="axis" x1="${px(f.left)}" y1="${px(f.top)}" x2="${px(f.left)}" y2="${px(f.bottom)}" stroke="${INK}"/>`, '</g>');
  return out;
}

/** X axis: tick marks and labels below the frame, the axis line. */
export function xAxisMarkup(axis: Axis, f: Frame, map: (v: number) => number): string[] {
  const out: string[] = ['<g class="axis-x">'];
  for (const t of axis.ticks) {
    const x = map(t.value);
    out.push(`<line x1="${px(x)}" y1="${px(f.bottom)}" x2="${px(x)}" y2="${px(f.bottom + 5)}" stroke="${MUTED}"/>`);
    out.push(tickLabel(t, x, f.bottom + 19, 'middle'));
  }
  out.push(`<line class="axis" x1="${px(f.left)}" y1="${px(f.bottom)}" x2="${px(f.right)}" y2="${px(f.bottom)}" stroke="${INK}"/>`, '</g>');
  return out;
}

/** Axis titles: x centred under the tick labels, y rotated left of them. */
export function axisTitles(f: Frame, xLabel: string | undefined, yLabel: string | undefined, yTitleX: number): string[] {
  const out: string[] = [];
  if (xLabel) out.push(text(xLabel, { x: (f.left + f.right) / 2, y: f.bottom + 40, anchor: 'middle', size: 13, cls: 'axis-title' }));
  if (yLabel) out.push(text(yLabel, { x: yTitleX, y: (f.top + f.bottom) / 2, anchor: 'middle', size: 13, cls: 'axis-title', rotate: true }));
  return out;
}

/** One legend entry. */
export interface LegendItem {
  readonly name: string;
  readonly color: string;
  readonly dash: boolean;
}

/** Shortens `name` to fit `maxWidth` px at 12 px, ending in an ellipsis. */
export function fitText(name: string, maxWidth: number): string {
  const chars = [...name];
  const max = Math.max(1, Math.floor(maxWidth / 7.2));
  return chars.length <= max ? name : `${chars.slice(0, max - 1).join('')}…`;
}

/**
 * A vertical legend at (x, y): a line swatch and the (possibly shortened) name per item, 20 px
 * apart; items beyond `maxHeight` are summarised as "+N more".
 */
export function legendMarkup(items: readonly LegendItem[], x: number, y: number, maxWidth: number, maxHeight: number): string[] {
  const out: string[] = ['<g class="legend">'];
  const fits = Math.max(1, Math.floor(maxHeight / 20));
  const shown = items.length <= fits ? items : items.slice(0, fits - 1);
  shown.forEach((it, i) => {
    const yy = y + i * 20;
    const dash = it.dash ? ' stroke-dasharray="6 4"' : '';
    out.push(
      `<g class="legend-item"><title>${escapeXml(it.name)}</title>`,
      `<line x1="${px(x)}" y1="${px(yy)}" x2="${px(x + 24)}" y2="${px(yy)}" stroke="${it.color}" stroke-width="2.5"${dash}/>`,
      text(fitText(it.name, maxWidth - 30), { x: x + 30, y: yy + 4 }),
      '</g>',
    );
  });
  if (shown.length < items.length) out.push(text(`+${items.length - shown.length} more`, { x: x + 30, y: y + shown.length * 20 + 4, fill: MUTED }));
  out.push('</g>');
  return out;
}

/** A small muted note, e.g. about gaps. */
export function noteMarkup(note: string, x: number, y: number): string[] {
  return note === '' ? [] : [text(note, { x, y, size: 11, fill: MUTED, cls: 'note' })];
}
