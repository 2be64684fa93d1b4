/**
 * One spec per registry primitive: how to draw valid inputs and parameters for it (domains
 * respected, kinks kept out) and which inputs carry a derivative. The property suite in
 * registry.test.ts runs the same checks over every entry.
 */
import type { Arbitrary } from 'fast-check';
import { broadcastableShapes, matmulPair, shape, tensor } from '../../src/arbitraries/index.js';
import * as L from '../../src/autodiff/lax.js';
import { tensor as makeTensor } from '../../src/tensor/creation.js';
import { broadcastShapes, sizeOf } from '../../src/tensor/shape.js';
import type { Shape } from '../../src/tensor/shape.js';
import type { Tensor } from '../../src/tensor/tensor.js';
import { fc } from '../helpers/fc.js';
import { TOL } from '../helpers/tolerances.js';

/** One drawn call of a primitive. */
export interface Case {
  readonly inputs: readonly Tensor[];
  readonly params: unknown;
}

/** How to test one primitive. */
export interface PrimitiveSpec {
  readonly cases: Arbitrary<Case>;
  /** Which inputs carry a derivative (default: all); all false for a non-differentiable primitive. */
  readonly diff?: readonly boolean[];
  /** Finite-difference step and tolerances (default TOL.fd). */
  readonly fd?: { readonly eps: number; readonly atol: number; readonly rtol: number };
}

/** Smallest gap kept between a value and a kink, well above the finite-difference step. */
const GAP = 1e-3;

const small = shape({ maxRank: 3, maxDim: 3 });

/** Values moved at least `gap` away from `c` (x ≥ c goes up by gap, x < c down). */
function awayFrom(t: Tensor, c: number, gap = 0.1): Tensor {
  return makeTensor(
    Array.from(t.data, (x) => (x >= c ? x + gap : x - gap)),
    t.shape,
  ) as Tensor;
}

function vals(min = -3, max = 3, s: Shape | Arbitrary<Shape> = small): Arbitrary<Tensor> {
  return tensor({ shape: s, min, max });
}

const unary = (min = -3, max = 3): PrimitiveSpec => ({ cases: vals(min, max).map((x) => ({ inputs: [x], params: null })) });
const noKinkAt0: PrimitiveSpec = { cases: vals().map((x) => ({ inputs: [awayFrom(x, 0)], params: null })) };

/** Two tensors of broadcastable shapes, values from `a` and `b`. */
function pair(a: (s: Shape) => Arbitrary<Tensor>, b: (s: Shape) => Arbitrary<Tensor>): Arbitrary<Tensor[]> {
  return broadcastableShapes(2, { maxRank: 3, maxDim: 3 }).chain(({ shapes: [sa, sb] }) => fc.tuple(a(sa!), b(sb!)));
}

/** True when every broadcast pair of elements of a and b differs by more than GAP. */
function noTies(a: Tensor, b: Tensor): boolean {
  const ab = L.sub(L.broadcastTo(a, broadcastShapes('test', a.shape, b.shape)), b);
  return Array.prototype.every.call(ab.data, (d: number) => Math.abs(d) > GAP);
}

const binary = (a: (s: Shape) => Arbitrary<Tensor> = (s) => vals(-3, 3, s), b = a): PrimitiveSpec => ({
  cases: pair(a, b).map((inputs) => ({ inputs, params: null })),
});
const tieFree: PrimitiveSpec = {
  cases: pair((s) => vals(-3, 3, s), (s) => vals(-3, 3, s))
    .filter(([a, b]) => noTies(a!, b!))
    .map((inputs) => ({ inputs, params: null })),
};
const comparison: PrimitiveSpec = { ...binary(), diff: [false, false] };

/** A subset of the axes of a rank-r shape, sorted, from a bit mask. */
function axesOf(rank: number, mask: number): number[] {
  return Array.from({ length: rank }, (_, k) => k).filter((k) => (mask >> k) & 1);
}

/** Values made pairwise distinct (no ties for max) by adding a small multiple of the flat index. */
function distinct(t: Tensor): Tensor {
  return makeTensor(
    Array.from(t.data, (x, i) => x + 0.01 * i),
    t.shape,
  ) as Tensor;
}
function allDistinct(t: Tensor): boolean {
  const v = [...t.data].sort((x, y) => x - y);
  return v.every((x, i) => i === 0 || x - v[i - 1]! > GAP);
}

/** A reduction over a random subset of axes; `max` needs distinct values (ties are a kink). */
const reduction = (distinctValues: boolean): PrimitiveSpec => ({
  cases: fc
    .tuple(vals().map((x) => (distinctValues ? distinct(x) : x)), fc.nat(7), fc.boolean())
    .filter(([x]) => !distinctValues || allDistinct(x))
    .map(([x, mask, keepDims]) => ({ inputs: [x], params: { axes: axesOf(x.rank, mask), keepDims } })),
});

/** [..., M, K] stored as [..., K, M] (so that op(a) with ta = true is the original). */
function swapLast(t: Tensor): Tensor {
  const perm = t.shape.map((_, k) => k);
  perm.splice(-2, 2, t.rank - 1, t.rank - 2);
  return L.permute(t, perm);
}

/** Reshape targets of a shape: flat, reversed, with a 1 in front, last two merged. */
function reshapes(s: Shape): Shape[] {
  const out: Shape[] = [[sizeOf(s)], [...s].reverse(), [1, ...s]];
  if (s.length >= 2) out.push([...s.slice(0, -2), s[s.length - 2]! * s[s.length - 1]!]);
  return out;
}

/**
 * Inputs of a fused recurrent step: x [B, I], h [B, H], (c [B, H],) W_ih [G·H, I], W_hh [G·H, H]
 * and, unless dropped, b_ih, b_hh [G·H]. Values in [−1, 1] keep preactivations moderate.
 */
function stepInputs(G: number, withC: boolean, optionalBias: boolean): Arbitrary<Tensor[]> {
  const dim = fc.integer({ min: 1, max: 3 });
  return fc.tuple(dim, dim, dim, optionalBias ? fc.boolean() : fc.constant(true)).chain(([B, I, H, bias]) => {
    const shapes: Shape[] = [[B, I], [B, H], ...(withC ? [[B, H]] : []), [G * H, I], [G * H, H], ...(bias ? [[G * H], [G * H]] : [])];
    return fc.tuple(...shapes.map((s) => vals(-1, 1, s)));
  });
}

/** x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh of an RNN step, to keep relu's kink out. */
function rnnPreactivation([x, h, wIh, wHh, bIh, bHh]: readonly Tensor[]): Tensor {
  const pre = L.add(L.matmul(x!, wIh!, false, true), L.matmul(h!, wHh!, false, true));
  return bIh && bHh ? L.add(L.add(pre, bIh), bHh) : pre;
}

export const specs: Record<string, PrimitiveSpec> = {
  neg: unary(),
  abs: noKinkAt0,
  sqrt: unary(0.1, 5),
  exp: unary(),
  log: unary(0.1, 5),
  tanh: unary(),
  sigmoid: unary(),
  relu: noKinkAt0,
  sin: unary(),
  cos: unary(),
  sign: { ...unary(), diff: [false] },
  add: binary(),
  sub: binary(),
  mul: binary(),
  div: binary(
    (s) => vals(-3, 3, s),
    (s) => vals(-3, 3, s).map((t) => awayFrom(t, 0, 0.5)),
  ),
  pow: binary(
    (s) => vals(0.5, 3, s),
    (s) => vals(-2, 2, s),
  ),
  maximum: tieFree,
  minimum: tieFree,
  greater: comparison,
  greaterEqual: comparison,
  less: comparison,
  lessEqual: comparison,
  equal: comparison,
  notEqual: comparison,
  where: {
    cases: broadcastableShapes(3, { maxRank: 3, maxDim: 3 })
      .chain(({ shapes: [sc, sa, sb] }) => fc.tuple(vals(-1, 1, sc!), vals(-3, 3, sa!), vals(-3, 3, sb!)))
      .map(([c, a, b]) => ({ inputs: [L.greater(c, 0), a, b], params: null })),
    diff: [false, true, true],
  },
  sum: reduction(false),
  max: reduction(true),
  matmul: {
    cases: fc
      .tuple(matmulPair({ batch: true, maxDim: 3, min: -2, max: 2 }), fc.boolean(), fc.boolean())
      .map(([[a, b], ta, tb]) => ({ inputs: [ta ? swapLast(a) : a, tb ? swapLast(b) : b], params: { ta, tb } })),
  },
  reshape: {
    cases: fc
      .tuple(vals(), fc.nat(3))
      .map(([x, k]) => {
        const targets = reshapes(x.shape);
        return { inputs: [x], params: { shape: targets[k % targets.length]! } };
      }),
  },
  permute: {
    cases: vals().chain((x) =>
      fc
        .shuffledSubarray(
          x.shape.map((_, k) => k),
          { minLength: x.rank, maxLength: x.rank },
        )
        .map((perm) => ({ inputs: [x], params: { perm } })),
    ),
  },
  broadcastTo: {
    cases: broadcastableShapes(2, { maxRank: 3, maxDim: 3 }).chain(({ shapes: [s], result }) =>
      vals(-3, 3, s!).map((x) => ({ inputs: [x], params: { shape: result } })),
    ),
  },
  slice: {
    cases: vals(-3, 3, shape({ minRank: 1, maxRank: 3, maxDim: 4 })).chain((x) =>
      fc.tuple(...x.shape.map((d) => fc.integer({ min: 0, max: d - 1 }).chain((b) => fc.tuple(fc.constant(b), fc.integer({ min: 1, max: d - b }))))).map((bs) => ({
        inputs: [x],
        params: { begin: bs.map(([b]) => b), shape: bs.map(([, n]) => n) },
      })),
    ),
  },
  pad: {
    cases: vals(-3, 3, shape({ minRank: 1, maxRank: 3, maxDim: 3 })).chain((x) =>
      fc.tuple(...x.shape.map(() => fc.tuple(fc.nat(2), fc.nat(2)))).map((bs) => ({
        inputs: [x],
        params: { begin: bs.map(([b]) => b), shape: x.shape.map((d, k) => d + bs[k]![0] + bs[k]![1]) },
      })),
    ),
  },
  concat: {
    cases: fc
      .tuple(shape({ minRank: 1, maxRank: 3, maxDim: 3 }), fc.nat(2), fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 2, maxLength: 3 }))
      .chain(([s, ax, sizes]) => {
        const axis = ax % s.length;
        return fc.tuple(...sizes.map((n) => vals(-3, 3, s.map((d, k) => (k === axis ? n : d))))).map((xs) => ({ inputs: xs, params: { axis } }));
      }),
  },
  identity: unary(),
  stopGradient: { ...unary(), diff: [false] },
  astype: {
    cases: fc.tuple(vals(), fc.constantFrom('float32', 'float64')).map(([x, dtype]) => ({ inputs: [x], params: { dtype } })),
    // float32 rounding (relative 6e-8) needs a larger step; astype is linear, so no truncation error
    fd: { eps: 1e-2, atol: TOL.f32.atol, rtol: TOL.f32.rtol },
  },
  part: {
    cases: vals(-3, 3, shape({ minRank: 1, maxRank: 3, maxDim: 3 })).chain((x) =>
      fc.integer({ min: 0, max: x.shape[0]! - 1 }).map((index) => ({ inputs: [x], params: { index } })),
    ),
  },
  rnnStep: {
    cases: fc
      .tuple(stepInputs(1, false, true), fc.constantFrom('tanh', 'sigmoid', 'relu', 'identity'))
      .filter(([inputs, act]) => act !== 'relu' || Array.prototype.every.call(rnnPreactivation(inputs).data, (v: number) => Math.abs(v) > GAP))
      .map(([inputs, act]) => ({ inputs, params: { act } })),
  },
  lstmStep: {
    cases: fc.boolean().chain((forget) => stepInputs(forget ? 4 : 3, true, false).map((inputs) => ({ inputs, params: { forget } }))),
  },
  gruStep: { cases: stepInputs(3, false, false).map((inputs) => ({ inputs, params: null })) },
  // packed gates [P, B, H] (o is the last entry) and c [B, H]
  lstmHidden: {
    cases: fc
      .tuple(fc.integer({ min: 2, max: 5 }), fc.integer({ min: 1, max: 2 }), fc.integer({ min: 1, max: 3 }))
      .chain(([P, B, H]) => fc.tuple(vals(-1, 1, [P, B, H]), vals(-2, 2, [B, H])))
      .map((inputs) => ({ inputs, params: null })),
  },
};
