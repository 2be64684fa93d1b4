import { describe, expect, it } from 'vitest';
import { GradscopeError, ValueError } from '../../src/errors.js';
import { lineChart } from '../../src/plot/lineChart.js';
import { palette } from '../../src/plot/palette.js';
import { fc } from '../helpers/fc.js';
import { TOL } from '../helpers/tolerances.js';
import { decadeTicks, frame, parseSvg } from './helpers.js';
import { findAll, subpaths, textOf } from './xml.js';

const ramp = Array.from({ length: 11 }, (_, i) => i);

describe('lineChart', () => {
  it('draws one path per series, with the legend names and axis titles as text', () => {
    const root = parseSvg(
      lineChart({
        series: [
          { name: 'sigmoid RNN', values: [0, -1, -2] },
          { name: 'tanh RNN', values: [0, -0.5, -1] },
          { name: 'LSTM', values: [0, -0.1, -0.2], dash: true },
        ],
        log10: true,
        title: 'Gradient norms',
        xLabel: 'time step t',
        yLabel: '‖∂E/∂h_t‖',
      }),
    );
    const paths = findAll(root, 'path', 'series');
    expect(paths).toHaveLength(3);
    expect(paths.map((p) => p.attrs.stroke)).toEqual(palette.slice(0, 3));
    expect(paths.map((p) => p.attrs['stroke-dasharray'])).toEqual([undefined, undefined, '6 4']);
    const legend = findAll(root, 'g', 'legend-item').map((g) => textOf(findAll(g, 'text')[0]!));
    expect(legend).toEqual(['sigmoid RNN', 'tanh RNN', 'LSTM']);
    expect(findAll(root, 'text', 'axis-title').map(textOf)).toEqual(['time step t', '‖∂E/∂h_t‖']);
    expect(textOf(findAll(root, 'text', 'title')[0]!)).toBe('Gradient norms');
    expect(root.attrs['aria-label']).toBe('Gradient norms');
  });

  it('maps a known series to known pixels: the minimum on the bottom-left corner, the maximum on the top-right', () => {
    const root = parseSvg(lineChart({ series: [{ name: 'ramp', values: ramp }] }));
    const f = frame(root);
    const [pts] = subpaths(findAll(root, 'path', 'series')[0]!.attrs.d!);
    expect(pts).toHaveLength(11);
    expect(pts![0]![0]).toBeCloseTo(f.left, 1);
    expect(pts![0]![1]).toBeCloseTo(f.bottom, 1);
    expect(pts![10]![0]).toBeCloseTo(f.right, 1);
    expect(pts![10]![1]).toBeCloseTo(f.top, 1);
    for (let i = 1; i < pts!.length; i++) {
      expect(pts![i]![0]).toBeGreaterThan(pts![i - 1]![0]);
      expect(pts![i]![1]).toBeLessThan(pts![i - 1]![1]);
      // Equal steps in value are equal steps in pixels.
      expect(Math.abs(pts![i]![1] - pts![i - 1]![1] - (pts![1]![1] - pts![0]![1]))).toBeLessThanOrEqual(3 * TOL.px);
    }
  });

  it('puts log ticks at whole decades, evenly spaced, thinned for a curve falling 500 decades', () => {
    const values = Array.from({ length: 501 }, (_, t) => (500 - t) * Math.log10(0.25)); // 0.25^500 underflows
    const root = parseSvg(lineChart({ series: [{ name: 'sigmoid', values }], log10: true }));
    const ticks = decadeTicks(root);
    expect(ticks.length).toBeGreaterThanOrEqual(3);
    expect(ticks.length).toBeLessThanOrEqual(10);
    const step = ticks[1]!.k - ticks[0]!.k;
    expect([1, 2, 5].map((m) => m * 10 ** Math.floor(Math.log10(step)))).toContain(step);
    ticks.forEach((t) => expect(Number.isInteger(t.k / step)).toBe(true));
    expect(Math.min(...ticks.map((t) => t.k))).toBeLessThanOrEqual(Math.min(...values));
    expect(Math.max(...ticks.map((t) => t.k))).toBe(0);
    const dy = (ticks[ticks.length - 1]!.y - ticks[0]!.y) / (ticks.length - 1);
    ticks.forEach((t, i) => expect(Math.abs(t.y - ticks[0]!.y - i * dy)).toBeLessThanOrEqual(2 * TOL.px));
  });

  it('labels every decade and adds minor ticks on a short log axis', () => {
    const root = parseSvg(lineChart({ series: [{ name: 'a', values: [-2.3, -1.2, -0.4] }], log10: true }));
    expect(decadeTicks(root).map((t) => t.k)).toEqual([-3, -2, -1, 0]);
    expect(findAll(root, 'line', 'minor')).toHaveLength(3 * 8);
  });

  it('places a value between decades at its logarithmic position', () => {
    const root = parseSvg(lineChart({ series: [{ name: 'a', values: [-1, Math.log10(0.5), 0] }], log10: true }));
    const [pts] = subpaths(findAll(root, 'path', 'series')[0]!.attrs.d!);
    const f = frame(root);
    // 0.5 sits log10(5) ≈ 0.699 of the way up from 0.1 to 1.
    expect((f.bottom - pts![1]![1]) / (f.bottom - f.top)).toBeCloseTo(Math.log10(5), 3);
  });

  it('breaks a curve at -Infinity and NaN instead of drawing NaN coordinates, and says so', () => {
    const svg = lineChart({ series: [{ name: 'a', values: [0, -1, -Infinity, -3, NaN, -5, -6, Infinity, -8] }], log10: true });
    const root = parseSvg(svg);
    const runs = subpaths(findAll(root, 'path', 'series')[0]!.attrs.d!);
    expect(runs.map((r) => r.length)).toEqual([2, 1, 2, 1]);
    const note = textOf(findAll(root, 'text', 'note')[0]!);
    expect(note).toContain('1 point is exactly 0');
    expect(note).toContain('1 point is not a number');
    expect(note).toContain('1 point is infinite');
  });

  it('escapes user text: a <script> in a name, title or label stays text', () => {
    const evil = '<script>alert("x")</script> & co';
    const svg = lineChart({ series: [{ name: evil, values: [1, 2] }], title: evil, xLabel: evil, yLabel: evil });
    expect(svg).not.toContain('<script');
    const root = parseSvg(svg);
    expect(findAll(root, 'script')).toHaveLength(0);
    expect(textOf(findAll(root, 'title')[0]!)).toBe(evil);
    expect(root.attrs['aria-label']).toBe(evil);
    expect(findAll(root, 'text', 'axis-title').map(textOf)).toEqual([evil, evil]);
  });

  it('draws a single point as a visible mark and a constant series as a flat line inside the frame', () => {
    const single = parseSvg(lineChart({ series: [{ name: 'one', values: [3] }] }));
    const d = findAll(single, 'path', 'series')[0]!.attrs.d!;
    expect(d).toMatch(/^M[\d.]+,[\d.]+a2\.5,2\.5/);
    const root = parseSvg(lineChart({ series: [{ name: 'flat', values: [2, 2, 2, 2] }], log10: true }));
    const f = frame(root);
    const [pts] = subpaths(findAll(root, 'path', 'series')[0]!.attrs.d!);
    expect(new Set(pts!.map((p) => p[1])).size).toBe(1);
    expect(pts![0]![1]).toBeGreaterThan(f.top);
    expect(pts![0]![1]).toBeLessThan(f.bottom);
    expect(decadeTicks(root).length).toBeGreaterThanOrEqual(2);
  });

  it('keeps an empty series in the legend, marked as having no data', () => {
    const root = parseSvg(lineChart({ series: [{ name: 'full', values: [1, 2] }, { name: 'empty', values: [] }] }));
    const paths = findAll(root, 'path', 'series');
    expect(paths).toHaveLength(2);
    expect(paths[1]!.attrs.d).toBe('');
    expect(findAll(root, 'g', 'legend-item').map((g) => textOf(findAll(g, 'text')[0]!))).toEqual(['full', 'empty (no data)']);
  });

  it('says "no data" when nothing is finite, including with no series at all', () => {
    for (const series of [[], [{ name: 'z', values: [-Infinity, NaN] }]]) {
      const root = parseSvg(lineChart({ series, log10: true }));
      expect(textOf(findAll(root, 'text', 'no-data')[0]!)).toBe('no data');
    }
  });

  it('places points at the given x positions', () => {
    const root = parseSvg(lineChart({ series: [{ name: 'a', values: [1, 2, 3] }], x: [0, 1, 10] }));
    const [pts] = subpaths(findAll(root, 'path', 'series')[0]!.attrs.d!);
    const f = frame(root);
    expect((pts![1]![0] - f.left) / (f.right - f.left)).toBeCloseTo(0.1, 3);
  });

  it('shortens long legend names to fit and keeps the full name as a tooltip', () => {
    const long = 'x'.repeat(200);
    const root = parseSvg(lineChart({ series: [{ name: long, values: [1, 2] }] }));
    const item = findAll(root, 'g', 'legend-item')[0]!;
    expect(textOf(findAll(item, 'text')[0]!).endsWith('…')).toBe(true);
    expect(textOf(findAll(item, 'title')[0]!)).toBe(long);
  });

  it('rejects bad input with a GradscopeError naming lineChart', () => {
    const bad: unknown[] = [
      undefined,
      { series: 'nope' },
      { series: [{ name: 'a', values: [1, '2'] }] },
      { series: [{ name: 3, values: [] }] },
      { series: [{ name: 'a', values: [1], colour: 'red' }] },
      { series: [{ name: 'a', values: [1, 2] }], x: [0] },
      { series: [{ name: 'a', values: [1] }], x: [NaN] },
      { series: [], widht: 300 },
      { series: [], width: 20 },
      { series: [], log10: 'yes' },
    ];
    for (const b of bad) {
      expect(() => lineChart(b as never)).toThrow(GradscopeError);
      expect(() => lineChart(b as never)).toThrow(/^lineChart: /);
    }
    expect(() => lineChart({ series: [{ name: 'a', values: [-1.7e308, 1.7e308] }] })).toThrow(ValueError);
  });

  it('refuses log10 values that cannot be logarithms, such as raw values passed by mistake', () => {
    expect(() => lineChart({ series: [{ name: 'a', values: [1e300, 1] }], log10: true })).toThrow(/within ±1e12; got 1e\+300/);
    expect(() => lineChart({ series: [{ name: 'a', values: [1e20, 1e20] }], log10: true })).toThrow(ValueError);
  });

  it('either draws or refuses with a ValueError for any doubles at all, never hangs or fails inside', () => {
    fc.assert(
      fc.property(fc.array(fc.double(), { maxLength: 8 }), fc.boolean(), (values, log10) => {
        try {
          parseSvg(lineChart({ series: [{ name: 'a', values }], log10 }));
        } catch (e) {
          expect(e).toBeInstanceOf(ValueError);
        }
      }),
    );
  });

  it('does not mutate its input', () => {
    const values = [3, NaN, 1];
    const series = [{ name: 'a', values }];
    lineChart({ series, log10: true });
    expect(values).toEqual([3, NaN, 1]);
    expect(series).toEqual([{ name: 'a', values: [3, NaN, 1] }]);
  });

  it('always yields well-formed SVG with one path per series and no NaN, whatever the numbers', () => {
    const value = fc.oneof(fc.double({ min: -400, max: 400 }), fc.constantFrom(-Infinity, Infinity, NaN, 0));
    fc.assert(
      fc.property(fc.array(fc.array(value, { maxLength: 30 }), { maxLength: 5 }), fc.boolean(), (arrays, log10) => {
        const svg = lineChart({ series: arrays.map((values, i) => ({ name: `s${i}`, values })), log10 });
        const root = parseSvg(svg);
        expect(findAll(root, 'path', 'series')).toHaveLength(arrays.length);
      }),
    );
  });
});
