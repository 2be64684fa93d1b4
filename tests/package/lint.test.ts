import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import type { Packed } from './packed.js';
import { pack, removeDir, repoRoot, subpaths, tempDir } from './packed.js';

/** The part of `attw --format json` these tests read. */
interface AttwJson {
  analysis: { types: unknown; entrypoints: Record<string, unknown> };
  problems?: Record<string, unknown[]>;
}

const attwCli = join(repoRoot, 'node_modules/@arethetypeswrong/cli/dist/index.js');

/**
 * Runs attw on a tarball and reads its JSON report. stdout goes to a file: attw exits right
 * after writing, which cuts a report written to a pipe at 64 KiB when there are problems.
 */
function attw(tarball: string, dir: string): { status: number | null; report: AttwJson } {
  const out = join(dir, 'attw.json');
  const fd = openSync(out, 'w');
  try {
    const r = spawnSync(process.execPath, [attwCli, tarball, '--format', 'json'], { cwd: dir, stdio: ['ignore', fd, 'pipe'] });
    if (r.error) throw r.error;
    const text = readFileSync(out, 'utf8');
    try {
      return { status: r.status, report: JSON.parse(text) as AttwJson };
    } catch {
      throw new Error(`attw exited with ${String(r.status)} and printed no JSON report:\n${text}\n${String(r.stderr)}`);
    }
  } finally {
    closeSync(fd);
  }
}

let work = '';
let packed: Packed;

beforeAll(() => {
  work = tempDir('lint');
  packed = pack(work);
});

afterAll(() => {
  if (work) removeDir(work);
});

describe('the packed package', () => {
  it('passes publint in strict mode with no message at all', async () => {
    const bytes = readFileSync(packed.tarball);
    const tarball = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    const { messages, pkg } = await publint({ pack: { tarball }, strict: true, level: 'suggestion' });
    expect(messages.map((m) => formatMessage(m, pkg) ?? m.code)).toEqual([]);
  });

  it('passes are-the-types-wrong for every entry point under node10, node16 (ESM and CJS) and bundler', () => {
    // A local tarball is read from disk: no registry lookup (that happens only with --from-npm).
    const { status, report } = attw(packed.tarball, work);
    expect(Object.keys(report.analysis.entrypoints).sort()).toEqual([...subpaths, './package.json'].sort());
    expect(report.analysis.types).toBeTruthy();
    expect(report.problems ?? {}).toEqual({});
    expect(status).toBe(0);
  });
});
