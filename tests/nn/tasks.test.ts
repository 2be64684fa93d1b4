/**
 * The task generators: shapes, determinism, and the defining property of each task.
 */
import { describe, it, expect } from 'vitest';
import { ValueError } from '../../src/errors.js';
import { addingProblem, copyFirstInput, sineWave } from '../../src/nn/tasks.js';

describe('addingProblem', () => {
  const T = 12;
  const B = 50;
  const { inputs, targets } = addingProblem({ T, batch: B, seed: 3 });

  it('returns inputs [T, B, 2] and targets [B, 1]', () => {
    expect(inputs.shape).toEqual([T, B, 2]);
    expect(targets.shape).toEqual([B, 1]);
  });

  it('marks exactly two steps per sequence, one in each half, and the target is the sum of their values', () => {
    for (let b = 0; b < B; b++) {
      const marked: number[] = [];
      for (let t = 0; t < T; t++) {
        const v = inputs.get(t, b, 0);
        expect(v >= 0 && v < 1).toBe(true);
        const m = inputs.get(t, b, 1);
        expect(m === 0 || m === 1).toBe(true);
        if (m === 1) marked.push(t);
      }
      expect(marked.length).toBe(2);
      expect(marked[0]!).toBeLessThan(T / 2);
      expect(marked[1]!).toBeGreaterThanOrEqual(T / 2);
      expect(targets.get(b, 0)).toBe(inputs.get(marked[0]!, b, 0) + inputs.get(marked[1]!, b, 0));
    }
  });

  it('has a baseline MSE near 1/6 for predicting 1', () => {
    const big = addingProblem({ T: 4, batch: 20000, seed: 1 }).targets;
    const mse = Array.from(big.data).reduce((s, y) => s + (y - 1) ** 2, 0) / big.size;
    expect(Math.abs(mse - 1 / 6)).toBeLessThan(0.01);
  });

  it('is the same batch for the same seed and another for another seed', () => {
    expect(addingProblem({ T, batch: B, seed: 3 }).inputs.toArray()).toEqual(inputs.toArray());
    expect(addingProblem({ T, batch: B, seed: 4 }).inputs.toArray()).not.toEqual(inputs.toArray());
  });

  it('rejects T < 2 and unknown options', () => {
    expect(() => addingProblem({ T: 1, batch: 2 })).toThrow(/T must be an integer ≥ 2; got 1/);
    expect(() => addingProblem({ T: 5, batch: 2, length: 3 } as never)).toThrow(ValueError);
  });
});

describe('copyFirstInput', () => {
  const { inputs, targets, labels } = copyFirstInput({ lag: 6, batch: 20, seed: 2, classes: 3 });

  it('returns inputs [lag + 1, B, C], one-hot targets [B, C] and labels [B]', () => {
    expect(inputs.shape).toEqual([7, 20, 3]);
    expect(targets.shape).toEqual([20, 3]);
    expect(labels.shape).toEqual([20]);
  });

  it('puts the one-hot class at t = 0 and noise after it', () => {
    for (let b = 0; b < 20; b++) {
      const k = labels.get(b);
      expect(Number.isInteger(k) && k >= 0 && k < 3).toBe(true);
      for (let c = 0; c < 3; c++) {
        expect(inputs.get(0, b, c)).toBe(c === k ? 1 : 0);
        expect(targets.get(b, c)).toBe(c === k ? 1 : 0);
      }
    }
    const later = Array.from(inputs.data.slice(20 * 3));
    expect(later.every((v) => Math.abs(v) < 1)).toBe(true);
    expect(later.some((v) => v !== 0)).toBe(true);
  });

  it('uses every class and is deterministic per seed', () => {
    expect(new Set(Array.from(labels.data)).size).toBe(3);
    expect(copyFirstInput({ lag: 6, batch: 20, seed: 2, classes: 3 }).inputs.toArray()).toEqual(inputs.toArray());
  });

  it('with noise 0 is silent after t = 0', () => {
    const x = copyFirstInput({ lag: 3, batch: 2, noise: 0 }).inputs;
    expect(Array.from(x.data.slice(2 * 4)).every((v) => v === 0)).toBe(true);
  });
});

describe('sineWave', () => {
  const { inputs, targets } = sineWave({ T: 30, batch: 4, seed: 1, omega: 0.3 });

  it('returns inputs and targets [T, B, 1], the target being the next input', () => {
    expect(inputs.shape).toEqual([30, 4, 1]);
    expect(targets.shape).toEqual([30, 4, 1]);
    for (let t = 0; t < 29; t++) for (let b = 0; b < 4; b++) expect(targets.get(t, b, 0)).toBeCloseTo(inputs.get(t + 1, b, 0), 12);
  });

  it('is a sine of frequency ω: x_{t+1} + x_{t−1} = 2 cos ω · x_t', () => {
    for (let t = 1; t < 29; t++) expect(inputs.get(t + 1, 2, 0) + inputs.get(t - 1, 2, 0)).toBeCloseTo(2 * Math.cos(0.3) * inputs.get(t, 2, 0), 12);
  });

  it('draws a different phase per sequence, the same for the same seed', () => {
    expect(inputs.get(0, 0, 0)).not.toBe(inputs.get(0, 1, 0));
    expect(sineWave({ T: 30, batch: 4, seed: 1, omega: 0.3 }).inputs.toArray()).toEqual(inputs.toArray());
  });
});
