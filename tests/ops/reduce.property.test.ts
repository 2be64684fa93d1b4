import { describe, it } from 'vitest';
import type { Tensor } from '../../src/index.js';
import { max, mean, min, sum } from '../../src/index.js';
import { shape, tensor as tensorArb } from '../../src/arbitraries/index.js';
import { fc } from '../helpers/fc.js';
import { TOL } from '../helpers/tolerances.js';
import { expectClose, expectSame, naiveReduce } from './reference.js';

type Reduce = (x: Tensor, axis?: number | readonly number[], keepDims?: boolean) => Tensor;

/** A tensor, a subset of its axes written as given (some negative), and keepDims; or all axes (undefined). */
const cases = tensorArb({ shape: shape({ maxRank: 4 }), noNaN: false }).chain((x) => {
  const axes = x.shape.map((_, k) => k);
  const given = fc
    .tuple(fc.shuffledSubarray(axes), fc.array(fc.boolean(), { minLength: x.rank, maxLength: x.rank }))
    .map(([sub, neg]) => sub.map((a) => (neg[a] === true ? a - x.rank : a)));
  const single = x.rank === 0 ? given : fc.integer({ min: -x.rank, max: x.rank - 1 });
  return fc.tuple(fc.constant(x), fc.oneof(given, single, fc.constant(undefined)), fc.boolean());
});

const nonNeg = (x: Tensor, axis: number | readonly number[] | undefined): number[] =>
  axis === undefined ? x.shape.map((_, k) => k) : (typeof axis === 'number' ? [axis] : axis).map((a) => (a < 0 ? a + x.rank : a));

const table: [string, Reduce, number, (acc: number, v: number) => number, (acc: number, n: number) => number][] = [
  ['sum', sum, 0, (s, v) => s + v, (s) => s],
  ['mean', mean, 0, (s, v) => s + v, (s, n) => s / n],
  ['max', max, -Infinity, (s, v) => (Number.isNaN(s) || Number.isNaN(v) ? NaN : Math.max(s, v)), (s) => s],
  ['min', min, Infinity, (s, v) => (Number.isNaN(s) || Number.isNaN(v) ? NaN : Math.min(s, v)), (s) => s],
];

describe('reductions against loops', () => {
  it.each(table)('%s over any axes, negative or not, with and without keepDims', (name, op, init, step, finish) => {
    fc.assert(
      fc.property(cases, ([x, axis, keepDims]) => {
        const got = op(x, axis, keepDims);
        const axes = nonNeg(x, axis);
        const n = axes.reduce((p, a) => p * x.shape[a]!, 1);
        const want = naiveReduce(x, axes, keepDims, init, step);
        if (got.shape.join() !== want.shape.join()) throw new Error(`shape [${got.shape}], expected [${want.shape}]`);
        const finished = want.data.map((s) => finish(s, n));
        // sums may add in another order than the loop; max and min must be exact
        if (name === 'sum' || name === 'mean') expectClose(got.data, finished, TOL.exact);
        else expectSame(got.data, finished);
      }),
    );
  });

  it('reducing axes one at a time equals reducing them together', () => {
    fc.assert(
      fc.property(tensorArb({ shape: shape({ minRank: 2, maxRank: 4 }) }), (x) => {
        const together = sum(x, [0, x.rank - 1]);
        const apart = sum(sum(x, x.rank - 1), 0);
        expectClose(together.data, apart.data, TOL.exact);
        expectSame(max(x, [0, x.rank - 1]).data, max(max(x, x.rank - 1), 0).data);
      }),
    );
  });
});
