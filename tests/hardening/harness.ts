/**
 * The bad-input harness: every public entry gets a valid call (checked) and a list of bad
 * calls. A bad call must either work (its check passes) or throw a GradscopeError whose
 * message names the entry — never a bare TypeError/RangeError — and must leave every tensor,
 * plain array and module it was given exactly as it was. Each distinct case is counted per
 * entry; each test file writes its counts to `reports/hardening/<file>.json`, which
 * `tests/hardening/table.mjs` turns into the table in docs/hardening.md. HARDENING_TRACE=1 prints
 * each case before it runs (to find a case that hangs).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { GradscopeError, isTensor } from '../../src/index.js';
import type { Tensor } from '../../src/index.js';

/** What a bad call may do. `'throws'`: must throw; `'either'`: may also work; a function: must work and pass it. */
export type Outcome = 'throws' | 'either' | ((result: unknown) => void);

/** One bad call of one entry. */
export interface BadCase {
  /** A stable description, unique within the entry, e.g. `arg 0 = null`. */
  readonly label: string;
  /** Builds fresh arguments (snapshotted before the call, compared after). */
  readonly args: () => readonly unknown[];
  /** Makes the call. */
  readonly call: (...args: unknown[]) => unknown;
  /** Defaults to `'throws'`. */
  readonly expect?: Outcome | undefined;
  /** The name the message must contain (defaults to the entry name). */
  readonly names?: string | readonly string[] | undefined;
  /** The error class expected, when it matters (any GradscopeError otherwise). */
  readonly kind?: (new (...a: never[]) => GradscopeError) | undefined;
}

/** Values that are not what a parameter wants, by kind. */
export const junk: Readonly<Record<string, () => unknown>> = {
  null: () => null,
  undefined: () => undefined,
  string: () => 'abc',
  'empty string': () => '',
  boolean: () => true,
  NaN: () => Number.NaN,
  Infinity: () => Number.POSITIVE_INFINITY,
  '-Infinity': () => Number.NEGATIVE_INFINITY,
  'negative number': () => -3,
  fraction: () => 1.5,
  'huge number': () => 1e12,
  'plain array': () => [1, 2, 3],
  'nested array': () => [[1], [2, 3]],
  'plain object': () => ({ a: 1 }),
  function: () => () => 0,
  bigint: () => 10n,
  symbol: () => Symbol('s'),
};

/** Every junk kind, for a parameter that takes anything. */
export const allJunk: readonly string[] = Object.keys(junk);

/** Per entry: the labels of the distinct cases run. */
const ledger = new Map<string, Set<string>>();

/** Records that `entry` ran case `label` (counted once however often it runs). */
export function count(entry: string, label: string): void {
  let s = ledger.get(entry);
  if (s === undefined) ledger.set(entry, (s = new Set()));
  s.add(label);
}

/** Writes this file's ledger to reports/hardening/<name>.json. */
export function writeLedger(name: string): void {
  const dir = join(process.cwd(), 'reports', 'hardening');
  mkdirSync(dir, { recursive: true });
  const out: Record<string, string[]> = {};
  for (const [k, v] of [...ledger].sort(([a], [b]) => a.localeCompare(b))) out[k] = [...v].sort();
  writeFileSync(join(dir, `${name}.json`), `${JSON.stringify(out, null, 1)}\n`);
}

/** The entries this file counted. */
export function counted(): ReadonlyMap<string, ReadonlySet<string>> {
  return ledger;
}

type Snap = { readonly check: () => void };

function bytesOf(t: Tensor): Uint8Array {
  return new Uint8Array(t.data.buffer.slice(t.data.byteOffset, t.data.byteOffset + t.data.byteLength));
}

/** Snapshots every tensor, plain array and module parameter reachable from `v` (a few levels deep). */
function snapshot(v: unknown, path: string, out: Snap[], seen: Set<unknown>, depth: number): void {
  if (v === null || (typeof v !== 'object' && typeof v !== 'function') || seen.has(v) || depth > 4) return;
  seen.add(v);
  if (isTensor(v)) {
    const shape = [...v.shape];
    const dtype = v.dtype;
    const bytes = bytesOf(v);
    out.push({
      check: () => {
        expect(v.shape, `${path}: shape changed`).toEqual(shape);
        expect(v.dtype, `${path}: dtype changed`).toBe(dtype);
        expect(bytesOf(v), `${path}: data changed`).toEqual(bytes);
      },
    });
    return;
  }
  if (ArrayBuffer.isView(v)) {
    const copy = new Uint8Array(v.buffer.slice(v.byteOffset, v.byteOffset + v.byteLength));
    out.push({ check: () => expect(new Uint8Array(v.buffer.slice(v.byteOffset, v.byteOffset + v.byteLength)), `${path}: typed array changed`).toEqual(copy) });
    return;
  }
  if (Array.isArray(v)) {
    const copy = [...v];
    out.push({ check: () => expect([...v], `${path}: array changed`).toEqual(copy) });
    v.forEach((x, i) => snapshot(x, `${path}[${i}]`, out, seen, depth + 1));
    return;
  }
  if (typeof v === 'function') return;
  const params = (v as { parameters?: unknown }).parameters;
  if (typeof params === 'function') {
    let p: unknown;
    try {
      p = (params as () => unknown).call(v);
    } catch {
      p = undefined;
    }
    snapshot(p, `${path}.parameters()`, out, seen, depth + 1);
  }
  if (Object.getPrototypeOf(v) === Object.prototype) {
    const keys = Object.keys(v);
    out.push({ check: () => expect(Object.keys(v), `${path}: keys changed`).toEqual(keys) });
    for (const k of keys) snapshot((v as Record<string, unknown>)[k], `${path}.${k}`, out, seen, depth + 1);
  }
}

/** Runs one case of `entry` and asserts the contract; returns the result or the error. */
export function probe(entry: string, c: BadCase): unknown {
  count(entry, c.label);
  if (process.env.HARDENING_TRACE) process.stderr.write(`${entry} [${c.label}]\n`);
  const args = c.args();
  const snaps: Snap[] = [];
  const seen = new Set<unknown>();
  args.forEach((a, i) => snapshot(a, `${entry} [${c.label}] arg ${i}`, snaps, seen, 0));
  const outcome = c.expect ?? 'throws';
  let result: unknown;
  let error: unknown;
  let threw = false;
  try {
    result = c.call(...args);
  } catch (e) {
    threw = true;
    error = e;
  }
  const where = `${entry} [${c.label}]`;
  if (threw) {
    if (!(error instanceof GradscopeError)) {
      throw new Error(`${where}: threw a bare ${(error as Error)?.constructor?.name ?? typeof error}: ${String((error as Error)?.message ?? error)}`);
    }
    if (c.kind !== undefined) expect(error, `${where}: ${error.message}`).toBeInstanceOf(c.kind);
    if (typeof outcome === 'function') throw new Error(`${where}: should work, threw ${error.message}`);
    const names = c.names === undefined ? [entry] : typeof c.names === 'string' ? [c.names] : c.names;
    expect(names.some((n) => namesOp(error.message, n)), `${where}: message does not name ${names.join(' or ')}: ${error.message}`).toBe(true);
    expect(error.message.length, `${where}: message too short: ${error.message}`).toBeGreaterThan(names[0]!.length + 12);
  } else {
    if (outcome === 'throws') throw new Error(`${where}: should have thrown, returned ${describeResult(result)}`);
    if (typeof outcome === 'function') outcome(result);
  }
  for (const s of snaps) s.check();
  return threw ? error : result;
}

/** True when `message` names `op` as the thrower: `op:` or `op.` or `op(` not preceded by a name character. */
function namesOp(message: string, op: string): boolean {
  const esc = op.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^A-Za-z0-9_.])${esc}([:.( ]|$)`).test(message);
}

function describeResult(r: unknown): string {
  if (isTensor(r)) return `a ${r.dtype} tensor ${JSON.stringify(r.shape)}`;
  try {
    return JSON.stringify(r)?.slice(0, 120) ?? String(r);
  } catch {
    return String(r);
  }
}

/**
 * The cases made by putting each junk value at each listed argument position of a valid call.
 * `accepts[i]` lists the junk kinds that are valid at position i (e.g. `undefined` for an
 * optional argument); those must then work and pass `check`.
 */
export function substitutions(
  validArgs: () => readonly unknown[],
  call: (...args: unknown[]) => unknown,
  positions: readonly number[],
  accepts: Readonly<Record<number, readonly string[]>> = {},
  check: Outcome = 'either',
): BadCase[] {
  const cases: BadCase[] = [];
  for (const i of positions) {
    for (const [kind, make] of Object.entries(junk)) {
      const ok = accepts[i]?.includes(kind) ?? false;
      cases.push({
        label: `arg ${i} = ${kind}`,
        args: () => {
          const a = [...validArgs()];
          a[i] = make();
          return a;
        },
        call,
        expect: ok ? check : 'throws',
      });
    }
  }
  return cases;
}
