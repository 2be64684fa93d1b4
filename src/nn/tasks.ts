/**
 * Seeded task generators for long-range dependencies, in the `[T, B, I]` convention: the
 * adding problem, copy-first-input, and sine-wave prediction. Same seed, same batch.
 * @module
 */
import { checkElements, intArg, numberArg } from '../ops/validate.js';
import { ValueError, describe } from '../errors.js';
import { checkOptions } from '../options.js';
import { tensor } from '../tensor/creation.js';
import type { DType } from '../tensor/dtype.js';
import { checkDType } from '../tensor/dtype.js';
import { checkSeed, rng } from '../tensor/rng.js';
import type { Tensor } from '../tensor/tensor.js';

/** Options shared by the task generators. */
interface TaskOptions {
  /** Sequences per batch (B). */
  readonly batch: number;
  /**
   * Seed of the batch.
   * @defaultValue 0
   */
  readonly seed?: number;
  /**
   * Element type of the tensors.
   * @defaultValue 'float64'
   */
  readonly dtype?: DType;
}

/** Options of {@link addingProblem}. */
export interface AddingProblemOptions extends TaskOptions {
  /** Sequence length T ≥ 2. */
  readonly T: number;
}

/** Options of {@link copyFirstInput}. */
export interface CopyFirstInputOptions extends TaskOptions {
  /** Steps between the class and the end of the sequence (T = lag + 1). */
  readonly lag: number;
  /**
   * Number of classes C ≥ 2.
   * @defaultValue 4
   */
  readonly classes?: number;
  /**
   * Standard deviation of the Gaussian noise on every input after t = 0.
   * @defaultValue 0.1
   */
  readonly noise?: number;
}

/** Options of {@link sineWave}. */
export interface SineWaveOptions extends TaskOptions {
  /** Sequence length T ≥ 1. */
  readonly T: number;
  /**
   * Angular frequency ω in radians per step.
   * @defaultValue 0.2
   */
  readonly omega?: number;
}

/** A regression task's batch. */
export interface TaskBatch {
  /** `[T, B, I]`. */
  readonly inputs: Tensor;
  /** The targets (shape per task). */
  readonly targets: Tensor;
}

/** A classification task's batch: targets one-hot, labels as class indices. */
export interface ClassificationBatch extends TaskBatch {
  /** Class indices `[B]`. */
  readonly labels: Tensor;
}

function common(op: string, o: unknown, keys: readonly string[]): { B: number; gen: ReturnType<typeof rng>; dtype: DType } {
  if (typeof o !== 'object' || o === null) throw new ValueError(`${op}: expects an options object; got ${describe(o)}`, { op, arg: 'options' });
  checkOptions(op, o, ['batch', 'seed', 'dtype', ...keys]);
  const r = o as TaskOptions;
  return { B: intArg(op, r.batch, 'batch', 1), gen: rng(checkSeed(op, r.seed ?? 0)), dtype: checkDType(op, r.dtype) };
}

/**
 * The adding problem (Hochreiter & Schmidhuber 1997): each step carries a value ~ U(0, 1)
 * and a marker; exactly two steps are marked, one in the first half (t < ⌊T/2⌋) and one in
 * the second; the target is the sum of the two marked values. Predicting the constant 1 gives
 * MSE = Var(u₁ + u₂) = 1/6 ≈ 0.167, the baseline a model must beat.
 * @returns inputs `[T, B, 2]` (channel 0 the value, channel 1 the marker) and targets `[B, 1]`.
 * @throws ValueError when T < 2, batch < 1, or an option is unknown.
 * @example
 * ```ts
 * const { inputs, targets } = addingProblem({ T: 20, batch: 32, seed: 0 });
 * inputs.shape;  // [20, 32, 2]
 * targets.shape; // [32, 1]
 * ```
 */
export function addingProblem(options: AddingProblemOptions): TaskBatch {
  const op = 'addingProblem';
  const { B, gen, dtype } = common(op, options, ['T']);
  const T = intArg(op, options.T, 'T', 2);
  checkElements(op, T * B * 2, 'the inputs');
  const half = Math.floor(T / 2);
  const x = new Float64Array(T * B * 2);
  const y = new Float64Array(B);
  for (let b = 0; b < B; b++) {
    for (let t = 0; t < T; t++) x[(t * B + b) * 2] = gen.next();
    const first = gen.int(half);
    const second = half + gen.int(T - half);
    x[(first * B + b) * 2 + 1] = 1;
    x[(second * B + b) * 2 + 1] = 1;
    y[b] = x[(first * B + b) * 2]! + x[(second * B + b) * 2]!;
  }
  return { inputs: tensor(x, [T, B, 2], { dtype }), targets: tensor(y, [B, 1], { dtype }) };
}

/**
 * Copy-first-input: the input at t = 0 is the one-hot code of a class, the next `lag` inputs
 * are Gaussian noise, and the class must be reported after the last step. Chance level:
 * accuracy 1/C, cross-entropy ln C (≈ 1.386 for C = 4), and MSE (C−1)/C² (0.1875 for C = 4)
 * when predicting 1/C everywhere.
 * @returns inputs `[lag + 1, B, C]`, targets one-hot `[B, C]`, labels `[B]`.
 * @throws ValueError when lag < 0, classes < 2, noise < 0, batch < 1, or an option is unknown.
 * @example
 * ```ts
 * const { inputs, targets, labels } = copyFirstInput({ lag: 10, batch: 16, seed: 0 });
 * inputs.shape; // [11, 16, 4]
 * ```
 */
export function copyFirstInput(options: CopyFirstInputOptions): ClassificationBatch {
  const op = 'copyFirstInput';
  const { B, gen, dtype } = common(op, options, ['lag', 'classes', 'noise']);
  const lag = intArg(op, options.lag, 'lag', 0);
  const C = intArg(op, options.classes ?? 4, 'classes', 2);
  const noise = numberArg(op, options.noise ?? 0.1, 'noise');
  if (noise < 0) throw new ValueError(`${op}: noise must be ≥ 0; got ${noise}`, { op, arg: 'noise' });
  const T = lag + 1;
  checkElements(op, T * B * C, 'the inputs');
  const x = new Float64Array(T * B * C);
  const y = new Float64Array(B * C);
  const labels = new Float64Array(B);
  for (let b = 0; b < B; b++) {
    const k = gen.int(C);
    labels[b] = k;
    y[b * C + k] = 1;
    x[b * C + k] = 1;
    for (let t = 1; t < T; t++) for (let c = 0; c < C; c++) x[(t * B + b) * C + c] = noise * gen.normal();
  }
  return {
    inputs: tensor(x, [T, B, C], { dtype }),
    targets: tensor(y, [B, C], { dtype }),
    labels: tensor(labels, [B], { dtype }),
  };
}

/**
 * Next-value prediction on sine waves with random phases: input `x_t = sin(ω t + φ)`, target
 * `x_{t+1}`, φ ~ U(0, 2π) per sequence. Baselines: predicting 0 gives MSE 0.5; repeating the
 * input gives 2 sin²(ω/2) (≈ 0.0199 for ω = 0.2).
 * @returns inputs `[T, B, 1]` and targets `[T, B, 1]`.
 * @throws ValueError when T < 1, batch < 1, ω is not finite, or an option is unknown.
 * @example
 * ```ts
 * const { inputs, targets } = sineWave({ T: 50, batch: 8, seed: 0 });
 * inputs.shape; // [50, 8, 1]
 * ```
 */
export function sineWave(options: SineWaveOptions): TaskBatch {
  const op = 'sineWave';
  const { B, gen, dtype } = common(op, options, ['T', 'omega']);
  const T = intArg(op, options.T, 'T', 1);
  const omega = numberArg(op, options.omega ?? 0.2, 'omega');
  checkElements(op, T * B, 'the inputs');
  const x = new Float64Array(T * B);
  const y = new Float64Array(T * B);
  for (let b = 0; b < B; b++) {
    const phi = gen.uniform(0, 2 * Math.PI);
    for (let t = 0; t < T; t++) {
      x[t * B + b] = Math.sin(omega * t + phi);
      y[t * B + b] = Math.sin(omega * (t + 1) + phi);
    }
  }
  return { inputs: tensor(x, [T, B, 1], { dtype }), targets: tensor(y, [T, B, 1], { dtype }) };
}
