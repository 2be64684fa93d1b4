/**
 * Element-wise binary primitives with NumPy broadcasting, the ternary `where`, and the
 * comparisons (non-differentiable: their outputs are 0/1 masks). Cotangents are reduced back to
 * each input's shape by `unbroadcast`.
 * @module
 */
import { alloc } from '../../tensor/dtype.js';
import { binaryBroadcast, whereBroadcast } from '../../tensor/kernels/elementwise.js';
import type { BinaryFn } from '../../tensor/kernels/elementwise.js';
import { broadcastShapes, sizeOf } from '../../tensor/shape.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { Ops, Primitive, RuleContext } from '../primitive.js';

type Ctx = RuleContext<null>;

function binary(
  name: string,
  fn: BinaryFn,
  vjp: (ct: Tensor, ctx: Ctx, L: Ops) => readonly (Tensor | null)[],
  jvp: (ta: Tensor | null, tb: Tensor | null, ctx: Ctx, L: Ops) => Tensor,
): Primitive<null> {
  return {
    name,
    inputs: ['a', 'b'],
    shape: ([a, b]) => broadcastShapes(name, a!, b!),
    forward: ([a, b], _, os) => {
      const out = alloc(a!.dtype, sizeOf(os));
      binaryBroadcast(a!.data, a!.shape, b!.data, b!.shape, out, os, fn, name);
      return out;
    },
    vjp,
    jvp: ([ta, tb], ctx, L) => L.broadcastTo(jvp(ta ?? null, tb ?? null, ctx, L), ctx.ans.shape),
  };
}

/** Sum of two optional tangents; a missing one counts as zero. */
function plus(L: Ops, x: Tensor | null, y: Tensor | null, proto: Tensor): Tensor {
  if (x && y) return L.add(x, y);
  return x ?? y ?? L.filledLike(proto, 0);
}

function comparison(name: string, fn: BinaryFn): Primitive<null> {
  return binary(
    name,
    fn,
    () => [null, null],
    (_a, _b, { ans }, L) => L.filledLike(ans, 0),
  );
}

/** Mask of where `a` is chosen by maximum/minimum: 1, 0, and ½ on ties (as JAX). */
function chooser(L: Ops, a: Tensor, b: Tensor, strict: Tensor): Tensor {
  return L.add(strict, L.mul(L.equal(a, b), 0.5));
}

export const binaryPrimitives = {
  add: binary(
    'add',
    (x, y) => x + y,
    (ct, { inputs: [a, b] }, L) => [L.unbroadcast(ct, a!.shape), L.unbroadcast(ct, b!.shape)],
    (ta, tb, { ans }, L) => plus(L, ta, tb, ans),
  ),
  sub: binary(
    'sub',
    (x, y) => x - y,
    (ct, { inputs: [a, b], needs }, L) => [
      L.unbroadcast(ct, a!.shape),
      needs[1] ? L.unbroadcast(L.neg(ct), b!.shape) : null,
    ],
    (ta, tb, { ans }, L) => plus(L, ta, tb && L.neg(tb), ans),
  ),
  // d(ab) = b·da + a·db
  mul: binary(
    'mul',
    (x, y) => x * y,
    (ct, { inputs: [a, b], needs }, L) => [
      needs[0] ? L.unbroadcast(L.mul(ct, b!), a!.shape) : null,
      needs[1] ? L.unbroadcast(L.mul(ct, a!), b!.shape) : null,
    ],
    (ta, tb, { inputs: [a, b], ans }, L) => plus(L, ta && L.mul(ta, b!), tb && L.mul(a!, tb), ans),
  ),
  // d(a/b) = da/b − (a/b)·db/b
  div: binary(
    'div',
    (x, y) => x / y,
    (ct, { inputs: [a, b], ans, needs }, L) => [
      needs[0] ? L.unbroadcast(L.div(ct, b!), a!.shape) : null,
      needs[1] ? L.unbroadcast(L.neg(L.div(L.mul(ct, ans), b!)), b!.shape) : null,
    ],
    (ta, tb, { inputs: [, b], ans }, L) => plus(L, ta && L.div(ta, b!), tb && L.neg(L.div(L.mul(tb, ans), b!)), ans),
  ),
  // d(a^b) = b·a^(b−1)·da + a^b·ln(a)·db; ln is taken of 1 where a = 0 (as JAX), NaN for a < 0.
  pow: binary(
    'pow',
    Math.pow,
    (ct, ctx, L) => [
      ctx.needs[0] ? L.unbroadcast(L.mul(ct, powBase(ctx, L)), ctx.inputs[0]!.shape) : null,
      ctx.needs[1] ? L.unbroadcast(L.mul(ct, powExp(ctx, L)), ctx.inputs[1]!.shape) : null,
    ],
    (ta, tb, ctx, L) => plus(L, ta && L.mul(ta, powBase(ctx, L)), tb && L.mul(tb, powExp(ctx, L)), ctx.ans),
  ),
  maximum: binary(
    'maximum',
    (x, y) => (x !== x || y !== y ? NaN : x > y ? x : y),
    (ct, { inputs: [a, b] }, L) => {
      const m = chooser(L, a!, b!, L.greater(a!, b!));
      return [L.unbroadcast(L.mul(ct, m), a!.shape), L.unbroadcast(L.mul(ct, L.sub(1, m)), b!.shape)];
    },
    (ta, tb, { inputs: [a, b], ans }, L) => {
      const m = chooser(L, a!, b!, L.greater(a!, b!));
      return plus(L, ta && L.mul(ta, m), tb && L.mul(tb, L.sub(1, m)), ans);
    },
  ),
  minimum: binary(
    'minimum',
    (x, y) => (x !== x || y !== y ? NaN : x < y ? x : y),
    (ct, { inputs: [a, b] }, L) => {
      const m = chooser(L, a!, b!, L.less(a!, b!));
      return [L.unbroadcast(L.mul(ct, m), a!.shape), L.unbroadcast(L.mul(ct, L.sub(1, m)), b!.shape)];
    },
    (ta, tb, { inputs: [a, b], ans }, L) => {
      const m = chooser(L, a!, b!, L.less(a!, b!));
      return plus(L, ta && L.mul(ta, m), tb && L.mul(tb, L.sub(1, m)), ans);
    },
  ),
  greater: comparison('greater', (x, y) => (x > y ? 1 : 0)),
  greaterEqual: comparison('greaterEqual', (x, y) => (x >= y ? 1 : 0)),
  less: comparison('less', (x, y) => (x < y ? 1 : 0)),
  lessEqual: comparison('lessEqual', (x, y) => (x <= y ? 1 : 0)),
  equal: comparison('equal', (x, y) => (x === y ? 1 : 0)),
  notEqual: comparison('notEqual', (x, y) => (x !== y ? 1 : 0)),
} satisfies Record<string, Primitive<null>>;

function powBase({ inputs: [a, b] }: Ctx, L: Ops): Tensor {
  return L.mul(b!, L.pow(a!, L.sub(b!, 1)));
}
function powExp({ inputs: [a], ans }: Ctx, L: Ops): Tensor {
  return L.mul(ans, L.log(L.where(L.equal(a!, 0), L.filledLike(a!, 1), a!)));
}

/** where(cond, a, b): picks a where cond ≠ 0, else b; cond gets no gradient. */
export const where: Primitive<null> = {
  name: 'where',
  inputs: ['cond', 'a', 'b'],
  shape: ([c, a, b]) => broadcastShapes('where', broadcastShapes('where', c!, a!), b!),
  forward: ([c, a, b], _, os) => {
    const out = alloc(a!.dtype, os.reduce((p, d) => p * d, 1));
    whereBroadcast(c!.data, c!.shape, a!.data, a!.shape, b!.data, b!.shape, out, os);
    return out;
  },
  vjp: (ct, { inputs: [c, a, b], needs }, L) => {
    const zero = L.filledLike(ct, 0, []);
    return [
      null,
      needs[1] ? L.unbroadcast(L.where(c!, ct, zero), a!.shape) : null,
      needs[2] ? L.unbroadcast(L.where(c!, zero, ct), b!.shape) : null,
    ];
  },
  jvp: ([, ta, tb], { inputs: [c], ans }, L) => {
    const zero = L.filledLike(ans, 0, []);
    return L.where(c!, ta ?? zero, tb ?? zero);
  },
};
