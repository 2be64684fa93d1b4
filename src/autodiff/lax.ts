/**
 * Unchecked primitive calls: each function binds one primitive. Public ops validate and then
 * call these; derivative rules receive this module as `L` and are written with it. Numbers
 * stand for scalars of the other operand's dtype.
 * @module
 */
import type { DType } from '../tensor/dtype.js';
import { filledLike as filled } from '../tensor/construct.js';
import type { Shape } from '../tensor/shape.js';
import { sameShape } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { bind } from './bind.js';
import type { Primitive } from './primitive.js';
import { primitives as P } from './registry.js';

type Operand = Tensor | number;

/** A constant tensor like `proto` (its dtype and class), of `shape` (default: proto's). */
export function filledLike(proto: Tensor, value: number, shape: Shape = proto.shape): Tensor {
  return filled(proto, shape, value);
}

function pair(a: Operand, b: Operand): [Tensor, Tensor] {
  if (typeof a === 'number') return [filled(b as Tensor, [], a), b as Tensor];
  if (typeof b === 'number') return [a, filled(a, [], b)];
  return [a, b];
}

type Unary = (x: Tensor) => Tensor;
type Binary = (a: Operand, b: Operand) => Tensor;
const un = (p: Primitive<null>): Unary => (x) => bind(p, [x], null);
const bin = (p: Primitive<null>): Binary => (a, b) => bind(p, pair(a, b), null);

export const neg: Unary = un(P.neg);
export const abs: Unary = un(P.abs);
export const sqrt: Unary = un(P.sqrt);
export const exp: Unary = un(P.exp);
export const log: Unary = un(P.log);
export const tanh: Unary = un(P.tanh);
export const sigmoid: Unary = un(P.sigmoid);
export const relu: Unary = un(P.relu);
export const sin: Unary = un(P.sin);
export const cos: Unary = un(P.cos);
export const sign: Unary = un(P.sign);
export const identity: Unary = (x) => bind(P.identity, [x], null);
export const stopGradient: Unary = (x) => bind(P.stopGradient, [x], null);

export const add: Binary = bin(P.add);
export const sub: Binary = bin(P.sub);
export const mul: Binary = bin(P.mul);
export const div: Binary = bin(P.div);
export const pow: Binary = bin(P.pow);
export const maximum: Binary = bin(P.maximum);
export const minimum: Binary = bin(P.minimum);
export const greater: Binary = bin(P.greater);
export const greaterEqual: Binary = bin(P.greaterEqual);
export const less: Binary = bin(P.less);
export const lessEqual: Binary = bin(P.lessEqual);
export const equal: Binary = bin(P.equal);
export const notEqual: Binary = bin(P.notEqual);

export function where(c: Tensor, a: Operand, b: Operand): Tensor {
  const [x, y] = pair(a, b);
  return bind(P.where, [c, x, y], null);
}

export function sum(x: Tensor, axes: readonly number[], keepDims = false): Tensor {
  return bind(P.sum, [x], { axes, keepDims });
}
export function max(x: Tensor, axes: readonly number[], keepDims = false): Tensor {
  return bind(P.max, [x], { axes, keepDims });
}
export function matmul(a: Tensor, b: Tensor, ta = false, tb = false): Tensor {
  return bind(P.matmul, [a, b], { ta, tb });
}
export function reshape(x: Tensor, shape: Shape): Tensor {
  return sameShape(x.shape, shape) ? x : bind(P.reshape, [x], { shape });
}
export function permute(x: Tensor, perm: readonly number[]): Tensor {
  return perm.every((p, k) => p === k) ? x : bind(P.permute, [x], { perm });
}
export function broadcastTo(x: Tensor, shape: Shape): Tensor {
  return sameShape(x.shape, shape) ? x : bind(P.broadcastTo, [x], { shape });
}
export function slice(x: Tensor, begin: readonly number[], shape: Shape): Tensor {
  return sameShape(x.shape, shape) ? x : bind(P.slice, [x], { begin, shape });
}
export function pad(x: Tensor, begin: readonly number[], shape: Shape): Tensor {
  return sameShape(x.shape, shape) ? x : bind(P.pad, [x], { begin, shape });
}
export function concat(xs: readonly Tensor[], axis: number): Tensor {
  return xs.length === 1 ? xs[0]! : bind(P.concat, xs, { axis });
}
export function astype(x: Tensor, dtype: DType): Tensor {
  return x.dtype === dtype ? x : bind(P.astype, [x], { dtype });
}

/** x[index] along axis 0, sharing storage: `[P, ...rest]` → `[...rest]`. */
export function part(x: Tensor, index: number): Tensor {
  return bind(P.part, [x], { index });
}

/** Activation of a fused RNN step. */
export type StepActivation = 'tanh' | 'sigmoid' | 'relu' | 'identity';

/** One fused RNN step `act(x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh)` → `[B, H]` (biases optional together). */
export function rnnStep(x: Tensor, h: Tensor, wIh: Tensor, wHh: Tensor, bIh: Tensor | undefined, bHh: Tensor | undefined, act: StepActivation): Tensor {
  const inputs = bIh && bHh ? [x, h, wIh, wHh, bIh, bHh] : [x, h, wIh, wHh];
  return bind(P.rnnStep, inputs, { act });
}

/** One fused LSTM step → packed `[c′, i, (f,) g, o]`, `[1 + G, B, H]`. */
export function lstmStep(x: Tensor, h: Tensor, c: Tensor, wIh: Tensor, wHh: Tensor, bIh: Tensor, bHh: Tensor, forget: boolean): Tensor {
  return bind(P.lstmStep, [x, h, c, wIh, wHh, bIh, bHh], { forget });
}

/** h′ = o⊙tanh(c′) from the packed gates of {@link lstmStep} and c′ → `[B, H]`. */
export function lstmHidden(gates: Tensor, c: Tensor): Tensor {
  return bind(P.lstmHidden, [gates, c], null);
}

/** One fused GRU step → packed `[h′, r, z, n, gh_n]`, `[5, B, H]`. */
export function gruStep(x: Tensor, h: Tensor, wIh: Tensor, wHh: Tensor, bIh: Tensor, bHh: Tensor): Tensor {
  return bind(P.gruStep, [x, h, wIh, wHh, bIh, bHh], null);
}

/**
 * Reduces a cotangent `g` back to `shape`, undoing NumPy broadcasting: sums the leading axes
 * broadcasting added and the axes where `shape` has 1.
 */
export function unbroadcast(g: Tensor, shape: Shape): Tensor {
  if (sameShape(g.shape, shape)) return g;
  const lead = g.shape.length - shape.length;
  const axes: number[] = [];
  for (let k = 0; k < g.shape.length; k++) {
    if (k < lead || (shape[k - lead] === 1 && g.shape[k] !== 1)) axes.push(k);
  }
  return reshape(sum(g, axes, false), shape);
}
