/**
 * Colours: the Okabe–Ito palette for series and a computed viridis scale for heatmaps.
 * @module
 */
import { ValueError, describe } from '../errors.js';

/**
 * The Okabe–Ito palette, distinguishable with every common colour-vision deficiency,
 * ordered for lines on white (yellow, the hardest to see, last; black before it).
 *
 * @example
 * ```ts
 * palette[0]; // '#0072B2' (blue)
 * ```
 */
export const palette: readonly string[] = [
  '#0072B2', // blue
  '#D55E00', // vermillion
  '#009E73', // bluish green
  '#CC79A7', // reddish purple
  '#E69F00', // orange
  '#56B4E9', // sky blue
  '#000000', // black
  '#F0E442', // yellow
];

/** Colour of series `i`: the palette, cycling. */
export function seriesColor(i: number): string {
  return palette[i % palette.length] ?? '#000000';
}

/** The colour of masked heatmap cells (0 on a log scale, NaN): a neutral grey outside viridis. */
export const MASK_COLOR = '#d4d4d4';

// Polynomial fit (degree 6, per channel) of matplotlib's viridis, as published by Matt Zucker
// (shadertoy WlfXRN); within a few 1/255 steps of the 256-entry table everywhere.
const VIRIDIS: readonly (readonly [number, number, number])[] = [
  [0.2777273272234177, 0.005407344544966578, 0.3340998053353061],
  [0.1050930431085774, 1.404613529898575, 1.384590162594685],
  [-0.3308618287255563, 0.214847559468213, 0.09509516302823659],
  [-4.634230498983486, -5.799100973351585, -19.33244095627987],
  [6.228269936347081, 14.17993336680509, 56.69055260068105],
  [4.776384997670288, -13.74514537774601, -65.35303263337234],
  [-5.435455855934631, 4.645852612178535, 26.3124352495832],
];

function hex2(v: number): string {
  const n = Math.round(Math.min(1, Math.max(0, v)) * 255);
  return n.toString(16).padStart(2, '0');
}

/**
 * The viridis colour map: a perceptually uniform sequential scale from dark purple (0) to
 * yellow (1), computed from a polynomial fit, no lookup table.
 *
 * @param t - position on the scale; clamped to [0, 1], NaN counts as 0.
 * @returns a colour `#rrggbb`.
 * @example
 * ```ts
 * viridis(0); // '#470155' (dark purple)
 * viridis(1); // '#fce721' (yellow)
 * ```
 */
export function viridis(t: number): string {
  if (typeof t !== 'number') throw new ValueError(`viridis: t must be a number in [0, 1]; got ${describe(t)}`, { op: 'viridis', arg: 't' });
  const x = Number.isNaN(t) ? 0 : Math.min(1, Math.max(0, t));
  const rgb = [0, 1, 2].map((ch) => {
    let acc = 0;
    for (let i = VIRIDIS.length - 1; i >= 0; i--) acc = acc * x + (VIRIDIS[i]?.[ch] ?? 0);
    return acc;
  });
  return `#${rgb.map(hex2).join('')}`;
}
