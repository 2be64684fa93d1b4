/**
 * `traceGradients`: runs a cell over a sequence under a tape and walks the recorded unroll
 * backwards ONCE, one step at a time, carrying the state cotangent with a separate log10
 * scale. From that single pass come ‖∂E/∂s_t‖ for every t and state part, and the part of
 * ∂E/∂θ contributed by each step's use of θ — with no underflow however long the sequence.
 * @module
 */
import { pullback, reachFrom } from '../autodiff/backward.js';
import { withLabel } from '../autodiff/bind.js';
import * as L from '../autodiff/lax.js';
import { GradientTape } from '../autodiff/tape.js';
import type { TapeRecord } from '../autodiff/tape.js';
import { DTypeError, ShapeError, ValueError, describe, fmtShape } from '../errors.js';
import type { Cell, State, StateOf } from '../nn/cell.js';
import { checkCell, checkSequence, checkState } from '../nn/cell.js';
import { checkOptions } from '../options.js';
import { isTensor } from '../tensor/brand.js';
import type { Tensor } from '../tensor/tensor.js';
import { GradientTrace } from './gradientTrace.js';
import type { TraceData } from './gradientTrace.js';
import { log10Norm, mergeDirect, rescale, scaleBy } from './scaled.js';

/** A built-in loss name or your own function of the outputs h_1 … h_T returning a scalar. */
export type TraceLoss = 'mse' | 'abs' | ((outputs: Tensor[]) => Tensor);

/** Options of {@link traceGradients}. */
export interface TraceOptions<S extends State = State> {
  /** `[B, H]` for lossAt 'last', `[T, B, H]` for 'all'; required for the built-in losses. */
  readonly targets?: Tensor;
  /**
   * `'mse'`: mean over all elements of (h_t − y_t)²; `'abs'`: mean of |h_t − y_t|; or a
   * function of the outputs h_1 … h_T returning the scalar E.
   * @defaultValue 'mse'
   */
  readonly loss?: TraceLoss;
  /**
   * `'last'`: E uses step T only; `'all'`: E = Σ_t E_t over t = 1 … T.
   * @defaultValue 'last'
   */
  readonly lossAt?: 'last' | 'all';
  /** The state s_0; zeros by default. */
  readonly initialState?: S;
}

/**
 * Traces how the gradient of a loss travels back through time in `cell` over `inputs`.
 * @param cell - any {@link Cell}, built-in or your own.
 * @param inputs - `[T, B, I]`.
 * @returns a {@link GradientTrace}: norms and per-step contributions at once; step
 * Jacobians, products, singular values and the gradient flow on demand.
 * @throws ShapeError / ValueError naming the expected `[T,B,I]`, `[B,H]` or `[T,B,H]`.
 * @example
 * ```ts
 * const cell = new RNNCell({ inputSize: 1, hiddenSize: 8, activation: 'sigmoid', seed: 0 });
 * const x = randn([50, 1, 1], { seed: 1 });
 * const trace = traceGradients(cell, x, { targets: zeros([1, 8]) });
 * trace.hiddenGradNormsLog10;      // 51 numbers, falling with distance from t = 50
 * trace.summary().regime;          // 'vanishing'
 * ```
 */
export function traceGradients<C extends Cell<State>>(cell: C, inputs: Tensor, options: TraceOptions<StateOf<C>> = {}): GradientTrace<StateOf<C>> {
  return traceCell(cell as unknown as Cell<StateOf<C>>, inputs, options);
}

function traceCell<S extends State>(cell: Cell<S>, inputs: Tensor, options: TraceOptions<S>): GradientTrace<S> {
  const op = 'traceGradients';
  checkCell(op, cell);
  checkOptions(op, options, ['targets', 'loss', 'lossAt', 'initialState']);
  const [T, B] = checkSequence(op, cell, inputs);
  if (T < 1) throw new ShapeError(`${op}: inputs must have at least one step; got ${fmtShape(inputs.shape)}`, { op, arg: 'inputs' });
  const lossAt = options.lossAt ?? 'last';
  if (lossAt !== 'last' && lossAt !== 'all') throw new ValueError(`${op}: lossAt must be 'last' or 'all'; got ${describe(lossAt)}`, { op, arg: 'lossAt' });
  const loss = options.loss ?? 'mse';
  if (loss !== 'mse' && loss !== 'abs' && typeof loss !== 'function') {
    throw new ValueError(`${op}: loss must be 'mse', 'abs' or a function of the outputs; got ${describe(loss)}`, { op, arg: 'loss' });
  }
  const H = cell.hiddenSize;
  const targets = options.targets;
  if (typeof loss !== 'function') {
    const want = lossAt === 'last' ? [B, H] : [T, B, H];
    if (!isTensor(targets) || targets.rank !== want.length || targets.shape.some((d, k) => d !== want[k])) {
      throw new ShapeError(`${op}: targets must be ${lossAt === 'last' ? '[B, H]' : '[T, B, H]'} = ${fmtShape(want)} for lossAt '${lossAt}'; got ${describe(targets)}`, {
        op,
        arg: 'targets',
      });
    }
    if (targets.dtype !== inputs.dtype) throw new DTypeError(`${op}: targets must have the inputs' dtype ${inputs.dtype}; got ${targets.dtype}`, { op, arg: 'targets' });
  }
  const init = options.initialState === undefined ? undefined : checkState(op, cell, options.initialState, B);
  const params = cell.parameters();
  const paramNames = Object.keys(params);

  // ---- forward, recorded: prelude [0, ranges[0]) = s_0; step t = ranges[t]; then the loss ----
  const tape = new GradientTape({ persistent: true });
  const ranges: [number, number][] = [[0, 0]];
  const states: S[] = [];
  const outputs: Tensor[] = [];
  let E!: Tensor;
  let lossLo = 0;
  tape.record(() => {
    const s0 = init ?? cell.initialState(B);
    const fresh = {} as Record<string, Tensor>;
    for (const k of cell.stateKeys) fresh[k] = L.identity(s0[k]!);
    states.push(fresh as S);
    outputs.push(cell.output(fresh as S));
    ranges[0] = [0, tape.records.length];
    for (let t = 1; t <= T; t++) {
      const lo = tape.records.length;
      withLabel(`step ${t}`, () => {
        const x = L.reshape(L.slice(inputs, [t - 1, 0, 0], [1, B, cell.inputSize]), [B, cell.inputSize]);
        const s = cell.step(x, states[t - 1]!);
        states.push(s);
        outputs.push(cell.output(s));
      });
      ranges.push([lo, tape.records.length]);
    }
    lossLo = tape.records.length;
    E = withLabel('loss', () => {
      if (typeof loss === 'function') return loss(outputs.slice(1));
      const f = (h: Tensor, y: Tensor): Tensor => {
        const d = L.sub(h, y);
        return L.div(L.sum(loss === 'mse' ? L.mul(d, d) : L.abs(d), [0, 1]), h.size);
      };
      if (lossAt === 'last') return f(outputs[T]!, targets!);
      let total: Tensor | undefined;
      for (let t = 1; t <= T; t++) {
        const y = L.reshape(L.slice(targets!, [t - 1, 0, 0], [1, B, H]), [B, H]);
        const Et = f(outputs[t]!, y);
        total = total === undefined ? Et : L.add(total, Et);
      }
      return total!;
    });
  });
  if (!isTensor(E) || E.size !== 1) throw new ValueError(`${op}: the loss must be a scalar tensor; got ${describe(E)}`, { op, arg: 'loss' });
  for (const h of outputs.slice(1)) {
    if (!isTensor(h) || h.rank !== 2 || h.shape[0] !== B) throw new ShapeError(`${op}: cell.output must return [B, H] = [${B}, ${H}]; got ${describe(h)}`, { op, arg: 'cell' });
  }

  // ---- backward, once: the loss first (direct terms at scale 1), then step by step ----
  const records = tape.records;
  const sourceIds = [...cell.stateKeys.map((k) => states[0]![k]!.id), ...paramNames.map((n) => params[n]!.id)];
  const reach = reachFrom(records, sourceIds);
  const none = new Set<number>();
  const direct = new Map<number, Tensor>([[E.id, L.filledLike(E, 1)]]);
  pullback(records, lossLo, records.length, direct, reach, none);

  const hiddenKey = cell.stateKeys.find((k) => states[1]![k] === outputs[1]);
  const stateLog = Object.fromEntries(cell.stateKeys.map((k) => [k, new Array<number>(T + 1).fill(-Infinity)])) as Record<string, number[]>;
  const hiddenLog = new Array<number>(T + 1).fill(-Infinity);
  // The step-by-step walk follows the states' paths only: the per-step parts of ∂E/∂θ (an
  // outer product per weight and step) are not formed here. The trace keeps, per step, the
  // cotangents its walk started from (a few [B, H] tensors), from which GradientTrace walks a
  // step again, with the parameters' paths, when a part is asked for. A cell that reuses a
  // parameter-only tensor across steps (memoising a function of W) has that tensor's cotangent
  // cross steps, so its walk keeps the parameters' paths.
  const stateIds = states.flatMap((st) => cell.stateKeys.map((k) => st[k]!.id));
  const statePaths = reachFrom(records, stateIds);
  const stepReach = crossesSteps(records, ranges, reach, statePaths) ? reach : new Set([...statePaths].filter((id) => reach.has(id)));
  const seeds: { cts: ReadonlyMap<number, Tensor>; e: number }[] = new Array(T + 1);
  const outside: Record<string, Tensor | undefined> = {};
  const chain = new Map<number, Tensor>();
  let e = 0; // chain values are mantissas: true value = mantissa · 10^e
  for (let t = T; t >= 0; t--) {
    const ids = [...new Set([...cell.stateKeys.map((k) => states[t]![k]!.id), outputs[t]!.id])];
    e = mergeDirect(chain, e, direct, ids);
    e = rescale(chain, e);
    if (t > 0) seeds[t] = { cts: seedsOf(records, ranges[t]!, chain), e };
    // a tensor's cotangent is final when the walk reaches the record that produced it
    const done = new Map<number, Tensor>();
    // the prelude (t = 0) is walked with the parameters' paths: a learned initial state's part
    pullback(records, ranges[t]![0], ranges[t]![1], chain, t === 0 ? reach : stepReach, none, (id, ct) => {
      if (ids.includes(id)) done.set(id, ct);
    });
    const finalCt = (id: number): Tensor | undefined => done.get(id) ?? chain.get(id);
    for (const k of cell.stateKeys) stateLog[k]![t] = logNorm(finalCt(states[t]![k]!.id), e);
    hiddenLog[t] = hiddenKey !== undefined ? stateLog[hiddenKey]![t]! : logNorm(finalCt(outputs[t]!.id), e);
    for (const n of paramNames) {
      const id = params[n]!.id;
      let g = chain.get(id);
      chain.delete(id); // a part from step t > 0 (a memoising cell's walk) is walked again on demand
      if (t === 0) {
        // uses outside any step (a learned initial state, or the loss itself) count as entry 0
        const d = direct.get(id);
        if (d) g = g ? L.add(scaleBy(g, e), d) : d;
        else if (g) g = scaleBy(g, e);
        if (g) outside[n] = g;
      }
    }
  }

  const data: TraceData<S> = {
    cell,
    inputs,
    targets,
    loss,
    lossAt,
    lossValue: E.item(),
    tape,
    ranges,
    states,
    outputs,
    hiddenKey,
    reach,
    statePaths,
    direct,
    hiddenLog,
    stateLog,
    paramParts: { seeds, outside },
    params,
  };
  return new GradientTrace(data);
}

/**
 * True when a tensor on some parameter's path alone (in `reach`, not in `statePaths`) made in
 * one step (or the prelude) is used by a record outside that step.
 */
function crossesSteps(records: readonly TapeRecord[], ranges: readonly (readonly [number, number])[], reach: ReadonlySet<number>, statePaths: ReadonlySet<number>): boolean {
  const madeIn = new Map<number, number>();
  ranges.forEach(([lo, hi], t) => {
    for (let i = lo; i < hi; i++) madeIn.set(records[i]!.output.id, t);
  });
  const paramOnly = (id: number): boolean => reach.has(id) && !statePaths.has(id);
  for (let i = 0; i < records.length; i++) {
    const at = madeIn.get(records[i]!.output.id); // undefined: a loss record
    for (const x of records[i]!.inputs) {
      if (!paramOnly(x.id)) continue;
      const made = madeIn.get(x.id);
      if (made !== undefined && made !== at) return true;
    }
  }
  return false;
}

/** The cotangents in `chain` of tensors that step `range`'s records produce: what its walk starts from. */
function seedsOf(records: readonly TapeRecord[], range: readonly [number, number], chain: ReadonlyMap<number, Tensor>): Map<number, Tensor> {
  const out = new Map<number, Tensor>();
  for (let i = range[0]; i < range[1]; i++) {
    const id = records[i]!.output.id;
    const ct = chain.get(id);
    if (ct !== undefined) out.set(id, ct);
  }
  return out;
}

function logNorm(ct: Tensor | undefined, e: number): number {
  if (!ct) return -Infinity;
  const l = log10Norm(ct);
  return l === -Infinity ? l : l + e;
}
