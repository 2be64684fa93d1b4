import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Packed } from './packed.js';
import { installInto, pack, readRepoFile, removeDir, runNode, runTsc, subpaths, tempDir, writeFiles } from './packed.js';

/** What the runtime consumers print, as JSON. */
interface Report {
  resolved: string;
  grad: number[];
  checkGradOk: boolean;
  shapeError: boolean;
  gradscopeError: boolean;
  message: string;
  /** The names each entry point exports, sorted. */
  exportNames: Record<string, string[]>;
}

const esmConsumer = `
import { grad, tensor, ShapeError, GradscopeError } from 'gradscope';
import { checkGrad } from 'gradscope/testing';
import * as root from 'gradscope';
import * as testing from 'gradscope/testing';
import * as plot from 'gradscope/plot';
import * as arbitraries from 'gradscope/arbitraries';

let error;
try { tensor([1, 2]).add(tensor([1, 2, 3])); } catch (e) { error = e; }
console.log(JSON.stringify({
  resolved: import.meta.resolve('gradscope'),
  grad: grad((x) => x.mul(x).sum())(tensor([1, 2, 3])).toArray(),
  checkGradOk: checkGrad((x) => x.tanh().sum(), [tensor([0.5, -1])]).ok,
  shapeError: error instanceof ShapeError,
  gradscopeError: error instanceof GradscopeError,
  message: String(error && error.message),
  exportNames: Object.fromEntries(
    Object.entries({ '.': root, './testing': testing, './plot': plot, './arbitraries': arbitraries })
      .map(([k, ns]) => [k, Object.keys(ns).sort()]),
  ),
}));
`;

const cjsConsumer = `
const { grad, tensor, ShapeError, GradscopeError } = require('gradscope');
const { checkGrad } = require('gradscope/testing');
const names = (id) => Object.keys(require(id)).sort();

let error;
try { tensor([1, 2]).add(tensor([1, 2, 3])); } catch (e) { error = e; }
console.log(JSON.stringify({
  resolved: require.resolve('gradscope'),
  grad: grad((x) => x.mul(x).sum())(tensor([1, 2, 3])).toArray(),
  checkGradOk: checkGrad((x) => x.tanh().sum(), [tensor([0.5, -1])]).ok,
  shapeError: error instanceof ShapeError,
  gradscopeError: error instanceof GradscopeError,
  message: String(error && error.message),
  exportNames: {
    '.': names('gradscope'),
    './testing': names('gradscope/testing'),
    './plot': names('gradscope/plot'),
    './arbitraries': names('gradscope/arbitraries'),
  },
}));
`;

/**
 * A TypeScript consumer that type-checks only if the package's types arrived intact (the
 * expect-error proves they are not `any`, and checkGrad taking a root `Tensor` proves the root
 * and the subpath share one declaration of it).
 */
function tsConsumer(withArbitraries = true): string {
  return `
import { GradientTape, ShapeError, grad, tensor, zeros, type Tensor } from 'gradscope';
import { checkGrad, type CheckGradResult } from 'gradscope/testing';
import * as plot from 'gradscope/plot';
${withArbitraries ? "import * as arbitraries from 'gradscope/arbitraries';" : 'const arbitraries = null;'}

const z: Tensor<[2, 3]> = zeros([2, 3]);
// @ts-expect-error a [2, 3] tensor is not a [3, 2] tensor
const wrong: Tensor<[3, 2]> = zeros([2, 3]);
const g: Tensor = grad((x: Tensor) => x.mul(x).sum())(tensor([1, 2, 3]));
const report: CheckGradResult = checkGrad((x: Tensor) => x.sum(), [tensor([1, 2])]);
const isShapeError = (e: unknown): boolean => e instanceof ShapeError;
export const used: readonly unknown[] = [z, wrong, g, report.ok, new GradientTape(), isShapeError, plot, arbitraries];
`;
}

function tsconfig(compilerOptions: Record<string, unknown>, files: string[]): string {
  const common = { target: 'ES2022', lib: ['ES2022'], strict: true, noEmit: true, skipLibCheck: false, types: [] };
  return JSON.stringify({ compilerOptions: { ...common, ...compilerOptions }, files }, null, 2);
}

let work = '';
let packed: Packed;
/** The export names the ESM consumer saw; CommonJS must see the same. */
let esmNames: Record<string, string[]> = {};

beforeAll(() => {
  work = tempDir('consumers');
  packed = pack(work);
  installInto(work, packed);
});

afterAll(() => {
  if (work) removeDir(work);
});

describe('the packed package', () => {
  it('holds only dist/, package.json, README.md and LICENSE', () => {
    const stray = packed.files.filter((f) => !f.startsWith('dist/') && !['package.json', 'README.md', 'LICENSE'].includes(f));
    expect(stray).toEqual([]);
    expect(packed.files).toContain('LICENSE');
  });

  it('has no runtime dependencies, fast-check only as an optional peer, no side effects, and Node ≥ 20', () => {
    const manifest = JSON.parse(readFileSync(join(work, 'node_modules/gradscope/package.json'), 'utf8')) as Record<string, unknown>;
    expect(manifest['dependencies']).toBeUndefined();
    expect(Object.keys(manifest['peerDependencies'] ?? {})).toEqual(['fast-check']);
    expect(manifest['peerDependenciesMeta']).toEqual({ 'fast-check': { optional: true } });
    expect(manifest['sideEffects']).toBe(false);
    expect(manifest['engines']).toEqual({ node: '>=20' });
  });

  it('holds every file its exports map points to', () => {
    const manifest = JSON.parse(readRepoFile('package.json')) as { exports: Record<string, unknown> };
    const targets: string[] = [];
    const walk = (v: unknown): void => {
      if (typeof v === 'string') targets.push(v.replace(/^\.\//, ''));
      else if (v !== null && typeof v === 'object') Object.values(v).forEach(walk);
    };
    for (const subpath of subpaths) walk(manifest.exports[subpath]);
    expect(targets.length).toBe(subpaths.length * 4);
    expect(targets.filter((t) => !packed.files.includes(t))).toEqual([]);
    expect(targets.filter((t) => !existsSync(join(work, 'node_modules/gradscope', t)))).toEqual([]);
  });
});

describe('a consumer of the packed package', () => {
  it('imports it from plain Node ESM, subpaths included, and computes a gradient', () => {
    writeFiles(work, { 'esm/main.mjs': esmConsumer });
    const r = runNode(['main.mjs'], join(work, 'esm'));
    expect(r.status, r.output).toBe(0);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.resolved).toMatch(/node_modules\/gradscope\/dist\/index\.js$/);
    expect(report.grad).toEqual([2, 4, 6]);
    expect(report.checkGradOk).toBe(true);
    expect([report.shapeError, report.gradscopeError]).toEqual([true, true]);
    expect(report.message).toMatch(/^add: /);
    for (const subpath of subpaths) expect(report.exportNames[subpath]?.length, subpath).toBeGreaterThan(0);
    esmNames = report.exportNames;
  });

  it('requires it from Node CommonJS, subpaths included, with the same exports as ESM, and computes a gradient', () => {
    writeFiles(work, { 'cjs/main.cjs': cjsConsumer });
    const r = runNode(['main.cjs'], join(work, 'cjs'));
    expect(r.status, r.output).toBe(0);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.resolved).toMatch(/node_modules\/gradscope\/dist\/index\.cjs$/);
    expect(report.grad).toEqual([2, 4, 6]);
    expect(report.checkGradOk).toBe(true);
    expect([report.shapeError, report.gradscopeError]).toEqual([true, true]);
    expect(report.message).toMatch(/^add: /);
    expect(report.exportNames).toEqual(esmNames);
  });

  it('type-checks under moduleResolution node16, from an ES module and from a CommonJS module', () => {
    const dir = join(work, 'ts-node16');
    writeFiles(dir, {
      'esm.mts': tsConsumer(),
      'cjs.cts': tsConsumer(),
      'tsconfig.json': tsconfig({ module: 'node16', moduleResolution: 'node16' }, ['esm.mts', 'cjs.cts']),
    });
    const r = runTsc(dir);
    expect(r.status, r.output).toBe(0);
  });

  it('type-checks under moduleResolution bundler', () => {
    const dir = join(work, 'ts-bundler');
    writeFiles(dir, {
      'main.ts': tsConsumer(),
      'tsconfig.json': tsconfig({ module: 'esnext', moduleResolution: 'bundler' }, ['main.ts']),
    });
    const r = runTsc(dir);
    expect(r.status, r.output).toBe(0);
  });

  it('type-checks under the legacy moduleResolution node10 (CommonJS), except gradscope/arbitraries', () => {
    // gradscope/arbitraries resolves under node10 (attw checks it), but its peer fast-check 4
    // ships types that only node16 and bundler resolution can read.
    const dir = join(work, 'ts-node10');
    writeFiles(dir, {
      'main.ts': tsConsumer(false),
      'tsconfig.json': tsconfig({ module: 'commonjs', moduleResolution: 'node10' }, ['main.ts']),
    });
    const r = runTsc(dir);
    expect(r.status, r.output).toBe(0);
  });

  it('fails to type-check when the types are wrong, so the checks above can fail', () => {
    const dir = join(work, 'ts-negative');
    writeFiles(dir, {
      'main.ts': `import { tensor } from 'gradscope';\nexport const n: string = tensor([1, 2]).size;\n`,
      'tsconfig.json': tsconfig({ module: 'esnext', moduleResolution: 'bundler' }, ['main.ts']),
    });
    const r = runTsc(dir);
    expect(r.status).not.toBe(0);
    expect(r.stdout).toMatch(/TS2322/);
  });
});
