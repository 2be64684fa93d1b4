import { describe, it } from 'vitest';
import { add, exp, logSoftmax, logSumExp, softmax, sum } from '../../src/index.js';
import { shape, tensor as tensorArb } from '../../src/arbitraries/index.js';
import { fc } from '../helpers/fc.js';
import { TOL } from '../helpers/tolerances.js';
import { expectClose } from './reference.js';

// values up to ±1000: exp of them overflows, so these pass only if the max is subtracted first
const cases = tensorArb({ shape: shape({ minRank: 1, maxRank: 3 }), min: -1000, max: 1000 }).chain((x) =>
  fc.tuple(fc.constant(x), fc.integer({ min: -x.rank, max: x.rank - 1 })),
);

describe('softmax family properties', () => {
  it('softmax lies in [0, 1] and sums to 1 along its axis, even for values of ±1000', () => {
    fc.assert(
      fc.property(cases, ([x, axis]) => {
        const s = softmax(x, axis);
        for (const v of s.data) if (!(v >= 0 && v <= 1)) throw new Error(`value ${v}`);
        const totals = sum(s, axis).data;
        expectClose(totals, new Array<number>(totals.length).fill(1), TOL.exact);
      }),
    );
  });

  it('softmax does not change when a constant is added', () => {
    fc.assert(
      fc.property(cases, fc.double({ min: -500, max: 500, noNaN: true }), ([x, axis], c) => {
        expectClose(softmax(add(x, c), axis).data, softmax(x, axis).data, TOL.exact);
      }),
    );
  });

  it('logSoftmax is finite, at most 0, and exp(logSoftmax) = softmax', () => {
    fc.assert(
      fc.property(cases, ([x, axis]) => {
        const l = logSoftmax(x, axis);
        for (const v of l.data) if (!(Number.isFinite(v) && v <= 0)) throw new Error(`value ${v}`);
        expectClose(exp(l).data, softmax(x, axis).data, TOL.exact);
      }),
    );
  });

  it('logSumExp is finite and lies between max and max + ln n', () => {
    fc.assert(
      fc.property(cases, ([x, axis]) => {
        const lse = logSumExp(x, axis, true);
        const m = x.max(axis, true);
        const n = x.shape[axis < 0 ? axis + x.rank : axis]!;
        lse.data.forEach((v, i) => {
          const lo = m.data[i]!;
          if (!(Number.isFinite(v) && v >= lo - TOL.exact.atol && v <= lo + Math.log(n) + TOL.exact.atol)) throw new Error(`logSumExp ${v}, max ${lo}, n ${n}`);
        });
        expectClose(logSoftmax(x, axis).data, x.sub(lse).data, TOL.exact);
      }),
    );
  });
});
