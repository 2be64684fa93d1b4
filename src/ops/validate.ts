/**
 * Argument checks shared by the public ops: each names the op and the argument at fault.
 * @module
 */
import { DTypeError, ValueError, describe } from '../errors.js';
import { isTensor } from '../tensor/brand.js';
import { filledLike } from '../tensor/construct.js';
import { broadcastShapes } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';

/** Returns `x` when it is a tensor, else throws a ValueError naming `op` and `arg`. */
export function tensorArg(op: string, x: unknown, arg = 'x'): Tensor {
  if (!isTensor(x)) throw new ValueError(`${op}: ${arg} must be a tensor; got ${describe(x)}`, { op, arg });
  return x;
}

/** Throws a DTypeError unless all tensors share a dtype. */
export function sameDType(op: string, xs: readonly Tensor[], names: readonly string[]): void {
  const d = xs[0]!.dtype;
  if (xs.every((x) => x.dtype === d)) return;
  const got = xs.map((x, i) => `${names[i] ?? `x${i}`} ${x.dtype}`).join(' and ');
  throw new DTypeError(`${op}: dtypes must match (cast with astype); got ${got}`, { op });
}

/** Checks a binary op's operands (tensors or numbers, one at least a tensor) and converts numbers. */
export function operands(op: string, a: unknown, b: unknown): [Tensor, Tensor] {
  const ta = isTensor(a);
  const tb = isTensor(b);
  if (!ta && typeof a !== 'number') throw new ValueError(`${op}: a must be a tensor or a number; got ${describe(a)}`, { op, arg: 'a' });
  if (!tb && typeof b !== 'number') throw new ValueError(`${op}: b must be a tensor or a number; got ${describe(b)}`, { op, arg: 'b' });
  if (!ta && !tb) throw new ValueError(`${op}: at least one operand must be a tensor; got ${describe(a)} and ${describe(b)}`, { op });
  const x = ta ? (a as Tensor) : filledLike(b as Tensor, [], a as number);
  const y = tb ? (b as Tensor) : filledLike(x, [], b as number);
  sameDType(op, [x, y], ['a', 'b']);
  broadcastShapes(op, x.shape, y.shape);
  return [x, y];
}

/** Checks that `v` is a finite number (or any number when `finite` is false). */
export function numberArg(op: string, v: unknown, arg: string, finite = true): number {
  if (typeof v !== 'number' || (finite && !Number.isFinite(v))) {
    throw new ValueError(`${op}: ${arg} must be a ${finite ? 'finite ' : ''}number; got ${describe(v)}`, { op, arg });
  }
  return v;
}

/** The most elements a public function agrees to allocate for one tensor (the engine's typed-array limit is near). */
export const MAX_ELEMENTS = 2 ** 31;

/** Throws a ValueError naming `op` when `what` would need more than {@link MAX_ELEMENTS} elements. */
export function checkElements(op: string, n: number, what: string): void {
  if (n > MAX_ELEMENTS) throw new ValueError(`${op}: ${what} would need ${n} elements, more than the ${MAX_ELEMENTS} gradscope allocates`, { op });
}

/** Checks that `v` is an integer in [min, max]. */
export function intArg(op: string, v: unknown, arg: string, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `≥ ${min}` : `in [${min}, ${max}]`;
    throw new ValueError(`${op}: ${arg} must be an integer ${range}; got ${describe(v)}`, { op, arg });
  }
  return v;
}
