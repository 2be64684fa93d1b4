import { describe, expect, it } from 'vitest';
import { ValueError } from '../../src/errors.js';
import { heatmap } from '../../src/plot/heatmap.js';
import { htmlReport } from '../../src/plot/htmlReport.js';
import { lineChart } from '../../src/plot/lineChart.js';
import { spectrumChart } from '../../src/plot/spectrumChart.js';
import { findAll, parseXml, textOf } from './xml.js';

const chart = lineChart({ series: [{ name: 'tanh', values: [-5, -2.5, 0] }], log10: true, title: 'Norms' });

function report(): string {
  return htmlReport({
    title: 'Vanishing gradients <live>',
    intro: 'First paragraph.\n\nSecond & last.',
    sections: [
      { heading: 'Norms', text: 'One backward pass.', svg: chart },
      { heading: 'Flow', svg: heatmap({ matrix: [[1, 0], [0.5, 1]], scale: 'log' }) },
      { heading: 'Spectrum', svg: spectrumChart({ values: [2, 0.5] }) },
      { heading: 'Summary', table: { columns: ['cell', 'decay per step'], rows: [['tanh', 0.7943], ['sigmoid', 1.5e-7]] } },
    ],
  });
}

describe('htmlReport', () => {
  it('is a complete HTML document that also parses as XML', () => {
    const html = report();
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true);
    const root = parseXml(html);
    expect(root.name).toBe('html');
    expect(textOf(findAll(root, 'title')[0]!)).toBe('Vanishing gradients <live>');
    expect(findAll(root, 'meta').map((m) => m.attrs.charset ?? m.attrs.name)).toEqual(['utf-8', 'viewport']);
  });

  it('contains every section, in order, with its text, chart and table', () => {
    const root = parseXml(report());
    expect(findAll(root, 'h2').map(textOf)).toEqual(['Norms', 'Flow', 'Spectrum', 'Summary']);
    expect(findAll(root, 'section')).toHaveLength(4);
    expect(findAll(root, 'svg')).toHaveLength(3);
    expect(findAll(root, 'path', 'series')).toHaveLength(1);
    expect(findAll(root, 'p').map(textOf)).toEqual(['First paragraph.', 'Second & last.', 'One backward pass.']);
    expect(findAll(root, 'th').map(textOf)).toEqual(['cell', 'decay per step']);
    expect(findAll(root, 'td').map(textOf)).toEqual(['tanh', '0.7943', 'sigmoid', '1.5e−7']);
    expect(findAll(root, 'td').map((td) => td.attrs.class)).toEqual([undefined, 'num', undefined, 'num']);
  });

  it('needs no network: no URLs, no scripts, no external resources', () => {
    const html = report();
    expect(html).not.toMatch(/http|<script|src=|href=|@import|url\(/i);
    expect(html).toContain('<style>');
  });

  it('escapes all text', () => {
    const html = htmlReport({ title: '<script>x</script>', intro: '<img src=x onerror=alert(1)>', sections: [{ heading: '<h1>', text: 'a < b & c' }] });
    expect(html).not.toMatch(/<script|<img/);
    const root = parseXml(html);
    expect(textOf(findAll(root, 'h2')[0]!)).toBe('<h1>');
    expect(findAll(root, 'img')).toHaveLength(0);
  });

  it('refuses an svg that is not one script-free <svg> element', () => {
    for (const svg of ['<div></div>', '<svg><script>alert(1)</script></svg>', '<svg onload="alert(1)"></svg>', 'plain']) {
      expect(() => htmlReport({ title: 't', sections: [{ heading: 'h', svg }] })).toThrow(ValueError);
    }
  });

  it('leaves out a table with no columns and rejects rows of the wrong length', () => {
    const root = parseXml(htmlReport({ title: 't', sections: [{ heading: 'h', table: { columns: [], rows: [] } }] }));
    expect(findAll(root, 'table')).toHaveLength(0);
    expect(() => htmlReport({ title: 't', sections: [{ heading: 'h', table: { columns: ['a', 'b'], rows: [['1']] } }] })).toThrow(
      /htmlReport: sections\[0\].table.rows\[0\] must be 2 strings or numbers/,
    );
  });

  it('rejects a missing title or sections and unknown keys', () => {
    expect(() => htmlReport({ sections: [] } as never)).toThrow(ValueError);
    expect(() => htmlReport({ title: 't' } as never)).toThrow(ValueError);
    expect(() => htmlReport({ title: 't', sections: [{ heading: 'h', body: 'x' }] } as never)).toThrow(/unknown option 'body'/);
  });
});
