/**
 * Element-wise operations with NumPy broadcasting: arithmetic, math functions, comparisons,
 * `clip` and `where`. Numbers stand for scalars of the tensor operand's dtype.
 * @module
 */
import * as L from '../autodiff/lax.js';
import { ValueError } from '../errors.js';
import { filledLike } from '../tensor/construct.js';
import type { ElementwiseShape, Shape } from '../tensor/shape.js';
import { broadcastShapes } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { numberArg, operands, sameDType, tensorArg } from './validate.js';

/** Signature shared by the binary element-wise ops. */
export interface BinaryOp {
  <A extends Shape, B extends Shape>(a: Tensor<A>, b: Tensor<B>): Tensor<ElementwiseShape<A, B>>;
  <A extends Shape>(a: Tensor<A>, b: number): Tensor<A>;
  <B extends Shape>(a: number, b: Tensor<B>): Tensor<B>;
}
/** Signature shared by the unary element-wise ops. */
export type UnaryOp = <S extends Shape>(x: Tensor<S>) => Tensor<S>;

function binary(name: string, f: (a: Tensor, b: Tensor) => Tensor): BinaryOp {
  return ((a: unknown, b: unknown) => f(...operands(name, a, b))) as BinaryOp;
}
function unary(name: string, f: (x: Tensor) => Tensor): UnaryOp {
  return ((x: unknown) => f(tensorArg(name, x))) as UnaryOp;
}

/** a + b, broadcast. @example `add(tensor([1, 2]), 1).toArray() // [2, 3]` */
export const add: BinaryOp = binary('add', L.add);
/** a − b, broadcast. @example `sub(tensor([1, 2]), 1).toArray() // [0, 1]` */
export const sub: BinaryOp = binary('sub', L.sub);
/** a · b element-wise, broadcast. @example `mul(tensor([1, 2]), 3).toArray() // [3, 6]` */
export const mul: BinaryOp = binary('mul', L.mul);
/** a / b element-wise, broadcast. @example `div(tensor([1, 2]), 2).toArray() // [0.5, 1]` */
export const div: BinaryOp = binary('div', L.div);
/**
 * a^b element-wise, broadcast. d/da = b·a^(b−1); d/db = a^b·ln a (taken as 0 where a = 0,
 * undefined — NaN — for a < 0). @example `pow(tensor([2, 3]), 2).toArray() // [4, 9]`
 */
export const pow: BinaryOp = binary('pow', L.pow);
/** max(a, b) element-wise; on ties the gradient is split ½–½. @example `maximum(tensor([1, 5]), 3).toArray() // [3, 5]` */
export const maximum: BinaryOp = binary('maximum', L.maximum);
/** min(a, b) element-wise; on ties the gradient is split ½–½. @example `minimum(tensor([1, 5]), 3).toArray() // [1, 3]` */
export const minimum: BinaryOp = binary('minimum', L.minimum);

/** 1 where a > b, else 0 (no gradient). @example `greater(tensor([1, 5]), 3).toArray() // [0, 1]` */
export const greater: BinaryOp = binary('greater', L.greater);
/** 1 where a ≥ b, else 0 (no gradient). @example `greaterEqual(tensor([3]), 3).toArray() // [1]` */
export const greaterEqual: BinaryOp = binary('greaterEqual', L.greaterEqual);
/** 1 where a < b, else 0 (no gradient). @example `less(tensor([1, 5]), 3).toArray() // [1, 0]` */
export const less: BinaryOp = binary('less', L.less);
/** 1 where a ≤ b, else 0 (no gradient). @example `lessEqual(tensor([3]), 3).toArray() // [1]` */
export const lessEqual: BinaryOp = binary('lessEqual', L.lessEqual);
/** 1 where a = b, else 0 (no gradient). @example `equal(tensor([1, 3]), 3).toArray() // [0, 1]` */
export const equal: BinaryOp = binary('equal', L.equal);
/** 1 where a ≠ b, else 0 (no gradient). @example `notEqual(tensor([1, 3]), 3).toArray() // [1, 0]` */
export const notEqual: BinaryOp = binary('notEqual', L.notEqual);

/** −x. @example `neg(tensor([1, -2])).toArray() // [-1, 2]` */
export const neg: UnaryOp = unary('neg', L.neg);
/** |x|; derivative sign(x), 0 at x = 0. @example `abs(tensor([-2])).toArray() // [2]` */
export const abs: UnaryOp = unary('abs', L.abs);
/** √x; derivative 1/(2√x) (infinite at 0). @example `sqrt(tensor([4])).toArray() // [2]` */
export const sqrt: UnaryOp = unary('sqrt', L.sqrt);
/** x². @example `square(tensor([3])).toArray() // [9]` */
export const square: UnaryOp = unary('square', (x) => L.mul(x, x));
/** eˣ. @example `exp(tensor([0])).toArray() // [1]` */
export const exp: UnaryOp = unary('exp', L.exp);
/** ln x (NaN for x < 0, −∞ at 0). @example `log(tensor([1])).toArray() // [0]` */
export const log: UnaryOp = unary('log', L.log);
/** tanh x; derivative 1 − tanh². @example `tanh(tensor([0])).toArray() // [0]` */
export const tanh: UnaryOp = unary('tanh', L.tanh);
/**
 * σ(x) = 1/(1 + e⁻ˣ), computed without overflow for large |x|; derivative σ(1 − σ) ≤ 1/4.
 * @example `sigmoid(tensor([0])).toArray() // [0.5]`
 */
export const sigmoid: UnaryOp = unary('sigmoid', L.sigmoid);
/** max(x, 0); derivative 1 for x > 0, 0 otherwise (0 at the kink). @example `relu(tensor([-1, 2])).toArray() // [0, 2]` */
export const relu: UnaryOp = unary('relu', L.relu);
/** sin x. @example `sin(tensor([0])).toArray() // [0]` */
export const sin: UnaryOp = unary('sin', L.sin);
/** cos x. @example `cos(tensor([0])).toArray() // [1]` */
export const cos: UnaryOp = unary('cos', L.cos);
/** −1, 0 or 1 by the sign of x (no gradient). @example `sign(tensor([-3, 0, 2])).toArray() // [-1, 0, 1]` */
export const sign: UnaryOp = unary('sign', L.sign);

/**
 * Limits x to [lo, hi]: `minimum(maximum(x, lo), hi)`. The gradient is 1 inside, 0 outside,
 * ½ exactly on an edge.
 * @throws ValueError when lo > hi, or either is NaN or not a number.
 * @example
 * ```ts
 * clip(tensor([-2, 0.5, 3]), -1, 1).toArray(); // [-1, 0.5, 1]
 * ```
 */
export function clip<S extends Shape>(x: Tensor<S>, lo: number, hi: number): Tensor<S> {
  const t = tensorArg('clip', x);
  numberArg('clip', lo, 'lo', false);
  numberArg('clip', hi, 'hi', false);
  for (const [name, b] of [['lo', lo], ['hi', hi]] as const) {
    if (Number.isNaN(b)) throw new ValueError(`clip: ${name} must not be NaN (use ±Infinity for no bound); got NaN`, { op: 'clip', arg: name });
  }
  if (lo > hi) throw new ValueError(`clip: lo must not exceed hi; got lo ${lo} and hi ${hi}`, { op: 'clip', arg: 'lo' });
  return L.minimum(L.maximum(t, lo), hi) as Tensor<S>;
}

/**
 * Picks `a` where `cond` is non-zero and `b` elsewhere, all three broadcast together.
 * `cond` gets no gradient.
 * @example
 * ```ts
 * where(tensor([1, 0]), tensor([1, 2]), 9).toArray(); // [1, 9]
 * ```
 */
export function where(cond: Tensor, a: Tensor | number, b: Tensor | number): Tensor {
  const c = tensorArg('where', cond, 'cond');
  const [x, y] =
    typeof a === 'number' && typeof b === 'number' ? [filledLike(c, [], a), filledLike(c, [], b)] : operands('where', a, b);
  sameDType('where', [c, x], ['cond', 'a']);
  broadcastShapes('where', broadcastShapes('where', c.shape, x.shape), y.shape);
  return L.where(c, x, y);
}
