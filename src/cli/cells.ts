/**
 * Building the cells the command traces and trains from its options.
 * @module
 */
import type { Cell } from '../nn/cell.js';
import { GRUCell } from '../nn/gruCell.js';
import { LSTMCell } from '../nn/lstmCell.js';
import type { WeightHhInit } from '../nn/recurrent.js';
import type { RNNActivation } from '../nn/rnnCell.js';
import { RNNCell } from '../nn/rnnCell.js';

/** Which cell and how it is initialised. */
export interface CellSpec {
  readonly kind: 'rnn' | 'lstm' | 'gru';
  readonly activation: RNNActivation;
  readonly inputSize: number;
  readonly hiddenSize: number;
  readonly seed: number;
  readonly whhInit: WeightHhInit['init'];
  readonly whhScale: number;
  readonly forgetBias: number | undefined;
}

/** A cell built from a spec. */
export function buildCell(spec: CellSpec): Cell {
  const common = { inputSize: spec.inputSize, hiddenSize: spec.hiddenSize, seed: spec.seed, weightHh: { init: spec.whhInit, gain: spec.whhScale } };
  if (spec.kind === 'rnn') return new RNNCell({ ...common, activation: spec.activation });
  if (spec.kind === 'gru') return new GRUCell(common);
  return new LSTMCell(spec.forgetBias === undefined ? common : { ...common, forgetBias: spec.forgetBias });
}

/** A short human name: "sigmoid RNN", "LSTM (forget bias 3)". */
export function cellName(spec: CellSpec): string {
  if (spec.kind === 'rnn') return `${spec.activation} RNN`;
  if (spec.kind === 'gru') return 'GRU';
  return spec.forgetBias === undefined ? 'LSTM' : `LSTM (forget bias ${spec.forgetBias})`;
}
