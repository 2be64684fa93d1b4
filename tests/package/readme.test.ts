import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { readRepoFile, removeDir, repoRoot, requireDist, runNode, runTsc, tempDir, writeFiles } from './packed.js';

/** The body of the first fenced block of `lang` after `from`, and where it ends. */
function fencedBlock(markdown: string, lang: string, from = 0): { body: string; end: number } {
  const open = '```' + lang + '\n';
  const start = markdown.indexOf(open, from);
  if (start < 0) throw new Error(`README.md has no \`\`\`${lang} block after offset ${from}`);
  const end = markdown.indexOf('\n```', start + open.length);
  if (end < 0) throw new Error(`README.md: the \`\`\`${lang} block at offset ${start} is not closed`);
  return { body: markdown.slice(start + open.length, end + 1), end };
}

const readme = readRepoFile('README.md');
const example = fencedBlock(readme, 'ts');
const expected = fencedBlock(readme, 'text', example.end).body;

let work = '';

beforeAll(() => {
  requireDist();
  work = tempDir('readme');
  // The repo itself stands in for the installed package: imports go through its exports map to dist/.
  writeFiles(work, { 'package.json': '{ "type": "module" }\n' });
  mkdirSync(join(work, 'node_modules'));
  symlinkSync(repoRoot, join(work, 'node_modules', 'gradscope'), 'dir');
});

afterAll(() => {
  if (work) removeDir(work);
});

describe('the README example', () => {
  it('is at most ten lines of code, importing from gradscope', () => {
    const code = example.body.split('\n').filter((l) => l.trim() !== '');
    expect(code.length).toBeLessThanOrEqual(10);
    expect(code[0]).toMatch(/from 'gradscope';$/);
  });

  it('type-checks against the built package with the strict settings of this repo', () => {
    const compilerOptions = {
      target: 'ES2022',
      module: 'esnext',
      moduleResolution: 'bundler',
      lib: ['ES2022', 'DOM'],
      strict: true,
      noUncheckedIndexedAccess: true,
      exactOptionalPropertyTypes: true,
      verbatimModuleSyntax: true,
      noEmit: true,
      types: [],
    };
    writeFiles(work, {
      'example.ts': example.body,
      'tsconfig.json': JSON.stringify({ compilerOptions, files: ['example.ts'] }),
    });
    const r = runTsc(work);
    expect(r.status, r.output).toBe(0);
  });

  it('runs and prints exactly the output the README shows', () => {
    const { outputText } = ts.transpileModule(example.body, {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true },
    });
    writeFiles(work, { 'example.mjs': outputText });
    const r = runNode(['example.mjs'], work);
    expect(r.status, r.output).toBe(0);
    expect(r.stdout).toBe(expected);
  });
});
