/**
 * A recurrent cell followed by a linear readout: the smallest trainable sequence model, with
 * the state dict PyTorch gives for `class M(nn.Module): self.cell = …; self.linear = …`.
 * @module
 */
import * as L from '../autodiff/lax.js';
import { DTypeError, ShapeError, ValueError, describe } from '../errors.js';
import { checkOptions } from '../options.js';
import type { DType } from '../tensor/dtype.js';
import type { Tensor } from '../tensor/tensor.js';
import type { Cell, Params, StateOf } from './cell.js';
import { checkCell, checkSequence, unroll } from './cell.js';
import type { HasParameters, ParamSpec, StateDict, StateDictInput } from './module.js';
import { checkParams, parseStateDict, prefixSpecs, specsOf, toStateDict } from './module.js';

/** A readout layer: {@link Linear}, or anything with the same three methods. */
export interface Head extends HasParameters {
  /** `[N, H]` → `[N, O]`. */
  forward(x: Tensor): Tensor;
  setParameters(params: Params): void;
}

/** Options of {@link SequenceModel}. */
export interface SequenceModelOptions<C extends Cell> {
  /** The recurrent cell (its parameters are named `cell.…`). */
  readonly cell: C;
  /** The readout applied to the hidden output (its parameters are named `linear.…`). */
  readonly head: Head;
  /**
   * `'last'`: the head reads h_T only, output `[B, O]`; `'all'`: it reads every h_t,
   * output `[T, B, O]`.
   * @defaultValue 'last'
   */
  readonly readout?: 'last' | 'all';
}

interface Part {
  readonly prefix: string;
  readonly module: HasParameters & { setParameters?(p: Params): void };
  readonly specs: ParamSpec[];
}

/**
 * `y = head(h_T)` (readout `'last'`) or `y_t = head(h_t)` for every t (readout `'all'`), where
 * h_t comes from unrolling `cell` over the inputs.
 *
 * Parameter names are dotted: `cell.weightIh`, …, `linear.weight`, `linear.bias` in
 * `parameters()`, and PyTorch's `cell.weight_ih`, …, `linear.weight`, `linear.bias` in
 * `stateDict()`.
 *
 * @throws ValueError when the cell or head is not usable or an option is unknown;
 * ShapeError when the head's input size differs from the cell's hidden size; DTypeError when
 * their dtypes differ.
 * @example
 * ```ts
 * const model = new SequenceModel({
 *   cell: new LSTMCell({ inputSize: 2, hiddenSize: 16, seed: 0 }),
 *   head: new Linear({ inFeatures: 16, outFeatures: 1, seed: 1 }),
 * });
 * const { inputs } = addingProblem({ T: 20, batch: 8, seed: 0 });
 * model.forward(inputs).shape; // [8, 1]
 * ```
 */
export class SequenceModel<C extends Cell = Cell> {
  /** The recurrent cell. */
  readonly cell: C;
  /** The readout. */
  readonly head: Head;
  /** Which hidden outputs the head reads. */
  readonly readout: 'last' | 'all';
  /** Element type of every parameter. */
  readonly dtype: DType;
  readonly #parts: readonly Part[];

  constructor(options: SequenceModelOptions<C>) {
    const op = 'SequenceModel';
    checkOptions(op, options, ['cell', 'head', 'readout']);
    if (typeof options !== 'object' || options === null) throw new ValueError(`${op}: expects an options object with cell and head; got ${describe(options)}`, { op, arg: 'options' });
    checkCell(op, options.cell);
    const head = options.head as Partial<Head> | undefined;
    if (typeof head !== 'object' || head === null || typeof head.forward !== 'function' || typeof head.parameters !== 'function' || typeof head.setParameters !== 'function') {
      throw new ValueError(`${op}: head must have forward, parameters and setParameters (e.g. a Linear); got ${describe(head)}`, { op, arg: 'head' });
    }
    const inFeatures = (head as { inFeatures?: unknown }).inFeatures;
    if (typeof inFeatures === 'number' && inFeatures !== options.cell.hiddenSize) {
      throw new ShapeError(`${op}: the head's inFeatures must equal the cell's hiddenSize ${options.cell.hiddenSize}; got ${inFeatures}`, { op, arg: 'head' });
    }
    const readout = options.readout ?? 'last';
    if (readout !== 'last' && readout !== 'all') throw new ValueError(`${op}: readout must be 'last' or 'all'; got ${describe(readout)}`, { op, arg: 'readout' });
    this.cell = options.cell;
    this.head = options.head;
    this.readout = readout;
    this.#parts = [
      { prefix: 'cell.', module: this.cell, specs: prefixSpecs('cell.', specsOf(this.cell)) },
      { prefix: 'linear.', module: this.head, specs: prefixSpecs('linear.', specsOf(this.head)) },
    ];
    const dtypes = new Set([...Object.values(this.cell.parameters()), ...Object.values(this.head.parameters())].map((t) => t.dtype));
    if (dtypes.size > 1) throw new DTypeError(`${op}: the cell and the head must have one dtype; got ${[...dtypes].join(' and ')}`, { op, arg: 'head' });
    this.dtype = dtypes.values().next().value ?? 'float64';
  }

  /** Names (dotted camelCase and PyTorch) and shapes of every parameter. */
  get parameterSpecs(): readonly ParamSpec[] {
    return this.#parts.flatMap((p) => p.specs);
  }

  /**
   * Runs the cell over `inputs` and applies the head.
   * @param inputs - `[T, B, I]`, T ≥ 1.
   * @param initialState - the cell's state at t = 0 (zeros by default).
   * @returns `[B, O]` for readout `'last'`, `[T, B, O]` for `'all'`.
   * @throws ShapeError when inputs are not `[T, B, I]`; ValueError when T = 0.
   */
  forward(inputs: Tensor, initialState?: StateOf<C>): Tensor {
    const op = 'SequenceModel.forward';
    const [T, B] = checkSequence(op, this.cell, inputs);
    if (T === 0) throw new ValueError(`${op}: inputs must have at least one time step; got T = 0`, { op, arg: 'inputs' });
    const { outputs } = unroll(this.cell as Cell, inputs, initialState);
    if (this.readout === 'last') return this.head.forward(outputs[T - 1]!);
    const y = this.head.forward(L.concat(outputs, 0));
    return L.reshape(y, [T, B, ...y.shape.slice(1)]);
  }

  /** Every parameter under its dotted name: `cell.weightIh`, …, `linear.weight`, `linear.bias`. */
  parameters(): Params {
    const out: Record<string, Tensor> = {};
    for (const part of this.#parts) for (const [k, t] of Object.entries(part.module.parameters())) out[part.prefix + k] = t;
    return Object.freeze(out);
  }

  /**
   * Replaces every parameter (dotted names, as `parameters()` gives them).
   * @throws ValueError for a missing or unknown name or when the cell has no setParameters;
   * ShapeError / DTypeError for a wrong shape or dtype.
   */
  setParameters(params: Params): void {
    this.#assign(checkParams('SequenceModel.setParameters', this.parameterSpecs, this.dtype, params));
  }

  /** The PyTorch-named state dict: `cell.weight_ih`, …, `linear.weight`, `linear.bias`. */
  stateDict(): StateDict {
    const out: StateDict = {};
    for (const part of this.#parts) Object.assign(out, toStateDict(part.specs, this.#prefixed(part)));
    return out;
  }

  /**
   * Loads a PyTorch-named state dict (nested arrays, e.g. parsed JSON).
   * @throws ValueError for missing or unknown names; ShapeError naming the entry, the
   * expected and the given shape.
   */
  loadStateDict(dict: StateDictInput): void {
    this.#assign(parseStateDict('SequenceModel.loadStateDict', this.parameterSpecs, this.dtype, dict));
  }

  #prefixed(part: Part): Params {
    const out: Record<string, Tensor> = {};
    for (const [k, t] of Object.entries(part.module.parameters())) out[part.prefix + k] = t;
    return out;
  }

  /** Hands each part its share of a checked, dotted record. */
  #assign(params: Params): void {
    const shares = this.#parts.map((part) => {
      if (typeof part.module.setParameters !== 'function') {
        throw new ValueError(`SequenceModel.setParameters: the cell has no setParameters, so its parameters cannot be replaced; got ${describe(part.module)}`, {
          op: 'SequenceModel.setParameters',
          arg: 'cell',
        });
      }
      const share: Record<string, Tensor> = {};
      for (const s of part.specs) share[s.name.slice(part.prefix.length)] = params[s.name]!;
      return share;
    });
    this.#parts.forEach((part, k) => part.module.setParameters!(shares[k]!));
  }
}
