/**
 * The module graph keeps DESIGN.md's layering: tensor → autodiff → ops → nn → inspect →
 * plot/cli, testing and arbitraries on the side. A lower layer never imports a higher one at run
 * time (type-only imports are erased), and there is no import cycle. One documented exception:
 * `tensor/tensor.ts`, the class at the top of the graph, imports the ops for its chainable methods.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const src = resolve(import.meta.dirname, '../src');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** Run-time relative imports of a file (`import type` and `export type` are erased). */
function runtimeImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/^(?:import|export)\s+(?!type\b)[^;]*?from\s+'(\.[^']+)'/gms)) {
    out.push(resolve(dirname(file), m[1]!.replace(/\.js$/, '.ts')));
  }
  return out;
}

const RANK: Record<string, number> = { base: 0, tensor: 1, autodiff: 2, ops: 3, testing: 4, nn: 4, inspect: 5, plot: 6, arbitraries: 7, cli: 8 };
function layer(file: string): string {
  const rel = relative(src, file);
  const top = rel.split('/')[0]!;
  return top.endsWith('.ts') ? (top === 'index.ts' ? 'index' : 'base') : top;
}

const graph = new Map(files(src).map((f) => [f, runtimeImports(f)]));

describe('the module graph', () => {
  it('has no run-time import from a lower layer to a higher one', () => {
    const bad: string[] = [];
    for (const [file, deps] of graph) {
      const from = layer(file);
      if (from === 'index') continue;
      for (const dep of deps) {
        const to = layer(dep);
        if (to === 'index') bad.push(`${relative(src, file)} imports the package index`);
        else if (RANK[to]! > RANK[from]! && !(relative(src, file) === 'tensor/tensor.ts' && to === 'ops')) bad.push(`${relative(src, file)} → ${relative(src, dep)}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('has no import cycle', () => {
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const stack: string[] = [];
    const visit = (f: string): void => {
      state.set(f, 'open');
      stack.push(f);
      for (const d of graph.get(f) ?? []) {
        if (state.get(d) === 'open') cycles.push([...stack.slice(stack.indexOf(d)), d].map((x) => relative(src, x)).join(' → '));
        else if (!state.has(d)) visit(d);
      }
      stack.pop();
      state.set(f, 'done');
    };
    for (const f of graph.keys()) if (!state.has(f)) visit(f);
    expect(cycles).toEqual([]);
  });

  it('reads every source file (the scan is not vacuous)', () => {
    expect(graph.size).toBeGreaterThan(60);
    expect([...graph.values()].flat().length).toBeGreaterThan(150);
  });
});
