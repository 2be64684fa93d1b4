/**
 * The reverse walk over a range of tape records, shared by `GradientTape.gradient` and the
 * inspection layer (which walks a recorded unroll one step at a time).
 * @module
 */
import { fmtShape, internal } from '../errors.js';
import { sameShape } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { anomalyMode, checkFinite, clearFresh, inRule, isFresh, tracing } from './bind.js';
import type { TensorData } from '../tensor/dtype.js';
import * as L from './lax.js';
import type { RuleContext } from './primitive.js';
import type { TapeRecord } from './tape.js';

/** Ids of the tensors that depend on `sources`, found by one forward sweep over `records`. */
export function reachFrom(records: readonly TapeRecord[], sources: Iterable<number>, end = records.length): Set<number> {
  const reach = new Set<number>(sources);
  for (let i = 0; i < end; i++) {
    const r = records[i]!;
    for (const x of r.inputs) {
      if (reach.has(x.id)) {
        reach.add(r.output.id);
        break;
      }
    }
  }
  return reach;
}

/** How a walk applies a record's rule and takes what it returns: plain, or batched (see batchedPullback.ts). */
export interface WalkRule {
  /** The cotangent of each input, given the output's. */
  vjp(r: TapeRecord, ct: Tensor, ctx: RuleContext<never>): readonly (Tensor | null)[];
  /** Input x's cotangent, checked (and adapted to the walk's layout). */
  fit(g: Tensor, x: Tensor, r: TapeRecord): Tensor;
  /** Called with every sum the walk stores. */
  stored?(t: Tensor): void;
}

const plainRule: WalkRule = {
  vjp: (r, ct, ctx) =>
    anomalyMode() ? inRule({ op: r.op, kind: 'vjp', site: r.site, label: r.label }, () => r.prim.vjp(ct as never, ctx, L)) : r.prim.vjp(ct as never, ctx, L),
  fit: (g, x, r) => {
    if (!sameShape(g.shape, x.shape) || g.dtype !== x.dtype) {
      internal(r.op, `vjp gave a ${g.dtype} ${fmtShape(g.shape)} cotangent for a ${x.dtype} ${fmtShape(x.shape)} input`);
    }
    if (anomalyMode()) checkFinite(r.op, g, 'backward (its vjp)', r.site, r.label);
    return g;
  },
};

/**
 * Walks records `hi − 1` down to `lo`: for each record whose output has a cotangent in `cts`
 * (and lies in `reach`), applies its vjp rule and adds each input's cotangent into `cts`.
 * Cotangents of outputs are dropped once used, except ids in `keep`. `complete` is called with
 * each output's cotangent when it is final (its producing record is reached).
 */
export function pullback(
  records: readonly TapeRecord[],
  lo: number,
  hi: number,
  cts: Map<number, Tensor>,
  reach: ReadonlySet<number>,
  keep: ReadonlySet<number>,
  complete?: (id: number, ct: Tensor) => void,
  rule: WalkRule = plainRule,
): void {
  // Sums this walk made and nobody else has seen: adding into them in place is unobservable.
  // A sum leaves the set when it is handed to a rule or to `complete`; under a trace every
  // add must be a recorded op, so nothing is owned.
  const owned = tracing() ? undefined : new Set<Tensor>();
  // a fused rule may add straight into such a sum (a step's dW into the walk's running dW)
  // instead of returning a new tensor; not in anomaly mode, which checks each cotangent alone
  const into =
    owned && rule === plainRule && !anomalyMode()
      ? (x: Tensor): TensorData | undefined => {
          const sum = cts.get(x.id);
          return sum !== undefined && owned.has(sum) ? sum.data : undefined;
        }
      : undefined;
  for (let i = hi - 1; i >= lo; i--) {
    const r = records[i]!;
    const oid = r.output.id;
    if (!reach.has(oid)) continue;
    const ct = cts.get(oid);
    if (ct === undefined) continue;
    owned?.delete(ct);
    complete?.(oid, ct);
    if (!keep.has(oid)) cts.delete(oid);
    const needs = r.inputs.map((x) => reach.has(x.id));
    clearFresh();
    const grads = rule.vjp(r, ct, { inputs: r.inputs, ans: r.output, params: r.params as never, needs, into });
    for (let j = 0; j < r.inputs.length; j++) {
      const raw = grads[j];
      if (!needs[j] || !raw) continue;
      const x = r.inputs[j]!;
      const g = rule.fit(raw, x, r);
      const prev = cts.get(x.id);
      if (prev === undefined) {
        cts.set(x.id, g);
        if (owned && isFresh(raw)) owned.add(g);
      } else if (owned?.has(prev)) addInto(prev.data, g.data);
      else {
        const sum = L.add(prev, g);
        owned?.add(sum);
        rule.stored?.(sum);
        cts.set(x.id, sum);
      }
    }
  }
  clearFresh(); // marks left by the last rule mean nothing to whoever called this walk
}

/** acc += g, element-wise (same length). */
function addInto(acc: TensorData, g: TensorData): void {
  for (let i = 0; i < acc.length; i++) acc[i]! += g[i]!;
}
