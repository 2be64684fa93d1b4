/**
 * Every runnable example in examples/ runs as written (node on the built package, which the
 * `pretest` script builds) and prints what its comments promise.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const run = (file: string): string => execFileSync(process.execPath, [resolve(root, 'examples', file)], { cwd: root, encoding: 'utf8', timeout: 120_000 });

describe('examples/', () => {
  it('has been built (npm test builds first)', () => {
    expect(existsSync(resolve(root, 'dist/index.js'))).toBe(true);
  });

  it('every .mjs example has a test here', () => {
    const tested = ['vanishing.mjs', 'adding-problem.mjs', 'pytorch-weights.mjs', 'gradient-check.mjs'];
    expect(readdirSync(resolve(root, 'examples')).filter((f) => f.endsWith('.mjs')).sort()).toEqual([...tested].sort());
  });

  it('vanishing.mjs: the sigmoid RNN loses the most, the LSTM keeps its gradient', () => {
    const out = run('vanishing.mjs');
    const row = (name: string) => out.split('\n').find((l) => l.startsWith(name))!;
    const at60 = (line: string) => Number(line.slice(20).trim().split(/\s+/)[3]);
    expect(row('sigmoid RNN')).toMatch(/vanishing/);
    expect(at60(row('sigmoid RNN'))).toBeLessThan(-30);
    expect(at60(row('tanh RNN'))).toBeLessThan(-5);
    expect(at60(row('LSTM'))).toBeGreaterThan(-3);
  });

  it('adding-problem.mjs: the LSTM ends far below the 0.167 baseline', () => {
    const out = run('adding-problem.mjs');
    const mse = Number(/held-out MSE ([\d.]+)/.exec(out)![1]);
    expect(mse).toBeLessThan(0.05);
  });

  it('pytorch-weights.mjs: PyTorch names and shapes, and an exact round trip', () => {
    const out = run('pytorch-weights.mjs');
    expect(out).toContain('weight_ih: [16, 3]');
    expect(out).toContain('bias_hh: [16]');
    expect(out).toContain('same outputs after the round trip: true');
  });

  it('gradient-check.mjs: the correct rule passes and the wrong one is caught', () => {
    const out = run('gradient-check.mjs');
    expect(out).toContain('correct rule: ok = true');
    expect(out).toContain('wrong rule: ok = false');
  });
});
