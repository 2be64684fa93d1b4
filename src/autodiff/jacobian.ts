/**
 * Full Jacobians and Hessians, by reverse mode (one pullback per output element) or forward
 * mode (one jvp per input element).
 * @module
 */
import { ValueError, describe } from '../errors.js';
import { checkOptions } from '../options.js';
import { isTensor } from '../tensor/brand.js';
import { like } from '../tensor/construct.js';
import type { Tensor } from '../tensor/tensor.js';
import { untraced } from './bind.js';
import * as L from './lax.js';
import type { Fn } from './transforms.js';
import { checkArgnums, checkFn, grad, jvp, vjp } from './transforms.js';

/** Options of {@link jacobian} and {@link hessian}. */
export interface JacobianOptions {
  /**
   * `'reverse'` (one backward pass per output element), `'forward'` (one jvp per input
   * element), or `'auto'`: reverse when the output has no more elements than the input.
   * @defaultValue 'auto'
   */
  readonly mode?: 'auto' | 'reverse' | 'forward';
  /**
   * The argument (a tensor) to differentiate with respect to.
   * @defaultValue 0
   */
  readonly argnums?: number;
}

/**
 * The full Jacobian of `f` at x, of shape `[...out, ...in]`: entry `[i…, j…]` = ∂out[i…]/∂x[j…].
 * @example
 * ```ts
 * jacobian((x: Tensor) => x.square())(tensor([1, 2])).toArray(); // [[2, 0], [0, 4]]
 * ```
 */
export function jacobian(f: (x: Tensor, ...rest: Tensor[]) => Tensor, options?: JacobianOptions): (x: Tensor, ...rest: Tensor[]) => Tensor;
export function jacobian<A extends readonly unknown[]>(f: Fn<A>, options?: JacobianOptions): (...args: A) => Tensor;
export function jacobian<A extends readonly unknown[]>(f: Fn<A>, options: JacobianOptions = {}): (...args: A) => Tensor {
  checkFn('jacobian', f);
  checkOptions('jacobian', options, ['mode', 'argnums']);
  const mode = options.mode ?? 'auto';
  if (mode !== 'auto' && mode !== 'reverse' && mode !== 'forward') {
    throw new ValueError(`jacobian: mode must be 'auto', 'reverse' or 'forward'; got ${describe(mode)}`, { op: 'jacobian', arg: 'mode' });
  }
  return (...args) => {
    const n = checkArgnums('jacobian', options.argnums ?? 0, args.length)[0]!;
    const x = args[n];
    if (!isTensor(x)) throw new ValueError(`jacobian: argument ${n} must be a tensor; got ${describe(x)}`, { op: 'jacobian', arg: `argument ${n}` });
    const g = (xi: Tensor): Tensor => {
      const a = [...args];
      a[n] = xi;
      const out: unknown = f(...(a as unknown as A));
      if (!isTensor(out)) throw new ValueError(`jacobian: f must return a tensor; got ${describe(out)}`, { op: 'jacobian', arg: 'f' });
      return out;
    };
    const [value, pullback] = vjpOrValue(g, x, mode);
    const useReverse = mode === 'reverse' || (mode === 'auto' && value.size <= x.size);
    if (useReverse) {
      const rows: Tensor[] = [];
      for (let i = 0; i < value.size; i++) rows.push(L.reshape(pullback!(oneHot(value, i))[0], [1, x.size]));
      return L.reshape(rows.length ? L.concat(rows, 0) : L.filledLike(x, 0, [0, x.size]), [...value.shape, ...x.shape]);
    }
    const cols: Tensor[] = [];
    for (let j = 0; j < x.size; j++) cols.push(L.reshape(jvp(g, [x], [oneHot(x, j)])[1], [value.size, 1]));
    return L.reshape(cols.length ? L.concat(cols, 1) : L.filledLike(x, 0, [value.size, 0]), [...value.shape, ...x.shape]);
  };
}

function vjpOrValue(g: (x: Tensor) => Tensor, x: Tensor, mode: string): [Tensor, ((ct: Tensor) => [Tensor]) | undefined] {
  if (mode === 'forward') return [untraced(() => g(x)), undefined];
  return vjp(g, x);
}

function oneHot(proto: Tensor, i: number): Tensor {
  const t = L.filledLike(proto, 0);
  const data = t.data.slice();
  data[i] = 1;
  return like(proto, data, proto.shape);
}

/**
 * The Hessian of a scalar function, shape `[...in, ...in]`, by forward mode over reverse mode.
 * @example
 * ```ts
 * hessian((x: Tensor) => x.pow(3).sum())(tensor([1, 2])).toArray(); // [[6, 0], [0, 12]]
 * ```
 */
export function hessian(f: (x: Tensor, ...rest: Tensor[]) => Tensor, options?: Omit<JacobianOptions, 'mode'>): (x: Tensor, ...rest: Tensor[]) => Tensor;
export function hessian<A extends readonly unknown[]>(f: Fn<A>, options?: Omit<JacobianOptions, 'mode'>): (...args: A) => Tensor;
export function hessian<A extends readonly unknown[]>(f: Fn<A>, options: Omit<JacobianOptions, 'mode'> = {}): (...args: A) => Tensor {
  checkFn('hessian', f);
  checkOptions('hessian', options, ['argnums']);
  const argnums = options.argnums ?? 0;
  // f and the arguments are checked here so that errors name hessian, not grad or jacobian.
  const scalarF = ((...a: A) => {
    const v: unknown = f(...a);
    if (!isTensor(v) || v.size !== 1) throw new ValueError(`hessian: f must return a scalar tensor; got ${describe(v)}`, { op: 'hessian', arg: 'f' });
    return v;
  }) as Fn<A>;
  const h = jacobian(grad(scalarF, { argnums }) as unknown as Fn<A>, { mode: 'forward', argnums });
  return (...args) => {
    const n = checkArgnums('hessian', argnums, args.length)[0]!;
    if (!isTensor(args[n])) throw new ValueError(`hessian: argument ${n} must be a tensor; got ${describe(args[n])}`, { op: 'hessian', arg: `argument ${n}` });
    return h(...args);
  };
}
