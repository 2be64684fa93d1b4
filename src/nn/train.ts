/**
 * The training loop: forward under a tape, gradient of the loss w.r.t. every parameter,
 * optional clipping, one optimizer step; repeated, with a callback per step.
 * @module
 */
import { GradientTape } from '../autodiff/tape.js';
import { ValueError, describe, fmtShape } from '../errors.js';
import { intArg } from '../ops/validate.js';
import { checkOptions } from '../options.js';
import { isTensor } from '../tensor/brand.js';
import type { Tensor } from '../tensor/tensor.js';
import type { Params } from './cell.js';
import { clipGradNorm, globalNorm } from './clipGradNorm.js';
import type { LossFn, LossName } from './losses.js';
import { losses } from './losses.js';
import type { Optimizer } from './optimizers.js';

/** A model `train` can fit: a {@link SequenceModel}, or anything with these three methods. */
export interface Trainable {
  /** Predictions for a batch of inputs. */
  forward(inputs: Tensor): Tensor;
  /** The trainable tensors by name. */
  parameters(): Params;
  /** Replaces them (same names and shapes). */
  setParameters(params: Params): void;
}

/** One batch: inputs for `model.forward` and targets for the loss. */
export interface Batch {
  readonly inputs: Tensor;
  readonly targets: Tensor;
}

/** What `onStep` receives after every step. */
export interface StepInfo {
  /** This step, 1 … steps. */
  readonly step: number;
  /** The total number of steps. */
  readonly steps: number;
  /** The loss of this step's batch, before the update. */
  readonly loss: number;
  /** The global gradient norm of this step, before clipping. */
  readonly gradNorm: number;
  /** Milliseconds since `train` started. */
  readonly elapsedMs: number;
}

/** Options of {@link train}. */
export interface TrainOptions {
  /** The model to fit; its parameters are replaced step by step. */
  readonly model: Trainable;
  /** A fixed batch, or a function giving the batch for step `step` (1-based), e.g. a fresh seeded one. */
  readonly data: Batch | ((step: number) => Batch);
  /**
   * The loss, by name or as a function `(pred, target) → scalar`.
   * @defaultValue 'mse'
   */
  readonly loss?: LossName | LossFn;
  /** The optimizer, e.g. `adam({ lr: 0.01 })`. */
  readonly optimizer: Optimizer;
  /** Number of optimizer steps, ≥ 1. */
  readonly steps: number;
  /**
   * When given, gradients are clipped to this global norm before each step (`clipGradNorm`).
   * @defaultValue no clipping
   */
  readonly clip?: number;
  /**
   * Called after every step (a progress bar, a log, a plot).
   * @defaultValue none
   */
  readonly onStep?: (info: StepInfo) => void;
}

/** What {@link train} returns. */
export interface TrainResult {
  /** The loss at each step (length `steps`). */
  readonly losses: number[];
  /** The global gradient norm at each step, before clipping (length `steps`). */
  readonly gradNorms: number[];
}

function batchAt(op: string, data: TrainOptions['data'], step: number): Batch {
  const b = typeof data === 'function' ? data(step) : data;
  if (typeof b !== 'object' || b === null || !isTensor(b.inputs) || !isTensor(b.targets)) {
    throw new ValueError(`${op}: data must be a batch {inputs, targets} of tensors or a function returning one; got ${describe(b)} at step ${step}`, { op, arg: 'data' });
  }
  return b;
}

/**
 * Fits `model` by gradient descent: for step = 1 … steps,
 * `E = loss(model.forward(inputs), targets)`, `g = ∂E/∂θ` (a tape), `g ← clip(g)` if asked,
 * `θ ← optimizer.step(θ, g)`.
 * @returns the loss and the gradient norm of every step.
 * @throws ValueError for a bad option, a batch that is not `{inputs, targets}`, a loss that is
 * not a scalar, or a loss that becomes NaN or infinite (the step is named; lower `lr` or clip).
 * @example
 * ```ts
 * const model = new SequenceModel({
 *   cell: new LSTMCell({ inputSize: 2, hiddenSize: 16, seed: 0 }),
 *   head: new Linear({ inFeatures: 16, outFeatures: 1, seed: 1 }),
 * });
 * const { losses } = train({
 *   model,
 *   data: (step) => addingProblem({ T: 20, batch: 32, seed: step }),
 *   optimizer: adam({ lr: 0.01 }),
 *   steps: 300,
 *   onStep: ({ step, loss }) => { if (step % 50 === 0) console.log(step, loss); },
 * });
 * ```
 */
export function train(options: TrainOptions): TrainResult {
  const op = 'train';
  checkOptions(op, options, ['model', 'data', 'loss', 'optimizer', 'steps', 'clip', 'onStep']);
  if (typeof options !== 'object' || options === null) throw new ValueError(`${op}: expects an options object; got ${describe(options)}`, { op, arg: 'options' });
  const { model, data, optimizer, onStep, clip } = options;
  if (typeof model !== 'object' || model === null || typeof model.forward !== 'function' || typeof model.parameters !== 'function' || typeof model.setParameters !== 'function') {
    throw new ValueError(`${op}: model must have forward, parameters and setParameters (e.g. a SequenceModel); got ${describe(model)}`, { op, arg: 'model' });
  }
  if (typeof optimizer !== 'object' || optimizer === null || typeof optimizer.step !== 'function') {
    throw new ValueError(`${op}: optimizer must be an Optimizer such as sgd(), momentum() or adam(); got ${describe(optimizer)}`, { op, arg: 'optimizer' });
  }
  const lossArg = options.loss ?? 'mse';
  const loss: LossFn | undefined = typeof lossArg === 'function' ? lossArg : Object.hasOwn(losses, lossArg) ? losses[lossArg] : undefined;
  if (loss === undefined) throw new ValueError(`${op}: loss must be 'mse', 'abs', 'crossEntropy' or a function; got ${describe(lossArg)}`, { op, arg: 'loss' });
  const steps = intArg(op, options.steps, 'steps', 1);
  if (clip !== undefined && (typeof clip !== 'number' || !(clip > 0))) throw new ValueError(`${op}: clip must be a positive number; got ${describe(clip)}`, { op, arg: 'clip' });
  if (onStep !== undefined && typeof onStep !== 'function') throw new ValueError(`${op}: onStep must be a function; got ${describe(onStep)}`, { op, arg: 'onStep' });

  const start = performance.now();
  const lossHistory: number[] = [];
  const gradNorms: number[] = [];
  for (let step = 1; step <= steps; step++) {
    const batch = batchAt(op, data, step);
    const params = model.parameters();
    const tape = new GradientTape();
    const e = tape.record(() => loss(model.forward(batch.inputs), batch.targets));
    if (!isTensor(e) || e.size !== 1) {
      throw new ValueError(`${op}: the loss must be a scalar tensor; got ${isTensor(e) ? `shape ${fmtShape(e.shape)}` : describe(e)}`, { op, arg: 'loss' });
    }
    const value = e.item();
    if (!Number.isFinite(value)) {
      throw new ValueError(`${op}: the loss became ${value} at step ${step}; lower the learning rate or pass clip`, { op, arg: 'loss' });
    }
    const raw = tape.gradient(e, params);
    const { grads, norm } = clip === undefined ? { grads: raw, norm: globalNorm(raw) } : clipGradNorm(raw, clip);
    model.setParameters(optimizer.step(params, grads));
    lossHistory.push(value);
    gradNorms.push(norm);
    onStep?.({ step, steps, loss: value, gradNorm: norm, elapsedMs: performance.now() - start });
  }
  return { losses: lossHistory, gradNorms };
}
