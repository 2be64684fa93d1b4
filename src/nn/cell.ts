/**
 * The `Cell` interface every recurrent cell implements — the built-in ones and yours — and
 * `unroll`, which runs a cell over a sequence. Everything later (training, `traceGradients`,
 * the plots) works through this interface only.
 * @module
 */
import { withLabel } from '../autodiff/bind.js';
import * as L from '../autodiff/lax.js';
import { ShapeError, ValueError, describe, fmtShape } from '../errors.js';
import { isTensor } from '../tensor/brand.js';
import type { Tensor } from '../tensor/tensor.js';

/** A cell's state: a record of `[B, H]` tensors (`{h}` for RNN/GRU, `{h, c}` for LSTM). */
export type State = { readonly [key: string]: Tensor };

/** A record of named parameter tensors (`weightIh`, `weightHh`, …). */
export type Params = { readonly [name: string]: Tensor };

/**
 * A recurrent cell. Implement this to bring your own cell (see docs/custom-cells.md); write
 * `step` with gradscope ops only and every feature — gradients, `traceGradients`, step
 * Jacobians, training — works unchanged.
 *
 * @example
 * ```ts
 * class IndRNN implements Cell<{ h: Tensor }> {
 *   readonly stateKeys = ['h'] as const;
 *   constructor(readonly inputSize: number, readonly hiddenSize: number, private p: Params) {}
 *   initialState(batch: number) { return { h: zeros([batch, this.hiddenSize]) }; }
 *   step(x: Tensor, { h }: { h: Tensor }) {
 *     return { h: x.matmul(this.p.w!.transpose()).add(h.mul(this.p.u!)).relu() };
 *   }
 *   output(s: { h: Tensor }) { return s.h; }
 *   parameters() { return this.p; }
 *   setParameters(p: Params) { this.p = p; }
 * }
 * ```
 */
export interface Cell<S extends State = State> {
  /** I: features per step input `[B, I]`. */
  readonly inputSize: number;
  /** H: features per state part `[B, H]`. */
  readonly hiddenSize: number;
  /**
   * The state's keys in order; a state vector is their concatenation (LSTM: `['h', 'c']`).
   * Typed as strings (not `keyof S`) so that every cell is a `Cell<State>`.
   */
  readonly stateKeys: readonly string[];
  /** The zero state for a batch of `batch` sequences. */
  initialState(batch: number): S;
  /** One time step: `s_t = step(x_t, s_{t−1})` with `x_t: [B, I]`. */
  step(x: Tensor, state: S): S;
  /** The hidden output `h_t: [B, H]` of a state. */
  output(state: S): Tensor;
  /** The trainable tensors, by name. */
  parameters(): Params;
  /** Replaces the trainable tensors (same names and shapes); needed by optimizers and `train`. */
  setParameters?(params: Params): void;
}

/** The state type of a cell. */
export type StateOf<C> = C extends Cell<infer S> ? S : State;

/** What {@link unroll} returns. */
export interface Unrolled<S extends State = State> {
  /** h_1 … h_T, each `[B, H]` (length T). */
  readonly outputs: Tensor[];
  /** s_0 … s_T (length T + 1); entry t is the state at time t. */
  readonly states: S[];
}

/**
 * Runs `cell` over `inputs` `[T, B, I]` from `initialState` (zeros by default). Each step's
 * primitives carry the label `step t` on a tape.
 * @returns the outputs h_1…h_T and the states s_0…s_T.
 * @throws ShapeError when inputs are not `[T, B, I]` with I = cell.inputSize, or the initial
 * state's parts are not `[B, H]`.
 * @example
 * ```ts
 * const cell = new RNNCell({ inputSize: 1, hiddenSize: 4, seed: 0 });
 * const { outputs, states } = unroll(cell, randn([10, 2, 1], { seed: 1 }));
 * outputs.length; // 10
 * states.length;  // 11
 * ```
 */
export function unroll<S extends State>(cell: Cell<S>, inputs: Tensor, initialState?: S): Unrolled<S> {
  const op = 'unroll';
  checkCell(op, cell);
  const [T, B] = checkSequence(op, cell, inputs);
  let state = initialState === undefined ? cell.initialState(B) : checkState(op, cell, initialState, B);
  const states: S[] = [state];
  const outputs: Tensor[] = [];
  for (let t = 1; t <= T; t++) {
    state = withLabel(`step ${t}`, () => {
      const x = L.part(inputs, t - 1); // x_t [B, I]: one record, no copy
      return cell.step(x, state);
    });
    states.push(state);
    outputs.push(cell.output(state));
  }
  return { outputs, states };
}

/** Checks that `cell` looks like a {@link Cell}. */
export function checkCell(op: string, cell: unknown): void {
  const c = cell as Partial<Cell>;
  const ok =
    typeof c === 'object' &&
    c !== null &&
    Number.isInteger(c.inputSize) &&
    Number.isInteger(c.hiddenSize) &&
    Array.isArray(c.stateKeys) &&
    typeof c.initialState === 'function' &&
    typeof c.step === 'function' &&
    typeof c.output === 'function' &&
    typeof c.parameters === 'function';
  if (!ok) {
    throw new ValueError(`${op}: cell must implement Cell (inputSize, hiddenSize, stateKeys, initialState, step, output, parameters); got ${describe(cell)}`, {
      op,
      arg: 'cell',
    });
  }
}

/** Checks inputs are `[T, B, I]` for the cell; returns [T, B]. */
export function checkSequence(op: string, cell: { readonly inputSize: number }, inputs: unknown): [number, number] {
  if (!isTensor(inputs)) throw new ValueError(`${op}: inputs must be a tensor [T, B, I]; got ${describe(inputs)}`, { op, arg: 'inputs' });
  if (inputs.rank !== 3 || inputs.shape[2] !== cell.inputSize) {
    throw new ShapeError(`${op}: inputs must be [T, B, I] with I = ${cell.inputSize}; got ${fmtShape(inputs.shape)}`, {
      op,
      arg: 'inputs',
      shapes: [inputs.shape],
    });
  }
  return [inputs.shape[0]!, inputs.shape[1]!];
}

/** Checks a state record against the cell's keys and `[B, H]`. */
export function checkState<S extends State>(op: string, cell: Cell<S>, state: unknown, B: number, arg = 'initialState'): S {
  if (typeof state !== 'object' || state === null) throw new ValueError(`${op}: ${arg} must be a record with keys ${cell.stateKeys.join(', ')}; got ${describe(state)}`, { op, arg });
  const rec = state as Record<string, unknown>;
  const extra = Object.keys(rec).filter((k) => !cell.stateKeys.includes(k));
  if (extra.length) throw new ValueError(`${op}: ${arg} has unknown key '${extra[0]}'; expected keys ${cell.stateKeys.join(', ')}`, { op, arg });
  for (const k of cell.stateKeys) {
    const v = rec[k];
    if (!isTensor(v) || v.rank !== 2 || v.shape[0] !== B || v.shape[1] !== cell.hiddenSize) {
      throw new ShapeError(`${op}: ${arg}.${k} must be [B, H] = [${B}, ${cell.hiddenSize}]; got ${describe(v)}`, { op, arg: `${arg}.${k}` });
    }
  }
  return state as S;
}
