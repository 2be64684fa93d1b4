/**
 * The brand that marks a tensor. A registered symbol (not `instanceof`) so that a tensor made
 * by the ESM build is recognised by the CommonJS build and vice versa, and so that low layers
 * can recognise tensors without importing the class.
 * @module
 */
import type { Tensor } from './tensor.js';

/** Symbol present (and true) on every tensor. */
export const TENSOR_BRAND: unique symbol = Symbol.for('gradscope.tensor') as never;

/**
 * True when `x` is a gradscope tensor.
 * @example
 * ```ts
 * isTensor(zeros([2])); // true
 * isTensor([0, 0]);     // false
 * ```
 */
export function isTensor(x: unknown): x is Tensor {
  return typeof x === 'object' && x !== null && (x as { [TENSOR_BRAND]?: unknown })[TENSOR_BRAND] === true;
}
