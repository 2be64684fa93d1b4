import { describe, expect, it } from 'vitest';
import {
  ShapeError,
  DTypeError,
  ValueError,
  arange,
  broadcastTo,
  concat,
  expandDims,
  flatten,
  reshape,
  slice,
  split,
  squeeze,
  stack,
  tensor,
  zeros,
} from '../../src/index.js';
import { values } from './reference.js';

describe('reshape, flatten, squeeze, expandDims', () => {
  const t = arange(6);

  it('reshape keeps row-major order and infers one −1 dimension', () => {
    expect(reshape(t, [2, 3]).toArray()).toEqual([
      [0, 1, 2],
      [3, 4, 5],
    ]);
    expect(reshape(t, [3, -1]).shape).toEqual([3, 2]);
    expect(reshape(t, [-1]).shape).toEqual([6]);
    expect(t.reshape([1, 6, 1]).shape).toEqual([1, 6, 1]);
    expect(reshape(tensor([5]), []).shape).toEqual([]);
    expect(reshape(zeros([0, 3]), [-1, 3]).shape).toEqual([0, 3]);
  });

  it('reshape rejects a size mismatch, two −1s and bad dimensions with a ShapeError naming reshape', () => {
    expect(() => reshape(t, [4, 2])).toThrow(ShapeError);
    expect(() => reshape(t, [4, 2])).toThrow('reshape: cannot reshape 6 elements of shape [6] into [4, 2]');
    expect(() => reshape(t, [-1, -1])).toThrow('reshape: cannot reshape 6 elements of shape [6] into [-1, -1]');
    expect(() => reshape(t, [4, -1])).toThrow('reshape: cannot reshape 6 elements of shape [6] into [4, -1]');
    expect(() => reshape(zeros([0]), [0, -1])).toThrow(/^reshape: cannot reshape 0 elements/);
    expect(() => reshape(t, [2.5, 2])).toThrow(/^reshape: shape must contain non-negative integers and at most one -1; got/);
    expect(() => reshape(t, [-2, -3])).toThrow(ShapeError);
    expect(() => reshape(t, [NaN])).toThrow(/^reshape: shape must contain/);
    expect(() => reshape(t, 6 as never)).toThrow('reshape: shape must contain non-negative integers and at most one -1; got 6');
  });

  it('flatten makes one axis and squeeze drops size-1 axes', () => {
    expect(flatten(zeros([2, 3, 4])).shape).toEqual([24]);
    expect(flatten(tensor(1)).shape).toEqual([1]);
    expect(squeeze(zeros([1, 3, 1])).shape).toEqual([3]);
    expect(squeeze(zeros([1, 3, 1]), 0).shape).toEqual([3, 1]);
    expect(squeeze(zeros([1, 3, 1]), -1).shape).toEqual([1, 3]);
    expect(zeros([1, 1]).squeeze().shape).toEqual([]);
    expect(() => squeeze(zeros([1, 3]), 1)).toThrow(ShapeError);
    expect(() => squeeze(zeros([1, 3]), 1)).toThrow('squeeze: axis 1 has size 3, not 1; got shape [1, 3]');
    expect(() => squeeze(zeros([1, 3]), 2)).toThrow(ValueError);
  });

  it('expandDims inserts a size-1 axis; −1 appends', () => {
    expect(expandDims(zeros([3]), 0).shape).toEqual([1, 3]);
    expect(expandDims(zeros([3]), 1).shape).toEqual([3, 1]);
    expect(expandDims(zeros([2, 3]), -1).shape).toEqual([2, 3, 1]);
    expect(zeros([2, 3]).expandDims(1).shape).toEqual([2, 1, 3]);
    expect(() => expandDims(zeros([3]), 2)).toThrow('expandDims: axis must be an integer in [-2, 1]; got axis 2');
  });

  it('broadcastTo repeats values along new and size-1 axes', () => {
    expect(broadcastTo(tensor([1, 2]), [2, 2]).toArray()).toEqual([
      [1, 2],
      [1, 2],
    ]);
    expect(tensor([[1], [2]]).broadcastTo([2, 3]).toArray()).toEqual([
      [1, 1, 1],
      [2, 2, 2],
    ]);
    expect(() => broadcastTo(tensor([1, 2]), [3])).toThrow(ShapeError);
    expect(() => broadcastTo(tensor([1, 2]), [3])).toThrow('broadcastTo: shapes do not broadcast; got [2] and [3]');
    expect(() => broadcastTo(tensor([1, 2, 3]), [1])).toThrow('broadcastTo: shape [3] does not broadcast to [1]');
    expect(() => broadcastTo(tensor([5]), [-1])).toThrow(ShapeError);
    expect(() => broadcastTo(tensor([5]), [-1])).toThrow('broadcastTo: shape must contain non-negative integers; got shape [-1]');
    expect(() => broadcastTo(tensor([5]), [1.5])).toThrow('broadcastTo: shape must contain non-negative integers; got shape [1.5]');
    expect(() => broadcastTo(tensor([5]), 'ab' as never)).toThrow('broadcastTo: shape must be an array of non-negative integers; got "ab"');
    expect(values(broadcastTo(tensor([1, 2]), [2, 2, 2]))).toEqual([1, 2, 1, 2, 1, 2, 1, 2]);
  });
});

describe('slice', () => {
  const m = arange(12).reshape([3, 4]);

  it('takes a window of the given size from begin', () => {
    expect(slice(m, [1, 1], [2, 2]).toArray()).toEqual([
      [5, 6],
      [9, 10],
    ]);
    expect(m.slice([0, 3], [3, 1]).toArray()).toEqual([[3], [7], [11]]);
  });

  it('takes the rest of an axis for size −1 and whole trailing axes when they are missing', () => {
    expect(slice(m, [2]).toArray()).toEqual([[8, 9, 10, 11]]);
    expect(slice(m, [1, 2], [-1, -1]).toArray()).toEqual([
      [6, 7],
      [10, 11],
    ]);
    expect(slice(m, [0, 4]).shape).toEqual([3, 0]);
  });

  it('rejects windows that leave the tensor with a ValueError naming slice and the argument', () => {
    expect(() => slice(m, [3, 0], [1, 1])).toThrow(ValueError);
    expect(() => slice(m, [4, 0])).toThrow('slice: begin[0] must be an integer in [0, 3]; got 4');
    expect(() => slice(m, [-1, 0])).toThrow('slice: begin[0] must be an integer in [0, 3]; got -1');
    expect(() => slice(m, [1, 1], [3, 1])).toThrow('slice: size[0] must be an integer in [0, 2]; got 3');
    expect(() => slice(m, [0, 0.5])).toThrow('slice: begin[1] must be an integer in [0, 4]; got 0.5');
    expect(() => slice(m, [0, 0, 0])).toThrow('slice: begin must be an array of at most 2 integers; got an array of length 3');
    expect(() => slice(m, [0], 2 as never)).toThrow('slice: size must be an array of at most 2 integers; got 2');
  });
});

describe('concat, stack and split', () => {
  const a = tensor([
    [1, 2],
    [3, 4],
  ]);
  const b = tensor([[5, 6]]);

  it('concat joins along an existing axis', () => {
    expect(concat([a, b], 0).toArray()).toEqual([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    expect(concat([a, tensor([[7], [8]])], 1).toArray()).toEqual([
      [1, 2, 7],
      [3, 4, 8],
    ]);
    expect(concat([a, tensor([[7], [8]])], -1).shape).toEqual([2, 3]);
    expect(concat([a]).toArray()).toEqual(a.toArray());
    expect(concat([zeros([0, 2]), b]).toArray()).toEqual([[5, 6]]);
  });

  it('stack joins along a new axis at any position', () => {
    const x = tensor([1, 2, 3]);
    const y = tensor([4, 5, 6]);
    expect(stack([x, y]).toArray()).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(stack([x, y], 1).toArray()).toEqual([
      [1, 4],
      [2, 5],
      [3, 6],
    ]);
    expect(stack([x, y], -1).shape).toEqual([3, 2]);
    expect(stack([tensor(1), tensor(2)]).toArray()).toEqual([1, 2]);
  });

  it('split cuts into equal parts or into given sizes, along any axis', () => {
    expect(split(arange(6), 3).map((t) => t.toArray())).toEqual([
      [0, 1],
      [2, 3],
      [4, 5],
    ]);
    expect(split(arange(6), [1, 0, 5]).map((t) => t.shape)).toEqual([[1], [0], [5]]);
    const parts = arange(12).reshape([3, 4]).split([1, 3], -1);
    expect(parts.map((t) => t.toArray())).toEqual([
      [[0], [4], [8]],
      [
        [1, 2, 3],
        [5, 6, 7],
        [9, 10, 11],
      ],
    ]);
  });

  it('concat of split parts gives back the tensor', () => {
    const t = arange(24).reshape([2, 3, 4]);
    expect(values(concat(split(t, [1, 2], 1), 1))).toEqual(values(t));
    expect(values(concat(split(t, 2, 2), 2))).toEqual(values(t));
  });

  it('concat rejects disagreeing shapes, an empty list, mixed dtypes and non-tensors', () => {
    expect(() => concat([a, tensor([[5, 6, 7]])], 0)).toThrow(ShapeError);
    expect(() => concat([a, tensor([[5, 6, 7]])], 0)).toThrow('concat: shapes must agree except on axis 0; got [2, 2], [1, 3]');
    expect(() => concat([a, tensor([5, 6])])).toThrow(/^concat: shapes must agree except on axis 0/);
    expect(() => concat([])).toThrow(ValueError);
    expect(() => concat([])).toThrow('concat: xs must be a non-empty array of tensors; got an array of length 0');
    expect(() => concat(a as never)).toThrow(/^concat: xs must be a non-empty array of tensors; got a float64 tensor of shape \[2, 2\]/);
    expect(() => concat([a, [[1, 2]]] as never)).toThrow('concat: xs[1] must be a tensor; got an array of length 1');
    expect(() => concat([a, a.astype('float32')])).toThrow(DTypeError);
    expect(() => concat([a, a.astype('float32')])).toThrow('concat: dtypes must match (cast with astype); got xs[0] float64 and xs[1] float32');
    expect(() => concat([a, a], 2)).toThrow('concat: axis must be an integer in [-2, 1]; got axis 2');
  });

  it('stack rejects unequal shapes and bad axes', () => {
    expect(() => stack([zeros([2]), zeros([3])])).toThrow(ShapeError);
    expect(() => stack([zeros([2]), zeros([3])])).toThrow('stack: all shapes must be equal; got [2], [3]');
    expect(() => stack([zeros([2]), zeros([2])], 2)).toThrow('stack: axis must be an integer in [-2, 1]; got axis 2');
    expect(() => stack([zeros([2]), zeros([2], { dtype: 'float32' })])).toThrow(DTypeError);
  });

  it('split rejects parts that do not fit the axis', () => {
    expect(() => split(arange(5), 2)).toThrow(ShapeError);
    expect(() => split(arange(5), 2)).toThrow('split: axis 0 of size 5 does not divide into 2 equal parts; got shape [5]');
    expect(() => split(arange(5), [2, 2])).toThrow('split: sizes [2, 2] must add up to axis 0\'s size 5');
    expect(() => split(arange(5), 0)).toThrow('split: sections must be an integer ≥ 1; got 0');
    expect(() => split(arange(5), [2, -1, 4])).toThrow('split: sections[1] must be an integer ≥ 0; got -1');
    expect(() => split(arange(5), 'ab' as never)).toThrow('split: sections must be a number or an array of sizes; got "ab"');
    expect(() => split(arange(5), 5, 1)).toThrow('split: axis must be an integer in [-1, 0]; got axis 1');
  });
});
