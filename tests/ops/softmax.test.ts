import { describe, expect, it } from 'vitest';
import { ValueError, logSoftmax, logSumExp, randn, softmax, sum, tensor } from '../../src/index.js';
import { TOL } from '../helpers/tolerances.js';

const close = (got: number, want: number): void => {
  expect(Math.abs(got - want)).toBeLessThanOrEqual(TOL.exact.atol + TOL.exact.rtol * Math.abs(want));
};

describe('softmax', () => {
  it('of equal values is uniform', () => {
    expect(softmax(tensor([0, 0])).toArray()).toEqual([0.5, 0.5]);
    expect(Array.from(softmax(tensor([3, 3, 3, 3])).data)).toEqual([0.25, 0.25, 0.25, 0.25]);
  });

  it('matches exp(x) / Σ exp(x) for moderate values', () => {
    const x = [1, 2, 3];
    const z = x.reduce((p, u) => p + Math.exp(u), 0);
    Array.from(softmax(tensor(x)).data).forEach((s, i) => close(s, Math.exp(x[i]!) / z));
  });

  it('is stable for large values: softmax([1000, 1000]) is [0.5, 0.5] and no entry is NaN', () => {
    expect(softmax(tensor([1000, 1000])).toArray()).toEqual([0.5, 0.5]);
    expect(softmax(tensor([-1000, -1000])).toArray()).toEqual([0.5, 0.5]);
    expect(softmax(tensor([1000, 0])).toArray()).toEqual([1, 0]);
  });

  it('gives 0 to −Infinity entries (a mask)', () => {
    expect(softmax(tensor([0, -Infinity, 0])).toArray()).toEqual([0.5, 0, 0.5]);
  });

  it('works along any axis and each slice sums to 1', () => {
    const x = randn([3, 4, 5], { seed: 1 }).mul(10);
    for (const axis of [0, 1, 2, -1]) {
      const s = softmax(x, axis);
      expect(s.shape).toEqual([3, 4, 5]);
      for (const v of sum(s, axis).data) close(v, 1);
    }
    expect(Array.from(x.softmax(0).data)).toEqual(Array.from(softmax(x, 0).data));
  });
});

describe('logSoftmax and logSumExp', () => {
  it('logSoftmax of large values is finite and exact', () => {
    const l = logSoftmax(tensor([1000, -1000]));
    expect(Array.from(l.data)).toEqual([0, -2000]);
    const e = Array.from(logSoftmax(tensor([1000, 1000])).data);
    e.forEach((u) => close(u, -Math.LN2));
  });

  it('logSoftmax equals log(softmax) where softmax does not underflow', () => {
    const x = randn([2, 6], { seed: 4 });
    const a = Array.from(logSoftmax(x).data);
    const b = Array.from(softmax(x).log().data);
    a.forEach((u, i) => close(u, b[i]!));
    expect(Array.from(x.logSoftmax(0).data)).toEqual(Array.from(logSoftmax(x, 0).data));
  });

  it('logSumExp([1000, 1000]) is 1000 + ln 2 and keepDims keeps the axis', () => {
    close(logSumExp(tensor([1000, 1000])).item(), 1000 + Math.LN2);
    const x = tensor([
      [0, 0],
      [1, 1],
    ]);
    expect(logSumExp(x, 1, true).shape).toEqual([2, 1]);
    Array.from(logSumExp(x, 0).data).forEach((u) => close(u, Math.log(1 + Math.E)));
    expect(logSumExp(tensor([-Infinity, -Infinity])).item()).toBe(-Infinity);
  });

  it('reject a bad axis and a non-tensor with a ValueError naming the op', () => {
    expect(() => softmax(tensor([1, 2]), 1)).toThrow(ValueError);
    expect(() => softmax(tensor([1, 2]), 1)).toThrow('softmax: axis must be an integer in [-1, 0]; got axis 1');
    expect(() => logSoftmax(tensor([1, 2]), 0.5)).toThrow('logSoftmax: axis must be an integer in [-1, 0]; got axis 0.5');
    expect(() => logSumExp([1, 2] as never)).toThrow('logSumExp: x must be a tensor; got an array of length 2');
    expect(() => softmax(tensor(1))).toThrow('softmax: the tensor is a scalar and has no axes; got axis -1');
  });
});
