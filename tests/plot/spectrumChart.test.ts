import { describe, expect, it } from 'vitest';
import { ValueError } from '../../src/errors.js';
import { spectrumChart } from '../../src/plot/spectrumChart.js';
import { fc } from '../helpers/fc.js';
import { decadeTicks, frame, num, parseSvg } from './helpers.js';
import { findAll, textOf } from './xml.js';

describe('spectrumChart', () => {
  it('draws one stem per singular value, on a log axis by default, taller for larger σ', () => {
    const values = [3.2, 1.5, 0.2, 1e-3, 1e-7];
    const root = parseSvg(spectrumChart({ values, title: 'σ of ∂h_T/∂h_0' }));
    const stems = findAll(root, 'line', 'stem');
    expect(stems).toHaveLength(5);
    expect(findAll(root, 'circle', 'stem-head')).toHaveLength(5);
    const tops = stems.map((s) => num(s, 'y2'));
    for (let i = 1; i < tops.length; i++) expect(tops[i]).toBeGreaterThan(tops[i - 1]!);
    const xs = stems.map((s) => num(s, 'x1'));
    for (let i = 1; i < xs.length; i++) expect(xs[i]).toBeGreaterThan(xs[i - 1]!);
    // The smallest stem still has a visible length above the axis.
    expect(frame(root).bottom - tops[4]!).toBeGreaterThan(5);
    decadeTicks(root).forEach((t) => expect(Number.isInteger(t.k)).toBe(true));
    expect(findAll(root, 'text', 'axis-title').map(textOf)).toEqual(['i', 'σ_i']);
  });

  it('draws the same chart from log10 values as from raw values', () => {
    const values = [10, 2, 0.5, 1e-4];
    expect(spectrumChart({ values: values.map(Math.log10), log10: true })).toBe(spectrumChart({ values }));
  });

  it('marks σ = 1, the line between growing and shrinking factors, when it is in range', () => {
    expect(findAll(parseSvg(spectrumChart({ values: [2, 0.5] })), 'line', 'reference')).toHaveLength(1);
    expect(findAll(parseSvg(spectrumChart({ values: [0.2, 0.05] })), 'line', 'reference')).toHaveLength(0);
  });

  it('leaves zero singular values out and says so', () => {
    const root = parseSvg(spectrumChart({ values: [1, 0.1, 0, 0] }));
    expect(findAll(root, 'line', 'stem')).toHaveLength(2);
    expect(textOf(findAll(root, 'text', 'note')[0]!)).toContain('2 values are exactly 0');
  });

  it('draws stems from zero on a linear axis', () => {
    const root = parseSvg(spectrumChart({ values: [4, 2, 1], scale: 'linear' }));
    const stems = findAll(root, 'line', 'stem');
    const f = frame(root);
    stems.forEach((s) => expect(num(s, 'y1')).toBeCloseTo(f.bottom, 1));
    // Heights proportional to σ: 4 : 2 : 1.
    const h = stems.map((s) => num(s, 'y1') - num(s, 'y2'));
    expect(h[0]! / h[2]!).toBeCloseTo(4, 2);
  });

  it('handles an empty spectrum', () => {
    expect(textOf(findAll(parseSvg(spectrumChart({ values: [] })), 'text', 'no-data')[0]!)).toBe('no data');
  });

  it('draws any non-negative doubles, raw or as logarithms, or refuses with a ValueError', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0 }), { maxLength: 8 }), fc.constantFrom('log', 'linear') as fc.Arbitrary<'log' | 'linear'>, (values, scale) => {
        try {
          const root = parseSvg(spectrumChart({ values, scale }));
          expect(findAll(root, 'line', 'stem').length).toBeLessThanOrEqual(values.length);
        } catch (e) {
          expect(e).toBeInstanceOf(ValueError);
        }
      }),
    );
  });

  it('rejects negative values, a linear axis for log10 values and unknown options', () => {
    expect(() => spectrumChart({ values: [1, -0.5] })).toThrow(/spectrumChart: singular values are ≥ 0; got values\[1\] = -0.5/);
    expect(() => spectrumChart({ values: [0], log10: true, scale: 'linear' })).toThrow(ValueError);
    expect(() => spectrumChart({ values: [1], scale: 'symlog' as never })).toThrow(ValueError);
    expect(() => spectrumChart({ values: [1], colour: 'x' } as never)).toThrow(ValueError);
  });
});
