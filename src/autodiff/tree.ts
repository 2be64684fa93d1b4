/**
 * Trees of tensors: a tensor, an array of trees, or a plain record of trees (a parameter dict).
 * Transforms flatten arguments to their tensor leaves and rebuild results of the same structure.
 * @module
 */
import { ValueError, describe } from '../errors.js';
import { isTensor } from '../tensor/brand.js';
import type { Tensor } from '../tensor/tensor.js';

/** A tensor, or an array or plain record whose leaves are tensors. */
export type TensorTree = Tensor | readonly TensorTree[] | { readonly [key: string]: TensorTree };

/** The leaves of a tree, depth first, in key order. */
export function flatten(op: string, tree: unknown, arg: string, out: Tensor[] = []): Tensor[] {
  if (isTensor(tree)) out.push(tree);
  else if (Array.isArray(tree)) for (const t of tree) flatten(op, t, arg, out);
  else if (isPlainObject(tree)) for (const k of Object.keys(tree)) flatten(op, tree[k], arg, out);
  else {
    throw new ValueError(`${op}: ${arg} must be a tensor or an array or record of tensors; got ${describe(tree)}`, {
      op,
      arg,
    });
  }
  return out;
}

/** A tree of the same structure as `tree` with leaves taken in order from `leaves`. */
export function unflatten<T>(tree: T, leaves: readonly Tensor[]): T {
  let i = 0;
  const build = (t: unknown): unknown => {
    if (isTensor(t)) return leaves[i++];
    if (Array.isArray(t)) return t.map(build);
    const o = t as Record<string, unknown>;
    const r: Record<string, unknown> = {};
    for (const k of Object.keys(o)) r[k] = build(o[k]);
    return r;
  };
  return build(tree) as T;
}

function isPlainObject(x: unknown): x is Record<string, unknown> {
  if (typeof x !== 'object' || x === null) return false;
  const proto = Object.getPrototypeOf(x) as unknown;
  return proto === Object.prototype || proto === null;
}
