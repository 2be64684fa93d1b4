/**
 * `gradscope demo` in-process: the chart, the table, the sentence and an offline HTML report.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseXml } from '../plot/xml.js';
import { plain, run, tempDir, tempFiles } from './helpers.js';

describe('gradscope demo', () => {
  const dir = tempDir();
  const r = run(['demo'], { cwd: dir });
  const report = join(dir, 'gradscope-report.html');

  it('exits 0 and prints nothing on stderr', () => {
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
  });

  it('prints a log-scale chart of ‖∂E/∂h_t‖ with the three cells in its legend', () => {
    expect(r.out).toContain('‖∂E/∂h_t‖ against t, loss at t = 50 (log scale)');
    expect(r.out).toMatch(/10⁻[⁰¹²³⁴⁵⁶⁷⁸⁹]+ ┤/); // decade ticks: a log axis
    for (const name of ['sigmoid RNN', 'tanh RNN', 'LSTM']) expect(r.out).toContain(name);
  });

  it('prints the table (decay per step, horizon, bound) and one sentence on what it shows', () => {
    const out = plain(r.out);
    expect(out).toMatch(/decay/i);
    expect(out).toMatch(/horizon/i);
    expect(out).toMatch(/bound/i);
    expect(out).toMatch(/Carried back 50 steps from the loss at t = 50, the sigmoid RNN keeps [0-9.e+-]+ of it/);
  });

  it('writes gradscope-report.html into the working directory and says where', () => {
    expect(existsSync(report)).toBe(true);
    expect(r.out).toContain(`Report written to ${report}`);
    expect(tempFiles(dir)).toEqual([]);
  });

  it('writes a complete offline report: no http(s) URL, no script or external resource, the charts inline as SVG', () => {
    const html = readFileSync(report, 'utf8');
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/<(script|link|img|iframe)\b/i);
    const svgs = html.match(/<svg[\s\S]*?<\/svg>/g) ?? [];
    expect(svgs.length).toBeGreaterThanOrEqual(4);
    for (const svg of svgs) expect(() => parseXml(svg)).not.toThrow();
    expect(html).not.toContain('NaN');
  });

  it('--no-report writes no file', () => {
    const d = tempDir();
    const q = run(['demo', '--no-report', '--steps', '8', '--hidden', '3'], { cwd: d });
    expect(q.code).toBe(0);
    expect(readdirSync(d)).toEqual([]);
    expect(q.out).not.toContain('Report written');
  });

  it('--out writes the report where it is told, relative to the working directory', () => {
    const d = tempDir();
    const q = run(['demo', '--steps', '8', '--hidden', '3', '--out', 'lesson.html'], { cwd: d });
    expect(q.code).toBe(0);
    expect(readdirSync(d)).toEqual(['lesson.html']);
    expect(q.out).toContain(join(d, 'lesson.html'));
  });

  it('--steps, --hidden and --seed change what is traced, and the same seed gives the same output', () => {
    const a = run(['demo', '--no-report', '--steps', '12', '--hidden', '4', '--seed', '3']);
    const b = run(['demo', '--no-report', '--steps', '12', '--hidden', '4', '--seed', '3']);
    const c = run(['demo', '--no-report', '--steps', '12', '--hidden', '4', '--seed', '4']);
    expect(a.out).toContain('loss at t = 12');
    expect(a.out).toBe(b.out);
    expect(c.out).not.toBe(a.out);
  });

  it('colours the chart on a TTY and not with --no-color or off a TTY', () => {
    const tty = run(['demo', '--no-report', '--steps', '8', '--hidden', '3'], { isTTY: true });
    const noColor = run(['demo', '--no-report', '--steps', '8', '--hidden', '3', '--no-color'], { isTTY: true });
    const pipe = run(['demo', '--no-report', '--steps', '8', '--hidden', '3']);
    expect(tty.out).toContain('\x1b[');
    expect(noColor.out).not.toContain('\x1b[');
    expect(pipe.out).not.toContain('\x1b[');
  });
});
