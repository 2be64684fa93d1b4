import { describe, it } from 'vitest';
import type { Tensor } from '../../src/index.js';
import type { BinaryOp } from '../../src/ops/arithmetic.js';
import * as gs from '../../src/index.js';
import { broadcastableShapes, tensor as tensorArb } from '../../src/arbitraries/index.js';
import { fc } from '../helpers/fc.js';
import { TOL } from '../helpers/tolerances.js';
import { expectSame, naiveBroadcast } from './reference.js';

const nanMax = (x: number, y: number): number => (Number.isNaN(x) || Number.isNaN(y) ? NaN : Math.max(x, y));
const nanMin = (x: number, y: number): number => (Number.isNaN(x) || Number.isNaN(y) ? NaN : Math.min(x, y));

// every binary op beside its scalar definition
const binaryOps: [string, BinaryOp, (x: number, y: number) => number][] = [
  ['add', gs.add, (x, y) => x + y],
  ['sub', gs.sub, (x, y) => x - y],
  ['mul', gs.mul, (x, y) => x * y],
  ['div', gs.div, (x, y) => x / y],
  ['pow', gs.pow, (x, y) => x ** y],
  ['maximum', gs.maximum, nanMax],
  ['minimum', gs.minimum, nanMin],
  ['greater', gs.greater, (x, y) => Number(x > y)],
  ['greaterEqual', gs.greaterEqual, (x, y) => Number(x >= y)],
  ['less', gs.less, (x, y) => Number(x < y)],
  ['lessEqual', gs.lessEqual, (x, y) => Number(x <= y)],
  ['equal', gs.equal, (x, y) => Number(x === y)],
  ['notEqual', gs.notEqual, (x, y) => Number(x !== y)],
];

// small integers make ties (equal, maximum on ties) and exact powers likely; NaN and ±∞ appear now and then
const pairs = broadcastableShapes(2, { maxRank: 4 }).chain(({ shapes: [a, b] }) =>
  fc.tuple(
    tensorArb({ shape: a!, min: -3, max: 3, noNaN: false, noInfinity: false }),
    fc.oneof(tensorArb({ shape: b!, min: -3, max: 3 }), tensorArb({ shape: b!, min: -3, max: 3 }).map((t) => t.mul(4).sign().mul(2))),
  ),
);

describe('binary ops broadcast like NumPy (index-by-index reference)', () => {
  it.each(binaryOps)('%s matches its scalar definition at every broadcast index', (_, op, fn) => {
    fc.assert(
      fc.property(pairs, ([a, b]) => {
        const got = op(a, b);
        const want = naiveBroadcast(fn, a, b);
        if (got.shape.join() !== want.shape.join()) throw new Error(`shape ${got.shape}, expected ${want.shape}`);
        expectSame(got.data, want.data);
        // the operands swapped broadcast to the same shape
        if (op(b, a).shape.join() !== want.shape.join()) throw new Error('swapped operands broadcast differently');
      }),
    );
  });

  it.each(binaryOps)('%s with a number operand equals the op with a scalar tensor', (_, op, fn) => {
    fc.assert(
      fc.property(tensorArb(), fc.double({ min: -3, max: 3, noNaN: true }), (x, c) => {
        expectSame(op(x, c).data, naiveBroadcast(fn, x, { data: [c], shape: [] }).data);
      }),
    );
  });
});

describe('where broadcasts its three operands together', () => {
  it('matches cond ? a : b at every broadcast index', () => {
    const triples = broadcastableShapes(3).chain(({ shapes: [c, a, b] }) =>
      fc.tuple(tensorArb({ shape: c!, min: -1, max: 1 }), tensorArb({ shape: a! }), tensorArb({ shape: b! })),
    );
    fc.assert(
      fc.property(triples, ([c, a, b]) => {
        const cond = gs.greater(c, 0);
        const got = gs.where(cond, a, b);
        const want = naiveBroadcast((k, x, y) => (k !== 0 ? x : y), cond, a, b);
        if (got.shape.join() !== want.shape.join()) throw new Error(`shape ${got.shape}, expected ${want.shape}`);
        expectSame(got.data, want.data);
      }),
    );
  });
});

describe('unary ops', () => {
  const unaryOps: [string, (x: Tensor) => Tensor, (u: number) => number][] = [
    ['neg', gs.neg, (u) => -u],
    ['abs', gs.abs, Math.abs],
    ['sqrt', gs.sqrt, Math.sqrt],
    ['square', gs.square, (u) => u * u],
    ['exp', gs.exp, Math.exp],
    ['log', gs.log, Math.log],
    ['tanh', gs.tanh, Math.tanh],
    ['relu', gs.relu, (u) => (u > 0 || Number.isNaN(u) ? u : 0)],
    ['sin', gs.sin, Math.sin],
    ['cos', gs.cos, Math.cos],
    ['sign', gs.sign, (u) => (Number.isNaN(u) ? NaN : u > 0 ? 1 : u < 0 ? -1 : 0)],
  ];
  it.each(unaryOps)('%s maps every element and keeps the shape', (_, op, fn) => {
    fc.assert(
      fc.property(tensorArb({ min: -50, max: 50, noNaN: false, noInfinity: false }), (x) => {
        const y = op(x);
        if (y.shape.join() !== x.shape.join()) throw new Error('shape changed');
        expectSame(y.data, Array.from(x.data, fn));
      }),
    );
  });

  it('sigmoid stays in [0, 1], is monotone and equals 1/(1 + e^−x) where that is accurate', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1000, max: 1000, noNaN: true }), { minLength: 1, maxLength: 20 }), (xs) => {
        const sorted = [...xs].sort((p, q) => p - q);
        const s = Array.from(gs.sigmoid(gs.tensor(sorted)).data);
        s.forEach((v, i) => {
          if (!(v >= 0 && v <= 1)) throw new Error(`σ(${sorted[i]}) = ${v}`);
          if (i > 0 && v < s[i - 1]!) throw new Error('not monotone');
          const x = sorted[i]!;
          if (Math.abs(x) < 30 && Math.abs(v - 1 / (1 + Math.exp(-x))) > TOL.exact.atol) throw new Error(`σ(${x}) = ${v}`);
        });
      }),
    );
  });
});
