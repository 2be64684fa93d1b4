/**
 * A closeness matcher for vitest and jest.
 * @module
 */
import { GradscopeError, describe } from '../errors.js';
import { isTensor } from '../tensor/brand.js';
import { checkOptions } from '../options.js';
import type { AllCloseOptions } from '../testing/allClose.js';
import { compareClose } from '../testing/allClose.js';
import type { NestedInput } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';

/** What a matcher returns to `expect`. */
export interface MatcherResult {
  readonly pass: boolean;
  readonly message: () => string;
}

function show(v: unknown): string {
  if (isTensor(v)) return v.size <= 12 ? `${describe(v)} ${JSON.stringify(v.toArray())}` : describe(v);
  if (typeof v === 'number' || Array.isArray(v)) return JSON.stringify(v);
  return describe(v);
}

/**
 * Matcher: `received` is close to `expected` element-wise, `|received − expected| ≤ atol +
 * rtol·|expected|` with NumPy broadcasting (see `allClose`). Either side may be a tensor, a
 * number or nested arrays. The failure message names the worst element.
 *
 * Register it with `expect.extend({ toBeAllClose })`, and tell TypeScript about it once, e.g. in
 * `vitest.d.ts` (for jest, augment `jest.Matchers<R>` the same way):
 * ```ts
 * import type { AllCloseOptions, Tensor, NestedInput } from 'gradscope';
 * declare module 'vitest' {
 *   interface Assertion<T> {
 *     toBeAllClose(expected: Tensor | NestedInput, options?: AllCloseOptions): T;
 *   }
 *   interface AsymmetricMatchersContaining {
 *     toBeAllClose(expected: Tensor | NestedInput, options?: AllCloseOptions): void;
 *   }
 * }
 * ```
 * @param received - the value under test.
 * @param expected - the reference value.
 * @param options - `rtol` (default 1e-5), `atol` (default 1e-8), `equalNaN` (default false).
 * @returns `{ pass, message }`; with `.not`, the message says that all elements were close.
 * @throws ValueError for an unknown option name.
 * @example
 * ```ts
 * expect.extend({ toBeAllClose });
 * expect(grad(f)(x)).toBeAllClose([2, 4], { atol: 1e-12 });
 * ```
 */
export function toBeAllClose(received: unknown, expected: Tensor | NestedInput, options: AllCloseOptions = {}): MatcherResult {
  checkOptions('toBeAllClose', options, ['rtol', 'atol', 'equalNaN']);
  const tol = `atol ${options.atol ?? 1e-8} + rtol ${options.rtol ?? 1e-5}·|expected|`;
  try {
    const r = compareClose(received as Tensor | NestedInput, expected, options, 'toBeAllClose');
    const where = `at index [${r.index.join(', ')}]: got ${r.actual}, expected ${r.expected}`;
    const errors = `max abs error ${r.maxAbsError}, max rel error ${r.maxRelError}`;
    return r.ok
      ? { pass: true, message: () => `expected ${show(received)} not to be all close to ${show(expected)} (${tol}), but it is (${errors})` }
      : { pass: false, message: () => `expected ${show(received)} to be all close to ${show(expected)} (${tol}); worst ${where} (${errors})` };
  } catch (e) {
    if (!(e instanceof GradscopeError)) throw e;
    return { pass: false, message: () => `expected ${show(received)} to be all close to ${show(expected)}, but they cannot be compared: ${e.message}` };
  }
}
