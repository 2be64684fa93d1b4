import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ShapeError, Tensor, ValueError, isTensor, ones, scalar, tensor, zeros } from '../../src/index.js';

describe('Tensor basics', () => {
  it('reports shape, rank, size and dtype', () => {
    const t = zeros([2, 3, 4]);
    expect(t.shape).toEqual([2, 3, 4]);
    expect(t.rank).toBe(3);
    expect(t.size).toBe(24);
    expect(t.dtype).toBe('float64');
  });

  it('freezes its shape and copies the shape array it was given', () => {
    const shape = [2, 2];
    const t = new Tensor(new Float64Array(4), shape);
    shape[0] = 5;
    expect(t.shape).toEqual([2, 2]);
    expect(Object.isFrozen(t.shape)).toBe(true);
  });

  it('gives every tensor a distinct id', () => {
    const ids = new Set([zeros([1]), zeros([1]), ones([1]), scalar(0)].map((t) => t.id));
    expect(ids.size).toBe(4);
  });

  it('is recognised by isTensor, and plain arrays and look-alikes are not', () => {
    expect(isTensor(zeros([2]))).toBe(true);
    expect(isTensor([0, 0])).toBe(false);
    expect(isTensor({ shape: [2], dtype: 'float64', data: new Float64Array(2) })).toBe(false);
    expect(isTensor(null)).toBe(false);
  });

  it('the constructor rejects storage of the wrong length or type with a ShapeError', () => {
    expect(() => new Tensor(new Float64Array(3), [2, 2])).toThrow(ShapeError);
    expect(() => new Tensor(new Float64Array(3), [2, 2])).toThrow(/^Tensor: data must be .* of 4 elements for shape \[2, 2\]; got a Float64Array/);
    expect(() => new Tensor([1, 2] as never, [2])).toThrow(/^Tensor: .*got an array of length 2/);
  });

  it('toTypedArray returns a copy that may be written to without touching the tensor', () => {
    const t = tensor([1, 2, 3]);
    const copy = t.toTypedArray();
    copy[0] = 42;
    expect(t.get(0)).toBe(1);
    expect(copy).toBeInstanceOf(Float64Array);
  });
});

describe('toArray and item', () => {
  it('toArray nests the values to the tensor rank', () => {
    const nested = [
      [
        [1, 2],
        [3, 4],
      ],
      [
        [5, 6],
        [7, 8],
      ],
    ];
    expect(tensor(nested).toArray()).toEqual(nested);
    expect(tensor([1, 2]).toArray()).toEqual([1, 2]);
  });

  it('toArray of a scalar is a number', () => {
    expect(scalar(-3).toArray()).toBe(-3);
  });

  it('toArray builds fresh arrays each time', () => {
    const t = tensor([[1, 2]]);
    const a = t.toArray();
    a[0]![0] = 9;
    expect(t.toArray()).toEqual([[1, 2]]);
  });

  it('item returns the single value of any one-element tensor', () => {
    expect(scalar(4).item()).toBe(4);
    expect(tensor([[[7]]]).item()).toBe(7);
  });

  it('item on a tensor that does not hold exactly one element is a ValueError naming item', () => {
    expect(() => tensor([1, 2]).item()).toThrow(ValueError);
    expect(() => tensor([1, 2]).item()).toThrow('item: the tensor must have exactly one element; got shape [2]');
    expect(() => zeros([0]).item()).toThrow('got shape [0]');
  });
});

describe('get', () => {
  const t = tensor([
    [1, 2, 3],
    [4, 5, 6],
  ]);

  it('reads the element at an index', () => {
    expect(t.get(0, 0)).toBe(1);
    expect(t.get(1, 2)).toBe(6);
    expect(t.get(0, 1)).toBe(2);
  });

  it('counts negative indices from the end of each axis', () => {
    expect(t.get(-1, -1)).toBe(6);
    expect(t.get(-2, 0)).toBe(1);
    expect(t.get(1, -3)).toBe(4);
  });

  it('takes no index on a scalar', () => {
    expect(scalar(8).get()).toBe(8);
  });

  it('rejects an index of the wrong length, out of range or fractional with a ValueError', () => {
    expect(() => t.get(0)).toThrow(ValueError);
    expect(() => t.get(0)).toThrow('get: expects 2 indices for shape [2, 3]; got 1');
    expect(() => t.get(2, 0)).toThrow('get: index 2 is out of range for axis 0 of size 2');
    expect(() => t.get(0, -4)).toThrow('get: index -4 is out of range for axis 1 of size 3');
    expect(() => t.get(0, 0.5)).toThrow('get: index 0.5 is out of range for axis 1 of size 3');
    expect(() => t.get(0, NaN)).toThrow(/get: index NaN/);
  });
});

describe('toString', () => {
  it('shows dtype, shape and rows, one row per line', () => {
    const s = tensor([
      [1, -2.5, 1 / 3],
      [1e-7, 2e8, NaN],
    ]).toString();
    expect(s).toBe('Tensor(float64, [2, 3])\n[[1, -2.5, 0.333333],\n [1.0000e-7, 200000000, NaN]]');
  });

  it('shows a scalar as its value and an empty tensor as []', () => {
    expect(scalar(3).toString()).toBe('Tensor(float64, [])\n3');
    expect(zeros([0]).toString()).toBe('Tensor(float64, [0])\n[]');
  });

  it('indents nested blocks of a rank-3 tensor', () => {
    const s = tensor([
      [
        [1, 2],
        [3, 4],
      ],
      [
        [5, 6],
        [7, 8],
      ],
    ]).toString();
    expect(s).toBe('Tensor(float64, [2, 2, 2])\n[[[1, 2],\n  [3, 4]],\n [[5, 6],\n  [7, 8]]]');
  });

  it('names float32 and elides tensors of more than 1000 elements', () => {
    expect(tensor([1, 2], undefined, { dtype: 'float32' }).toString()).toBe('Tensor(float32, [2])\n[1, 2]');
    expect(zeros([2000]).toString()).toBe('Tensor(float64, [2000]) [0, 0, 0, 0, 0, 0, …]');
  });

  it('is what Node shows for a tensor in console.log', () => {
    expect(inspect(tensor([1, 2]))).toBe('Tensor(float64, [2])\n[1, 2]');
  });
});
