import { describe, expect, it } from 'vitest';
import { ValueError } from '../../src/errors.js';
import { stripAnsi } from '../../src/plot/ansi.js';
import { terminalChart } from '../../src/plot/terminalChart.js';
import { fc } from '../helpers/fc.js';

const T = 50;
const sigmoid = Array.from({ length: T + 1 }, (_, t) => (T - t) * Math.log10(0.2));
const tanh = Array.from({ length: T + 1 }, (_, t) => (T - t) * -0.1);

function visible(chart: string): string[] {
  return stripAnsi(chart).split('\n');
}

function width(line: string): number {
  return [...line].length;
}

describe('terminalChart', () => {
  it('is exactly `height` lines, none wider than `width`, the x axis spanning the full width', () => {
    const chart = terminalChart([{ name: 'sigmoid', values: sigmoid }], { width: 60, height: 15, log10: true });
    const lines = visible(chart);
    expect(lines).toHaveLength(15);
    lines.forEach((l) => expect(width(l)).toBeLessThanOrEqual(60));
    const axis = lines.find((l) => l.includes('└'))!;
    expect(width(axis)).toBe(60);
  });

  it('labels the y axis with powers of ten at decades and the x axis with time steps', () => {
    const lines = visible(terminalChart([{ name: 'sigmoid', values: sigmoid }], { log10: true }));
    const labels = lines.map((l) => /^\s*(10[⁰¹²³⁴⁵⁶⁷⁸⁹⁻]+) ┤/.exec(l)?.[1]).filter((l) => l !== undefined);
    expect(labels.length).toBeGreaterThanOrEqual(2);
    expect(labels[0]).toBe('10⁰');
    const axisIndex = lines.findIndex((l) => l.includes('└'));
    const xLabels = lines[axisIndex + 1]!.trim().split(/\s+/).map(Number);
    expect(xLabels[0]).toBe(0);
    expect(xLabels[xLabels.length - 1]).toBe(T);
  });

  it('draws a falling curve from the bottom-left to the top-right (the norm grows toward t = T)', () => {
    const lines = visible(terminalChart([{ name: 'a', values: tanh }], { width: 40, height: 12, log10: true }));
    const rows = lines.slice(0, lines.findIndex((l) => l.includes('└')));
    const firstCol = (row: string): number => [...row.slice(row.search(/[│┤]/) + 1)].findIndex((ch) => ch >= '\u2801' && ch <= '\u28ff');
    const inked = rows.map(firstCol);
    // The highest inked row holds the right end of the curve, the lowest its left end.
    const topRow = inked.findIndex((c) => c >= 0);
    const bottomRow = inked.length - 1 - [...inked].reverse().findIndex((c) => c >= 0);
    expect(bottomRow).toBeGreaterThan(topRow);
    expect(inked[bottomRow]).toBe(0);
    expect(inked[topRow]).toBeGreaterThan(20);
    for (let r = topRow + 1; r <= bottomRow; r++) expect(inked[r]).toBeLessThanOrEqual(inked[r - 1]!);
  });

  it('has a legend with each name; colour codes only when asked, one colour per series', () => {
    const series = [
      { name: 'sigmoid RNN', values: sigmoid },
      { name: 'tanh RNN', values: tanh },
    ];
    const plain = terminalChart(series, { log10: true });
    expect(plain).not.toContain('\u001b[');
    const legend = plain.split('\n').at(-1)!;
    expect(legend).toBe('* sigmoid RNN   + tanh RNN');
    expect(plain).toContain('*');
    expect(plain).toContain('+');
    const coloured = terminalChart(series, { log10: true, color: true });
    expect(coloured).toContain('\u001b[38;5;25m');
    expect(coloured).toContain('\u001b[38;5;166m');
    expect(stripAnsi(coloured).split('\n').at(-1)).toBe('━━ sigmoid RNN   ━━ tanh RNN');
    expect(coloured).toMatch(/[\u2801-\u28ff]/);
  });

  it('leaves gaps at -Infinity and NaN and says so under the legend', () => {
    const values = [0, -1, -Infinity, -3, NaN, -5];
    const lines = visible(terminalChart([{ name: 'a', values }], { width: 80, log10: true }));
    expect(lines.at(-1)).toBe('Not drawn (gaps): 1 point is exactly 0 (log10 = −∞); 1 point is not a number.');
    expect(lines.join('\n')).not.toMatch(/NaN|Infinity/);
  });

  it('handles one point, a constant series, an empty series and no data', () => {
    expect(visible(terminalChart([{ name: 'one', values: [2] }], { height: 8 }))).toHaveLength(8);
    expect(visible(terminalChart([{ name: 'flat', values: [1, 1, 1] }], { height: 8, log10: true }))).toHaveLength(8);
    const none = terminalChart([{ name: 'z', values: [] }], { height: 8 });
    expect(none).toContain('no data');
    expect(none).toContain('z (no data)');
    expect(visible(terminalChart([], { height: 6 }))).toHaveLength(6);
  });

  it('rejects sizes too small for the axes and legend, and bad options', () => {
    expect(() => terminalChart([{ name: 'a', values: [1] }], { height: 3 })).toThrow(ValueError);
    expect(() => terminalChart([{ name: 'a', values: [1] }], { height: 5, title: 'x' })).toThrow(/terminalChart: height 5 leaves no room/);
    expect(() => terminalChart([{ name: 'a', values: [1] }], { width: 10.5 })).toThrow(ValueError);
    expect(() => terminalChart([{ name: 'a', values: [1] }], { style: 'dots' } as never)).toThrow(ValueError);
    expect(() => terminalChart([{ name: 'a', values: [1] }], { colour: true } as never)).toThrow(/unknown option 'colour'/);
    expect(() => terminalChart('x' as never)).toThrow(ValueError);
  });

  it('either draws or refuses with a ValueError for any doubles at all', () => {
    fc.assert(
      fc.property(fc.array(fc.double(), { maxLength: 8 }), fc.boolean(), (values, log10) => {
        try {
          expect(visible(terminalChart([{ name: 'a', values }], { log10 }))).toHaveLength(18);
        } catch (e) {
          expect(e).toBeInstanceOf(ValueError);
        }
      }),
    );
  });

  it('always returns exactly `height` lines no wider than `width`', () => {
    const value = fc.oneof(fc.double({ min: -300, max: 300 }), fc.constantFrom(-Infinity, NaN));
    const names = fc.string({ maxLength: 30 }).filter((s) => !s.includes('\n'));
    fc.assert(
      fc.property(
        fc.array(fc.record({ name: names, values: fc.array(value, { maxLength: 40 }) }), { maxLength: 4 }),
        fc.integer({ min: 30, max: 120 }),
        fc.integer({ min: 10, max: 30 }),
        fc.boolean(),
        fc.boolean(),
        (series, w, h, log10, color) => {
          const lines = visible(terminalChart(series, { width: w, height: h, log10, color }));
          expect(lines).toHaveLength(h);
          lines.forEach((l) => expect(width(l)).toBeLessThanOrEqual(w));
        },
      ),
    );
  });
});
