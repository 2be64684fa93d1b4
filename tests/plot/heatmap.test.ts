import { describe, expect, it } from 'vitest';
import { ShapeError, ValueError } from '../../src/errors.js';
import { heatmap } from '../../src/plot/heatmap.js';
import { MASK_COLOR, viridis } from '../../src/plot/palette.js';
import { fc } from '../helpers/fc.js';
import { num, parseSvg } from './helpers.js';
import { findAll, textOf } from './xml.js';

/** gradientFlow-like: row k, column t, ‖∂E_k/∂h_t‖ = 0.5^(k−t) for t ≤ k, 0 above the diagonal. */
function flow(T: number): number[][] {
  return Array.from({ length: T + 1 }, (_, k) => Array.from({ length: T + 1 }, (_, t) => (t > k ? 0 : 0.5 ** (k - t))));
}

describe('heatmap', () => {
  it('draws one cell per entry, row-major from the top-left, the smallest value dark and the largest yellow', () => {
    const matrix = [
      [1, 2, 3],
      [4, 5, 6],
    ];
    const root = parseSvg(heatmap({ matrix }));
    const cells = findAll(root, 'rect', 'cell');
    expect(cells).toHaveLength(6);
    expect(cells[0]!.attrs.fill).toBe(viridis(0));
    expect(cells[5]!.attrs.fill).toBe(viridis(1));
    expect(cells[2]!.attrs.fill).toBe(viridis(0.4));
    expect(num(cells[1], 'x')).toBeGreaterThan(num(cells[0], 'x'));
    expect(num(cells[3], 'y')).toBeGreaterThan(num(cells[0], 'y'));
    expect(num(cells[0], 'width')).toBe(num(cells[0], 'height'));
  });

  it('colours gradientFlow on a log scale and masks the zeros above the diagonal in grey', () => {
    const root = parseSvg(heatmap({ matrix: flow(4), scale: 'log', xLabel: 't', yLabel: 'loss term k' }));
    const cells = findAll(root, 'rect', 'cell');
    expect(cells).toHaveLength(25);
    const fill = (k: number, t: number): string => cells[k * 5 + t]!.attrs.fill!;
    expect(fill(0, 1)).toBe(MASK_COLOR);
    expect(fill(3, 4)).toBe(MASK_COLOR);
    expect(fill(2, 2)).toBe(viridis(1));
    expect(fill(4, 0)).toBe(viridis(0));
    // Equal ratios are equal colour steps on a log scale: 0.5^2 sits halfway between 0.5^4 and 1.
    expect(fill(4, 2)).toBe(viridis(0.5));
    expect(textOf(findAll(root, 'text', 'note')[0]!)).toContain('10 exactly 0');
    expect(findAll(root, 'rect', 'mask-swatch')).toHaveLength(1);
    expect(findAll(root, 'text', 'axis-title').map(textOf)).toEqual(['t', 'loss term k']);
  });

  it('reads log10 values as logarithms: the same picture as the raw values on a log scale', () => {
    const raw = flow(3);
    const logs = raw.map((r) => r.map((v) => Math.log10(v)));
    const a = findAll(parseSvg(heatmap({ matrix: raw, scale: 'log' })), 'rect', 'cell').map((c) => c.attrs.fill);
    const b = findAll(parseSvg(heatmap({ matrix: logs, log10: true })), 'rect', 'cell').map((c) => c.attrs.fill);
    expect(b).toEqual(a);
  });

  it('masks NaN and infinities, spelled out without the string NaN', () => {
    const svg = heatmap({ matrix: [[1, NaN], [Infinity, 2]] });
    const root = parseSvg(svg);
    const fills = findAll(root, 'rect', 'cell').map((c) => c.attrs.fill);
    expect(fills).toEqual([viridis(0), MASK_COLOR, MASK_COLOR, viridis(1)]);
    expect(textOf(findAll(root, 'text', 'note')[0]!)).toBe('Grey cells are masked: 1 infinite, 1 not a number.');
  });

  it('labels the colour bar at decades on a log scale', () => {
    const root = parseSvg(heatmap({ matrix: [[1e-6, 1e-3, 1]], scale: 'log' }));
    const bar = findAll(root, 'g').find((g) => g.attrs.class === 'colorbar-axis')!;
    const exps = findAll(bar, 'tspan').map((t) => Number(textOf(t).replace('−', '-')));
    expect(exps.length).toBeGreaterThanOrEqual(2);
    exps.forEach((k) => expect(Number.isInteger(k)).toBe(true));
    expect(exps).toContain(0);
    expect(exps[0]).toBe(-6);
  });

  it('gives a constant matrix the middle colour', () => {
    const root = parseSvg(heatmap({ matrix: [[7, 7], [7, 7]] }));
    expect(new Set(findAll(root, 'rect', 'cell').map((c) => c.attrs.fill))).toEqual(new Set([viridis(0.5)]));
  });

  it('uses and escapes the row and column labels, and puts the value in a tooltip', () => {
    const root = parseSvg(heatmap({ matrix: [[0.25, 0.5]], rowLabels: ['<b>k</b>'], colLabels: ['t=0', 't=1'] }));
    expect(textOf(findAll(root, 'g', 'row-labels')[0]!).trim()).toBe('<b>k</b>');
    expect(findAll(findAll(root, 'g', 'col-labels')[0]!, 'text').map(textOf)).toEqual(['t=0', 't=1']);
    expect(textOf(findAll(findAll(root, 'rect', 'cell')[1]!, 'title')[0]!)).toBe('<b>k</b>, t=1: 0.5');
  });

  it('leaves tooltips out of large matrices to keep the file small', () => {
    const big = parseSvg(heatmap({ matrix: flow(50), scale: 'log' }));
    expect(findAll(big, 'rect', 'cell')).toHaveLength(51 * 51);
    expect(findAll(big, 'title')).toHaveLength(1);
  });

  it('either draws or refuses with a ValueError for any doubles at all', () => {
    fc.assert(
      fc.property(fc.array(fc.double(), { minLength: 1, maxLength: 6 }), fc.boolean(), fc.constantFrom('linear', 'log') as fc.Arbitrary<'linear' | 'log'>, (row, log10, scale) => {
        try {
          const root = parseSvg(heatmap({ matrix: [row, row], log10, scale }));
          expect(findAll(root, 'rect', 'cell')).toHaveLength(2 * row.length);
        } catch (e) {
          expect(e).toBeInstanceOf(ValueError);
        }
      }),
    );
  });

  it('rejects ragged, empty and mislabelled matrices', () => {
    expect(() => heatmap({ matrix: [[1, 2], [3]] })).toThrow(ShapeError);
    expect(() => heatmap({ matrix: [[1, 2], [3]] })).toThrow(/heatmap: matrix rows must all have the same length; got row 0 of length 2 and row 1 of length 1/);
    expect(() => heatmap({ matrix: [] })).toThrow(ValueError);
    expect(() => heatmap({ matrix: [[]] })).toThrow(ValueError);
    expect(() => heatmap({ matrix: [[1, 'x']] as never })).toThrow(ValueError);
    expect(() => heatmap({ matrix: [[1]], rowLabels: ['a', 'b'] })).toThrow(ValueError);
    expect(() => heatmap({ matrix: [[1]], scale: 'log2' as never })).toThrow(ValueError);
    expect(() => heatmap({ matrix: [[1]], colour: 'red' } as never)).toThrow(/unknown option 'colour'/);
  });
});
