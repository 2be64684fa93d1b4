/**
 * What the guide runner needs from Markdown: the fenced code blocks of a guide, paired as
 * "a ```ts block and the ```text block right after it, holding what it prints"; the import
 * rewrite that points `gradscope` at the repo's sources; and the rewrite of a guide's outputs
 * (used by `GUIDES_UPDATE=1`).
 */

/** One fenced block: its language, the words after it, its body and where it sits. */
export interface Fence {
  /** `ts`, `text`, `sh`, … (the first word of the info string, lower-cased). */
  readonly lang: string;
  /** The remaining words of the info string (`no-run`, `test`, `file=name.ts`). */
  readonly flags: readonly string[];
  /** The lines between the fences, joined with `\n` (no trailing newline). */
  readonly body: string;
  /** 1-based line of the opening fence. */
  readonly line: number;
  /** 0-based index of the first body line, and one past the last (the closing fence's index). */
  readonly bodyStart: number;
  readonly bodyEnd: number;
  /** True when only blank lines separate this fence's closing line from the previous fence. */
  readonly followsPrevious: boolean;
}

/**
 * What to do with a code block:
 * - `run`: a ```ts block followed by a ```text block: run it, compare what it prints;
 * - `test`: ```ts test, a whole vitest file: run its tests;
 * - `module`: ```ts file=name.ts, a module the guide's other blocks import;
 * - `skip`: ```ts no-run, shown only;
 * - `snippet`: a ```ts block with no output block: a fragment, neither run nor typechecked
 *   (one that calls console.log is reported: its output is missing).
 */
export type BlockKind = 'run' | 'test' | 'module' | 'skip' | 'snippet';

/** A TypeScript block of a guide and the output the guide claims for it. */
export interface GuideBlock {
  readonly kind: BlockKind;
  readonly code: string;
  /** The body of the ```text block right after it ('' when there is none). */
  readonly expected: string;
  /** The text fence holding the output, when there is one. */
  readonly output: Fence | undefined;
  readonly line: number;
  /**
   * With `file=name.ts`: the block is a module the guide's later blocks import as
   * `./name.js` (the reader saves it under that name).
   */
  readonly file: string | undefined;
}

const TS_LANGS = new Set(['ts', 'typescript']);

/** Every fenced block (``` or ~~~, three or more) of a Markdown text, in order. */
export function fences(markdown: string): Fence[] {
  const lines = markdown.split('\n');
  const out: Fence[] = [];
  let lastClose = -1;
  for (let i = 0; i < lines.length; i++) {
    const open = /^ {0,3}(`{3,}|~{3,})\s*(.*)$/.exec(lines[i]!);
    if (!open) continue;
    const marker = open[1]!;
    const words = open[2]!.trim().split(/\s+/).filter((w) => w !== '');
    let j = i + 1;
    while (j < lines.length && !isClosing(lines[j]!, marker)) j++;
    const between = lines.slice(lastClose + 1, i);
    out.push({
      lang: (words[0] ?? '').toLowerCase(),
      flags: words.slice(1),
      body: lines.slice(i + 1, j).join('\n'),
      line: i + 1,
      bodyStart: i + 1,
      bodyEnd: j,
      followsPrevious: lastClose >= 0 && between.every((l) => l.trim() === ''),
    });
    lastClose = j;
    i = j;
  }
  return out;
}

function isClosing(line: string, marker: string): boolean {
  const m = /^ {0,3}(`{3,}|~{3,})\s*$/.exec(line);
  return m !== null && m[1]![0] === marker[0] && m[1]!.length >= marker.length;
}

/**
 * The TypeScript blocks of a guide with their claimed outputs. A ```text block belongs to the
 * ```ts block right before it (blank lines allowed between); one that follows anything else is
 * returned in `orphans`, because an output nobody produces is a number nobody checks.
 */
export function guideBlocks(markdown: string): { blocks: GuideBlock[]; orphans: Fence[] } {
  const fs = fences(markdown);
  const blocks: GuideBlock[] = [];
  const orphans: Fence[] = [];
  fs.forEach((f, k) => {
    if (TS_LANGS.has(f.lang)) {
      const next = fs[k + 1];
      const output = next && next.lang === 'text' && next.followsPrevious ? next : undefined;
      const file = f.flags.find((w) => w.startsWith('file='))?.slice('file='.length);
      const kind: BlockKind = f.flags.includes('no-run')
        ? 'skip'
        : f.flags.includes('test')
          ? 'test'
          : file !== undefined
            ? 'module'
            : output
              ? 'run'
              : 'snippet';
      blocks.push({ kind, code: f.body, expected: output?.body ?? '', output, line: f.line, file });
    } else if (f.lang === 'text') {
      const prev = fs[k - 1];
      const owned = prev !== undefined && TS_LANGS.has(prev.lang) && f.followsPrevious;
      if (!owned) orphans.push(f);
    }
  });
  return { blocks, orphans };
}

/** Where each public entry point lives in the repo, relative to its root. */
export const ENTRY_POINTS: Readonly<Record<string, string>> = {
  gradscope: 'src/index.js',
  'gradscope/testing': 'src/testing/index.js',
  'gradscope/arbitraries': 'src/arbitraries/index.js',
  'gradscope/plot': 'src/plot/index.js',
};

/**
 * Rewrites `from 'gradscope…'` (and `import('gradscope…')`) to absolute paths of the entry
 * files under `root`, so a guide's code runs against the working tree, not a build.
 * @throws Error for a `gradscope/…` subpath the package does not export.
 */
export function rewriteImports(code: string, root: string): string {
  const base = root.replace(/\\/g, '/').replace(/\/$/, '');
  return code.replace(/(\bfrom\s+|\bimport\s*\(\s*|\bimport\s+)(['"])(gradscope(?:\/[\w-]+)?)\2/g, (_m, lead: string, q: string, spec: string) => {
    const target = ENTRY_POINTS[spec];
    if (target === undefined) throw new Error(`guide imports '${spec}', which the package does not export; expected one of ${Object.keys(ENTRY_POINTS).join(', ')}`);
    return `${lead}${q}${base}/${target}${q}`;
  });
}

/**
 * The guide with each block's output replaced by `outputs[k]` (the k-th block of
 * `guideBlocks(markdown).blocks`; undefined leaves it alone). A run block gets the new text; a
 * snippet that printed something gets a ```text block after it and so becomes a run block.
 */
export function withOutputs(markdown: string, outputs: readonly (string | undefined)[]): string {
  const lines = markdown.split('\n');
  const { blocks } = guideBlocks(markdown);
  const edits: { start: number; end: number; insert: string[] }[] = [];
  blocks.forEach((b, k) => {
    const out = outputs[k];
    if (out === undefined || (b.kind !== 'run' && b.kind !== 'snippet')) return;
    if (b.output) edits.push({ start: b.output.bodyStart, end: b.output.bodyEnd, insert: out === '' ? [] : out.split('\n') });
    else if (out !== '') {
      const close = closingIndex(lines, b.line - 1);
      edits.push({ start: close + 1, end: close + 1, insert: ['', '```text', ...out.split('\n'), '```'] });
    }
  });
  for (const e of edits.sort((a, b) => b.start - a.start)) lines.splice(e.start, e.end - e.start, ...e.insert);
  return lines.join('\n');
}

function closingIndex(lines: readonly string[], open: number): number {
  const marker = /^ {0,3}(`{3,}|~{3,})/.exec(lines[open]!)![1]!;
  let j = open + 1;
  while (j < lines.length && !isClosing(lines[j]!, marker)) j++;
  return j;
}

/** True when a block's code prints with console.log (outside comments, roughly). */
export function prints(code: string): boolean {
  return /^(?!\s*\/\/).*\bconsole\.log\s*\(/m.test(code);
}
