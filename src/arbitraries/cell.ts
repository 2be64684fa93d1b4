/**
 * Arbitrary recurrent cells with seeded weights, and a knob for the recurrent weight's scale so
 * a property can ask for the vanishing or the exploding regime.
 * @module
 */
import fc from 'fast-check';
import type { Arbitrary } from 'fast-check';
import { ValueError, describe } from '../errors.js';
import type { Cell } from '../nn/cell.js';
import { GRUCell } from '../nn/gruCell.js';
import { LSTMCell } from '../nn/lstmCell.js';
import type { RNNActivation } from '../nn/rnnCell.js';
import { RNNCell } from '../nn/rnnCell.js';
import { checkOptions } from '../options.js';
import type { DType } from '../tensor/dtype.js';
import type { DimRange } from './check.js';
import { checkDrawSize, dimRange } from './check.js';

/** The cell kinds {@link cell} draws from. */
export type CellKind = 'rnn' | 'lstm' | 'gru';

/** Options of {@link cell}: each fixed, or left out to be drawn. */
export interface CellArbitraryOptions {
  /**
   * One kind, or several to draw from.
   * @defaultValue all of 'rnn', 'lstm', 'gru'
   */
  readonly kind?: CellKind | readonly CellKind[];
  /**
   * Input size I.
   * @defaultValue `{ min: 1, max: 3 }`
   */
  readonly inputSize?: DimRange;
  /**
   * Hidden size H.
   * @defaultValue `{ min: 1, max: 4 }`
   */
  readonly hiddenSize?: DimRange;
  /**
   * RNN activation(s) to draw from.
   * @defaultValue all of 'tanh', 'sigmoid', 'relu', 'identity'
   */
  readonly activation?: RNNActivation | readonly RNNActivation[];
  /**
   * When given, W_hh (each gate block for LSTM/GRU) is an orthogonal matrix times this factor,
   * so its spectral radius AND its spectral norm are exactly `spectralRadius` (to rounding):
   * below 1 asks for vanishing, above 1 for exploding. Otherwise PyTorch's default uniform init.
   * @defaultValue PyTorch's init
   */
  readonly spectralRadius?: number;
  /**
   * Element type of the weights.
   * @defaultValue 'float64'
   */
  readonly dtype?: DType;
}

const KINDS: readonly CellKind[] = ['rnn', 'lstm', 'gru'];
const ACTIVATIONS: readonly RNNActivation[] = ['tanh', 'sigmoid', 'relu', 'identity'];

function choices<T extends string>(op: string, name: string, v: T | readonly T[] | undefined, all: readonly T[]): readonly T[] {
  const list = v === undefined ? all : typeof v === 'string' ? [v] : v;
  if (!Array.isArray(list) || list.length === 0 || list.some((x) => !all.includes(x as T))) {
    throw new ValueError(`${op}: ${name} must be one of ${all.join(', ')} (or a non-empty array of them); got ${describe(v)}`, { op, arg: name });
  }
  return list as readonly T[];
}

/**
 * Arbitrary cells (RNNCell, LSTMCell, GRUCell) with seeded weights. Shrinks toward smaller
 * sizes and the first kind / activation listed.
 * @param options - kinds, sizes, activations, and the W_hh spectral radius knob.
 * @returns an arbitrary of cells implementing `Cell`.
 * @throws ValueError for a bad option.
 * @example
 * ```ts
 * fc.assert(fc.property(cell({ kind: 'rnn', activation: 'sigmoid', spectralRadius: 0.9 }), (c) =>
 *   traceGradients(c, zeros([20, 1, c.inputSize]), { targets: ones([1, c.hiddenSize]) }).summary().bound!.holds));
 * ```
 */
export function cell(options: CellArbitraryOptions = {}): Arbitrary<Cell> {
  const op = 'cell';
  checkOptions(op, options, ['kind', 'inputSize', 'hiddenSize', 'activation', 'spectralRadius', 'dtype']);
  const kinds = choices(op, 'kind', options.kind, KINDS);
  const acts = choices(op, 'activation', options.activation, ACTIVATIONS);
  const [i0, i1] = dimRange(op, 'inputSize', options.inputSize, [1, 3], 1);
  const [h0, h1] = dimRange(op, 'hiddenSize', options.hiddenSize, [1, 4], 1);
  checkDrawSize(op, 4 * h1 * Math.max(i1, h1));
  const r = options.spectralRadius;
  if (r !== undefined && (typeof r !== 'number' || !Number.isFinite(r) || r < 0)) {
    throw new ValueError(`${op}: spectralRadius must be a finite number ≥ 0; got ${describe(r)}`, { op, arg: 'spectralRadius' });
  }
  const dtype = options.dtype ?? 'float64';
  if (dtype !== 'float64' && dtype !== 'float32') throw new ValueError(`${op}: dtype must be 'float64' or 'float32'; got ${describe(dtype)}`, { op, arg: 'dtype' });
  return fc
    .record({
      kind: fc.constantFrom(...kinds),
      activation: fc.constantFrom(...acts),
      inputSize: fc.integer({ min: i0, max: i1 }),
      hiddenSize: fc.integer({ min: h0, max: h1 }),
      seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
    })
    .map(({ kind, activation, inputSize, hiddenSize, seed }): Cell => {
      const common = { inputSize, hiddenSize, seed, dtype, ...(r === undefined ? {} : { weightHh: { init: 'orthogonal' as const, gain: r } }) };
      if (kind === 'rnn') return new RNNCell({ ...common, activation });
      if (kind === 'lstm') return new LSTMCell(common);
      return new GRUCell(common);
    });
}
