/**
 * The element-wise kernels against a direct reference: every broadcasting layout that has a
 * fast path (same shape, a scalar on either side) and the general strided walk (row, column and
 * outer broadcasting up to rank 3), for the four written-out arithmetic ops and for ops that go
 * through `fn` (pow, maximum, minimum, a comparison), with NaN, ±0 and ±∞ among the values.
 */
import { describe, it, expect } from 'vitest';
import {
  binaryBroadcast,
  broadcastStrides,
  broadcastTo,
  mapUnary,
  sigmoidScalar,
  stridedWalk,
  whereBroadcast,
} from '../../src/tensor/kernels/elementwise.js';
import type { BinaryFn } from '../../src/tensor/kernels/elementwise.js';
import type { Shape } from '../../src/tensor/shape.js';
import { broadcastShapes, sizeOf, stridesOf } from '../../src/tensor/shape.js';
import { TOL } from '../helpers/tolerances.js';

const OPS: Record<string, BinaryFn> = {
  add: (x, y) => x + y,
  sub: (x, y) => x - y,
  mul: (x, y) => x * y,
  div: (x, y) => x / y,
  pow: (x, y) => x ** y,
  maximum: (x, y) => (Number.isNaN(x) || Number.isNaN(y) ? NaN : Math.max(x, y)),
  minimum: (x, y) => (Number.isNaN(x) || Number.isNaN(y) ? NaN : Math.min(x, y)),
  greater: (x, y) => (x > y ? 1 : 0),
};

const SPECIAL = [NaN, 0, -0, Infinity, -Infinity, 2.5, -3, 1e-300, 7];

/** Values for a shape: specials first, then distinct small numbers. */
function values(shape: Shape, seed: number): Float64Array {
  const n = sizeOf(shape);
  const v = new Float64Array(n);
  for (let i = 0; i < n; i++) v[i] = i < SPECIAL.length && seed === 0 ? SPECIAL[i]! : ((i * 7 + seed * 13) % 11) - 4.5 + seed / 8;
  return v;
}

/** The element of `data` (shape `s`) that output index `idx` (shape `os`) reads under broadcasting. */
function at(data: Float64Array, s: Shape, os: Shape, idx: readonly number[]): number {
  const st = stridesOf(s);
  let off = 0;
  for (let k = 0; k < s.length; k++) {
    const axis = k + os.length - s.length;
    off += s[k] === 1 ? 0 : idx[axis]! * st[k]!;
  }
  return data[off]!;
}

function unravel(i: number, os: Shape): number[] {
  const idx = new Array<number>(os.length).fill(0);
  for (let k = os.length - 1; k >= 0; k--) {
    idx[k] = i % os[k]!;
    i = Math.floor(i / os[k]!);
  }
  return idx;
}

function reference(op: BinaryFn, a: Float64Array, as: Shape, b: Float64Array, bs: Shape, os: Shape): Float64Array {
  const out = new Float64Array(sizeOf(os));
  for (let i = 0; i < out.length; i++) {
    const idx = unravel(i, os);
    out[i] = op(at(a, as, os, idx), at(b, bs, os, idx));
  }
  return out;
}

const LAYOUTS: readonly (readonly [Shape, Shape])[] = [
  [[2, 3], [2, 3]], // same shape
  [[2, 3], []], // scalar on the right
  [[], [2, 3]], // scalar on the left
  [[2, 3], [1]], // size-1 tensor on the right
  [[1, 1], [4]], // size-1 tensor on the left
  [[2, 3], [3]], // row broadcast
  [[3], [2, 3]], // row broadcast on the left
  [[2, 1], [2, 3]], // column broadcast on the left
  [[2, 3], [2, 1]], // column broadcast on the right
  [[3, 1], [1, 4]], // outer product
  [[2, 1, 3], [4, 1]], // rank 3 against rank 2
  [[2, 3, 4], [2, 1, 4]], // middle axis broadcast
  [[1], [1]], // both size 1
  [[0, 3], [3]], // empty
];

describe('binaryBroadcast', () => {
  for (const [name, fn] of Object.entries(OPS)) {
    it(`computes ${name} like the reference for every broadcasting layout, with or without the op name`, () => {
      for (const [as, bs] of LAYOUTS) {
        for (const [sa, sb] of [[0, 1], [1, 0], [2, 3]] as const) {
          const a = values(as, sa);
          const b = values(bs, sb);
          const os = broadcastShapes(name, as, bs);
          const want = reference(fn, a, as, b, bs, os);
          for (const op of [name, undefined]) {
            const out = new Float64Array(sizeOf(os));
            binaryBroadcast(a, as, b, bs, out, os, fn, op);
            expect([...out], `${name} ${JSON.stringify(as)} ${JSON.stringify(bs)} seeds ${sa},${sb} op ${op}`).toEqual([...want]);
          }
        }
      }
    });
  }

  it('keeps the sign of zero and NaN in the arithmetic fast paths', () => {
    const a = Float64Array.from([0, -0, NaN, Infinity]);
    const out = new Float64Array(4);
    binaryBroadcast(a, [4], Float64Array.from([-0]), [], out, [4], OPS.add!, 'add');
    expect([...out]).toEqual([0, -0, NaN, Infinity]);
    expect(Object.is(out[1], -0)).toBe(true);
    binaryBroadcast(Float64Array.from([1]), [], a, [4], out, [4], OPS.div!, 'div');
    expect([...out]).toEqual([Infinity, -Infinity, NaN, 0]);
    binaryBroadcast(a, [4], a, [4], out, [4], OPS.mul!, 'mul');
    expect([...out]).toEqual([0, 0, NaN, Infinity]);
    binaryBroadcast(a, [4], Float64Array.from([Infinity]), [1], out, [4], OPS.sub!, 'sub');
    expect([...out]).toEqual([-Infinity, -Infinity, NaN, NaN]);
  });
});

describe('broadcastStrides', () => {
  it('is the row-major stride on kept axes and 0 on broadcast axes', () => {
    expect(broadcastStrides([2, 3], [2, 3])).toEqual([3, 1]);
    expect(broadcastStrides([3], [2, 3])).toEqual([0, 1]);
    expect(broadcastStrides([2, 1], [2, 3])).toEqual([1, 0]);
    expect(broadcastStrides([1, 1], [1, 1])).toEqual([1, 1]);
    expect(broadcastStrides([4, 1, 5], [2, 4, 3, 5])).toEqual([0, 5, 0, 1]);
  });
});

describe('whereBroadcast', () => {
  it('picks a where the condition is non-zero and b elsewhere, all three broadcast up to rank 3', () => {
    const cases: readonly (readonly [Shape, Shape, Shape])[] = [
      [[2, 3, 4], [2, 3, 4], [2, 3, 4]],
      [[3, 1], [2, 1, 4], [2, 3, 4]],
      [[4], [2, 3, 1], [3, 4]],
      [[2, 1, 1], [1, 4], [2, 3, 1]],
    ];
    for (const [cs, as, bs] of cases) {
      const os = broadcastShapes('where', broadcastShapes('where', cs, as), bs);
      const c = values(cs, 2).map((x) => (Math.round(x) % 2 === 0 ? 0 : x));
      const a = values(as, 1);
      const b = values(bs, 3).map((x) => x + 100);
      const out = new Float64Array(sizeOf(os));
      whereBroadcast(c, cs, a, as, b, bs, out, os);
      const want = new Float64Array(out.length);
      for (let i = 0; i < want.length; i++) {
        const idx = unravel(i, os);
        want[i] = at(c, cs, os, idx) !== 0 ? at(a, as, os, idx) : at(b, bs, os, idx);
      }
      expect([...out], JSON.stringify([cs, as, bs])).toEqual([...want]);
    }
  });
});

describe('broadcastTo', () => {
  it('copies, fills from one element, or walks the strides, matching the reference', () => {
    const cases: readonly (readonly [Shape, Shape])[] = [
      [[2, 3], [2, 3]],
      [[1], [2, 3]],
      [[], [4]],
      [[3], [2, 3]],
      [[2, 1], [2, 2, 3]],
    ];
    for (const [xs, os] of cases) {
      const x = values(xs, 1);
      const out = new Float64Array(sizeOf(os));
      broadcastTo(x, xs, out, os);
      const want = Array.from({ length: out.length }, (_, i) => at(x, xs, os, unravel(i, os)));
      expect([...out]).toEqual(want);
    }
  });
});

describe('stridedWalk', () => {
  it('visits every index of a rank-3 shape in order with the three offsets following their strides', () => {
    const shape = [2, 3, 2];
    const s0 = [6, 2, 1];
    const s1 = [0, 1, 0];
    const s2 = [1, 0, 2];
    const seen: number[][] = [];
    stridedWalk(shape, (i, o0, o1, o2) => seen.push([i, o0, o1, o2]), s0, s1, s2);
    const want = Array.from({ length: 12 }, (_, i) => {
      const [p, q, r] = unravel(i, shape) as [number, number, number];
      return [i, 6 * p + 2 * q + r, q, p + 2 * r];
    });
    expect(seen).toEqual(want);
  });

  it('visits nothing for an empty shape and offset 0 once for a scalar', () => {
    const seen: number[] = [];
    stridedWalk([3, 0], (i) => seen.push(i), [0, 1]);
    stridedWalk([0, 3], (i) => seen.push(i), [3, 1]);
    expect(seen).toEqual([]);
    stridedWalk([], (i, o0) => seen.push(i, o0), []);
    expect(seen).toEqual([0, 0]);
  });
});

describe('mapUnary and sigmoidScalar', () => {
  it('applies the function to every element', () => {
    const out = new Float64Array(3);
    mapUnary(Float64Array.from([1, -2, 3]), out, (x) => x * 10);
    expect([...out]).toEqual([10, -20, 30]);
  });

  it('is 1/2 at 0, symmetric, and keeps subnormal precision far in the negative tail', () => {
    expect(sigmoidScalar(0)).toBe(0.5);
    expect(sigmoidScalar(-0)).toBe(0.5);
    for (const x of [0.5, 3, 20]) expect(Math.abs(sigmoidScalar(x) + sigmoidScalar(-x) - 1)).toBeLessThanOrEqual(TOL.ulps);
    expect(sigmoidScalar(-740)).toBe(Math.exp(-740));
    expect(sigmoidScalar(-740)).toBeGreaterThan(0);
    expect(sigmoidScalar(800)).toBe(1);
    expect(sigmoidScalar(-800)).toBe(0);
    expect(sigmoidScalar(NaN)).toBeNaN();
  });
});
