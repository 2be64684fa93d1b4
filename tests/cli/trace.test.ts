/**
 * `gradscope trace` in-process: every option, `--json` (the trace's toJSON) and `--svg FILE`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LSTMCell, randn, traceGradients } from '../../src/index.js';
import type { TraceJSON } from '../../src/index.js';
import { parseXml } from '../plot/xml.js';
import { run, tempDir, tempFiles } from './helpers.js';

const small = ['--steps', '6', '--hidden', '3'];

function json(argv: readonly string[]): TraceJSON {
  const r = run(['trace', ...small, '--json', ...argv]);
  expect(r.code, r.err).toBe(0);
  expect(r.err).toBe('');
  return JSON.parse(r.out) as TraceJSON;
}

describe('gradscope trace', () => {
  it('prints a chart and a summary table with its defaults', () => {
    const r = run(['trace']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('tanh RNN');
    expect(r.out).toContain('loss mse at t = 50');
    expect(r.out).toMatch(/┤/);
  });

  it('--json prints exactly the trace’s toJSON, parsable, and nothing else', () => {
    const r = run(['trace', ...small, '--cell', 'lstm', '--seed', '5', '--forget-bias', '2', '--json']);
    expect(r.code).toBe(0);
    expect(r.out.trim().split('\n')).toHaveLength(1);
    const got = JSON.parse(r.out) as TraceJSON;
    // the same trace built through the library: what --json promises to print
    const cell = new LSTMCell({ inputSize: 1, hiddenSize: 3, seed: 5, forgetBias: 2 });
    const expected = traceGradients(cell, randn([6, 1, 1], { seed: 6 }), { targets: randn([1, 3], { seed: 7 }) }).toJSON();
    expect(got).toEqual(JSON.parse(JSON.stringify(expected)));
    expect(got.format).toBe('gradscope.trace');
    expect(got.steps).toBe(6);
  });

  it('each option reaches the trace', () => {
    expect(json(['--cell', 'gru']).cell.name).toBe('GRUCell');
    expect(json(['--cell', 'lstm']).cell.stateKeys).toEqual(['h', 'c']);
    expect(json(['--activation', 'sigmoid']).cell.activation).toBe('sigmoid');
    expect(json(['--hidden', '5']).cell.hiddenSize).toBe(5);
    expect(json(['--input', '2']).cell.inputSize).toBe(2);
    expect(json(['--steps', '9']).steps).toBe(9);
    expect(json(['--batch', '2']).batch).toBe(2);
    expect(json(['--loss', 'abs']).loss).toBe('abs');
    expect(json(['--loss-at', 'all']).lossAt).toBe('all');
    const base = json([]).hiddenGradNormsLog10;
    expect(json(['--seed', '1']).hiddenGradNormsLog10).not.toEqual(base);
    expect(json(['--whh-init', 'orthogonal']).hiddenGradNormsLog10).not.toEqual(base);
    expect(json(['--whh-init', 'identity']).hiddenGradNormsLog10).not.toEqual(base);
    expect(json(['--whh-scale', '0.5']).hiddenGradNormsLog10).not.toEqual(base);
    const lstm = json(['--cell', 'lstm']).forgetGatePathLog10;
    expect(json(['--cell', 'lstm', '--forget-bias', '5']).forgetGatePathLog10).not.toEqual(lstm);
  });

  it('--svg FILE writes a well-formed SVG chart (and says where) next to the usual output', () => {
    const dir = tempDir();
    const r = run(['trace', ...small, '--svg', 'norms.svg'], { cwd: dir });
    expect(r.code).toBe(0);
    const path = join(dir, 'norms.svg');
    expect(r.out).toContain(`SVG written to ${path}`);
    const svg = readFileSync(path, 'utf8');
    const root = parseXml(svg);
    expect(root.name).toBe('svg');
    expect(svg).not.toContain('NaN');
    expect(tempFiles(dir)).toEqual([]);
  });

  it('--svg with --json writes the file and keeps stdout pure JSON', () => {
    const dir = tempDir();
    const r = run(['trace', ...small, '--json', '--svg', 'n.svg'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(() => JSON.parse(r.out) as unknown).not.toThrow();
    expect(existsSync(join(dir, 'n.svg'))).toBe(true);
  });
});
