/**
 * Running the `gradscope` command in-process with captured output, and temporary folders.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { main } from '../../src/cli/main.js';

/** What one run of the command produced. */
export interface Run {
  readonly code: number;
  readonly out: string;
  readonly err: string;
  /** stderr split into non-empty lines. */
  readonly errLines: readonly string[];
}

/** Runs `gradscope ...argv` in-process. */
export function run(argv: readonly string[], options: { readonly isTTY?: boolean; readonly cwd?: string } = {}): Run {
  let out = '';
  let err = '';
  const code = main(argv, { out: (s) => (out += s), err: (s) => (err += s), isTTY: options.isTTY ?? false, cwd: options.cwd ?? tempDir() });
  return { code, out, err, errLines: err.split('\n').filter((l) => l.length > 0) };
}

const made: string[] = [];

/** A fresh temporary folder, removed after the file's tests. */
export function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'gradscope-cli-'));
  made.push(d);
  return d;
}

afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

/** Files in `dir` whose names look like the command's temporary files. */
export function tempFiles(dir: string): string[] {
  return readdirSync(dir).filter((f) => f.endsWith('.tmp'));
}

/** Strips ANSI colour codes. */
export function plain(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '');
}
