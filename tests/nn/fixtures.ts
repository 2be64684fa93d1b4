/**
 * Shared fixtures of the nn tests: a table of small cells (every RNN activation, LSTM with and
 * without forget gate, GRU) and a scalar function of a cell's parameters, initial state and
 * inputs for gradient checks.
 */
import { GRUCell } from '../../src/nn/gruCell.js';
import { LSTMCell } from '../../src/nn/lstmCell.js';
import { RNNCell } from '../../src/nn/rnnCell.js';
import type { Cell, Params, State } from '../../src/nn/cell.js';
import { unroll } from '../../src/nn/cell.js';
import { randn } from '../../src/tensor/creation.js';
import type { Tensor } from '../../src/tensor/tensor.js';

/** A named way to build a small cell with I = 2, H = 3. */
export interface CellCase {
  readonly name: string;
  readonly make: (seed: number) => Cell & { setParameters(p: Params): void };
}

export const I = 2;
export const H = 3;
export const B = 2;

export const cellCases: readonly CellCase[] = [
  { name: 'RNN tanh', make: (seed) => new RNNCell({ inputSize: I, hiddenSize: H, activation: 'tanh', seed }) },
  { name: 'RNN sigmoid', make: (seed) => new RNNCell({ inputSize: I, hiddenSize: H, activation: 'sigmoid', seed }) },
  { name: 'RNN relu', make: (seed) => new RNNCell({ inputSize: I, hiddenSize: H, activation: 'relu', seed }) },
  { name: 'RNN identity', make: (seed) => new RNNCell({ inputSize: I, hiddenSize: H, activation: 'identity', seed }) },
  { name: 'RNN tanh without bias', make: (seed) => new RNNCell({ inputSize: I, hiddenSize: H, bias: false, seed }) },
  { name: 'LSTM', make: (seed) => new LSTMCell({ inputSize: I, hiddenSize: H, seed }) },
  { name: 'LSTM without forget gate', make: (seed) => new LSTMCell({ inputSize: I, hiddenSize: H, forgetGate: false, seed }) },
  { name: 'GRU', make: (seed) => new GRUCell({ inputSize: I, hiddenSize: H, seed }) },
];

/** Random state parts `[B, H]` for the cell's keys. */
export function randomState(cell: Cell, seed: number): State {
  const s: Record<string, Tensor> = {};
  cell.stateKeys.forEach((k, i) => (s[k] = randn([B, H], { seed: seed + i }).mul(0.5)));
  return s;
}

/**
 * The function a gradient check differentiates: its arguments are the cell's parameters (in
 * `parameters()` order), then the initial state parts (in `stateKeys` order), then the inputs
 * `[T, B, I]`; it returns Σ_k ⟨w_k, part_k of s_T⟩ + Σ_t ⟨u_t, h_t⟩ for fixed random weights.
 */
export function sequenceLoss(cell: Cell & { setParameters(p: Params): void }, T: number): (...args: Tensor[]) => Tensor {
  const names = Object.keys(cell.parameters());
  const w = randn([T + cell.stateKeys.length, B, H], { seed: 77 });
  return (...args: Tensor[]) => {
    const p: Record<string, Tensor> = {};
    names.forEach((n, i) => (p[n] = args[i]!));
    cell.setParameters(p);
    const s0: Record<string, Tensor> = {};
    cell.stateKeys.forEach((k, i) => (s0[k] = args[names.length + i]!));
    const inputs = args[names.length + cell.stateKeys.length]!;
    const { outputs, states } = unroll(cell, inputs, s0);
    let e = outputs[0]!.mul(w.slice([0], [1]).squeeze(0)).sum();
    outputs.slice(1).forEach((h, t) => (e = e.add(h.mul(w.slice([t + 1], [1]).squeeze(0)).sum())));
    cell.stateKeys.forEach((k, i) => (e = e.add(states[T]![k]!.mul(w.slice([T + i], [1]).squeeze(0)).sum())));
    return e;
  };
}

/** The arguments of {@link sequenceLoss} at the cell's current parameters. */
export function sequenceArgs(cell: Cell, T: number, seed: number): Tensor[] {
  const s0 = randomState(cell, seed);
  return [...Object.values(cell.parameters()), ...cell.stateKeys.map((k) => s0[k]!), randn([T, B, I], { seed: seed + 10 })];
}
