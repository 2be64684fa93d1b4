import { describe, it, expect } from 'vitest';
import { toBeAllClose } from '../../src/arbitraries/index.js';
import { tensor } from '../../src/tensor/creation.js';
import type { Tensor } from '../../src/tensor/tensor.js';
import type { NestedInput } from '../../src/tensor/creation.js';
import type { AllCloseOptions } from '../../src/testing/allClose.js';

// the augmentation documented on toBeAllClose, checked here by the compiler
declare module 'vitest' {
  interface Assertion<T> {
    toBeAllClose(expected: Tensor | NestedInput, options?: AllCloseOptions): T;
  }
}

expect.extend({ toBeAllClose });

describe('toBeAllClose', () => {
  it('passes within atol + rtol·|expected| and fails outside', () => {
    expect(toBeAllClose(tensor([1, 2]), [1, 2 + 1e-9]).pass).toBe(true);
    expect(toBeAllClose(tensor([1, 2]), [1, 2.1]).pass).toBe(false);
    expect(toBeAllClose(tensor([100]), [100.5], { rtol: 1e-2, atol: 0 }).pass).toBe(true);
    expect(toBeAllClose(tensor([1e-3]), [0], { rtol: 0, atol: 1e-4 }).pass).toBe(false);
  });

  it('names the worst element in its failure message', () => {
    const r = toBeAllClose(tensor([[1, 2], [3, 4]]), [[1, 2], [3, 5]], { atol: 1e-6, rtol: 0 });
    expect(r.message()).toBe(
      'expected a float64 tensor of shape [2, 2] [[1,2],[3,4]] to be all close to [[1,2],[3,5]] (atol 0.000001 + rtol 0·|expected|); ' +
        'worst at index [1, 1]: got 4, expected 5 (max abs error 1, max rel error 0.2)',
    );
  });

  it('broadcasts, treats NaN as unequal unless equalNaN, and reports uncomparable values', () => {
    expect(toBeAllClose(tensor([[0, 0], [0, 0]]), 0).pass).toBe(true);
    expect(toBeAllClose(tensor([NaN]), [NaN]).pass).toBe(false);
    expect(toBeAllClose(tensor([NaN]), [NaN], { equalNaN: true }).pass).toBe(true);
    const r = toBeAllClose(tensor([1, 2, 3]), [1, 2]);
    expect(r.pass).toBe(false);
    expect(r.message()).toMatch(/cannot be compared: toBeAllClose: shapes do not broadcast; got \[3\] and \[2\]/);
    expect(toBeAllClose('x', [1]).message()).toMatch(/cannot be compared: toBeAllClose: actual must be a tensor/);
  });

  it('works through expect.extend, with .not', () => {
    expect(tensor([0.1 + 0.2])).toBeAllClose([0.3]);
    expect(tensor([1])).not.toBeAllClose([2]);
    expect(() => expect(tensor([1])).toBeAllClose([2])).toThrow(/worst at index \[0\]: got 1, expected 2/);
    expect(() => expect(tensor([1])).not.toBeAllClose([1])).toThrow(/not to be all close to \[1\]/);
  });

  it('rejects unknown option names', () => {
    expect(() => toBeAllClose(tensor([1]), [1], { tol: 1 } as never)).toThrow(/toBeAllClose: unknown option 'tol'/);
  });
});
