/**
 * tasks.ts: the sine-wave inputs and targets against the definition (phases drawn from the
 * seed), copy-first-input's one-hot targets per sequence, float32 outputs, and every option
 * check with its message, op and arg.
 */
import { describe, it, expect } from 'vitest';
import { ValueError } from '../../src/errors.js';
import { addingProblem, copyFirstInput, sineWave } from '../../src/nn/tasks.js';
import { rng } from '../../src/tensor/rng.js';
import { expectError } from '../helpers/expectError.js';

describe('sineWave', () => {
  it('gives x_t = sin(ωt + φ) and target sin(ω(t + 1) + φ), φ ~ U(0, 2π) per sequence from the seed', () => {
    const T = 4;
    const B = 3;
    const omega = 0.7;
    const { inputs, targets } = sineWave({ T, batch: B, omega, seed: 9 });
    const g = rng(9);
    for (let b = 0; b < B; b++) {
      const phi = g.uniform(0, 2 * Math.PI);
      for (let t = 0; t < T; t++) {
        expect(inputs.get(t, b, 0)).toBeCloseTo(Math.sin(omega * t + phi), 14);
        expect(targets.get(t, b, 0)).toBeCloseTo(Math.sin(omega * (t + 1) + phi), 14);
      }
    }
  });

  it('is float32 when asked and checks T, omega, the size and the options record', () => {
    const r = sineWave({ T: 2, batch: 1, dtype: 'float32' });
    expect([r.inputs.dtype, r.targets.dtype]).toEqual(['float32', 'float32']);
    const op = 'sineWave';
    expectError(() => sineWave({ T: 0, batch: 1 }), ValueError, /^sineWave: T must be an integer ≥ 1; got 0$/, { op, arg: 'T' });
    expectError(() => sineWave({ T: 2, batch: 1, omega: NaN }), ValueError, /^sineWave: omega must be a finite number; got NaN$/, { op, arg: 'omega' });
    expectError(() => sineWave({ T: 2 ** 16, batch: 2 ** 16 }), ValueError, /^sineWave: the inputs would need 4294967296 elements/, { op });
  });
});

describe('copyFirstInput', () => {
  it('puts a one-hot code of each sequence label in the targets and in the first input', () => {
    const C = 3;
    const { inputs, targets, labels } = copyFirstInput({ lag: 2, batch: 6, classes: C, seed: 2 });
    for (let b = 0; b < 6; b++) {
      const k = labels.get(b);
      const row = Array.from({ length: C }, (_, c) => (c === k ? 1 : 0));
      expect(Array.from({ length: C }, (_, c) => targets.get(b, c))).toEqual(row);
      expect(Array.from({ length: C }, (_, c) => inputs.get(0, b, c))).toEqual(row);
    }
  });

  it('is float32 when asked and checks lag, classes, noise and the size', () => {
    const r = copyFirstInput({ lag: 1, batch: 1, dtype: 'float32' });
    expect([r.inputs.dtype, r.targets.dtype, r.labels.dtype]).toEqual(['float32', 'float32', 'float32']);
    const op = 'copyFirstInput';
    expectError(() => copyFirstInput({ lag: -1, batch: 1 }), ValueError, /^copyFirstInput: lag must be an integer ≥ 0; got -1$/, { op, arg: 'lag' });
    expectError(() => copyFirstInput({ lag: 1, batch: 1, classes: 1 }), ValueError, /^copyFirstInput: classes must be an integer ≥ 2; got 1$/, { op, arg: 'classes' });
    expectError(() => copyFirstInput({ lag: 1, batch: 1, noise: 'x' as never }), ValueError, /^copyFirstInput: noise must be a finite number; got "x"$/, { op, arg: 'noise' });
    expectError(() => copyFirstInput({ lag: 1, batch: 1, noise: -0.5 }), ValueError, /^copyFirstInput: noise must be ≥ 0; got -0.5$/, { op, arg: 'noise' });
    expectError(() => copyFirstInput({ lag: 2 ** 20 - 1, batch: 2 ** 10, classes: 4 }), ValueError, /^copyFirstInput: the inputs would need 4294967296 elements/, { op });
  });
});

describe('addingProblem', () => {
  it('is float32 when asked', () => {
    const r = addingProblem({ T: 2, batch: 1, dtype: 'float32' });
    expect([r.inputs.dtype, r.targets.dtype]).toEqual(['float32', 'float32']);
  });

  it('rejects a missing options record, an unknown option, a bad batch and an oversized task with their messages', () => {
    const op = 'addingProblem';
    expectError(() => addingProblem(undefined as never), ValueError, /^addingProblem: expects an options object; got undefined$/, { op, arg: 'options' });
    expectError(() => addingProblem({ T: 2, batch: 1, foo: 1 } as never), ValueError, /^addingProblem: unknown option 'foo'; expected one of 'batch', 'seed', 'dtype', 'T'$/, { op, arg: 'foo' });
    expectError(() => addingProblem({ T: 2, batch: 0 }), ValueError, /^addingProblem: batch must be an integer ≥ 1; got 0$/, { op, arg: 'batch' });
    // T·B·2 = 2³⁴ elements: refused before any allocation
    expectError(() => addingProblem({ T: 2 ** 17, batch: 2 ** 16 }), ValueError, /^addingProblem: the inputs would need 17179869184 elements/, { op });
  });
});
