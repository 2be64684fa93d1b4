/**
 * Functional transforms over the tape and the forward-mode trace: grad, valueAndGrad, vjp and
 * jvp (jacobian and hessian are in jacobian.ts, stopGradient and customGradient in
 * customGradient.ts). Arguments may be tensors or trees (arrays / plain records) of tensors.
 * @module
 */
import { ShapeError, TapeError, ValueError, describe, fmtShape } from '../errors.js';
import { checkOptions } from '../options.js';
import { isTensor } from '../tensor/brand.js';
import { like } from '../tensor/construct.js';
import { sameShape } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { observe, untraced, withTrace } from './bind.js';
import { JvpTrace } from './forward.js';
import * as L from './lax.js';
import type { Primitive } from './primitive.js';
import { GradientTape } from './tape.js';
import type { TensorTree } from './tree.js';
import { flatten, unflatten } from './tree.js';

/** Which arguments to differentiate: one index, or several. */
export type Argnums = number | readonly number[];

/** Options of {@link grad} and {@link valueAndGrad}. */
export interface GradOptions<N extends Argnums = 0> {
  /**
   * Argument(s) to differentiate with respect to.
   * @defaultValue 0
   */
  readonly argnums?: N;
  /**
   * What an argument that the output does not depend on gets: zeros, or a TapeError.
   * @defaultValue 'zero'
   */
  readonly unconnected?: 'zero' | 'error';
}

/** The gradient(s) `grad` returns: the structure of argument N, or a tuple for several. */
export type GradResult<A extends readonly unknown[], N extends Argnums> = N extends number
  ? A[N]
  : { -readonly [K in keyof N]: A[N[K] & number] };

/** A function of the transform's arguments returning a tensor. */
export type Fn<A extends readonly unknown[]> = (...args: A) => Tensor;

/** Throws a ValueError unless `f` is a function. */
export function checkFn(op: string, f: unknown): void {
  if (typeof f !== 'function') throw new ValueError(`${op}: f must be a function; got ${describe(f)}`, { op, arg: 'f' });
}

function checkUnconnected(op: string, unconnected: unknown): void {
  if (unconnected !== undefined && unconnected !== 'zero' && unconnected !== 'error') {
    throw new ValueError(`${op}: unconnected must be 'zero' or 'error'; got ${describe(unconnected)}`, { op, arg: 'unconnected' });
  }
}

/** Checks argnums against the number of arguments; returns them as a list. */
export function checkArgnums(op: string, argnums: Argnums, nargs: number): number[] {
  const list = typeof argnums === 'number' ? [argnums] : Array.isArray(argnums) ? [...argnums] : null;
  if (list === null || list.length === 0 || list.some((n) => !Number.isInteger(n) || n < 0 || n >= nargs)) {
    throw new ValueError(`${op}: argnums must be argument indices in [0, ${nargs - 1}]; got ${describe(argnums)}`, {
      op,
      arg: 'argnums',
    });
  }
  return list;
}

/** Each leaf replaced by an identity node, so every argument position is a distinct source. */
function fresh<T>(op: string, tree: T, arg: string): T {
  return unflatten(tree, flatten(op, tree, arg).map((x) => L.identity(x)));
}

function valueAndGradImpl<A extends readonly unknown[], N extends Argnums>(
  op: string,
  f: Fn<A>,
  options: GradOptions<N>,
  args: A,
): [Tensor, GradResult<A, N>] {
  const nums = checkArgnums(op, options.argnums ?? 0, args.length);
  const tape = new GradientTape();
  const wrapped = [...args];
  const value = tape.record(() => {
    for (const n of nums) wrapped[n] = fresh(op, args[n], `argument ${n}`);
    return f(...(wrapped as unknown as A));
  });
  if (!isTensor(value)) throw new ValueError(`${op}: f must return a scalar tensor; got ${describe(value)}`, { op, arg: 'f' });
  if (value.size !== 1) {
    throw new TapeError(`${op}: f must return a scalar; got shape ${fmtShape(value.shape)}; use vjp or jacobian for other outputs`, {
      op,
      shapes: [value.shape],
    });
  }
  const sources = nums.map((n) => wrapped[n] as TensorTree);
  let grads: TensorTree[];
  try {
    grads = tape.gradient(value, sources, { unconnected: options.unconnected ?? 'zero' });
  } catch (e) {
    if (e instanceof TapeError && e.arg === 'sources') {
      throw new TapeError(`${op}: the output does not depend on an argument in argnums [${nums.join(', ')}]; check that f uses it`, { op, arg: 'argnums' });
    }
    throw e;
  }
  const result = (typeof (options.argnums ?? 0) === 'number' ? grads[0] : grads) as GradResult<A, N>;
  return [value, result];
}

/**
 * The gradient of a scalar function: `grad(f)(x)` = ∂f/∂x, with the shape (or tree
 * structure) of x.
 * @param f - returns a scalar tensor.
 * @param options - `argnums` picks the argument(s); several give a tuple.
 * @returns a function of the same arguments returning the gradient(s).
 * @throws TapeError when f's output is not a scalar.
 * @example
 * ```ts
 * const f = (x: Tensor) => x.mul(x).sum();
 * grad(f)(tensor([1, 2])).toArray(); // [2, 4]
 * ```
 */
export function grad<const N extends Argnums = 0>(
  f: (x: Tensor, ...rest: Tensor[]) => Tensor,
  options?: GradOptions<N>,
): (x: Tensor, ...rest: Tensor[]) => GradResult<Tensor[], NoInfer<N>>;
export function grad<A extends readonly unknown[], const N extends Argnums = 0>(
  f: Fn<A>,
  options?: GradOptions<N>,
): (...args: A) => GradResult<A, NoInfer<N>>;
export function grad<A extends readonly unknown[], const N extends Argnums = 0>(
  f: Fn<A>,
  options: GradOptions<N> = {},
): (...args: A) => GradResult<A, N> {
  checkFn('grad', f);
  checkOptions('grad', options, ['argnums', 'unconnected']);
  checkUnconnected('grad', options.unconnected);
  return (...args) => valueAndGradImpl('grad', f, options, args)[1];
}

/**
 * Like {@link grad}, returning `[value, gradient]` from one forward and one backward pass.
 * @example
 * ```ts
 * const [v, g] = valueAndGrad((x: Tensor) => x.square().sum())(tensor([3]));
 * v.item(); // 9
 * g.toArray(); // [6]
 * ```
 */
export function valueAndGrad<const N extends Argnums = 0>(
  f: (x: Tensor, ...rest: Tensor[]) => Tensor,
  options?: GradOptions<N>,
): (x: Tensor, ...rest: Tensor[]) => [Tensor, GradResult<Tensor[], NoInfer<N>>];
export function valueAndGrad<A extends readonly unknown[], const N extends Argnums = 0>(
  f: Fn<A>,
  options?: GradOptions<N>,
): (...args: A) => [Tensor, GradResult<A, NoInfer<N>>];
export function valueAndGrad<A extends readonly unknown[], const N extends Argnums = 0>(
  f: Fn<A>,
  options: GradOptions<N> = {},
): (...args: A) => [Tensor, GradResult<A, N>] {
  checkFn('valueAndGrad', f);
  checkOptions('valueAndGrad', options, ['argnums', 'unconnected']);
  checkUnconnected('valueAndGrad', options.unconnected);
  return (...args) => valueAndGradImpl('valueAndGrad', f, options, args);
}

/**
 * Reverse mode: the value of `f(...primals)` and a pullback mapping an output cotangent
 * (shape of the value) to one cotangent per primal (each of its primal's structure).
 * The pullback can be called many times.
 * @example
 * ```ts
 * const [y, pullback] = vjp((x: Tensor) => x.mul(2), tensor([1, 2]));
 * pullback(tensor([1, 1]))[0].toArray(); // [2, 2]
 * ```
 */
export function vjp<A extends readonly TensorTree[]>(
  f: (...primals: A) => Tensor,
  ...primals: A
): [Tensor, (ct: Tensor) => { -readonly [K in keyof A]: A[K] }] {
  checkFn('vjp', f);
  const tape = new GradientTape({ persistent: true });
  let wrapped: A = primals;
  const value = tape.record(() => {
    wrapped = primals.map((p, i) => fresh('vjp', p, `primal ${i}`)) as unknown as A;
    return f(...wrapped);
  });
  if (!isTensor(value)) throw new ValueError(`vjp: f must return a tensor; got ${describe(value)}`, { op: 'vjp', arg: 'f' });
  const pullback = (ct: Tensor) => {
    if (!isTensor(ct) || !sameShape(ct.shape, value.shape) || ct.dtype !== value.dtype) {
      throw new ShapeError(`vjp: the cotangent must have the output's dtype and shape (${value.dtype} ${fmtShape(value.shape)}); got ${describe(ct)}`, {
        op: 'vjp',
        arg: 'ct',
      });
    }
    return tape.gradient(value, [...wrapped] as TensorTree[], { outputGradient: ct }) as unknown as { -readonly [K in keyof A]: A[K] };
  };
  return [value, pullback];
}

/**
 * Forward mode: the value of `f(...primals)` and its directional derivative along `tangents`
 * (one per primal, same structure, shapes and dtypes), from the primitives' jvp rules.
 * @example
 * ```ts
 * const [y, dy] = jvp((x: Tensor) => x.square(), [tensor([3])], [tensor([1])]);
 * dy.item(); // 6
 * ```
 */
export function jvp<A extends readonly TensorTree[]>(
  f: (...primals: A) => Tensor,
  primals: A,
  tangents: { readonly [K in keyof A]: A[K] },
): [Tensor, Tensor] {
  checkFn('jvp', f);
  if (!Array.isArray(primals) || !Array.isArray(tangents) || primals.length !== tangents.length) {
    throw new ValueError(`jvp: primals and tangents must be arrays of the same length; got ${describe(primals)} and ${describe(tangents)}`, {
      op: 'jvp',
    });
  }
  const ps = flatten('jvp', primals, 'primals');
  const ts = flatten('jvp', tangents, 'tangents');
  if (ps.length !== ts.length) {
    throw new ValueError(`jvp: tangents must have the structure of primals; got ${ts.length} tensors for ${ps.length}`, { op: 'jvp', arg: 'tangents' });
  }
  ps.forEach((p, i) => {
    const t = ts[i]!;
    if (!sameShape(p.shape, t.shape) || p.dtype !== t.dtype) {
      throw new ShapeError(`jvp: tangent ${i} must match its primal (${p.dtype} ${fmtShape(p.shape)}); got ${describe(t)}`, {
        op: 'jvp',
        arg: 'tangents',
      });
    }
  });
  const trace = new JvpTrace();
  const value = withTrace(trace, () => {
    const leaves = ps.map((p, i) => {
      const w = L.identity(p);
      trace.seed(w, ts[i]!);
      return w;
    });
    return f(...(unflatten(primals, leaves) as unknown as A));
  });
  if (!isTensor(value)) throw new ValueError(`jvp: f must return a tensor; got ${describe(value)}`, { op: 'jvp', arg: 'f' });
  return [value, trace.tangentOf(value) ?? L.filledLike(value, 0)];
}
