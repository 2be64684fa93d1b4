/**
 * A fast-check property that gradient-checks a function on drawn inputs.
 * @module
 */
import fc from 'fast-check';
import type { Arbitrary, IProperty } from 'fast-check';
import { ValueError, describe, fmtShape } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import type { CheckGradOptions } from '../testing/checkGrad.js';
import { checkGrad } from '../testing/checkGrad.js';
import { isArbitrary } from './check.js';

/**
 * A property, for `fc.assert`, that runs `checkGrad(f, inputs, options)` on drawn inputs and
 * fails with the worst mismatch (mode, input, element, analytic and numeric values) in its
 * message. fast-check then shrinks the inputs and prints the smallest failing case.
 * @param f - the function to check, of tensors, returning a tensor.
 * @param arbitraries - one arbitrary per input (e.g. `[tensor({ shape: [3] })]`), or one
 * arbitrary of the whole input list (e.g. `matmulPair()`).
 * @param options - `checkGrad` options: `eps`, `atol`, `rtol`, `mode`.
 * @returns a property over the drawn input list.
 * @throws ValueError when `f` is not a function or `arbitraries` is empty.
 * @example
 * ```ts
 * fc.assert(gradCheckProperty((x) => x.tanh().sum(), [tensor({ shape: [3] })]));
 * fc.assert(gradCheckProperty((a, b) => a.matmul(b), matmulPair()));
 * ```
 */
export function gradCheckProperty(
  f: (...inputs: Tensor[]) => Tensor,
  arbitraries: readonly Arbitrary<Tensor>[] | Arbitrary<readonly Tensor[]>,
  options: CheckGradOptions = {},
): IProperty<[readonly Tensor[]]> {
  const op = 'gradCheckProperty';
  if (typeof f !== 'function') throw new ValueError(`${op}: f must be a function; got ${describe(f)}`, { op, arg: 'f' });
  let inputs: Arbitrary<readonly Tensor[]>;
  if (Array.isArray(arbitraries)) {
    if (arbitraries.length === 0) throw new ValueError(`${op}: arbitraries must not be empty; got an array of length 0`, { op, arg: 'arbitraries' });
    arbitraries.forEach((a: unknown, i) => {
      if (!isArbitrary(a)) throw new ValueError(`${op}: arbitraries[${i}] must be a fast-check arbitrary; got ${describe(a)}`, { op, arg: 'arbitraries' });
    });
    inputs = fc.tuple(...(arbitraries as readonly Arbitrary<Tensor>[]));
  } else if (isArbitrary(arbitraries)) inputs = arbitraries as Arbitrary<readonly Tensor[]>;
  else throw new ValueError(`${op}: arbitraries must be an arbitrary of input lists or an array of tensor arbitraries; got ${describe(arbitraries)}`, { op, arg: 'arbitraries' });
  return fc.property(inputs, (xs) => {
    const r = checkGrad(f, xs, options);
    if (r.ok) return;
    const w = r.worst!;
    throw new ValueError(
      `${op}: ${w.mode}-mode derivative of output element ${w.outputIndex} with respect to input ${w.input} ` +
        `(shape ${fmtShape(xs[w.input]!.shape)}) element ${w.inputIndex}: analytic ${w.analytic}, numeric ${w.numeric}; ` +
        `max abs error ${r.maxAbsError}, max rel error ${r.maxRelError} over ${r.entries} entries`,
      { op },
    );
  });
}
