import { describe, expect, it } from 'vitest';
import { fences, guideBlocks, prints, rewriteImports, withOutputs } from './markdown.js';

const guide = [
  '# A guide',
  '',
  '```ts',
  "import { tensor } from 'gradscope';",
  'console.log(tensor([1, 2]).sum().item());',
  '```',
  '',
  '```text',
  '3',
  '```',
  '',
  'Some prose.',
  '',
  '```ts no-run',
  'interface X { a: number }',
  '```',
  '',
  '```ts test',
  "import { it } from 'vitest';",
  '```',
  '',
  '```ts',
  "console.log('no output block yet');",
  '```',
  '',
  '```ts file=helper.ts',
  'export const two = 2;',
  '```',
  '',
  '```ts',
  'const fragment = model.run();',
  '```',
  '',
].join('\n');

describe('fences', () => {
  it('finds every fenced block with its language, flags, body and line', () => {
    const fs = fences(guide);
    expect(fs.map((f) => [f.lang, f.flags.join(','), f.line])).toEqual([
      ['ts', '', 3],
      ['text', '', 8],
      ['ts', 'no-run', 14],
      ['ts', 'test', 18],
      ['ts', '', 22],
      ['ts', 'file=helper.ts', 26],
      ['ts', '', 30],
    ]);
    expect(fs[1]!.body).toBe('3');
  });

  it('reads an empty block as an empty body and does not end a fence at a longer one of another kind', () => {
    const fs = fences('````md\n```ts\nx\n```\n````\n\n```text\n```\n');
    expect(fs.map((f) => [f.lang, f.body])).toEqual([
      ['md', '```ts\nx\n```'],
      ['text', ''],
    ]);
  });
});

describe('guideBlocks', () => {
  it('pairs each ts block with the text block right after it and classifies the rest', () => {
    const { blocks, orphans } = guideBlocks(guide);
    expect(blocks.map((b) => [b.kind, b.expected, b.line, b.file])).toEqual([
      ['run', '3', 3, undefined],
      ['skip', '', 14, undefined],
      ['test', '', 18, undefined],
      ['snippet', '', 22, undefined],
      ['module', '', 26, 'helper.ts'],
      ['snippet', '', 30, undefined],
    ]);
    expect(orphans).toEqual([]);
  });

  it('tells a fragment that prints from one that does not', () => {
    const { blocks } = guideBlocks(guide);
    expect(blocks.map((b) => prints(b.code))).toEqual([true, false, false, true, false, false]);
    expect(prints("// console.log('commented out')")).toBe(false);
  });

  it('reports a text block separated from its code by prose as an orphan', () => {
    const { blocks, orphans } = guideBlocks('```ts\nconsole.log(1)\n```\n\nprose\n\n```text\n1\n```\n');
    expect(blocks[0]!.expected).toBe('');
    expect(orphans.map((f) => f.line)).toEqual([7]);
  });
});

describe('rewriteImports', () => {
  it('points every public entry point at the sources under the root', () => {
    const code = "import { a } from 'gradscope';\nimport { b } from \"gradscope/testing\";\nconst m = await import('gradscope/arbitraries');\nimport type { P } from 'gradscope/plot';";
    expect(rewriteImports(code, '/repo/')).toBe(
      "import { a } from '/repo/src/index.js';\nimport { b } from \"/repo/src/testing/index.js\";\nconst m = await import('/repo/src/arbitraries/index.js');\nimport type { P } from '/repo/src/plot/index.js';",
    );
  });

  it('leaves other packages alone and rejects a subpath the package does not export', () => {
    expect(rewriteImports("import fc from 'fast-check';", '/r')).toBe("import fc from 'fast-check';");
    expect(() => rewriteImports("import { x } from 'gradscope/nn';", '/r')).toThrow(/'gradscope\/nn'/);
  });
});

describe('withOutputs', () => {
  it('replaces a claimed output, adds a missing one and leaves other blocks alone', () => {
    const out = withOutputs(guide, ['4', undefined, undefined, 'printed', undefined, undefined]);
    const { blocks } = guideBlocks(out);
    expect(blocks.map((b) => [b.kind, b.expected])).toEqual([
      ['run', '4'],
      ['skip', ''],
      ['test', ''],
      ['run', 'printed'],
      ['module', ''],
      ['snippet', ''],
    ]);
    expect(out.split('\n').slice(0, 12)).toEqual(guide.replace('\n3\n', '\n4\n').split('\n').slice(0, 12));
  });

  it('gives back the same text when every output already matches', () => {
    expect(withOutputs(guide, ['3', undefined, undefined, '', undefined, undefined])).toBe(guide);
  });
});
