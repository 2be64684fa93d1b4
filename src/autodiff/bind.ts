/**
 * The dispatch point every primitive call goes through. `bind` checks nothing (public ops did),
 * runs the kernel, and hands the call to each active trace: tapes append a record, forward-mode
 * contexts compute a tangent. While trace k handles a call, only traces below k are visible,
 * so the work a trace does (a tangent computation, a backward pass) is itself seen by the
 * traces outside it — which is what makes higher-order derivatives work.
 * @module
 */
import { AnomalyError, ValueError, describe } from '../errors.js';
import { like } from '../tensor/construct.js';
import type { Tensor } from '../tensor/tensor.js';
import type { Primitive } from './primitive.js';

/** Something that observes primitive calls: a tape or a forward-mode context. */
export interface Trace {
  process(prim: Primitive<never>, inputs: readonly Tensor[], params: unknown, out: Tensor): void;
}

const stack: Trace[] = [];
let visible = 0;
let anomalyDepth = 0;
let currentLabel: string | undefined;
/** The primitive whose derivative rule is running, so anomalies inside it are reported as its own. */
let rule: RuleSite | undefined;

/** A derivative rule being run: which primitive's, which rule, and where the call was recorded. */
export interface RuleSite {
  readonly op: string;
  readonly kind: 'vjp' | 'jvp';
  readonly site: string | undefined;
  readonly label: string | undefined;
}

/** Runs `prim` on `inputs` and lets every visible trace observe the call. */
export function bind<P>(prim: Primitive<P>, inputs: readonly Tensor[], params: P): Tensor {
  const shapes = inputs.map((t) => t.shape);
  const outShape = prim.shape(shapes, params);
  const data = prim.forward(inputs, params, outShape);
  const out = like(inputs[0]!, data, outShape);
  observe(prim, inputs, params, out);
  return out;
}

/** Hands a primitive call whose output is already computed to every visible trace. */
export function observe<P>(prim: Primitive<P>, inputs: readonly Tensor[], params: P, out: Tensor): void {
  if (anomalyDepth > 0) {
    if (rule) {
      const phase = rule.kind === 'vjp' ? 'backward' : 'forward mode';
      checkFinite(rule.op, out, `${phase} (its ${rule.kind}, computing ${prim.name})`, rule.site, rule.label);
    } else checkFinite(prim.name, out, 'forward');
  }
  const n = visible;
  if (n > 0) {
    try {
      for (let k = 0; k < n; k++) {
        visible = k;
        stack[k]!.process(prim as Primitive<never>, inputs, params, out);
      }
    } finally {
      visible = n;
    }
  }
}

/** Runs `fn` with `trace` active on top of the visible traces. */
export function withTrace<R>(trace: Trace, fn: () => R): R {
  const savedStack = stack.slice();
  const savedVisible = visible;
  stack.length = visible;
  stack.push(trace);
  visible = stack.length;
  try {
    return fn();
  } finally {
    stack.length = 0;
    stack.push(...savedStack);
    visible = savedVisible;
  }
}

/** Runs `fn` with no trace visible (values only, nothing recorded). */
export function untraced<R>(fn: () => R): R {
  const n = visible;
  visible = 0;
  try {
    return fn();
  } finally {
    visible = n;
  }
}

/** The label attached to records made now (see {@link withLabel}). */
export function label(): string | undefined {
  return currentLabel;
}

/**
 * Runs `fn` with a label attached to every primitive recorded inside it, such as
 * `'step 7 / forget gate'`. Labels nest with `' / '`.
 * @example
 * ```ts
 * const tape = new GradientTape();
 * tape.record(() => withLabel('step 1', () => x.tanh()));
 * tape.records[0]?.label; // 'step 1'
 * ```
 */
export function withLabel<R>(name: string, fn: () => R): R {
  if (typeof name !== 'string') throw new ValueError(`withLabel: name must be a string; got ${describe(name)}`, { op: 'withLabel', arg: 'name' });
  if (typeof fn !== 'function') throw new ValueError(`withLabel: fn must be a function; got ${describe(fn)}`, { op: 'withLabel', arg: 'fn' });
  const saved = currentLabel;
  currentLabel = saved === undefined ? name : `${saved} / ${name}`;
  try {
    return fn();
  } finally {
    currentLabel = saved;
  }
}

/** True while anomaly mode is on. */
export function anomalyMode(): boolean {
  return anomalyDepth > 0;
}

/**
 * Runs `fn` in anomaly mode: the first NaN or infinity produced by a primitive, forward or
 * backward, throws an {@link AnomalyError} naming the primitive and where it was called.
 * @example
 * ```ts
 * detectAnomaly(() => tensor([-1]).log()); // throws AnomalyError: log: produced NaN in forward …
 * ```
 */
export function detectAnomaly<R>(fn: () => R): R {
  if (typeof fn !== 'function') throw new ValueError(`detectAnomaly: fn must be a function; got ${describe(fn)}`, { op: 'detectAnomaly', arg: 'fn' });
  anomalyDepth++;
  try {
    return fn();
  } finally {
    anomalyDepth--;
  }
}

/**
 * Runs a derivative rule: in anomaly mode a NaN or infinity produced by an op inside the rule
 * is reported as the rule's primitive's, with the site and label of its recorded call, rather
 * than as a forward call of the op inside.
 */
export function inRule<R>(site: RuleSite, fn: () => R): R {
  const saved = rule;
  rule = site;
  try {
    return fn();
  } finally {
    rule = saved;
  }
}

/** Throws an AnomalyError when `t` holds a NaN or an infinity. */
export function checkFinite(op: string, t: Tensor, phase: string, site?: string, recordLabel: string | undefined = currentLabel): void {
  const d = t.data;
  for (let i = 0; i < d.length; i++) {
    const v = d[i]!;
    if (v - v !== 0) {
      const what = v !== v ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
      const where = site ?? callSite();
      throw new AnomalyError(
        `${op}: produced ${what} in ${phase} at flat index ${i} of a tensor of shape [${t.shape.join(', ')}]` +
          (recordLabel ? ` (${recordLabel})` : '') +
          (where ? `; called at ${where}` : ''),
        { op, shapes: [t.shape] },
      );
    }
  }
}

/** The first stack frame outside gradscope's own files, for anomaly messages. */
export function callSite(): string {
  // deep models put more than the default 10 frames of gradscope between the user and here
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 100;
  const stackText = new Error().stack ?? '';
  Error.stackTraceLimit = limit;
  const lines = stackText.split('\n').slice(1);
  const root = ownRoot(lines[0] ?? '');
  const outside = lines.find((l) => !l.includes('node:internal') && (root === '' || !l.includes(root)));
  return (outside ?? '').trim().replace(/^at\s+/, '');
}

/** The folder holding gradscope's code (src/ or dist/), read off this function's own frame. */
function ownRoot(frame: string): string {
  const m = /([^\s(]+)[\\/][^\\/]+:\d+:\d+\)?\s*$/.exec(frame);
  if (!m) return '';
  const dir = m[1]!;
  return dir.replace(/[\\/]autodiff$/, '');
}

/**
 * True while some trace (a tape or a forward-mode context) sees primitive calls. Derivative
 * rules with a fused first-order kernel use it: with nobody watching, the kernel's outputs
 * need no record; under a trace they compute with recorded ops, so higher-order derivatives work.
 */
export function tracing(): boolean {
  return visible > 0;
}

let unfusedDepth = 0;

/** False inside {@link unfused}: the built-in cells then compute their steps op by op. */
export function fusionEnabled(): boolean {
  return unfusedDepth === 0;
}

/**
 * Runs `fn` with the built-in cells (`RNNCell`, `LSTMCell`, `GRUCell`) computing each step op by
 * op — one labelled record per gate (`step 7 / forget gate`, …) — instead of one fused
 * primitive per step. The numbers are the same (to ~1e-15); the tape is 5–20× longer and
 * slower. Use it to print or study a step's tape.
 * @example
 * ```ts
 * const tape = new GradientTape();
 * unfused(() => tape.record(() => unroll(new LSTMCell({ inputSize: 1, hiddenSize: 2 }), x)));
 * tape.records.map((r) => r.label); // […, 'step 1 / forget gate', …]
 * ```
 */
export function unfused<R>(fn: () => R): R {
  if (typeof fn !== 'function') throw new ValueError(`unfused: fn must be a function; got ${describe(fn)}`, { op: 'unfused', arg: 'fn' });
  unfusedDepth++;
  try {
    return fn();
  } finally {
    unfusedDepth--;
  }
}

/** Cotangents marked by the rule now running (a plain list: WeakSet entries cost the GC). */
const freshCotangents: Tensor[] = [];

/**
 * Marks a cotangent a derivative rule has just allocated and returns only once: the reverse walk
 * that called the rule may then take it as its own sum and add later contributions into it in
 * place. For fused first-order kernels only (never a tensor that is shared, saved or returned twice).
 */
export function fresh(t: Tensor): Tensor {
  if (freshCotangents.length >= 64) freshCotangents.length = 0; // a rule called outside a walk
  freshCotangents.push(t);
  return t;
}

/** Forgets the marks (a reverse walk calls it before each rule). */
export function clearFresh(): void {
  freshCotangents.length = 0;
}

/** True when `t` was marked by {@link fresh} since the last {@link clearFresh}. */
export function isFresh(t: Tensor): boolean {
  return freshCotangents.includes(t);
}
