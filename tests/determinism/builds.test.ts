/**
 * Determinism across builds: the ESM build (dist/index.js, imported) and the CJS build
 * (dist/index.cjs, through createRequire), each in a fresh Node process, give the same trace
 * JSON and the same raw float bits as the sources. `npm test` builds dist first.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, it, expect } from 'vitest';
import * as gradscope from '../../src/index.js';
import type { ScenarioResult } from './scenario.mjs';
import { run } from './scenario.mjs';

const esm = fileURLToPath(new URL('../../dist/index.js', import.meta.url));
const cjs = fileURLToPath(new URL('../../dist/index.cjs', import.meta.url));
const scenario = new URL('./scenario.mjs', import.meta.url).href;

/** Runs the scenario in a fresh Node process against `load`, a module expression for the build. */
function inNode(load: string): ScenarioResult {
  const script = `import { createRequire } from 'node:module';\nimport { run } from ${JSON.stringify(scenario)};\nconst lib = ${load};\nprocess.stdout.write(JSON.stringify(run(lib)));\n`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return JSON.parse(out) as ScenarioResult;
}

describe('determinism across builds', () => {
  it('finds both builds (npm test builds them; run npm run build first otherwise)', () => {
    expect(existsSync(esm), esm).toBe(true);
    expect(existsSync(cjs), cjs).toBe(true);
  });

  it('gives the same trace JSON and raw float bits from the ESM build, the CJS build and the sources', () => {
    const fromEsm = inNode(`await import(${JSON.stringify(new URL('../../dist/index.js', import.meta.url).href)})`);
    const fromCjs = inNode(`createRequire(import.meta.url)(${JSON.stringify(cjs)})`);
    const fromSrc = run(gradscope);
    expect(Object.keys(fromEsm.bits).length).toBeGreaterThan(40);
    // toEqual first for a readable diff, then the exact JSON text
    expect(fromCjs.bits).toEqual(fromEsm.bits);
    expect(fromCjs.json).toEqual(fromEsm.json);
    expect(JSON.stringify(fromCjs.json)).toBe(JSON.stringify(fromEsm.json));
    expect(fromEsm.bits).toEqual(fromSrc.bits);
    expect(fromEsm.json).toEqual(fromSrc.json);
    expect(JSON.stringify(fromEsm.json)).toBe(JSON.stringify(fromSrc.json));
  });
});
