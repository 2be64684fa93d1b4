/**
 * A static check that an ESM bundle can load in a browser: every import is relative (no
 * `node:` builtins, no bare packages), and the code names no Node-only global.
 * @module
 */
import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

/** A reason a file would not load in a browser. */
export interface BrowserProblem {
  readonly file: string;
  readonly problem: string;
}

const staticImport = /(?:^|[\s;}])(?:import|export)\s*(?:[\w*{}\s,$]*?\sfrom\s*)?["']([^"']+)["']/g;
const dynamicImport = /\bimport\s*\(\s*["']([^"']+)["']\s*\)/g;
const nodeOnly: readonly [RegExp, string][] = [
  [/\brequire\s*\(/, 'calls require('],
  [/\bprocess\s*\./, 'uses process.'],
  [/\b__dirname\b|\b__filename\b/, 'uses __dirname or __filename'],
  [/\bBuffer\s*\./, 'uses Buffer.'],
];

/** The module specifiers a piece of ESM code imports, static and dynamic. */
export function importSpecifiers(code: string): string[] {
  return [...code.matchAll(staticImport), ...code.matchAll(dynamicImport)].map((m) => m[1] ?? '');
}

/** The problems of one file's code (relative specifiers are followed by {@link scanBundle}). */
export function browserProblems(file: string, code: string): BrowserProblem[] {
  const problems: BrowserProblem[] = [];
  for (const spec of importSpecifiers(code)) {
    if (!spec.startsWith('./') && !spec.startsWith('../')) problems.push({ file, problem: `imports "${spec}"` });
  }
  for (const [pattern, problem] of nodeOnly) if (pattern.test(code)) problems.push({ file, problem });
  return problems;
}

/** Scans an entry file and every file it imports, transitively; returns the files and their problems. */
export function scanBundle(entry: string): { files: string[]; problems: BrowserProblem[] } {
  const root = dirname(entry);
  const seen = new Set<string>();
  const problems: BrowserProblem[] = [];
  const queue = [entry];
  for (let path = queue.pop(); path !== undefined; path = queue.pop()) {
    if (seen.has(path)) continue;
    seen.add(path);
    const code = readFileSync(path, 'utf8');
    problems.push(...browserProblems(relative(root, path), code));
    for (const spec of importSpecifiers(code)) {
      if (spec.startsWith('./') || spec.startsWith('../')) queue.push(join(dirname(path), spec));
    }
  }
  return { files: [...seen].map((f) => relative(root, f)).sort(), problems };
}
