/**
 * Help, usage errors and unwritable output paths: bad flags exit 2 with one line naming the
 * flag; a path that cannot be written gives one clear line, a non-zero code and no file.
 */
import { chmodSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_HELP } from '../../src/cli/demo.js';
import { HELP } from '../../src/cli/main.js';
import { TRACE_HELP } from '../../src/cli/trace.js';
import { TRAIN_HELP } from '../../src/cli/train.js';
import { run, tempDir } from './helpers.js';

describe('help and usage', () => {
  it.each([
    ['demo', DEMO_HELP],
    ['trace', TRACE_HELP],
    ['train', TRAIN_HELP],
  ])('%s --help (and -h) prints its help and exits 0 without running', (cmd, help) => {
    for (const flag of ['--help', '-h']) {
      const dir = tempDir();
      const r = run([cmd, flag], { cwd: dir });
      expect(r.code).toBe(0);
      expect(r.out).toBe(help);
      expect(r.err).toBe('');
      expect(readdirSync(dir)).toEqual([]);
    }
  });

  it('gradscope --help lists the commands and exits 0', () => {
    const r = run(['--help']);
    expect(r.code).toBe(0);
    expect(r.out).toBe(HELP);
  });

  it('every command’s help documents every flag it accepts', () => {
    const flags: Record<string, readonly string[]> = {
      demo: ['--steps', '--hidden', '--seed', '--out', '--no-report', '--no-color'],
      trace: ['--cell', '--activation', '--hidden', '--input', '--steps', '--batch', '--seed', '--whh-init', '--whh-scale', '--forget-bias', '--loss', '--loss-at', '--json', '--svg', '--no-color'],
      train: ['--task', '--cell', '--activation', '--lag', '--hidden', '--steps', '--batch', '--lr', '--seed', '--no-color'],
    };
    const helps: Record<string, string> = { demo: DEMO_HELP, trace: TRACE_HELP, train: TRAIN_HELP };
    for (const [cmd, fs] of Object.entries(flags)) for (const f of fs) expect(helps[cmd], `${cmd} ${f}`).toContain(f);
  });

  it('no command prints the usage and exits 2', () => {
    const r = run([]);
    expect(r.code).toBe(2);
    expect(r.out).toContain('Usage: gradscope <command>');
  });

  it('an unknown command is one line on stderr and exit 2', () => {
    const r = run(['plot']);
    expect(r.code).toBe(2);
    expect(r.errLines).toHaveLength(1);
    expect(r.errLines[0]).toContain("unknown command 'plot'");
    expect(r.out).toBe('');
  });
});

/** [argv, the flag the one error line must name] */
const badFlags: readonly [readonly string[], string][] = [
  [['demo', '--colour'], '--colour'],
  [['trace', '--cells', 'rnn'], '--cells'],
  [['train', '-x'], '-x'],
  [['demo', '--steps'], '--steps'],
  [['trace', '--svg'], '--svg'],
  [['train', '--lr'], '--lr'],
  [['demo', '--steps', 'ten'], '--steps'],
  [['demo', '--hidden', '3.5'], '--hidden'],
  [['demo', '--seed', ''], '--seed'],
  [['trace', '--whh-scale', 'NaN'], '--whh-scale'],
  [['trace', '--whh-scale', 'Infinity'], '--whh-scale'],
  [['train', '--lr', '1e'], '--lr'],
  [['demo', '--steps', '0'], '--steps'],
  [['demo', '--steps', '-5'], '--steps'],
  [['demo', '--hidden', '100000'], '--hidden'],
  [['trace', '--batch', '0'], '--batch'],
  [['train', '--lag', '1'], '--lag'],
  [['train', '--lr', '0'], '--lr'],
  [['train', '--steps', '99999999'], '--steps'],
  [['trace', '--cell', 'transformer'], '--cell'],
  [['trace', '--activation', 'gelu'], '--activation'],
  [['trace', '--loss', 'hinge'], '--loss'],
  [['trace', '--loss-at', 'first'], '--loss-at'],
  [['trace', '--whh-init', 'zeros'], '--whh-init'],
  [['train', '--task', 'parity'], '--task'],
  [['trace', '--forget-bias', '1'], '--forget-bias'],
  [['trace', '--cell', 'gru', '--forget-bias', '1'], '--forget-bias'],
  [['trace', '--cell', 'lstm', '--forget-bias', 'x'], '--forget-bias'],
  [['demo', 'extra'], 'extra'],
  [['demo', '--no-report=yes'], '--no-report'],
];

describe('bad flags and values', () => {
  it.each(badFlags)('gradscope %j exits 2 with exactly one line on stderr naming the flag', (argv, flag) => {
    const dir = tempDir();
    const r = run(argv, { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.errLines).toHaveLength(1);
    expect(r.err.endsWith('\n')).toBe(true);
    expect(r.errLines[0]).toContain(flag);
    expect(r.errLines[0]).toMatch(/^gradscope /);
    expect(r.out).toBe('');
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('output paths that cannot be written', () => {
  const cases: readonly [string, (dir: string) => string][] = [
    ['a missing folder', () => join('no-such-folder', 'out.html')],
    ['a folder as the file', (dir) => {
      mkdirSync(join(dir, 'taken'));
      return 'taken';
    }],
    ['a path under a regular file', (dir) => {
      writeFileSync(join(dir, 'file.txt'), 'x');
      return join('file.txt', 'out.html');
    }],
  ];

  for (const [label, make] of cases) {
    it(`demo --out to ${label}: one clear line, a non-zero code, no file and no temp file left`, () => {
      const dir = tempDir();
      const out = make(dir);
      const before = readdirSync(dir).sort();
      const r = run(['demo', '--steps', '5', '--hidden', '2', '--out', out], { cwd: dir });
      expect(r.code).not.toBe(0);
      expect(r.errLines).toHaveLength(1);
      expect(r.errLines[0]).toMatch(/^cannot write .+: [a-z]/);
      expect(r.errLines[0]).toContain(join(dir, out));
      expect(readdirSync(dir).sort()).toEqual(before);
      if (label === 'a folder as the file') expect(readdirSync(join(dir, 'taken'))).toEqual([]);
    });
  }

  it('trace --svg into a missing folder fails the same way and prints no JSON', () => {
    const dir = tempDir();
    const r = run(['trace', '--steps', '4', '--hidden', '2', '--json', '--svg', join('nope', 'x.svg')], { cwd: dir });
    expect(r.code).not.toBe(0);
    expect(r.errLines).toHaveLength(1);
    expect(r.errLines[0]).toContain('the folder does not exist');
    expect(r.out).toBe('');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a read-only folder is reported (skipped when running as root, which may write anywhere)', () => {
    const dir = tempDir();
    const ro = join(dir, 'ro');
    mkdirSync(ro);
    chmodSync(ro, 0o555);
    const r = run(['demo', '--steps', '5', '--hidden', '2', '--out', join('ro', 'r.html')], { cwd: dir });
    chmodSync(ro, 0o755);
    if (process.getuid?.() === 0) {
      expect(r.code).toBe(0); // root ignores the mode bits
      return;
    }
    expect(r.code).not.toBe(0);
    expect(r.errLines[0]).toContain('permission denied');
    expect(readdirSync(ro)).toEqual([]);
  });
});
