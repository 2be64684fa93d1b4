/**
 * Creation functions and the Tensor class at their edges: the exact errors (class, message, op,
 * arg, shapes) for bad seeds, ragged or non-numeric nested input, sizes that do not fill a
 * shape, shapes too large to allocate and bad scalars; increasing ids; toString's number
 * formatting at each threshold and the eliding past 1000 elements; the comparison methods,
 * flatten and softmax's default axis on a rank-3 tensor.
 */
import { describe, it, expect } from 'vitest';
import { DTypeError, ShapeError, ValueError } from '../../src/errors.js';
import { arange, full, linspace, rand, randn, scalar, tensor, uniform, zeros } from '../../src/tensor/creation.js';
import { rng } from '../../src/tensor/rng.js';
import type { Rng } from '../../src/tensor/rng.js';
import { Tensor } from '../../src/tensor/tensor.js';
import type { Shape } from '../../src/tensor/shape.js';
import { expectError } from '../helpers/expectError.js';
import { TOL } from '../helpers/tolerances.js';

describe('random creation seeds', () => {
  it('accepts a generator from rng() and draws from it', () => {
    const got = rand([3], { seed: rng(7) }).toArray();
    const g = rng(7);
    expect(got).toEqual([g.next(), g.next(), g.next()]);
  });

  it('rejects objects that are not generators, naming the function and the seed', () => {
    const bad: unknown[] = [null, {}, { next: () => 0.5 }, { normal: () => 0 }, { next: 1, normal: () => 0 }, { next: () => 0.5, normal: 2 }, 'seed'];
    for (const seed of bad) {
      expectError(() => rand([2], { seed: seed as Rng }), ValueError, /^rand: seed must be an integer or a generator from rng\(\); got /, { op: 'rand', arg: 'seed' });
      expectError(() => randn([2], { seed: seed as Rng }), ValueError, /^randn: seed must be an integer or a generator from rng\(\); got /, { op: 'randn', arg: 'seed' });
    }
  });

  it('names randn and the dtype when the dtype is wrong', () => {
    expectError(() => randn([2], { dtype: 'int8' as 'float64' }), DTypeError, /^randn: dtype must be 'float64' or 'float32'; got "int8"$/, { op: 'randn', arg: 'dtype' });
  });

  it('draws uniform values in [lo, hi) for every element', () => {
    const t = uniform([50], -2, 3, { seed: 4 });
    expect(t.size).toBe(50);
    for (const v of t.toArray() as number[]) {
      expect(v).toBeGreaterThanOrEqual(-2);
      expect(v).toBeLessThan(3);
    }
  });
});

describe('tensor', () => {
  it('rejects a seed option: it is not a random function', () => {
    expectError(() => tensor([1, 2], undefined, { seed: 1 } as never), ValueError, /seed/, { op: 'tensor' });
  });

  it('names the shape that the values do not fill', () => {
    expectError(() => tensor([1, 2, 3], [2, 2]), ShapeError, /^tensor: 3 values do not fill shape \[2, 2\] \(4 elements\)$/, { op: 'tensor', shapes: [[2, 2]] });
  });

  it('reports ragged nested arrays with where and what was expected', () => {
    expectError(() => tensor([[1, 2], 3] as never), ShapeError, /^tensor: nested arrays are ragged; a number at .+ where an array of length 2 was expected$/, { op: 'tensor' });
    expectError(() => tensor([[1, 2], [3]]), ShapeError, /^tensor: nested arrays are ragged; length 1 at .+, expected 2$/, { op: 'tensor' });
  });

  it('rejects non-numbers with where they are', () => {
    expectError(() => tensor([1, 'a'] as never), ValueError, /^tensor: values must be numbers or nested arrays of numbers; got "a" at .+$/, { op: 'tensor', arg: 'values' });
    expectError(() => tensor('a' as never), ValueError, /^tensor: values must be numbers or nested arrays of numbers; got "a" at the top$/, { op: 'tensor', arg: 'values' });
  });

  it('builds scalars and nested tensors', () => {
    expect(tensor(5).shape).toEqual([]);
    expect(tensor(5).item()).toBe(5);
    expect(tensor([[1, 2], [3, 4]]).toArray()).toEqual([[1, 2], [3, 4]]);
  });
});

describe('zeros, scalar, full, arange, linspace', () => {
  it('names the shape that cannot be allocated', () => {
    expectError(() => zeros([2 ** 20, 2 ** 20]), ValueError, /^zeros: cannot allocate \d+ elements; got shape \[1048576, 1048576\]$/, { op: 'zeros', shapes: [[2 ** 20, 2 ** 20]] });
  });

  it('rejects non-number values, steps of 0, non-finite bounds and bad counts with exact messages', () => {
    expectError(() => scalar('1' as never), ValueError, /^scalar: value must be a number; got "1"$/, { op: 'scalar' });
    expectError(() => full([2], '1' as never), ValueError, /^full: value must be a number; got "1"$/, { op: 'full' });
    expectError(() => arange(0, 5, 0), ValueError, /^arange: step must not be 0; got 0$/, { op: 'arange', arg: 'step' });
    expectError(() => arange(0, Infinity), ValueError, /^arange: stop must be a finite number/, { op: 'arange' });
    expectError(() => arange(NaN), ValueError, /^arange: .+ must be a finite number/, { op: 'arange' });
    expectError(() => linspace(0, 1, -1), ValueError, /^linspace: num must be a non-negative integer; got -1$/, { op: 'linspace' });
  });

  it('computes arange and linspace values', () => {
    expect(arange(1, 2, 0.25).toArray()).toEqual([1, 1.25, 1.5, 1.75]);
    expect(linspace(0, 1, 5).toArray()).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(linspace(3, 9, 1).toArray()).toEqual([3]);
  });
});

describe('Tensor', () => {
  it('names itself and the shape when data does not fit', () => {
    expectError(() => new Tensor(new Float64Array(3), [2, 2] as Shape), ShapeError, /^Tensor: data must be a Float64Array or Float32Array of 4 elements for shape \[2, 2\]; got a Float64Array$/, { op: 'Tensor', shapes: [[2, 2]] });
  });

  it('gives each new tensor a larger id than the last', () => {
    const a = scalar(1);
    const b = scalar(2);
    const c = a.add(b);
    expect(b.id).toBeGreaterThan(a.id);
    expect(c.id).toBeGreaterThan(b.id);
  });

  it('reports item and get misuse with op, arg and shape', () => {
    const t = tensor([[1, 2, 3], [4, 5, 6]]);
    expectError(() => t.item(), ValueError, /^item: the tensor must have exactly one element; got shape \[2, 3\]$/, { op: 'item', shapes: [[2, 3]] });
    expectError(() => t.get(1), ValueError, /^get: expects 2 indices for shape \[2, 3\]; got 1/, { op: 'get', shapes: [[2, 3]] });
    expectError(() => t.get(1, 3), ValueError, /^get: index 3 is out of range for axis 1 of size 3$/, { op: 'get', arg: 'index[1]' });
    expect(t.get(1, 2)).toBe(6);
  });

  it('formats numbers in toString at each threshold', () => {
    const s = tensor([1e15 - 1, 1e15, 0.1, 1e-4, 9.9e-5, 1e6 + 0.5, 1 / 3, 0, -2]).toString();
    expect(s).toBe('Tensor(float64, [9])\n[999999999999999, 1.0000e+15, 0.1, 0.0001, 9.9000e-5, 1.0000e+6, 0.333333, 0, -2]');
  });

  it('shows all of 1000 elements and elides past 1000', () => {
    const full1000 = zeros([1000]).toString();
    expect(full1000).toBe(`Tensor(float64, [1000])\n[${new Array<string>(1000).fill('0').join(', ')}]`);
    expect(zeros([1001]).toString()).toBe('Tensor(float64, [1001]) [0, 0, 0, 0, 0, 0, …]');
  });

  it('compares with greaterEqual, lessEqual and equal, and flattens', () => {
    const a = tensor([[1, 2], [3, 4]]);
    expect(a.greaterEqual(2).toArray()).toEqual([[0, 1], [1, 1]]);
    expect(a.lessEqual(3).toArray()).toEqual([[1, 1], [1, 0]]);
    expect(a.equal(tensor([1, 4])).toArray()).toEqual([[1, 0], [0, 1]]);
    expect(a.flatten().shape).toEqual([4]);
  });

  it('takes softmax and logSoftmax over the last axis by default', () => {
    const x = arange(0, 12).reshape([2, 2, 3]);
    const s = x.softmax().toArray() as number[][][];
    const ls = x.logSoftmax().toArray() as number[][][];
    const row = [0, 1, 2].map((v) => Math.exp(v) / (1 + Math.E + Math.E ** 2));
    for (const block of s) for (const r of block) r.forEach((v, k) => expect(Math.abs(v - row[k]!)).toBeLessThanOrEqual(TOL.exact.atol));
    for (const block of ls) for (const r of block) r.forEach((v, k) => expect(Math.abs(v - Math.log(row[k]!))).toBeLessThanOrEqual(TOL.exact.atol));
  });
});
