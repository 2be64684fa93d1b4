/**
 * The built executable end to end: `node dist/cli.js` (built by `npm test`'s pretest step).
 * One full demo run, and Ctrl-C in the middle of a slow run leaving no half-written file.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from './helpers.js';

const cli = resolve('dist/cli.js');

describe('node dist/cli.js', () => {
  it('exists (npm test builds it first; run npm run build when testing this folder alone)', () => {
    expect(existsSync(cli)).toBe(true);
  });

  it('runs the demo end to end: exit 0, the chart on stdout, a complete report in its working directory', () => {
    const dir = tempDir();
    const r = spawnSync(process.execPath, [cli, 'demo', '--steps', '20', '--hidden', '4'], { cwd: dir, encoding: 'utf8', timeout: 30_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('‖∂E/∂h_t‖ against t, loss at t = 20');
    expect(r.stdout).not.toContain('\x1b['); // a pipe is not a TTY: no colour
    const html = readFileSync(join(dir, 'gradscope-report.html'), 'utf8');
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
  });

  it('a bad flag gives exit code 2 and one line on stderr from the real process', () => {
    const r = spawnSync(process.execPath, [cli, 'trace', '--cell', 'gru', '--forget-bias', '1'], { encoding: 'utf8', timeout: 30_000 });
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('--forget-bias');
    expect(r.stdout).toBe('');
  });

  it('Ctrl-C during a slow demo leaves neither a half-written report nor a temporary file', async () => {
    const dir = tempDir();
    const child = spawn(process.execPath, [cli, 'demo', '--steps', '2000', '--hidden', '64', '--out', 'X.html'], { cwd: dir, stdio: 'ignore' });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => child.on('exit', (code, signal) => done({ code, signal })));
    // let it get well into the work (loading, tracing) before interrupting
    await new Promise((r) => setTimeout(r, 1500));
    const finishedEarly = child.exitCode !== null;
    if (!finishedEarly) child.kill('SIGINT');
    const { code, signal } = await exited;
    const files = readdirSync(dir);
    expect(files.filter((f) => f.endsWith('.tmp'))).toEqual([]);
    if (files.includes('X.html')) {
      // it got as far as the write before the signal took effect: the file must then be whole
      expect(readFileSync(join(dir, 'X.html'), 'utf8').trimEnd().endsWith('</html>')).toBe(true);
    } else {
      expect(finishedEarly).toBe(false);
      expect(code === 130 || signal === 'SIGINT').toBe(true);
    }
  }, 30_000);
});
