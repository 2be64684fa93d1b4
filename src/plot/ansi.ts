/**
 * ANSI colours for the terminal chart: the Okabe–Ito palette mapped to the xterm 256-colour
 * cube, which nearly every terminal supports.
 * @module
 */

const LEVELS = [0, 95, 135, 175, 215, 255];

function nearestLevel(v: number): number {
  let best = 0;
  LEVELS.forEach((l, i) => {
    if (Math.abs(l - v) < Math.abs((LEVELS[best] ?? 0) - v)) best = i;
  });
  return best;
}

/**
 * The xterm-256 code nearest to `#rrggbb`, or null for black, which is drawn in the
 * terminal's default foreground so it stays visible on dark backgrounds.
 */
export function ansi256(hex: string): number | null {
  const n = Number.parseInt(hex.slice(1), 16);
  const [r, g, b] = [(n >> 16) & 255, (n >> 8) & 255, n & 255];
  if (r === 0 && g === 0 && b === 0) return null;
  return 16 + 36 * nearestLevel(r) + 6 * nearestLevel(g) + nearestLevel(b);
}

/** `text` in the colour `hex` (foreground only, reset after). */
export function paintAnsi(text: string, hex: string): string {
  const code = ansi256(hex);
  return code === null ? text : `\u001b[38;5;${code}m${text}\u001b[39m`;
}

/** Removes ANSI SGR sequences, e.g. to measure the visible width of a line. */
export function stripAnsi(text: string): string {
  return text.replace(/\u001b\[[0-9;]*m/g, '');
}
