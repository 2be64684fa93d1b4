import { describe, expect, it } from 'vitest';
import { DTypeError, ShapeError, ValueError, arange, matmul, permute, randn, tensor, transpose, zeros } from '../../src/index.js';
import { TOL } from '../helpers/tolerances.js';
import { expectClose, naiveMatmul, naivePermute, values } from './reference.js';

describe('matmul', () => {
  it('multiplies a [2, 3] by a [3, 2] matrix', () => {
    const a = tensor([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    const b = tensor([
      [7, 8],
      [9, 10],
      [11, 12],
    ]);
    expect(matmul(a, b).toArray()).toEqual([
      [58, 64],
      [139, 154],
    ]);
    expect(a.matmul(b).toArray()).toEqual([
      [58, 64],
      [139, 154],
    ]);
  });

  it('handles a row times a column and a column times a row', () => {
    expect(matmul(tensor([[1, 2]]), tensor([[3], [4]])).toArray()).toEqual([[11]]);
    expect(matmul(tensor([[3], [4]]), tensor([[1, 2]])).toArray()).toEqual([
      [3, 6],
      [4, 8],
    ]);
  });

  it('multiplies each batch matrix by its partner', () => {
    const a = arange(12).reshape([2, 2, 3]);
    const b = arange(12).reshape([2, 3, 2]);
    const got = matmul(a, b);
    expect(got.shape).toEqual([2, 2, 2]);
    expect(values(got)).toEqual(naiveMatmul(a, b).data);
    expect(got.toArray()).toEqual([
      [
        [10, 13],
        [28, 40],
      ],
      [
        [172, 193],
        [244, 274],
      ],
    ]);
  });

  it('broadcasts batch axes: a single matrix against a batch, and [2, 1] against [3] batches', () => {
    const w = randn([3, 4], { seed: 1 });
    const xs = randn([5, 2, 3], { seed: 2 });
    const got = matmul(xs, w);
    expect(got.shape).toEqual([5, 2, 4]);
    expect(values(got)).toEqual(naiveMatmul(xs, w).data);

    const a = randn([2, 1, 2, 3], { seed: 3 });
    const b = randn([3, 3, 2], { seed: 4 });
    const ab = matmul(a, b);
    expect(ab.shape).toEqual([2, 3, 2, 2]);
    const ref = naiveMatmul(a, b);
    expectClose(ab.data, ref.data, TOL.exact);
  });

  it('gives zeros for an empty inner dimension and an empty result for an empty outer one', () => {
    expect(matmul(zeros([2, 0]), zeros([0, 3])).toArray()).toEqual([
      [0, 0, 0],
      [0, 0, 0],
    ]);
    expect(matmul(zeros([0, 2]), zeros([2, 3])).shape).toEqual([0, 3]);
  });

  it('keeps float32', () => {
    const a = randn([2, 3], { seed: 1, dtype: 'float32' });
    const b = randn([3, 2], { seed: 2, dtype: 'float32' });
    const c = matmul(a, b);
    expect(c.dtype).toBe('float32');
    const ref = naiveMatmul(a, b);
    expectClose(c.data, ref.data, TOL.f32);
  });

  it('rejects inner dimensions that differ with a ShapeError naming both shapes', () => {
    const call = (): unknown => matmul(zeros([2, 3]), zeros([4, 5]) as never);
    expect(call).toThrow(ShapeError);
    expect(call).toThrow('matmul: inner dimensions must agree; got a [2, 3] and b [4, 5]');
  });

  it('rejects vectors, batch axes that do not broadcast, mixed dtypes and non-tensors', () => {
    expect(() => matmul(zeros([3]), zeros([3, 2]))).toThrow(ShapeError);
    expect(() => matmul(zeros([3]), zeros([3, 2]))).toThrow(/^matmul: both operands must have rank ≥ 2 .*got a \[3\] and b \[3, 2\]/);
    expect(() => matmul(zeros([2, 2, 3]), zeros([3, 3, 2]))).toThrow(ShapeError);
    expect(() => matmul(zeros([2, 2, 3]), zeros([3, 3, 2]))).toThrow(/^matmul: shapes do not broadcast; got \[2\] and \[3\]/);
    expect(() => matmul(zeros([2, 2]), zeros([2, 2], { dtype: 'float32' }))).toThrow(DTypeError);
    expect(() => matmul(zeros([2, 2]), zeros([2, 2], { dtype: 'float32' }))).toThrow('matmul: dtypes must match (cast with astype); got a float64 and b float32');
    expect(() => matmul([[1]] as never, zeros([1, 1]))).toThrow(ValueError);
    expect(() => matmul([[1]] as never, zeros([1, 1]))).toThrow('matmul: a must be a tensor; got an array of length 1');
    expect(() => matmul(zeros([1, 1]), 2 as never)).toThrow('matmul: b must be a tensor; got 2');
  });
});

describe('transpose and permute', () => {
  const m = tensor([
    [1, 2, 3],
    [4, 5, 6],
  ]);

  it('transpose swaps rows and columns of a matrix', () => {
    expect(transpose(m).toArray()).toEqual([
      [1, 4],
      [2, 5],
      [3, 6],
    ]);
    expect(m.transpose().shape).toEqual([3, 2]);
  });

  it('transpose reverses all axes of a higher-rank tensor and leaves vectors and scalars alone', () => {
    const t = arange(24).reshape([2, 3, 4]);
    expect(transpose(t).shape).toEqual([4, 3, 2]);
    expect(values(transpose(t))).toEqual(naivePermute(t, [2, 1, 0]).data);
    expect(transpose(tensor([1, 2])).toArray()).toEqual([1, 2]);
    expect(transpose(tensor(5)).item()).toBe(5);
  });

  it('permute moves axis perm[k] to position k, negative axes allowed', () => {
    const t = arange(24).reshape([2, 3, 4]);
    const p = permute(t, [2, 0, 1]);
    expect(p.shape).toEqual([4, 2, 3]);
    expect(values(p)).toEqual(naivePermute(t, [2, 0, 1]).data);
    expect(values(permute(t, [-1, 0, -2]))).toEqual(values(p));
    expect(values(t.permute([1, 0, 2]))).toEqual(naivePermute(t, [1, 0, 2]).data);
    expect(values(transpose(t, [0, 2, 1]))).toEqual(naivePermute(t, [0, 2, 1]).data);
    expect(values(t.transpose([0, 2, 1]))).toEqual(naivePermute(t, [0, 2, 1]).data);
  });

  it('rejects perms that are not permutations of the axes with a ValueError naming the op', () => {
    const t = zeros([2, 3]);
    for (const bad of [[0], [0, 0], [0, 2], [0, 1.5], 'ab', [1, -1]]) {
      expect(() => permute(t, bad as never)).toThrow(ValueError);
      expect(() => permute(t, bad as never)).toThrow(/^permute: perm must be a permutation of the 2 axes; got /);
    }
    expect(() => transpose(t, [1, 1])).toThrow('transpose: perm must be a permutation of the 2 axes; got an array of length 2');
    expect(() => transpose('x' as never)).toThrow('transpose: x must be a tensor; got "x"');
  });
});
