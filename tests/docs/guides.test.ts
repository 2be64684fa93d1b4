/**
 * Keeps the guides in docs/ honest: every number a guide shows comes from code in the guide.
 *
 * Convention: a ```ts block that prints with console.log is followed by a ```text block
 * holding exactly what it prints. This runner extracts every such pair from every guide
 * (English and Japanese), points `gradscope`, `gradscope/testing`, `gradscope/arbitraries` and
 * `gradscope/plot` at the sources, writes each block to tests/docs/.tmp/, imports it, captures
 * console.log and compares. ```ts test blocks are whole vitest files (docs/property-testing.md):
 * they are imported while this file is collected, so their tests run here. A ```ts file=name.ts
 * block is saved as name.ts next to the guide's other blocks, which may import it as
 * './name.js'. All of these are also typechecked. ```ts no-run blocks, and ```ts fragments with
 * no output block, are shown only; a fragment that calls console.log is reported, because the
 * guide then hides what it prints. The Japanese guides must show the same code and outputs as
 * the English ones.
 *
 * After a deliberate change of numbers, `GUIDES_UPDATE=1 npx vitest run tests/docs` rewrites the
 * ```text blocks from what the code prints; then reread the prose around every changed number.
 */
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { format } from 'node:util';
import ts from 'typescript';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { fc } from '../helpers/fc.js';
import { guideBlocks, prints, rewriteImports, withOutputs } from './markdown.js';
import type { GuideBlock } from './markdown.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DOCS = join(ROOT, 'docs');
// one folder per process, so two test runs at once do not delete each other's files
const TMP = join(ROOT, 'tests', 'docs', '.tmp', String(process.pid));
const UPDATE = process.env.GUIDES_UPDATE === '1';

/** Every Markdown file under docs/ except the generated API site. */
function guideFiles(dir = DOCS): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'api' || e.name.startsWith('.') ? [] : guideFiles(p);
    return e.name.endsWith('.md') ? [p] : [];
  });
}

interface Guide {
  readonly path: string;
  readonly rel: string;
  readonly markdown: string;
  readonly blocks: readonly GuideBlock[];
  /** Per block: the file it was written to (undefined for blocks that are only shown). */
  readonly files: readonly (string | undefined)[];
}

/** Whether a block is executed: a run block, a test file, a module, or (when updating) a fragment that prints. */
const executed = (b: GuideBlock): boolean => b.kind === 'run' || b.kind === 'test' || b.kind === 'module' || (UPDATE && b.kind === 'snippet' && prints(b.code));

rmSync(TMP, { recursive: true, force: true });
mkdirSync(TMP, { recursive: true });

const guides: Guide[] = guideFiles().map((path) => {
  const rel = relative(ROOT, path).replace(/\\/g, '/');
  const markdown = readFileSync(path, 'utf8');
  const { blocks } = guideBlocks(markdown);
  const dir = join(TMP, rel.replace(/^docs\//, '').replace(/\.md$/, '').replace(/[^\w-]+/g, '-'));
  mkdirSync(dir, { recursive: true });
  const files = blocks.map((b) => {
    if (!executed(b)) return undefined;
    if (b.file !== undefined && !/^[\w-]+\.ts$/.test(b.file)) throw new Error(`${rel}:${b.line}: file= must name a .ts file without folders; got '${b.file}'`);
    const file = join(dir, b.file ?? `L${b.line}.ts`);
    writeFileSync(file, rewriteImports(b.code, ROOT));
    return file;
  });
  return { path, rel, markdown, blocks, files };
});

/** Output of each distinct run block's code, so a translation's identical blocks run once. */
const runs = new Map<string, Promise<string>>();

async function runBlock(code: string, file: string): Promise<string> {
  let run = runs.get(code);
  if (!run) {
    run = capture(file);
    runs.set(code, run);
  }
  return run;
}

/**
 * Imports a block and returns what it printed. fast-check's global settings (the suite's fixed
 * seed, no shrinking) are lifted meanwhile, so a block behaves as it does for a reader.
 */
async function capture(file: string): Promise<string> {
  const lines: string[] = [];
  const spy = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
    lines.push(format(...args));
  });
  const settings = fc.readConfigureGlobal();
  fc.resetConfigureGlobal();
  try {
    await import(pathToFileURL(file).href);
  } finally {
    fc.configureGlobal(settings);
    spy.mockRestore();
  }
  return lines.join('\n');
}

const updated = new Map<Guide, (string | undefined)[]>();

for (const g of guides) {
  describe(g.rel, () => {
    it('has no output block that no code block produces', () => {
      const orphans = guideBlocks(g.markdown).orphans.map((f) => `line ${f.line}`);
      expect(orphans, 'a ```text block must directly follow the ```ts block that prints it').toEqual([]);
    });

    it('shows the output of every code block that prints', () => {
      const hidden = g.blocks.filter((b) => b.kind === 'snippet' && prints(b.code)).map((b) => `line ${b.line}`);
      expect(hidden, 'follow each with a ```text block (GUIDES_UPDATE=1 adds them) or mark it ```ts no-run').toEqual(UPDATE ? hidden : []);
    });

    g.blocks.forEach((b, k) => {
      if (b.kind !== 'run' && !(b.kind === 'snippet' && executed(b))) return;
      it(`the code at line ${b.line} prints what the guide shows`, async () => {
        const out = await runBlock(b.code, g.files[k]!);
        if (UPDATE) {
          const outs = updated.get(g) ?? [];
          outs[k] = out;
          updated.set(g, outs);
          return;
        }
        expect(out, `${g.rel}:${b.line} (GUIDES_UPDATE=1 rewrites the outputs)`).toBe(b.expected);
      });
    });
  });
}

// Whole vitest files from the guides: imported during collection, so their describe/it
// register under these suites and run with this file.
const seenTests = new Set<string>();
for (const g of guides) {
  for (const [k, b] of g.blocks.entries()) {
    if (b.kind !== 'test' || seenTests.has(b.code)) continue;
    seenTests.add(b.code);
    describe(`${g.rel}: the test file at line ${b.line}`, async () => {
      await import(pathToFileURL(g.files[k]!).href);
    });
  }
}

describe('the Japanese guides', () => {
  const pairs = guides.flatMap((ja) => {
    const m = /^docs\/ja\/(.+)$/.exec(ja.rel);
    const en = m ? guides.find((g) => g.rel === `docs/${m[1]}`) : undefined;
    return en ? [[en, ja] as const] : [];
  });

  it('exist for both BPTT guides', () => {
    expect(pairs.map(([en]) => en.rel).sort()).toEqual(expect.arrayContaining(['docs/vanishing-gradients.md', 'docs/why-lstm-does-not-vanish.md']));
  });

  for (const [en, ja] of pairs) {
    it(`${ja.rel} shows the same code and the same outputs as ${en.rel}`, () => {
      const view = (g: Guide) => g.blocks.map((b) => ({ kind: b.kind, file: b.file, code: b.code, expected: b.expected }));
      expect(view(ja)).toEqual(view(en));
    });
  }
});

describe('the guides’ code', () => {
  it('typechecks under the project’s compiler options', () => {
    const config = ts.readConfigFile(join(ROOT, 'tsconfig.json'), (p) => ts.sys.readFile(p));
    const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT);
    const files = guides.flatMap((g) => g.files.filter((f): f is string => f !== undefined));
    const program = ts.createProgram(files, { ...parsed.options, noEmit: true, incremental: false });
    const ours = new Set(files.map((f) => f.replace(/\\/g, '/')));
    const problems = ts
      .getPreEmitDiagnostics(program)
      .filter((d) => d.file !== undefined && ours.has(d.file.fileName))
      .map((d) => {
        const { line } = d.file!.getLineAndCharacterOfPosition(d.start ?? 0);
        return `${relative(TMP, d.file!.fileName)}:${line + 1}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
      });
    expect(problems).toEqual([]);
  });
});

afterAll(() => {
  for (const [g, outs] of updated) writeFileSync(g.path, withOutputs(g.markdown, outs));
  if (!UPDATE) rmSync(TMP, { recursive: true, force: true });
});
