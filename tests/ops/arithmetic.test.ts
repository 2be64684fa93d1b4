import { describe, expect, it } from 'vitest';
import {
  DTypeError,
  ShapeError,
  ValueError,
  abs,
  add,
  clip,
  cos,
  div,
  equal,
  exp,
  greater,
  greaterEqual,
  less,
  lessEqual,
  log,
  maximum,
  minimum,
  mul,
  neg,
  notEqual,
  pow,
  relu,
  sigmoid,
  sign,
  sin,
  sqrt,
  square,
  sub,
  tanh,
  tensor,
  where,
  zeros,
} from '../../src/index.js';
import { TOL } from '../helpers/tolerances.js';
import { expectClose } from './reference.js';

const v = (t: { data: ArrayLike<number> }): number[] => Array.from(t.data);

describe('binary arithmetic', () => {
  const a = tensor([
    [1, 2, 3],
    [4, 5, 6],
  ]);
  const row = tensor([10, 20, 30]);
  const col = tensor([[1], [-1]]);

  it('adds, subtracts, multiplies and divides equal shapes element by element', () => {
    const b = tensor([
      [2, 2, 2],
      [0.5, 0.5, 0.5],
    ]);
    expect(v(add(a, b))).toEqual([3, 4, 5, 4.5, 5.5, 6.5]);
    expect(v(sub(a, b))).toEqual([-1, 0, 1, 3.5, 4.5, 5.5]);
    expect(v(mul(a, b))).toEqual([2, 4, 6, 2, 2.5, 3]);
    expect(v(div(a, b))).toEqual([0.5, 1, 1.5, 8, 10, 12]);
  });

  it('broadcasts a row across rows and a column across columns', () => {
    expect(add(a, row).toArray()).toEqual([
      [11, 22, 33],
      [14, 25, 36],
    ]);
    expect(mul(a, col).toArray()).toEqual([
      [1, 2, 3],
      [-4, -5, -6],
    ]);
    expect(add(row, col).toArray()).toEqual([
      [11, 21, 31],
      [9, 19, 29],
    ]);
  });

  it('treats a number on either side as a scalar, keeping the order of the operands', () => {
    expect(v(sub(10, row))).toEqual([0, -10, -20]);
    expect(v(sub(row, 10))).toEqual([0, 10, 20]);
    expect(v(div(60, row))).toEqual([6, 3, 2]);
    expect(v(pow(2, tensor([0, 1, 10])))).toEqual([1, 2, 1024]);
  });

  it('pow, maximum and minimum follow Math.pow and NaN-propagating max/min', () => {
    expect(v(pow(tensor([2, 9, -8, 0]), tensor([3, 0.5, 1 / 3, 0])))).toEqual([8, 3, NaN, 1]);
    expect(v(maximum(tensor([1, 5, NaN]), tensor([3, 2, 0])))).toEqual([3, 5, NaN]);
    expect(v(minimum(tensor([1, 5, 0]), tensor([3, 2, NaN])))).toEqual([1, 2, NaN]);
  });

  it('division by zero gives infinities and 0/0 gives NaN, as IEEE says', () => {
    expect(v(div(tensor([1, -1, 0]), 0))).toEqual([Infinity, -Infinity, NaN]);
    // a −0 operand keeps its sign
    expect(v(div(tensor([1, -1]), -0))).toEqual([-Infinity, Infinity]);
  });

  it('the chainable methods give the same results as the functions', () => {
    expect(v(a.add(row).mul(2).sub(1).div(4))).toEqual(v(div(sub(mul(add(a, row), 2), 1), 4)));
    expect(v(a.pow(2))).toEqual(v(pow(a, 2)));
    expect(v(a.maximum(3).minimum(5))).toEqual([3, 3, 3, 4, 5, 5]);
  });
});

describe('binary ops reject bad operands', () => {
  it('two numbers, a string or an array is a ValueError naming the op and the argument', () => {
    expect(() => add(1 as never, 2 as never)).toThrow(ValueError);
    expect(() => add(1 as never, 2 as never)).toThrow('add: at least one operand must be a tensor; got 1 and 2');
    expect(() => mul(tensor([1]), '2' as never)).toThrow('mul: b must be a tensor or a number; got "2"');
    expect(() => sub([1] as never, tensor([1]))).toThrow('sub: a must be a tensor or a number; got an array of length 1');
  });

  it('shapes that do not broadcast are a ShapeError naming both shapes', () => {
    expect(() => add(zeros([2, 3]), zeros([2]))).toThrow(ShapeError);
    expect(() => add(zeros([2, 3]), zeros([2]))).toThrow('add: shapes do not broadcast; got [2, 3] and [2]');
    expect(() => pow(zeros([4, 1, 3]), zeros([2, 2]))).toThrow('pow: shapes do not broadcast; got [4, 1, 3] and [2, 2]');
  });

  it('mixed dtypes are a DTypeError naming both', () => {
    expect(() => div(zeros([2]), zeros([2], { dtype: 'float32' }))).toThrow(DTypeError);
    expect(() => div(zeros([2]), zeros([2], { dtype: 'float32' }))).toThrow('div: dtypes must match (cast with astype); got a float64 and b float32');
  });
});

describe('comparisons', () => {
  const x = tensor([1, 2, 3]);
  it('give 1 where the relation holds and 0 elsewhere, as float tensors', () => {
    expect(v(greater(x, 2))).toEqual([0, 0, 1]);
    expect(v(greaterEqual(x, 2))).toEqual([0, 1, 1]);
    expect(v(less(x, 2))).toEqual([1, 0, 0]);
    expect(v(lessEqual(x, 2))).toEqual([1, 1, 0]);
    expect(v(equal(x, 2))).toEqual([0, 1, 0]);
    expect(v(notEqual(x, 2))).toEqual([1, 0, 1]);
    expect(greater(x, 2).dtype).toBe('float64');
  });

  it('treat NaN as unequal to everything, itself included', () => {
    const n = tensor([NaN]);
    expect(v(equal(n, n))).toEqual([0]);
    expect(v(notEqual(n, n))).toEqual([1]);
    expect(v(less(n, 1))).toEqual([0]);
    expect(v(greaterEqual(n, 1))).toEqual([0]);
  });

  it('broadcast like the arithmetic ops and are available as methods', () => {
    expect(tensor([[1], [3]]).greater(tensor([0, 2, 4])).toArray()).toEqual([
      [1, 0, 0],
      [1, 1, 0],
    ]);
    expect(v(x.less(3).mul(x.notEqual(1)))).toEqual([0, 1, 0]);
  });
});

describe('unary math', () => {
  const x = tensor([-2, -0.5, 0, 0.5, 2]);
  const cases: [string, (t: typeof x) => { data: ArrayLike<number> }, (u: number) => number][] = [
    ['neg', neg, (u) => -u],
    ['abs', abs, Math.abs],
    ['square', square, (u) => u * u],
    ['exp', exp, Math.exp],
    ['tanh', tanh, Math.tanh],
    ['sin', sin, Math.sin],
    ['cos', cos, Math.cos],
    ['relu', relu, (u) => Math.max(u, 0)],
    ['sign', sign, Math.sign],
    ['sigmoid', sigmoid, (u) => 1 / (1 + Math.exp(-u))],
  ];

  it.each(cases)('%s matches its scalar definition at every element', (_, f, ref) => {
    expectClose(f(x).data, Array.from(x.data, ref), TOL.exact);
  });

  it('sqrt and log follow Math on their domain and give NaN outside it', () => {
    expect(v(sqrt(tensor([0, 4, 2, -1])))).toEqual([0, 2, Math.SQRT2, NaN]);
    expect(v(log(tensor([1, Math.E, 0, -1])))).toEqual([0, 1, -Infinity, NaN]);
  });

  it('sigmoid(±50) and sigmoid(±800) are exact-ish and never NaN', () => {
    const s = v(sigmoid(tensor([-50, 50, -800, 800, 0])));
    // σ(−50) = e^−50 / (1 + e^−50) ≈ 1.9287498479639178e-22 ; σ(50) rounds to 1
    expectClose([s[0]!], [1.9287498479639178e-22], { atol: 0, rtol: TOL.exact.rtol });
    expect(s[1]).toBe(1);
    expect(s[2]).toBe(0);
    expect(s[3]).toBe(1);
    expect(s[4]).toBe(0.5);
    expect(sigmoid(tensor([-800])).data[0]).not.toBeNaN();
  });

  it('tanh(±30) is ±1 to the last bit and tanh(±1000) does not overflow', () => {
    expect(v(tanh(tensor([-30, 30, -1000, 1000])))).toEqual([-1, 1, -1, 1]);
  });

  it('sigmoid is symmetric: σ(−x) = 1 − σ(x)', () => {
    const t = tensor([-5, -1, 0.25, 3, 12]);
    const lhs = v(sigmoid(neg(t)));
    const rhs = v(sub(1, sigmoid(t)));
    expectClose(lhs, rhs, TOL.exact);
  });

  it('the chainable methods match the functions', () => {
    expect(v(x.abs().sqrt().exp().log())).toEqual(v(log(exp(sqrt(abs(x))))));
    expect(v(x.tanh().neg().sigmoid().relu().sign())).toEqual(v(sign(relu(sigmoid(neg(tanh(x)))))));
    expect(v(x.square().sin().cos())).toEqual(v(cos(sin(square(x)))));
  });
});

describe('clip', () => {
  it('limits values to [lo, hi]', () => {
    expect(v(clip(tensor([-2, 0.5, 3]), -1, 1))).toEqual([-1, 0.5, 1]);
    expect(v(tensor([-2, 0.5, 3]).clip(0, 0))).toEqual([0, 0, 0]);
  });

  it('accepts infinite bounds for a one-sided clip', () => {
    expect(v(clip(tensor([-5, 5]), 0, Infinity))).toEqual([0, 5]);
    expect(v(clip(tensor([-5, 5]), -Infinity, 0))).toEqual([-5, 0]);
  });

  it('rejects lo > hi, NaN bounds and non-number bounds with a ValueError naming clip', () => {
    const x = tensor([1]);
    expect(() => clip(x, 2, 1)).toThrow(ValueError);
    expect(() => clip(x, 2, 1)).toThrow('clip: lo must not exceed hi; got lo 2 and hi 1');
    expect(() => clip(x, NaN, 1)).toThrow(/^clip: lo must not be NaN/);
    expect(() => clip(x, 0, NaN)).toThrow(/^clip: hi must not be NaN/);
    expect(() => clip(x, '0' as never, 1)).toThrow('clip: lo must be a number; got "0"');
  });
});

describe('where', () => {
  it('picks a where cond is non-zero and b elsewhere', () => {
    expect(v(where(tensor([1, 0, -2, 0]), tensor([1, 2, 3, 4]), tensor([9, 8, 7, 6])))).toEqual([1, 8, 3, 6]);
  });

  it('broadcasts cond, a and b together', () => {
    const cond = tensor([[1], [0]]);
    expect(where(cond, tensor([1, 2, 3]), 0).toArray()).toEqual([
      [1, 2, 3],
      [0, 0, 0],
    ]);
    expect(where(tensor([1, 0]), 5, -5).toArray()).toEqual([5, -5]);
    expect(where(tensor([[1, 0]]), tensor([[1], [2]]), tensor(7)).toArray()).toEqual([
      [1, 7],
      [2, 7],
    ]);
  });

  it('treats NaN in cond as true, like any non-zero value', () => {
    expect(v(where(tensor([NaN]), 1, 2))).toEqual([1]);
  });

  it('rejects shapes that do not broadcast, mixed dtypes and a non-tensor cond', () => {
    expect(() => where(zeros([2]), zeros([3]), 0)).toThrow(ShapeError);
    expect(() => where(zeros([2]), zeros([3]), 0)).toThrow('where: shapes do not broadcast; got [2] and [3]');
    expect(() => where(zeros([2]), zeros([2]), zeros([3]))).toThrow('where: shapes do not broadcast; got [2] and [3]');
    expect(() => where(zeros([2], { dtype: 'float32' }), zeros([2]), 0)).toThrow(DTypeError);
    expect(() => where(zeros([2]), zeros([2]), zeros([2], { dtype: 'float32' }))).toThrow(/^where: dtypes must match/);
    expect(() => where([1, 0] as never, 1, 2)).toThrow('where: cond must be a tensor; got an array of length 2');
  });
});
