/**
 * Forward mode: a trace that carries a tangent beside every value derived from the primals,
 * computed by each primitive's jvp rule as the primitive runs.
 * @module
 */
import type { Tensor } from '../tensor/tensor.js';
import { anomalyMode, callSite, inRule, label } from './bind.js';
import type { Trace } from './bind.js';
import * as L from './lax.js';
import type { Primitive } from './primitive.js';

/** Tangents keyed by tensor id, filled as primitives run. */
export class JvpTrace implements Trace {
  private readonly tangents = new Map<number, Tensor>();

  /** Declares the tangent of a primal. */
  seed(x: Tensor, tan: Tensor): void {
    this.tangents.set(x.id, tan);
  }

  /** The tangent of `x`, or undefined when x does not depend on a primal. */
  tangentOf(x: Tensor): Tensor | undefined {
    return this.tangents.get(x.id);
  }

  process(prim: Primitive<never>, inputs: readonly Tensor[], params: unknown, out: Tensor): void {
    let any = false;
    const tans = inputs.map((x) => {
      const t = this.tangents.get(x.id);
      if (t !== undefined) any = true;
      return t ?? null;
    });
    if (!any) return;
    const needs = inputs.map(() => true);
    const ctx = { inputs, ans: out, params: params as never, needs };
    const tan = anomalyMode()
      ? inRule({ op: prim.name, kind: 'jvp', site: callSite(), label: label() }, () => prim.jvp(tans, ctx, L))
      : prim.jvp(tans, ctx, L);
    this.tangents.set(out.id, tan);
  }
}
