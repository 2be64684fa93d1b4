/**
 * A character canvas for the terminal chart: braille cells (2 × 4 dots per character) or one
 * glyph per character, each cell remembering which series drew it last (for its colour).
 * @module
 */

/** Resolution of one character cell in dots. */
export interface CellSize {
  readonly dx: number;
  readonly dy: number;
}

/** Braille: 2 × 4 dots per character. */
export const BRAILLE: CellSize = { dx: 2, dy: 4 };
/** Glyphs: one dot per character. */
export const GLYPH: CellSize = { dx: 1, dy: 1 };

// Unicode braille: dot (column c, row r) of a cell sets bit BRAILLE_BITS[c][r] of U+2800 + bits.
const BRAILLE_BITS: readonly (readonly number[])[] = [
  [0x01, 0x02, 0x04, 0x40],
  [0x08, 0x10, 0x20, 0x80],
];

/** A grid of `cols × rows` characters. */
export interface Canvas {
  readonly cols: number;
  readonly rows: number;
  readonly size: CellSize;
  /** Braille bit patterns, or 0/1 for glyph cells. */
  readonly bits: Uint8Array;
  /** Index of the series that last drew each cell, −1 when empty. */
  readonly owner: Int16Array;
  /** The glyph of each series (glyph mode). */
  readonly glyphs: readonly string[];
}

/** An empty canvas. */
export function createCanvas(cols: number, rows: number, size: CellSize, glyphs: readonly string[]): Canvas {
  return { cols, rows, size, bits: new Uint8Array(cols * rows), owner: new Int16Array(cols * rows).fill(-1), glyphs };
}

/** Sets the dot at (x, y) in dot coordinates (0, 0 = top left) for series `s`. */
export function setDot(c: Canvas, x: number, y: number, s: number): void {
  const col = Math.floor(x / c.size.dx);
  const row = Math.floor(y / c.size.dy);
  if (col < 0 || col >= c.cols || row < 0 || row >= c.rows) return;
  const i = row * c.cols + col;
  const bit = c.size.dx === 1 ? 1 : (BRAILLE_BITS[x - col * 2]?.[y - row * 4] ?? 0);
  c.bits[i] = (c.bits[i] ?? 0) | bit;
  c.owner[i] = s;
}

/** Draws a straight segment between two dots (Bresenham), inclusive. */
export function drawLine(c: Canvas, x0: number, y0: number, x1: number, y1: number, s: number): void {
  const dx = Math.abs(x1 - x0);
  const dy = -Math.abs(y1 - y0);
  const sx = x0 < x1 ? 1 : -1;
  const sy = y0 < y1 ? 1 : -1;
  let err = dx + dy;
  let x = x0;
  let y = y0;
  for (;;) {
    setDot(c, x, y, s);
    if (x === x1 && y === y1) return;
    const e2 = 2 * err;
    if (e2 >= dy) {
      err += dy;
      x += sx;
    }
    if (e2 <= dx) {
      err += dx;
      y += sy;
    }
  }
}

/** The character of cell (col, row), or a space. */
export function cellChar(c: Canvas, col: number, row: number): string {
  const i = row * c.cols + col;
  const bits = c.bits[i] ?? 0;
  if (bits === 0) return ' ';
  if (c.size.dx === 1) return c.glyphs[c.owner[i] ?? 0] ?? '*';
  return String.fromCharCode(0x2800 + bits);
}

/**
 * Row `row` as a string; `paint(text, series)` wraps runs of cells drawn by the same series
 * (e.g. in an ANSI colour).
 */
export function renderRow(c: Canvas, row: number, paint: (text: string, series: number) => string): string {
  let out = '';
  let run = '';
  let owner = -1;
  for (let col = 0; col < c.cols; col++) {
    const ch = cellChar(c, col, row);
    const o = ch === ' ' ? -1 : (c.owner[row * c.cols + col] ?? -1);
    if (o !== owner && run !== '') {
      out += owner < 0 ? run : paint(run, owner);
      run = '';
    }
    owner = o;
    run += ch;
  }
  return out + (owner < 0 ? run : paint(run, owner));
}
