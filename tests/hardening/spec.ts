/**
 * How an entry is described to the bad-input suite, and how its cases are run.
 */
import { describe, it } from 'vitest';
import { junk, probe, substitutions } from './harness.js';
import type { BadCase, Outcome } from './harness.js';

/** A hand-written bad case; `call` defaults to the entry's. */
export interface CaseSpec {
  readonly label: string;
  readonly args: () => readonly unknown[];
  readonly call?: (...args: unknown[]) => unknown;
  readonly expect?: Outcome | undefined;
  readonly names?: string | readonly string[] | undefined;
  readonly kind?: BadCase['kind'];
}

/** One public entry: a valid call and the ways to call it wrongly. */
export interface EntrySpec {
  /** The export name. */
  readonly name: string;
  /** Arguments of a valid call. */
  readonly valid: () => readonly unknown[];
  /** Calls the entry. */
  readonly call: (...args: unknown[]) => unknown;
  /** Checks the valid call's result (`'throws'` for an entry whose job is to throw). */
  readonly check?: Outcome | undefined;
  /** Argument positions to fill with junk (default: every position of `valid()`). */
  readonly positions?: readonly number[];
  /** Junk kinds that are valid at a position (they must then work or throw a GradscopeError). */
  readonly accepts?: Readonly<Record<number, readonly string[]>>;
  /** Position of an options object: adds an unknown-option case. */
  readonly options?: number;
  /**
   * Junk at each field of the options object at `options`: field name → junk kinds that are
   * valid there (every other kind must throw); `-kind` skips a kind that is valid but slow
   * (a trillion training steps).
   */
  readonly optionFields?: Readonly<Record<string, readonly string[]>>;
  /** The name error messages must contain (default: `name`). */
  readonly names?: string | readonly string[];
  /** Hand-written cases. */
  readonly cases?: readonly CaseSpec[] | undefined;
}

/** Every case of a spec, the valid call first. */
export function casesOf(s: EntrySpec): BadCase[] {
  const n = s.valid().length;
  const positions = s.positions ?? Array.from({ length: n }, (_, i) => i);
  const names = s.names ?? s.name;
  const all: BadCase[] = [{ label: 'valid call', args: s.valid, call: s.call, expect: s.check ?? (() => undefined) }];
  for (const c of substitutions(s.valid, s.call, positions, s.accepts)) all.push({ ...c, names });
  if (s.options !== undefined) {
    const i = s.options;
    all.push({
      label: 'unknown option name',
      args: () => {
        const a = [...s.valid()];
        a[i] = { ...(a[i] as object | undefined), colour: 1 };
        return a;
      },
      call: s.call,
      names,
    });
  }
  for (const [field, ok] of Object.entries(s.optionFields ?? {})) {
    const i = s.options ?? 0;
    for (const [kind, make] of Object.entries(junk)) {
      if (ok.includes(`-${kind}`)) continue;
      all.push({
        label: `option ${field} = ${kind}`,
        args: () => {
          const a = [...s.valid()];
          a[i] = { ...(a[i] as object | undefined), [field]: make() };
          return a;
        },
        call: s.call,
        names,
        expect: ok.includes(kind) ? 'either' : 'throws',
      });
    }
  }
  for (const c of s.cases ?? []) all.push({ names, ...c, call: c.call ?? s.call });
  return all;
}

/** Declares one vitest test per entry running all its cases. */
export function runSpecs(title: string, specs: readonly EntrySpec[]): void {
  describe(title, () => {
    for (const s of specs) {
      it(`${s.name} works on valid input and rejects bad input with a GradscopeError naming it`, () => {
        const failures: string[] = [];
        for (const c of casesOf(s)) {
          try {
            probe(s.name, c);
          } catch (e) {
            failures.push((e as Error).message.split('\n')[0] ?? '');
          }
        }
        if (failures.length > 0) throw new Error(`${failures.length} case(s) failed:\n${failures.join('\n')}`);
      });
    }
  });
}
