import { describe, expect, it } from 'vitest';
import {
  DTypeError,
  ShapeError,
  Tensor,
  ValueError,
  arange,
  eye,
  full,
  linspace,
  ones,
  rand,
  randn,
  rng,
  scalar,
  tensor,
  uniform,
  zeros,
} from '../../src/index.js';

describe('tensor', () => {
  it('infers the shape of nested arrays and keeps the values in row-major order', () => {
    const t = tensor([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(t).toBeInstanceOf(Tensor);
    expect(t.shape).toEqual([2, 3]);
    expect(Array.from(t.data)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(t.dtype).toBe('float64');
    expect(t.data).toBeInstanceOf(Float64Array);
  });

  it('makes a scalar from a bare number and a rank-3 tensor from three levels of nesting', () => {
    expect(tensor(7).shape).toEqual([]);
    expect(tensor(7).item()).toBe(7);
    const t = tensor([[[1], [2]], [[3], [4]]]);
    expect(t.shape).toEqual([2, 2, 1]);
    expect(t.get(1, 0, 0)).toBe(3);
  });

  it('records empty axes: [] is shape [0] and [[]] is shape [1, 0]', () => {
    expect(tensor([]).shape).toEqual([0]);
    expect(tensor([[]]).shape).toEqual([1, 0]);
    expect(tensor([[], []]).size).toBe(0);
  });

  it('takes a flat array or a typed array together with a shape', () => {
    expect(tensor([1, 2, 3, 4, 5, 6], [3, 2]).toArray()).toEqual([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    const t = tensor(new Float64Array([1, 2, 3, 4]), [2, 2]);
    expect(t.shape).toEqual([2, 2]);
    expect(t.get(1, 0)).toBe(3);
    expect(tensor(new Float32Array([1.5, 2.5])).shape).toEqual([2]);
  });

  it('accepts nested arrays together with a shape that has the same number of elements', () => {
    expect(tensor([[1, 2], [3, 4]], [4]).toArray()).toEqual([1, 2, 3, 4]);
  });

  it('copies its input, so later changes to the source do not reach the tensor', () => {
    const src = new Float64Array([1, 2, 3]);
    const t = tensor(src, [3]);
    src[0] = 99;
    expect(t.get(0)).toBe(1);
    const nested = [[1, 2]];
    const u = tensor(nested);
    nested[0]![0] = 99;
    expect(u.get(0, 0)).toBe(1);
  });

  it('stores float32 when asked, rounding each value to the nearest float32', () => {
    const t = tensor([0.1, 1 / 3], undefined, { dtype: 'float32' });
    expect(t.dtype).toBe('float32');
    expect(t.data).toBeInstanceOf(Float32Array);
    expect(Array.from(t.data)).toEqual([Math.fround(0.1), Math.fround(1 / 3)]);
    expect(tensor(new Float64Array([0.1]), [1], { dtype: 'float32' }).data[0]).toBe(Math.fround(0.1));
  });

  it('keeps NaN and infinities as values', () => {
    const t = tensor([NaN, Infinity, -Infinity]);
    expect(Number.isNaN(t.get(0))).toBe(true);
    expect(t.get(1)).toBe(Infinity);
    expect(t.get(2)).toBe(-Infinity);
  });
});

describe('scalar, zeros, ones and full', () => {
  it('scalar makes a shape-[] tensor holding the value', () => {
    const s = scalar(2.5);
    expect(s.shape).toEqual([]);
    expect(s.size).toBe(1);
    expect(s.rank).toBe(0);
    expect(s.item()).toBe(2.5);
  });

  it('zeros, ones and full fill every element of the requested shape', () => {
    expect(zeros([2, 3]).toArray()).toEqual([
      [0, 0, 0],
      [0, 0, 0],
    ]);
    expect(ones([3]).toArray()).toEqual([1, 1, 1]);
    expect(full([2, 2], -4.5).toArray()).toEqual([
      [-4.5, -4.5],
      [-4.5, -4.5],
    ]);
    expect(zeros([]).shape).toEqual([]);
    expect(zeros([]).item()).toBe(0);
  });

  it('allows zero-size dimensions', () => {
    const z = zeros([0, 4]);
    expect(z.shape).toEqual([0, 4]);
    expect(z.size).toBe(0);
    expect(z.toArray()).toEqual([]);
  });
});

describe('eye', () => {
  it('is the square identity by default', () => {
    expect(eye(3).toArray()).toEqual([
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
    ]);
  });

  it('puts ones on the main diagonal of a rectangular matrix, wide or tall', () => {
    expect(eye(2, 3).toArray()).toEqual([
      [1, 0, 0],
      [0, 1, 0],
    ]);
    expect(eye(3, 2).toArray()).toEqual([
      [1, 0],
      [0, 1],
      [0, 0],
    ]);
    expect(eye(0).shape).toEqual([0, 0]);
  });
});

describe('arange and linspace', () => {
  it('arange(n) counts 0 … n−1 and arange(a, b, step) stops before b', () => {
    expect(arange(4).toArray()).toEqual([0, 1, 2, 3]);
    expect(arange(2, 5).toArray()).toEqual([2, 3, 4]);
    expect(arange(0, 1, 0.25).toArray()).toEqual([0, 0.25, 0.5, 0.75]);
    expect(arange(5, 0, -2).toArray()).toEqual([5, 3, 1]);
  });

  it('arange is empty when the range runs the other way from the step', () => {
    expect(arange(3, 1).shape).toEqual([0]);
    expect(arange(0).shape).toEqual([0]);
  });

  it('linspace includes both endpoints and spaces the points evenly', () => {
    expect(linspace(0, 1, 5).toArray()).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(linspace(2, -2, 3).toArray()).toEqual([2, 0, -2]);
    expect(linspace(3, 9, 1).toArray()).toEqual([3]);
    expect(linspace(0, 1, 0).shape).toEqual([0]);
  });
});

describe('random creation', () => {
  it('rand with a seed is reproducible and stays in [0, 1)', () => {
    const a = rand([1000], { seed: 5 });
    const b = rand([1000], { seed: 5 });
    expect(Array.from(a.data)).toEqual(Array.from(b.data));
    expect(a.min().item()).toBeGreaterThanOrEqual(0);
    expect(a.max().item()).toBeLessThan(1);
  });

  it('rand draws the same numbers as rng(seed).next()', () => {
    const r = rng(11);
    expect(Array.from(rand([4], { seed: 11 }).data)).toEqual([r.next(), r.next(), r.next(), r.next()]);
  });

  it('randn draws the same numbers as rng(seed).normal()', () => {
    const r = rng(42);
    const expected = Array.from({ length: 5 }, () => r.normal());
    expect(Array.from(randn([5], { seed: 42 }).data)).toEqual(expected);
  });

  it('different seeds give different values', () => {
    expect(Array.from(randn([8], { seed: 1 }).data)).not.toEqual(Array.from(randn([8], { seed: 2 }).data));
  });

  it('a generator passed as seed is advanced, so two calls with it continue one stream', () => {
    const g = rng(3);
    const first = randn([3], { seed: g });
    const second = randn([3], { seed: g });
    const whole = randn([6], { seed: 3 });
    expect([...first.data, ...second.data]).toEqual(Array.from(whole.data));
  });

  it('without a seed, successive calls give different values', () => {
    expect(Array.from(rand([6]).data)).not.toEqual(Array.from(rand([6]).data));
  });

  it('uniform stays inside [lo, hi) and covers the interval', () => {
    const u = uniform([2000], -3, 2, { seed: 9 });
    expect(u.min().item()).toBeGreaterThanOrEqual(-3);
    expect(u.max().item()).toBeLessThan(2);
    expect(u.min().item()).toBeLessThan(-2.9);
    expect(u.max().item()).toBeGreaterThan(1.9);
    expect(uniform([3], 4, 4, { seed: 1 }).toArray()).toEqual([4, 4, 4]);
  });

  it('random functions take a shape of any rank', () => {
    expect(randn([2, 3, 4], { seed: 1 }).shape).toEqual([2, 3, 4]);
    expect(rand([], { seed: 1 }).shape).toEqual([]);
  });
});

describe('dtype option', () => {
  const makers: [string, (o: { dtype: 'float32' }) => Tensor][] = [
    ['tensor', (o) => tensor([1, 2], undefined, o)],
    ['scalar', (o) => scalar(1, o)],
    ['zeros', (o) => zeros([2], o)],
    ['ones', (o) => ones([2], o)],
    ['full', (o) => full([2], 3, o)],
    ['eye', (o) => eye(2, 2, o)],
    ['arange', (o) => arange(0, 3, 1, o)],
    ['linspace', (o) => linspace(0, 1, 3, o)],
    ['rand', (o) => rand([2], { ...o, seed: 1 })],
    ['randn', (o) => randn([2], { ...o, seed: 1 })],
    ['uniform', (o) => uniform([2], 0, 1, { ...o, seed: 1 })],
  ];

  it.each(makers)('%s honours dtype float32', (_, make) => {
    const t = make({ dtype: 'float32' });
    expect(t.dtype).toBe('float32');
    expect(t.data).toBeInstanceOf(Float32Array);
  });

  it('randn in float32 is the float64 stream rounded', () => {
    const d = randn([4], { seed: 8 });
    const f = randn([4], { seed: 8, dtype: 'float32' });
    expect(Array.from(f.data)).toEqual(Array.from(d.data, Math.fround));
  });
});

describe('creation rejects bad input', () => {
  const cases: [string, () => unknown, typeof ShapeError | typeof ValueError | typeof DTypeError, string, RegExp][] = [
    ['ragged rows', () => tensor([[1, 2], [3]]), ShapeError, 'tensor', /ragged.*length 1 at \[1\], expected 2/],
    ['a number where a row belongs', () => tensor([[1], 2] as never), ShapeError, 'tensor', /ragged.*number at \[1\]/],
    ['a row where a number belongs', () => tensor([1, [2]] as never), ShapeError, 'tensor', /ragged.*array at \[1\]/],
    ['a string among the values', () => tensor([1, 'a'] as never), ValueError, 'tensor', /got "a" at \[1\]/],
    ['null as values', () => tensor(null as never), ValueError, 'tensor', /got null/],
    ['too few values for the shape', () => tensor([1, 2, 3], [2, 2]), ShapeError, 'tensor', /3 values do not fill shape \[2, 2\]/],
    ['a NaN dimension', () => zeros([2, NaN]), ShapeError, 'zeros', /non-negative integers; got shape \[2, NaN\]/],
    ['a negative dimension', () => ones([-1, 2]), ShapeError, 'ones', /got shape \[-1, 2\]/],
    ['a fractional dimension', () => full([1.5], 0), ShapeError, 'full', /got shape \[1\.5\]/],
    ['an infinite dimension', () => randn([Infinity]), ShapeError, 'randn', /got shape \[Infinity\]/],
    ['a string dimension', () => zeros(['2'] as never), ShapeError, 'zeros', /got shape \["2"\]/],
    ['a shape that is not an array', () => zeros(3 as never), ShapeError, 'zeros', /must be an array.*got 3/],
    ['a bad tensor shape', () => tensor([1, 2], [-2] as never), ShapeError, 'tensor', /got shape \[-2\]/],
    ['a negative eye size', () => eye(-1), ShapeError, 'eye', /got shape \[-1, -1\]/],
    ['a fractional eye width', () => eye(2, 0.5), ShapeError, 'eye', /got shape \[2, 0\.5\]/],
    ['an unknown option', () => zeros([2], { dtyp: 'float32' } as never), ValueError, 'zeros', /unknown option 'dtyp'/],
    ['an unknown random option', () => randn([2], { sed: 1 } as never), ValueError, 'randn', /unknown option 'sed'; expected one of 'dtype', 'seed'/],
    ['seed on a non-random function', () => ones([2], { seed: 1 } as never), ValueError, 'ones', /unknown option 'seed'/],
    ['options that are not an object', () => tensor([1], undefined, 'float32' as never), ValueError, 'tensor', /options must be an object/],
    ['an unknown dtype', () => zeros([2], { dtype: 'int32' as never }), DTypeError, 'zeros', /dtype must be 'float64' or 'float32'; got "int32"/],
    ['an unknown dtype in tensor', () => tensor([1], undefined, { dtype: 'float16' as never }), DTypeError, 'tensor', /got "float16"/],
    ['a fractional seed', () => rand([2], { seed: 1.5 }), ValueError, 'rand', /seed must be a safe integer; got 1\.5/],
    ['a bad rand shape', () => rand([-1]), ShapeError, 'rand', /got shape \[-1\]/],
    ['a seed that is neither number nor generator', () => randn([2], { seed: {} as never }), ValueError, 'randn', /seed must be an integer or a generator/],
    ['a non-number scalar', () => scalar('1' as never), ValueError, 'scalar', /value must be a number; got "1"/],
    ['a non-number fill value', () => full([2], null as never), ValueError, 'full', /value must be a number; got null/],
    ['a zero arange step', () => arange(0, 3, 0), ValueError, 'arange', /step must not be 0/],
    ['an infinite arange stop', () => arange(0, Infinity), ValueError, 'arange', /stop must be a finite number; got Infinity/],
    ['a NaN arange start', () => arange(NaN, 3), ValueError, 'arange', /start must be a finite number; got NaN/],
    ['a fractional linspace count', () => linspace(0, 1, 2.5), ValueError, 'linspace', /num must be a non-negative integer; got 2\.5/],
    ['a negative linspace count', () => linspace(0, 1, -1), ValueError, 'linspace', /got -1/],
    ['a NaN linspace endpoint', () => linspace(0, NaN, 3), ValueError, 'linspace', /finite numbers; got 0 and NaN/],
    ['uniform with lo above hi', () => uniform([2], 1, 0), ValueError, 'uniform', /lo ≤ hi; got 1 and 0/],
    ['a shape too large to allocate', () => zeros([1e6, 1e6]), ValueError, 'zeros', /cannot allocate 1000000000000 elements; got shape \[1000000, 1000000\]/],
    ['a range too long to allocate', () => arange(0, 1e12), ValueError, 'arange', /cannot allocate 1000000000000 elements/],
    ['uniform with an infinite bound', () => uniform([2], 0, Infinity), ValueError, 'uniform', /got 0 and Infinity/],
  ];

  it.each(cases)('%s throws the right error naming the function', (_, call, Kind, op, message) => {
    let caught: unknown;
    try {
      call();
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(Kind);
    const err = caught as ShapeError;
    expect(err.op).toBe(op);
    expect(err.message.startsWith(`${op}: `)).toBe(true);
    expect(err.message).toMatch(message);
  });
});
