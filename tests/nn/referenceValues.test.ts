/**
 * Reference values: small cells with round weights whose outputs are derived by hand in the
 * comments. They pin PyTorch's layout (x·Wᵀ), the gate order and each cell's formula.
 */
import { describe, it, expect } from 'vitest';
import { GRUCell } from '../../src/nn/gruCell.js';
import { Linear } from '../../src/nn/linear.js';
import { LSTMCell } from '../../src/nn/lstmCell.js';
import { RNNCell } from '../../src/nn/rnnCell.js';
import { unroll } from '../../src/nn/cell.js';
import { tensor } from '../../src/tensor/creation.js';
import { TOL } from '../helpers/tolerances.js';

const ln2 = Math.log(2);
const ln3 = Math.log(3);
const close = (a: number[] | number, b: number[] | number): void => {
  const [x, y] = [[a].flat(), [b].flat()];
  expect(x.length).toBe(y.length);
  x.forEach((v, i) => expect(Math.abs(v - y[i]!)).toBeLessThanOrEqual(TOL.exact.atol + TOL.exact.rtol * Math.abs(y[i]!)));
};

describe('RNNCell by hand', () => {
  // I = 1, H = 2. x W_ihᵀ = [1·1, 1·2] = [1, 2]; h W_hhᵀ with W_hh = [[0, 1], [0, 0]] gives
  // [h·row 0, h·row 1] = [5, 0]; biases [0.5, −1] + [0.5, 0]: pre = [1 + 5 + 1, 2 + 0 − 1] = [7, 1].
  const params = {
    weightIh: tensor([[1], [2]]),
    weightHh: tensor([[0, 1], [0, 0]]),
    biasIh: tensor([0.5, -1]),
    biasHh: tensor([0.5, 0]),
  };
  const x = tensor([[1]]);
  const h = tensor([[3, 5]]);
  const cases = [
    ['identity', [7, 1]],
    ['relu', [7, 1]],
    ['tanh', [Math.tanh(7), Math.tanh(1)]],
    ['sigmoid', [1 / (1 + Math.exp(-7)), 1 / (1 + Math.exp(-1))]],
  ] as const;
  it.each(cases)('with %s gives act([7, 1])', (activation, expected) => {
    const cell = new RNNCell({ inputSize: 1, hiddenSize: 2, activation });
    cell.setParameters(params);
    close(Array.from(cell.step(x, { h }).h.data), [...expected]);
  });

  it('relu clips a negative pre-activation to 0', () => {
    const cell = new RNNCell({ inputSize: 1, hiddenSize: 2, activation: 'relu' });
    cell.setParameters(params);
    // x = −2: pre = [−2 + 5 + 1, −4 + 0 − 1] = [4, −5] → [4, 0]
    expect(cell.step(tensor([[-2]]), { h }).h.toArray()).toEqual([[4, 0]]);
  });

  it('without bias computes x W_ihᵀ + h W_hhᵀ only', () => {
    const cell = new RNNCell({ inputSize: 1, hiddenSize: 2, activation: 'identity', bias: false });
    cell.setParameters({ weightIh: params.weightIh, weightHh: params.weightHh });
    expect(cell.step(x, { h }).h.toArray()).toEqual([[6, 2]]);
    expect(Object.keys(cell.parameters())).toEqual(['weightIh', 'weightHh']);
  });

  it('unrolled, a linear RNN with w_rec = 1/2 halves the state each step', () => {
    // h_t = x_t + h_{t−1}/2 with x = 1, 0, 0: h = 1, 1/2, 1/4
    const cell = new RNNCell({ inputSize: 1, hiddenSize: 1, activation: 'identity', bias: false });
    cell.setParameters({ weightIh: tensor([[1]]), weightHh: tensor([[0.5]]) });
    const { outputs } = unroll(cell, tensor([[[1]], [[0]], [[0]]]));
    expect(outputs.map((o) => o.item())).toEqual([1, 0.5, 0.25]);
  });
});

describe('LSTMCell by hand', () => {
  // I = H = 1, x = 1, h = 1, c = 2. Rows i, f, g, o:
  // pre = W_ih·x + W_hh·h + b = [0, ln 3, ln 2, ln 3] (the o row from the two biases ln3/2 each)
  // i = σ(0) = 1/2, f = σ(ln 3) = 3/4, g = tanh(ln 2) = (2 − 1/2)/(2 + 1/2) = 3/5, o = 3/4
  // c = f·c + i·g = 3/2 + 3/10 = 1.8, h = o·tanh(c) = 0.75·tanh(1.8)
  it('follows gate order i, f, g, o: c = 1.8, h = 0.75·tanh(1.8)', () => {
    const cell = new LSTMCell({ inputSize: 1, hiddenSize: 1 });
    cell.setParameters({
      weightIh: tensor([[0], [ln3], [0], [0]]),
      weightHh: tensor([[0], [0], [ln2], [0]]),
      biasIh: tensor([0, 0, 0, ln3 / 2]),
      biasHh: tensor([0, 0, 0, ln3 / 2]),
    });
    const s = cell.step(tensor([[1]]), { h: tensor([[1]]), c: tensor([[2]]) });
    close(s.c.item(), 1.8);
    close(s.h.item(), 0.75 * Math.tanh(1.8));
  });

  // Without forget gate, rows i, g, o with pre = [0, ln 2, ln 3]: c = c + i·g = 2 + 0.3 = 2.3
  it('without forget gate keeps the cell state: c = 2 + 0.3, h = 0.75·tanh(2.3)', () => {
    const cell = new LSTMCell({ inputSize: 1, hiddenSize: 1, forgetGate: false });
    cell.setParameters({
      weightIh: tensor([[0], [ln2], [0]]),
      weightHh: tensor([[0], [0], [ln3]]),
      biasIh: tensor([0, 0, 0]),
      biasHh: tensor([0, 0, 0]),
    });
    const s = cell.step(tensor([[1]]), { h: tensor([[1]]), c: tensor([[2]]) });
    close(s.c.item(), 2.3);
    close(s.h.item(), 0.75 * Math.tanh(2.3));
  });

  it('starts from h = c = 0 and has two state parts', () => {
    const cell = new LSTMCell({ inputSize: 1, hiddenSize: 2 });
    const s = cell.initialState(3);
    expect(cell.stateKeys).toEqual(['h', 'c']);
    expect(s.h.toArray()).toEqual([[0, 0], [0, 0], [0, 0]]);
    expect(s.c.shape).toEqual([3, 2]);
  });
});

describe('GRUCell by hand', () => {
  // I = H = 1, x = 1, h = 0.5. Rows r, z, n:
  // r = σ(0 + 0) = 1/2, z = σ(ln 3) = 3/4,
  // n = tanh(W_in·x + b_in + r·(W_hn·h + b_hn)) = tanh(1 + 0.5 + 0.5·(2·0.5 + 1)) = tanh(2.5)
  // h' = (1 − z)·n + z·h = 0.25·tanh(2.5) + 0.375
  it('applies r to (W_hn h + b_hn), bias included: h = 0.25·tanh(2.5) + 0.375', () => {
    const cell = new GRUCell({ inputSize: 1, hiddenSize: 1 });
    cell.setParameters({
      weightIh: tensor([[0], [ln3], [1]]),
      weightHh: tensor([[0], [0], [2]]),
      biasIh: tensor([0, 0, 0.5]),
      biasHh: tensor([0, 0, 1]),
    });
    close(cell.step(tensor([[1]]), { h: tensor([[0.5]]) }).h.item(), 0.25 * Math.tanh(2.5) + 0.375);
  });
});

describe('Linear by hand', () => {
  // W = [[1, 2], [3, 4], [5, 6]], b = [0.5, −1, 0], x = [1, −1]:
  // x Wᵀ + b = [1 − 2 + 0.5, 3 − 4 − 1, 5 − 6 + 0] = [−0.5, −2, −1]
  const layer = new Linear({ inFeatures: 2, outFeatures: 3 });
  layer.setParameters({ weight: tensor([[1, 2], [3, 4], [5, 6]]), bias: tensor([0.5, -1, 0]) });

  it('computes x Wᵀ + b', () => {
    expect(layer.forward(tensor([[1, -1]])).toArray()).toEqual([[-0.5, -2, -1]]);
  });

  it('acts on the last axis of a [T, B, in] tensor', () => {
    const y = layer.forward(tensor([[[1, -1]], [[0, 1]]]));
    expect(y.shape).toEqual([2, 1, 3]);
    expect(y.toArray()).toEqual([[[-0.5, -2, -1]], [[2.5, 3, 6]]]);
  });

  it('without bias computes x Wᵀ', () => {
    const nb = new Linear({ inFeatures: 2, outFeatures: 1, bias: false });
    nb.setParameters({ weight: tensor([[2, 3]]) });
    expect(nb.forward(tensor([[1, 1]])).toArray()).toEqual([[5]]);
    expect(nb.bias).toBeUndefined();
  });
});
