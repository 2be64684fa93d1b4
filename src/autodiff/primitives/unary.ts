/**
 * Element-wise unary primitives. Each is declared by its kernel and its derivative f′(x)
 * (written with ops, from x and the output); the vjp (ct·f′) and the jvp (tan·f′) both use it.
 * @module
 */
import { mapUnary, sigmoidScalar } from '../../tensor/kernels/elementwise.js';
import type { UnaryFn } from '../../tensor/kernels/elementwise.js';
import { alloc } from '../../tensor/dtype.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { Ops, Primitive } from '../primitive.js';

type Deriv = (x: Tensor, ans: Tensor, L: Ops) => Tensor;

function elementwise(name: string, fn: UnaryFn, deriv: Deriv): Primitive<null> {
  return {
    name,
    inputs: ['x'],
    shape: (s) => s[0]!,
    forward: ([x]) => {
      const out = alloc(x!.dtype, x!.size);
      mapUnary(x!.data, out, fn);
      return out;
    },
    vjp: (ct, { inputs: [x], ans }, L) => [L.mul(ct, deriv(x!, ans, L))],
    jvp: ([tan], { inputs: [x], ans }, L) => L.mul(tan!, deriv(x!, ans, L)),
  };
}

/** max(x, 0), keeping NaN (as PyTorch and JAX: a NaN must not turn into 0 unseen). */
function relu(x: number): number {
  return x > 0 || x !== x ? x : 0;
}
function sign(x: number): number {
  return x > 0 ? 1 : x < 0 ? -1 : x === 0 ? 0 : NaN;
}

export const unaryPrimitives = {
  neg: elementwise('neg', (x) => -x, (x, _, L) => L.filledLike(x, -1)),
  // d|x| = sign(x); at 0 the subgradient 0 is used (as PyTorch and JAX do).
  abs: elementwise('abs', Math.abs, (x, _, L) => L.sign(x)),
  // d√x = 1 / (2√x)
  sqrt: elementwise('sqrt', Math.sqrt, (_, ans, L) => L.div(0.5, ans)),
  exp: elementwise('exp', Math.exp, (_, ans) => ans),
  log: elementwise('log', Math.log, (x, _, L) => L.div(1, x)),
  // d tanh = 1 − tanh²
  tanh: elementwise('tanh', Math.tanh, (_, ans, L) => L.sub(1, L.mul(ans, ans))),
  // dσ = σ(1 − σ)
  sigmoid: elementwise('sigmoid', sigmoidScalar, (_, ans, L) => L.mul(ans, L.sub(1, ans))),
  // d relu = 1 for x > 0, else 0 (0 at the kink, as PyTorch)
  relu: elementwise('relu', relu, (x, _, L) => L.greater(x, 0)),
  sin: elementwise('sin', Math.sin, (x, _, L) => L.cos(x)),
  cos: elementwise('cos', Math.cos, (x, _, L) => L.neg(L.sin(x))),
  // sign is piecewise constant: derivative 0 everywhere it exists.
  sign: elementwise('sign', sign, (x, _, L) => L.filledLike(x, 0)),
} satisfies Record<string, Primitive<null>>;
