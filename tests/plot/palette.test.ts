import { describe, expect, it } from 'vitest';
import { palette, viridis } from '../../src/plot/palette.js';
import { TOL } from '../helpers/tolerances.js';

function rgb(hex: string): [number, number, number] {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** Relative luminance (WCAG) of an sRGB colour. */
function luminance(hex: string): number {
  const [r, g, b] = rgb(hex).map((c) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

describe('colours', () => {
  it('matches matplotlib viridis at five points', () => {
    // matplotlib's viridis table at 0, 0.25, 0.5, 0.75, 1.
    const reference = ['#440154', '#3b528b', '#21918c', '#5ec962', '#fde725'];
    reference.forEach((hex, i) => {
      const got = rgb(viridis(i / 4));
      rgb(hex).forEach((c, ch) => expect(Math.abs(got[ch]! - c)).toBeLessThanOrEqual(TOL.viridisChannel));
    });
  });

  it('makes viridis a sequential scale: luminance rises from 0 to 1', () => {
    for (let i = 1; i <= 50; i++) expect(luminance(viridis(i / 50))).toBeGreaterThan(luminance(viridis((i - 1) / 50)));
  });

  it('clamps viridis outside [0, 1] and treats NaN as 0', () => {
    expect(viridis(-3)).toBe(viridis(0));
    expect(viridis(7)).toBe(viridis(1));
    expect(viridis(NaN)).toBe(viridis(0));
  });

  it('uses the eight Okabe–Ito colours, each once', () => {
    expect(new Set(palette.map((c) => c.toUpperCase()))).toEqual(
      new Set(['#000000', '#E69F00', '#56B4E9', '#009E73', '#F0E442', '#0072B2', '#D55E00', '#CC79A7']),
    );
  });
});
