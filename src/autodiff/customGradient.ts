/**
 * Derivatives you decide: stopGradient (none) and customGradient (your vjp, and optionally
 * your jvp, for a function whose value gradscope computes).
 * @module
 */
import { ShapeError, ValueError, describe, fmtShape } from '../errors.js';
import { checkOptions } from '../options.js';
import { isTensor } from '../tensor/brand.js';
import { like } from '../tensor/construct.js';
import { sameShape } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { observe, untraced } from './bind.js';
import * as L from './lax.js';
import type { Primitive } from './primitive.js';
import { checkFn, jvp } from './transforms.js';

/**
 * The identity whose derivative is zero: gradients do not flow through it.
 * @example
 * ```ts
 * grad((x: Tensor) => stopGradient(x).mul(x).sum())(tensor([3])).item(); // 3
 * ```
 */
export function stopGradient<T extends Tensor>(x: T): T {
  if (!isTensor(x)) throw new ValueError(`stopGradient: x must be a tensor; got ${describe(x)}`, { op: 'stopGradient', arg: 'x' });
  return L.stopGradient(x) as T;
}

/** What a custom rule sees. */
export interface CustomRuleContext {
  readonly inputs: readonly Tensor[];
  readonly output: Tensor;
}

/** The rules of a {@link customGradient} function. */
export interface CustomRules {
  /** One cotangent per input (`null` for none), each of its input's shape. */
  vjp(ct: Tensor, ctx: CustomRuleContext): readonly (Tensor | null)[];
  /**
   * The output tangent from the input tangents (zeros where an input has none). When absent,
   * forward mode differentiates `fn` itself.
   */
  jvp?(tangents: readonly Tensor[], ctx: CustomRuleContext): Tensor;
}

/**
 * Wraps `fn` so that reverse mode uses your `vjp` rule instead of differentiating fn's body
 * (for numerical stability, a straight-through estimator, or gradient clipping inside a model).
 * @example
 * ```ts
 * const clipGrad = customGradient((x: Tensor) => x, { vjp: (ct) => [ct.clip(-1, 1)] });
 * grad((x: Tensor) => clipGrad(x).mul(10).sum())(tensor([0])).item(); // 1
 * ```
 */
export function customGradient<A extends readonly Tensor[]>(fn: (...xs: A) => Tensor, rules: CustomRules): (...xs: A) => Tensor {
  const op = 'customGradient';
  checkFn(op, fn);
  if (typeof rules !== 'object' || rules === null || typeof rules.vjp !== 'function') {
    throw new ValueError(`${op}: rules must be an object with a vjp function; got ${describe(rules)}`, { op, arg: 'rules' });
  }
  checkOptions(op, rules, ['vjp', 'jvp']);
  const name = `customGradient(${fn.name || 'anonymous'})`;
  return (...xs) => {
    xs.forEach((x, i) => {
      if (!isTensor(x)) throw new ValueError(`${name}: argument ${i} must be a tensor; got ${describe(x)}`, { op: name, arg: `argument ${i}` });
    });
    const raw = untraced(() => fn(...xs));
    if (!isTensor(raw)) throw new ValueError(`${name}: fn must return a tensor; got ${describe(raw)}`, { op: name, arg: 'fn' });
    const out = like(raw, raw.data, raw.shape);
    const prim: Primitive<null> = {
      name,
      inputs: xs.map((_, i) => `x${i}`),
      shape: () => out.shape,
      forward: () => out.data,
      vjp: (ct, ctx) => checkCustom(name, rules.vjp(ct, { inputs: ctx.inputs, output: ctx.ans }), ctx.inputs),
      jvp: (tans, ctx) => {
        const full = ctx.inputs.map((x, i) => tans[i] ?? L.filledLike(x, 0));
        if (rules.jvp) return rules.jvp(full, { inputs: ctx.inputs, output: ctx.ans });
        return jvp(fn as unknown as (...p: Tensor[]) => Tensor, [...ctx.inputs], full)[1];
      },
    };
    observe(prim, xs, null, out);
    return out;
  };
}

function checkCustom(name: string, grads: unknown, inputs: readonly Tensor[]): (Tensor | null)[] {
  if (!Array.isArray(grads) || grads.length !== inputs.length) {
    throw new ValueError(`${name}: vjp must return one cotangent per input (${inputs.length}); got ${describe(grads)}`, { op: name, arg: 'vjp' });
  }
  return grads.map((g: unknown, i) => {
    if (g === null) return null;
    const x = inputs[i]!;
    if (!isTensor(g) || !sameShape(g.shape, x.shape) || g.dtype !== x.dtype) {
      throw new ShapeError(`${name}: vjp cotangent ${i} must be a ${x.dtype} tensor of shape ${fmtShape(x.shape)}; got ${describe(g)}`, {
        op: name,
        arg: 'vjp',
      });
    }
    return g;
  });
}
