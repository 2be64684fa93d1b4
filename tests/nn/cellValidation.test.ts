/**
 * Cells validate at the edge: options, step inputs and states, dtypes, with messages that name
 * the expected shapes.
 */
import { describe, it, expect } from 'vitest';
import { DTypeError, GradscopeError, ShapeError, ValueError } from '../../src/errors.js';
import { unroll } from '../../src/nn/cell.js';
import { GRUCell } from '../../src/nn/gruCell.js';
import { Linear } from '../../src/nn/linear.js';
import { LSTMCell } from '../../src/nn/lstmCell.js';
import { RNNCell } from '../../src/nn/rnnCell.js';
import { randn, zeros } from '../../src/tensor/creation.js';

describe('cell options', () => {
  it('reject unknown options, bad sizes and a bad activation', () => {
    expect(() => new RNNCell({ inputSize: 2, hiddenSize: 3, nonlinearity: 'tanh' } as never)).toThrow(/RNNCell: unknown option 'nonlinearity'/);
    expect(() => new LSTMCell({ inputSize: 2, hiddenSize: 0 })).toThrow(/LSTMCell: hiddenSize must be an integer ≥ 1; got 0/);
    expect(() => new GRUCell({ inputSize: 1.5, hiddenSize: 2 })).toThrow(ValueError);
    expect(() => new RNNCell({ inputSize: 1, hiddenSize: 2, activation: 'softplus' as 'tanh' })).toThrow(/activation must be 'tanh', 'sigmoid', 'relu' or 'identity'; got "softplus"/);
    expect(() => new RNNCell(undefined as never)).toThrow(GradscopeError);
    expect(() => new Linear({ inFeatures: 2 } as never)).toThrow(/outFeatures must be an integer/);
    expect(() => new LSTMCell({ inputSize: 1, hiddenSize: 2, dtype: 'int8' as 'float32' })).toThrow(DTypeError);
  });
});

describe('step', () => {
  const cell = new LSTMCell({ inputSize: 2, hiddenSize: 3 });
  const s = cell.initialState(4);

  it('names the expected shape of x', () => {
    expect(() => cell.step(zeros([4, 5]), s)).toThrow(/LSTMCell.step: x must be \[B, I\] with I = 2; got a float64 tensor of shape \[4, 5\]/);
    expect(() => cell.step(zeros([2]), s)).toThrow(ShapeError);
  });

  it('names the expected shape of each state part and refuses unknown keys', () => {
    expect(() => cell.step(zeros([4, 2]), { h: s.h, c: zeros([4, 2]) })).toThrow(/state\.c must be \[B, H\] = \[4, 3\]; got a float64 tensor of shape \[4, 2\]/);
    expect(() => cell.step(zeros([4, 2]), { h: s.h } as never)).toThrow(/state\.c must be \[B, H\]/);
    expect(() => cell.step(zeros([4, 2]), { ...s, n: s.h } as never)).toThrow(/unknown key 'n'/);
    expect(() => cell.step(zeros([3, 2]), s)).toThrow(/= \[3, 3\]/);
  });

  it('refuses inputs of another dtype', () => {
    expect(() => cell.step(zeros([4, 2], { dtype: 'float32' }), s)).toThrow(/x must be float64 like the cell's weights/);
  });

  it('runs in float32 when the cell is float32', () => {
    const c32 = new GRUCell({ inputSize: 2, hiddenSize: 3, dtype: 'float32' });
    const { outputs } = unroll(c32, randn([3, 2, 2], { seed: 1, dtype: 'float32' }));
    expect(outputs[2]!.dtype).toBe('float32');
    expect(c32.initialState(2).h.dtype).toBe('float32');
  });

  it('initialState rejects a batch that is not a positive integer', () => {
    expect(() => new RNNCell({ inputSize: 1, hiddenSize: 1 }).initialState(0)).toThrow(/batch must be an integer ≥ 1; got 0/);
  });
});

describe('Linear.forward', () => {
  it('names the expected last axis and dtype', () => {
    const l = new Linear({ inFeatures: 3, outFeatures: 2 });
    expect(() => l.forward(zeros([2, 4]))).toThrow(/x must be \[\.\.\., in\] with in = 3; got a float64 tensor of shape \[2, 4\]/);
    expect(() => l.forward(zeros([2, 3], { dtype: 'float32' }))).toThrow(DTypeError);
  });
});
