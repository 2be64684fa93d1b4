/**
 * LSTM specifics: the 1997 cell path is exactly the identity, the forget bias keeps the cell
 * state, and a step's primitives carry gate labels on a tape.
 */
import { describe, it, expect } from 'vitest';
import { unfused } from '../../src/autodiff/bind.js';
import { GradientTape } from '../../src/autodiff/tape.js';
import { jacobian } from '../../src/autodiff/index.js';
import { unroll } from '../../src/nn/cell.js';
import { GRUCell } from '../../src/nn/gruCell.js';
import { LSTMCell } from '../../src/nn/lstmCell.js';
import { eye, randn } from '../../src/tensor/creation.js';

describe('LSTMCell', () => {
  it('without forget gate has ∂c_t/∂c_{t−1} = I exactly (h_{t−1} held fixed)', () => {
    const cell = new LSTMCell({ inputSize: 2, hiddenSize: 3, forgetGate: false, seed: 1 });
    const x = randn([1, 2], { seed: 2 });
    const h = randn([1, 3], { seed: 3 });
    const J = jacobian((c) => cell.step(x, { h, c }).c)(randn([1, 3], { seed: 4 }));
    expect(J.reshape([3, 3]).toArray()).toEqual(eye(3).toArray());
  });

  it('with forget gate has ∂c_t/∂c_{t−1} = diag(f), below 1', () => {
    const cell = new LSTMCell({ inputSize: 2, hiddenSize: 3, seed: 1 });
    const x = randn([1, 2], { seed: 2 });
    const h = randn([1, 3], { seed: 3 });
    const J = jacobian((c) => cell.step(x, { h, c }).c)(randn([1, 3], { seed: 4 })).reshape([3, 3]);
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) {
        if (i === j) expect(J.get(i, j) > 0 && J.get(i, j) < 1).toBe(true);
        else expect(J.get(i, j)).toBe(0);
      }
    }
  });

  it('with a large forget bias keeps the cell state nearly unchanged over a step', () => {
    const cell = new LSTMCell({ inputSize: 1, hiddenSize: 2, forgetBias: 20, seed: 0 });
    const c = randn([1, 2], { seed: 1 });
    const J = jacobian((u) => cell.step(randn([1, 1], { seed: 2 }), { h: randn([1, 2], { seed: 3 }), c: u }).c)(c).reshape([2, 2]);
    expect(Math.abs(J.get(0, 0) - 1)).toBeLessThan(1e-7);
    expect(Math.abs(J.get(1, 1) - 1)).toBeLessThan(1e-7);
  });

  it('labels its primitives on a tape when run op by op: step t / input gate, forget gate, cell gate, output gate, cell state, hidden state', () => {
    const cell = new LSTMCell({ inputSize: 1, hiddenSize: 2 });
    const tape = new GradientTape();
    unfused(() => tape.record(() => unroll(cell, randn([2, 1, 1], { seed: 1 }))));
    const labels = new Set(tape.records.map((r) => r.label));
    for (const g of ['input gate', 'forget gate', 'cell gate', 'output gate', 'cell state', 'hidden state']) {
      expect(labels.has(`step 2 / ${g}`)).toBe(true);
    }
  });
});

describe('GRUCell labels', () => {
  it('names the reset, update and new gates when run op by op', () => {
    const tape = new GradientTape();
    unfused(() => tape.record(() => unroll(new GRUCell({ inputSize: 1, hiddenSize: 2 }), randn([1, 1, 1], { seed: 1 }))));
    const labels = new Set(tape.records.map((r) => r.label));
    for (const g of ['reset gate', 'update gate', 'new gate', 'hidden state']) expect(labels.has(`step 1 / ${g}`)).toBe(true);
  });
});
