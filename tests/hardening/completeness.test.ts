/**
 * Every public function and class has a bad-input spec, and every spec is fuzzed with
 * fast-check: random junk (fc-generated) at each argument must either work or throw a
 * GradscopeError naming the entry, never a bare error, never a mutated input.
 */
import { afterAll, describe, expect, it } from 'vitest';
import * as arbitraries from '../../src/arbitraries/index.js';
import * as main from '../../src/index.js';
import * as plot from '../../src/plot/index.js';
import * as testing from '../../src/testing/index.js';
import { fc } from '../helpers/fc.js';
import { probe, writeLedger } from './harness.js';
import type { EntrySpec } from './spec.js';
import { autodiffSpecs } from './specs/autodiffSpecs.js';
import { arbitrariesSpecs, plotSpecs, testingSpecs } from './specs/facesSpecs.js';
import { inspectSpecs } from './specs/inspectSpecs.js';
import { nnSpecs } from './specs/nnSpecs.js';
import { opsSpecs } from './specs/opsSpecs.js';
import { tensorSpecs } from './specs/tensorSpecs.js';

const mainSpecs = [...tensorSpecs, ...opsSpecs, ...autodiffSpecs, ...nnSpecs, ...inspectSpecs];
const modules: readonly [string, Record<string, unknown>, readonly EntrySpec[]][] = [
  ['gradscope', main, mainSpecs],
  ['gradscope/testing', testing, testingSpecs],
  ['gradscope/plot', plot, plotSpecs],
  ['gradscope/arbitraries', arbitraries, arbitrariesSpecs],
];

/** Exports that are data, not callables: nothing to call with bad input. */
const data = new Set(['ACTIVATION_GAMMA', 'HORIZON_FRACTION', 'REGIME_DECADES', 'losses', 'nonDifferentiable', 'primitives', 'palette', 'programOps']);

describe('completeness', () => {
  for (const [name, mod, specs] of modules) {
    it(`every function and class exported from ${name} has a bad-input spec`, () => {
      const covered = new Set(specs.map((s) => s.name));
      const missing = Object.keys(mod).filter((k) => typeof mod[k] === 'function' && !covered.has(k));
      expect(missing, `exports of ${name} without a spec in tests/hardening/specs`).toEqual([]);
    });
    it(`the data exported from ${name} is what the list says (nothing callable slips through)`, () => {
      for (const k of Object.keys(mod)) if (typeof mod[k] !== 'function') expect(data.has(k), `${name} exports ${k}`).toBe(true);
    });
  }
});

/** Junk drawn by fast-check: small numbers (no size can exhaust memory), strings, arrays, objects, specials. */
const junkArb = fc.oneof(
  fc.constantFrom(null, undefined, true, false, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, 2 ** 53, Symbol('s'), 7n),
  fc.integer({ min: -10, max: 10 }),
  fc.double({ min: -1e3, max: 1e3, noNaN: true }),
  fc.string({ maxLength: 6 }),
  fc.array(fc.oneof(fc.integer({ min: -3, max: 4 }), fc.double({ min: -2, max: 2, noNaN: true }), fc.constant(null)), { maxLength: 4 }),
  fc.dictionary(fc.constantFrom('shape', 'dtype', 'data', 'h', 'c', 'min', 'max', 'a'), fc.oneof(fc.integer({ min: -2, max: 3 }), fc.string({ maxLength: 3 })), { maxKeys: 3 }),
  fc.constant(() => 0),
);

/** Entries whose junk could legitimately run for ever (a trillion training steps). */
const notFuzzed = new Set(['train']);

describe('fast-check fuzz: junk at every argument of every entry', () => {
  for (const s of [...mainSpecs, ...testingSpecs, ...plotSpecs, ...arbitrariesSpecs]) {
    if (notFuzzed.has(s.name)) continue;
    const positions = s.positions ?? s.valid().map((_, i) => i);
    if (positions.length === 0) continue;
    it(`${s.name} given fast-check junk works or throws a GradscopeError naming it`, () => {
      for (const i of positions) {
        fc.assert(
          fc.property(junkArb, (v) => {
            probe(s.name, {
              label: `fuzz: arg ${i} = fc junk`,
              args: () => {
                const a = [...s.valid()];
                a[i] = v;
                return a;
              },
              call: s.call,
              expect: 'either',
              names: s.names ?? s.name,
            });
          }),
          { numRuns: 25 },
        );
      }
    });
  }
});

afterAll(() => writeLedger('fuzz'));
