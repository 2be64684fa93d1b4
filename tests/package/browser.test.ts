import { beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { browserProblems, importSpecifiers, scanBundle } from './browserScan.js';
import { distDir, requireDist } from './packed.js';

beforeAll(() => {
  requireDist();
});

describe('the ESM bundle', () => {
  it('loads in a browser: dist/index.js and its chunks import only each other and use no Node globals', () => {
    const { files, problems } = scanBundle(join(distDir, 'index.js'));
    expect(files).toContain('index.js');
    expect(files.some((f) => f.startsWith('chunk-'))).toBe(true);
    expect(problems).toEqual([]);
  });
});

describe('the browser scan', () => {
  it('finds static, re-export, side-effect and dynamic imports', () => {
    const code = [
      'import { a as b, c } from "./chunk-A.js";',
      "export * from './chunk-B.js';",
      'import "./side.js";',
      'const m = await import("node:fs");',
    ].join('\n');
    expect(importSpecifiers(code).sort()).toEqual(['./chunk-A.js', './chunk-B.js', './side.js', 'node:fs']);
  });

  it('reports node: imports, bare packages and Node-only globals', () => {
    const code = [
      'import { readFileSync } from "node:fs";',
      'import fc from "fast-check";',
      'const p = require("path");',
      'const env = process.env;',
      'const here = __dirname;',
      'const b = Buffer.from([1]);',
    ].join('\n');
    expect(browserProblems('x.js', code).map((p) => p.problem)).toEqual([
      'imports "node:fs"',
      'imports "fast-check"',
      'calls require(',
      'uses process.',
      'uses __dirname or __filename',
      'uses Buffer.',
    ]);
  });

  it('accepts plain relative ESM that mentions node: only inside a string', () => {
    const code = 'import { x } from "./chunk-A.js";\nconst skip = (l) => l.includes("node:internal");\nexport { x, skip };';
    expect(browserProblems('x.js', code)).toEqual([]);
  });
});
