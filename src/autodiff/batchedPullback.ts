/**
 * A reverse walk whose cotangents carry an extra leading axis of K independent rows: K
 * vector–Jacobian products through the same recorded calls in one pass (vmap over the
 * cotangent). Every rule of the registry runs unchanged: it is handed an `L` whose functions
 * know which tensors carry the extra axis — element-wise ops broadcast over it, shape-taking
 * ops shift their axes past it, `unbroadcast` never sums it away. A primitive outside the
 * registry (a customGradient) is pulled back row by row.
 *
 * The inspection layer uses this to get every row of a step Jacobian from one walk over the
 * recorded step, without re-running the cell.
 * @module
 */
import { fmtShape, internal } from '../errors.js';
import type { Shape } from '../tensor/shape.js';
import { sameShape } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { pullback } from './backward.js';
import * as L from './lax.js';
import type { Ops, Primitive } from './primitive.js';
import { primitives } from './registry.js';
import type { TapeRecord } from './tape.js';

type Operand = Tensor | number;

const known = new Set<Primitive<never>>(Object.values(primitives) as Primitive<never>[]);

/** Ops over tensors some of which (those in `batched`) carry a leading axis of size K. */
function batchedOps(batched: WeakSet<Tensor>, K: number): Ops {
  const isB = (x: Operand): boolean => typeof x !== 'number' && batched.has(x);
  const mark = (t: Tensor): Tensor => {
    batched.add(t);
    return t;
  };
  const rank = (x: Operand): number => (typeof x === 'number' ? 0 : batched.has(x) ? x.rank - 1 : x.rank);
  /** A batched operand reshaped to [K, 1…1, ...shape] with primal rank r. */
  const lift = (x: Operand, r: number): Operand => {
    if (typeof x === 'number' || !isB(x) || x.rank - 1 === r) return x;
    return mark(L.reshape(x, [K, ...new Array<number>(r - (x.rank - 1)).fill(1), ...x.shape.slice(1)]));
  };
  const un = (f: (x: Tensor) => Tensor) => (x: Tensor): Tensor => (isB(x) ? mark(f(x)) : f(x));
  const bin = (f: (a: Operand, b: Operand) => Tensor) => (a: Operand, b: Operand): Tensor => {
    if (!isB(a) && !isB(b)) return f(a, b);
    const r = Math.max(rank(a), rank(b));
    return mark(f(lift(a, r), lift(b, r)));
  };
  const shifted = (axes: readonly number[]) => axes.map((a) => a + 1);
  const ops: Ops = {
    ...L,
    neg: un(L.neg),
    abs: un(L.abs),
    sqrt: un(L.sqrt),
    exp: un(L.exp),
    log: un(L.log),
    tanh: un(L.tanh),
    sigmoid: un(L.sigmoid),
    relu: un(L.relu),
    sin: un(L.sin),
    cos: un(L.cos),
    sign: un(L.sign),
    identity: un(L.identity),
    stopGradient: un(L.stopGradient),
    add: bin(L.add),
    sub: bin(L.sub),
    mul: bin(L.mul),
    div: bin(L.div),
    pow: bin(L.pow),
    maximum: bin(L.maximum),
    minimum: bin(L.minimum),
    greater: bin(L.greater),
    greaterEqual: bin(L.greaterEqual),
    less: bin(L.less),
    lessEqual: bin(L.lessEqual),
    equal: bin(L.equal),
    notEqual: bin(L.notEqual),
    where: (c, a, b) => {
      if (!isB(c) && !isB(a) && !isB(b)) return L.where(c, a, b);
      const r = Math.max(rank(c), rank(a), rank(b));
      return mark(L.where(lift(c, r) as Tensor, lift(a, r), lift(b, r)));
    },
    sum: (x, axes, keep = false) => (isB(x) ? mark(L.sum(x, shifted(axes), keep)) : L.sum(x, axes, keep)),
    max: (x, axes, keep = false) => (isB(x) ? mark(L.max(x, shifted(axes), keep)) : L.max(x, axes, keep)),
    matmul: (a, b, ta = false, tb = false) => {
      if (!isB(a) && !isB(b)) return L.matmul(a, b, ta, tb);
      const r = Math.max(rank(a), rank(b));
      return mark(L.matmul(lift(a, r) as Tensor, lift(b, r) as Tensor, ta, tb));
    },
    reshape: (x, shape) => (isB(x) ? mark(L.reshape(x, [K, ...shape])) : L.reshape(x, shape)),
    permute: (x, perm) => (isB(x) ? mark(L.permute(x, [0, ...shifted(perm)])) : L.permute(x, perm)),
    broadcastTo: (x, shape) => (isB(x) ? mark(L.broadcastTo(lift(x, shape.length) as Tensor, [K, ...shape])) : L.broadcastTo(x, shape)),
    slice: (x, begin, shape) => (isB(x) ? mark(L.slice(x, [0, ...begin], [K, ...shape])) : L.slice(x, begin, shape)),
    pad: (x, begin, shape) => (isB(x) ? mark(L.pad(x, [0, ...begin], [K, ...shape])) : L.pad(x, begin, shape)),
    concat: (xs, axis) => {
      if (!xs.some(isB)) return L.concat(xs, axis);
      const parts = xs.map((x) => (isB(x) ? x : L.broadcastTo(L.reshape(x, [1, ...x.shape]), [K, ...x.shape])));
      return mark(L.concat(parts, axis + 1));
    },
    astype: (x, dtype) => (isB(x) ? mark(L.astype(x, dtype)) : L.astype(x, dtype)),
    filledLike: (proto, value, shape?: Shape) => (shape === undefined && isB(proto) ? mark(L.filledLike(proto, value)) : L.filledLike(proto, value, shape ?? proto.shape)),
    unbroadcast: (g, shape) => {
      if (!isB(g)) return L.unbroadcast(g, shape);
      const inner = g.shape.slice(1);
      if (sameShape(inner, shape)) return g;
      const lead = inner.length - shape.length;
      const axes: number[] = [];
      for (let k = 0; k < inner.length; k++) if (k < lead || (shape[k - lead] === 1 && inner[k] !== 1)) axes.push(k + 1);
      return mark(L.reshape(L.sum(g, axes, false), [K, ...shape]));
    },
  };
  return ops;
}

/**
 * Like `pullback`, with every cotangent `[K, ...shape]`: K independent reverse walks at once.
 * Cotangents in `cts` must all carry the leading K axis.
 */
export function pullbackBatched(
  records: readonly TapeRecord[],
  lo: number,
  hi: number,
  cts: Map<number, Tensor>,
  reach: ReadonlySet<number>,
  K: number,
  complete?: (id: number, ct: Tensor) => void,
): void {
  const batched = new WeakSet<Tensor>();
  for (const ct of cts.values()) batched.add(ct);
  const BL = batchedOps(batched, K);
  const mark = (g: Tensor | null): Tensor | null => (g && batched.add(g), g);
  pullback(records, lo, hi, cts, reach, new Set(), complete, {
    vjp: (r, ct, ctx) => (known.has(r.prim) ? r.prim.vjp(ct as never, ctx, BL) : rowByRow(r, ct, ctx, K).map(mark)),
    fit: (g, x, r) => {
      let out = g;
      if (!batched.has(out)) {
        // a fused rule's kernel returns the K rows itself ([K, ...shape]); any other unmarked cotangent is the same for every row
        if (out.rank !== x.rank + 1) out = L.broadcastTo(L.reshape(out, [1, ...out.shape]), [K, ...x.shape]);
        batched.add(out);
      }
      if (!sameShape(out.shape, [K, ...x.shape])) internal(r.op, `batched vjp gave ${fmtShape(out.shape)} for an input of shape ${fmtShape(x.shape)} and K = ${K}`);
      return out;
    },
    stored: (t) => void batched.add(t),
  });
}

/** K separate vjps of a primitive the batched ops do not know, stacked. */
function rowByRow(r: TapeRecord, ct: Tensor, ctx: Parameters<Primitive<never>['vjp']>[1], K: number): (Tensor | null)[] {
  const rows = Array.from({ length: K }, (_, k) => r.prim.vjp(L.reshape(L.slice(ct, [k, ...ct.shape.slice(1).map(() => 0)], [1, ...ct.shape.slice(1)]), ct.shape.slice(1)) as never, ctx, L));
  return r.inputs.map((x, j) => {
    if (rows.every((g) => !g[j])) return null;
    return L.concat(rows.map((g) => L.reshape(g[j] ?? L.filledLike(x, 0), [1, ...x.shape])), 0);
  });
}
