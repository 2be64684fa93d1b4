import { describe, expect, it } from 'vitest';
import { ValueError, arange, max, mean, min, sum, tensor, zeros } from '../../src/index.js';

const m = tensor([
  [1, 5, 3],
  [7, 2, 6],
]);

describe('reductions by example', () => {
  it('reduce everything to a scalar by default', () => {
    expect(sum(m).shape).toEqual([]);
    expect(sum(m).item()).toBe(24);
    expect(mean(m).item()).toBe(4);
    expect(max(m).item()).toBe(7);
    expect(min(m).item()).toBe(1);
  });

  it('reduce one axis, given as a non-negative or a negative number', () => {
    expect(sum(m, 0).toArray()).toEqual([8, 7, 9]);
    expect(sum(m, 1).toArray()).toEqual([9, 15]);
    expect(sum(m, -1).toArray()).toEqual([9, 15]);
    expect(mean(m, -2).toArray()).toEqual([4, 3.5, 4.5]);
    expect(max(m, 1).toArray()).toEqual([5, 7]);
    expect(min(m, 0).toArray()).toEqual([1, 2, 3]);
  });

  it('keep reduced axes with size 1 when keepDims is true', () => {
    expect(sum(m, 1, true).toArray()).toEqual([[9], [15]]);
    expect(max(m, 0, true).toArray()).toEqual([[7, 5, 6]]);
    expect(sum(m, undefined, true).toArray()).toEqual([[24]]);
  });

  it('reduce several axes at once, in any order', () => {
    const t = arange(24).reshape([2, 3, 4]);
    expect(sum(t, [0, 2]).toArray()).toEqual([60, 92, 124]);
    expect(sum(t, [2, 0]).toArray()).toEqual([60, 92, 124]);
    expect(sum(t, [-1, 0], true).shape).toEqual([1, 3, 1]);
    expect(max(t, [0, 1]).toArray()).toEqual([20, 21, 22, 23]);
    expect(sum(t, []).toArray()).toEqual(t.toArray());
  });

  it('are available as methods', () => {
    expect(m.sum().item()).toBe(24);
    expect(m.mean(1).toArray()).toEqual([3, 5]);
    expect(m.max(0, true).shape).toEqual([1, 3]);
    expect(m.min([0, 1]).item()).toBe(1);
  });

  it('propagate NaN through max and min', () => {
    const t = tensor([
      [1, NaN, 3],
      [4, 5, 6],
    ]);
    expect(max(t).item()).toBeNaN();
    expect(Array.from(max(t, 1).data)).toEqual([NaN, 6]);
    expect(Array.from(min(t, 0).data)).toEqual([1, NaN, 3]);
    expect(Array.from(max(tensor([[NaN, 1], [2, 3]]), 0).data)).toEqual([NaN, 3]);
  });

  it('handle −Infinity as an ordinary maximum', () => {
    expect(max(tensor([-Infinity, -Infinity])).item()).toBe(-Infinity);
  });

  it('sum of an empty axis is 0, and max, min and mean of one are errors', () => {
    expect(sum(zeros([0, 3]), 0).toArray()).toEqual([0, 0, 0]);
    expect(sum(zeros([0])).item()).toBe(0);
    expect(() => max(zeros([0, 3]), 0)).toThrow(ValueError);
    expect(() => max(zeros([0, 3]), 0)).toThrow('max: cannot reduce over an empty axis; got shape [0, 3] and axes [0]');
    expect(() => min(zeros([0]))).toThrow('min: cannot reduce over an empty axis; got shape [0] and axes [0]');
    expect(() => mean(zeros([2, 0]), 1)).toThrow('mean: cannot reduce over an empty axis; got shape [2, 0] and axes [1]');
    expect(max(zeros([0, 3]), 1).shape).toEqual([0]);
  });

  it('reduce a scalar to itself', () => {
    expect(sum(tensor(3)).item()).toBe(3);
    expect(max(tensor(3)).item()).toBe(3);
  });
});

describe('reductions reject bad axes', () => {
  const cases: [string, () => unknown, RegExp][] = [
    ['an axis past the rank', () => sum(m, 2), /^sum: axis must be an integer in \[-2, 1\]; got axis 2$/],
    ['a negative axis past the rank', () => mean(m, -3), /^mean: axis must be an integer in \[-2, 1\]; got axis -3$/],
    ['a fractional axis', () => max(m, 0.5), /^max: axis must be an integer in \[-2, 1\]; got axis 0\.5$/],
    ['a NaN axis', () => min(m, NaN), /^min: axis must be an integer .*got axis NaN$/],
    ['a repeated axis', () => sum(m, [1, -1]), /^sum: axes must not repeat; got \[1, -1\]$/],
    ['a string axis', () => sum(m, '0' as never), /^sum: axis must be a number or an array of numbers; got "0"$/],
    ['a non-boolean keepDims', () => sum(m, 0, 1 as never), /^sum: keepDims must be a boolean; got 1$/],
    ['a non-tensor', () => mean([1, 2] as never), /^mean: x must be a tensor; got an array of length 2$/],
    ['any axis on a scalar', () => sum(tensor(1), 0), /^sum: the tensor is a scalar and has no axes; got axis 0$/],
  ];
  it.each(cases)('%s is a ValueError naming the op', (_, call, message) => {
    expect(call).toThrow(ValueError);
    expect(call).toThrow(message);
  });
});
