/**
 * Helpers for the package tests: they work on the BUILT package (dist/), packed with `npm pack`
 * and unpacked into consumer projects under the system temp directory, never inside the repo.
 * @module
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The dist/ folder of the repository. */
export const distDir = join(repoRoot, 'dist');

/** The entry points of the package, as subpaths of `gradscope`. */
export const subpaths = ['.', './testing', './arbitraries', './plot'] as const;

/** What a finished command gave back. */
export interface RunResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout and stderr together, for failure messages. */
  readonly output: string;
}

/** Runs a command to completion without a shell. */
export function run(command: string, args: readonly string[], cwd: string = repoRoot): RunResult {
  const r = spawnSync(command, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, output: `${r.stdout}\n${r.stderr}` };
}

/** Runs a Node script with the Node that runs the tests. */
export function runNode(args: readonly string[], cwd: string): RunResult {
  return run(process.execPath, args, cwd);
}

/** The TypeScript compiler of this repo, run with Node. */
export function runTsc(project: string): RunResult {
  return runNode([join(repoRoot, 'node_modules/typescript/bin/tsc'), '-p', project], project);
}

/** Throws a clear error when dist/ has not been built; `npm test` builds it first. */
export function requireDist(): void {
  const missing = ['index.js', 'index.cjs', 'index.d.ts', 'index.d.cts'].filter((f) => !existsSync(join(distDir, f)));
  if (missing.length > 0) {
    throw new Error(
      `the package tests need the built package, but dist/ lacks ${missing.join(', ')}; ` +
        'run `npm run build` first (`npm test` builds before testing)',
    );
  }
}

/** A fresh directory under the system temp directory. */
export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `gradscope-${prefix}-`));
}

/** Removes a directory made by {@link tempDir}. */
export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** The tarball `npm pack` made, and the files it holds. */
export interface Packed {
  readonly tarball: string;
  readonly files: readonly string[];
}

/** Packs the repo with `npm pack` (no lifecycle scripts) into `dir`. */
export function pack(dir: string): Packed {
  requireDist();
  const r = run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', dir]);
  if (r.status !== 0) throw new Error(`npm pack failed:\n${r.output}`);
  const info = JSON.parse(r.stdout) as { filename: string; files: { path: string }[] }[];
  const first = info[0];
  if (!first) throw new Error(`npm pack printed no package:\n${r.output}`);
  return { tarball: join(dir, first.filename), files: first.files.map((f) => f.path) };
}

/**
 * Makes `<root>/node_modules/gradscope` from the tarball, and links this repo's fast-check (the
 * optional peer dependency) beside it, so projects under `root` resolve both without a network.
 * The package is unpacked rather than symlinked so that its own imports (fast-check) resolve
 * from `<root>/node_modules` as they would in a real install.
 */
export function installInto(root: string, packed: Packed): void {
  const target = join(root, 'node_modules', 'gradscope');
  mkdirSync(target, { recursive: true });
  const r = run('tar', ['-xzf', packed.tarball, '-C', target, '--strip-components=1']);
  if (r.status !== 0) throw new Error(`tar could not unpack ${packed.tarball}:\n${r.output}`);
  symlinkSync(join(repoRoot, 'node_modules', 'fast-check'), join(root, 'node_modules', 'fast-check'), 'dir');
}

/** Writes files (relative path → content) under `dir`, creating folders. */
export function writeFiles(dir: string, files: Readonly<Record<string, string>>): void {
  for (const [name, content] of Object.entries(files)) {
    const path = join(dir, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
  }
}

/** Reads a file of the repo as text. */
export function readRepoFile(name: string): string {
  return readFileSync(join(repoRoot, name), 'utf8');
}
