/**
 * `gradscope train` in-process with tiny sizes: progress lines, then the loss chart and the
 * before/after charts.
 */
import { describe, expect, it } from 'vitest';
import { run } from './helpers.js';

const tiny = ['--lag', '4', '--hidden', '3', '--steps', '5', '--batch', '4'];

describe('gradscope train', () => {
  it('prints plain progress lines (step, loss, gradient norm, ETA) when stdout is not a TTY', () => {
    const r = run(['train', ...tiny]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).not.toContain('\r');
    const lines = r.out.split('\n').filter((l) => l.startsWith('step '));
    expect(lines.map((l) => l.match(/^step +(\d+)\/5/)?.[1])).toEqual(['1', '2', '3', '4', '5']);
    for (const l of lines) expect(l).toMatch(/^step +\d+\/5 {2}loss [0-9.e+-]+ {2}‖∇‖ [0-9.e+-]+ {2}ETA [0-9.]+ s$/);
  });

  it('updates one line with \\r on a TTY and ends it before the charts', () => {
    const r = run(['train', ...tiny], { isTTY: true });
    expect(r.code).toBe(0);
    expect(r.out.match(/\rstep /g)).toHaveLength(5);
    expect(r.out).not.toMatch(/\nstep /);
    expect(r.out).toContain('ETA');
  });

  it('ends with the loss curve and the trace before vs after training', () => {
    const r = run(['train', ...tiny]);
    const lines = r.out.split('\n');
    const lastProgress = lines.map((l) => l.startsWith('step ')).lastIndexOf(true);
    const afterProgress = lines.slice(lastProgress + 1).join('\n');
    expect(afterProgress).toMatch(/Loss per step \(final [0-9.e+-]+\):/);
    expect(afterProgress).toContain('before vs after training');
    expect(afterProgress).toContain('before');
    expect(afterProgress).toContain('after');
    expect((afterProgress.match(/┤/g) ?? []).length).toBeGreaterThanOrEqual(2);
  });

  it('runs each task with each cell', () => {
    for (const task of ['adding', 'copy', 'sine']) {
      for (const cell of ['rnn', 'lstm', 'gru']) {
        const r = run(['train', '--task', task, '--cell', cell, '--lag', '3', '--hidden', '2', '--steps', '2', '--batch', '2']);
        expect(r.code, `${task}/${cell}: ${r.err}`).toBe(0);
        expect(r.out).toContain(`on the ${task} task`);
      }
    }
  });

  it('prints at most about ten progress lines for a longer run when not a TTY', () => {
    const r = run(['train', '--lag', '3', '--hidden', '2', '--steps', '40', '--batch', '2']);
    const lines = r.out.split('\n').filter((l) => l.startsWith('step '));
    expect(lines.length).toBeLessThanOrEqual(11);
    expect(lines.at(-1)).toMatch(/^step 40\/40/);
  });
});
