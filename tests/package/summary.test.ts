import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { removeDir, repoRoot, runNode, tempDir, writeFiles } from './packed.js';

type Status = 'passed' | 'failed' | 'skipped' | 'pending' | 'todo';

/** A vitest JSON report with one file per entry: its status, message and test statuses. */
function report(files: readonly { status: 'passed' | 'failed'; message?: string; tests: readonly Status[] }[]): string {
  const testResults = files.map((f, i) => ({
    name: join(work, `tests/f${i}.test.ts`),
    status: f.status,
    message: f.message ?? '',
    assertionResults: f.tests.map((status, j) => ({ title: `t${j}`, status, failureMessages: [] })),
  }));
  return JSON.stringify({ numTotalTests: 0, success: files.every((f) => f.status === 'passed'), testResults });
}

let work = '';

beforeAll(() => {
  work = tempDir('summary');
  writeFiles(work, {
    'green.json': report([{ status: 'passed', tests: ['passed', 'passed'] }, { status: 'passed', tests: ['passed'] }]),
    'mixed.json': report([{ status: 'failed', tests: ['passed', 'failed', 'skipped', 'todo'] }]),
    'unloadable.json': report([{ status: 'failed', message: 'Cannot find module ./x\nstack', tests: [] }]),
    'broken.json': '{ "testResults": ',
  });
});

afterAll(() => {
  if (work) removeDir(work);
});

function summary(args: readonly string[]): { lines: string[]; status: number | null } {
  const r = runNode([join(repoRoot, 'scripts/summary.mjs'), ...args], work);
  return { lines: r.stdout.trimEnd().split('\n'), status: r.status };
}

describe('scripts/summary.mjs', () => {
  it('prints "N passed, 0 failed" as its last line and exits 0 when every test passed', () => {
    const { lines, status } = summary(['green.json']);
    expect(lines).toEqual(['3 passed, 0 failed']);
    expect(status).toBe(0);
  });

  it('counts failed tests, adds skipped and todo tests as skipped, and exits 1', () => {
    const { lines, status } = summary(['--exit-code', '1', 'mixed.json']);
    expect(lines.at(-1)).toBe('1 passed, 1 failed, 2 skipped');
    expect(status).toBe(1);
  });

  it('sums several reports', () => {
    expect(summary(['green.json', 'mixed.json']).lines.at(-1)).toBe('4 passed, 1 failed, 2 skipped');
  });

  it('counts a test file that failed before any test ran as one failure, and says why', () => {
    const { lines, status } = summary(['unloadable.json']);
    expect(lines).toEqual(['summary: tests/f0.test.ts failed outside its tests: Cannot find module ./x', '0 passed, 1 failed']);
    expect(status).toBe(1);
  });

  it('counts a missing or unreadable report as one failure each', () => {
    const { lines, status } = summary(['missing.json', 'broken.json', 'green.json']);
    expect(lines.at(-1)).toBe('3 passed, 2 failed');
    expect(lines.slice(0, -1).join('\n')).toMatch(/missing\.json is missing[\s\S]*broken\.json could not be read/);
    expect(status).toBe(1);
  });

  it('counts a failing test command as one failure when no test failed', () => {
    const { lines, status } = summary(['--exit-code', '2', 'green.json']);
    expect(lines.at(-1)).toBe('3 passed, 1 failed');
    expect(status).toBe(1);
  });
});
