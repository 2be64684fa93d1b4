/**
 * Optimizers: plain gradient descent, momentum and Adam, each with PyTorch's update rule.
 * An optimizer maps a parameter record and its gradients to a new record (tensors are
 * immutable) and keeps its own state (velocities, moments) by parameter name.
 * @module
 */
import { DTypeError, ShapeError, ValueError, describe, fmtShape } from '../errors.js';
import { checkOptions } from '../options.js';
import { isTensor } from '../tensor/brand.js';
import { like } from '../tensor/construct.js';
import { alloc } from '../tensor/dtype.js';
import type { TensorData } from '../tensor/dtype.js';
import { sameShape } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import type { Params } from './cell.js';

/** Something that turns gradients into a parameter update. */
export interface Optimizer {
  /** `'sgd'`, `'momentum'` or `'adam'`. */
  readonly name: string;
  /**
   * One update. Returns new tensors; `params` and `grads` are not changed.
   * @param params - the current parameters by name.
   * @param grads - ∂E/∂θ for every name in `params`, same shapes and dtypes.
   * @returns the updated parameters, same names.
   * @throws ValueError for a missing gradient or a non-tensor; ShapeError / DTypeError when a
   * gradient does not match its parameter or a parameter changed shape between steps.
   */
  step(params: Params, grads: Params): Params;
  /** Forgets the state (velocities, moments, step counts). */
  reset(): void;
}

/** Options of {@link sgd}. */
export interface SGDOptions {
  /**
   * Learning rate α.
   * @defaultValue 1e-3
   */
  readonly lr?: number;
}

/** Options of {@link momentum}. */
export interface MomentumOptions {
  /**
   * Learning rate α.
   * @defaultValue 1e-3
   */
  readonly lr?: number;
  /**
   * Momentum β in [0, 1).
   * @defaultValue 0.9
   */
  readonly beta?: number;
}

/** Options of {@link adam}; the defaults are PyTorch's. */
export interface AdamOptions {
  /**
   * Learning rate α.
   * @defaultValue 1e-3
   */
  readonly lr?: number;
  /**
   * Decay of the first moment, in [0, 1).
   * @defaultValue 0.9
   */
  readonly beta1?: number;
  /**
   * Decay of the second moment, in [0, 1).
   * @defaultValue 0.999
   */
  readonly beta2?: number;
  /**
   * Added to √v̂ in the denominator.
   * @defaultValue 1e-8
   */
  readonly eps?: number;
}

function hyper(op: string, v: unknown, name: string, lo: number, hi: number, hiOpen: boolean): number {
  const ok = typeof v === 'number' && Number.isFinite(v) && v >= lo && (hiOpen ? v < hi : v <= hi);
  if (!ok) throw new ValueError(`${op}: ${name} must be a number in [${lo}, ${hi}${hiOpen ? ')' : ']'}; got ${describe(v)}`, { op, arg: name });
  return v as number;
}

const lrOf = (op: string, v: unknown): number => hyper(op, v ?? 1e-3, 'lr', 0, Infinity, true);

type Update = (name: string, w: TensorData, g: TensorData, out: TensorData) => void;

/**
 * Checks `grads` against `params` (and each size against `state`), then builds the new record:
 * `update(name, w, g, out)` writes the new values of parameter `name` into `out`. Nothing is
 * updated unless every check passes, so a failed step leaves the optimizer's state as it was.
 */
function apply(op: string, params: Params, grads: Params, update: Update, state?: Buffers): Params {
  for (const [rec, arg] of [[params, 'params'], [grads, 'grads']] as const) {
    if (typeof rec !== 'object' || rec === null || Array.isArray(rec)) throw new ValueError(`${op}: ${arg} must be a record of tensors; got ${describe(rec)}`, { op, arg });
  }
  const extra = Object.keys(grads).find((k) => !(k in params));
  if (extra !== undefined) throw new ValueError(`${op}: grads has '${extra}', which is not a parameter`, { op, arg: 'grads' });
  const pairs = Object.entries(params).map(([name, w]) => {
    const g = grads[name];
    if (!isTensor(w)) throw new ValueError(`${op}: params.${name} must be a tensor; got ${describe(w)}`, { op, arg: 'params' });
    if (!isTensor(g)) throw new ValueError(`${op}: grads.${name} must be a tensor (the gradient of params.${name}); got ${describe(g)}`, { op, arg: 'grads' });
    if (!sameShape(w.shape, g.shape)) {
      throw new ShapeError(`${op}: grads.${name} must have the shape of params.${name}, ${fmtShape(w.shape)}; got ${fmtShape(g.shape)}`, { op, arg: 'grads', shapes: [w.shape, g.shape] });
    }
    if (w.dtype !== g.dtype) throw new DTypeError(`${op}: grads.${name} must be ${w.dtype} like params.${name}; got ${g.dtype}`, { op, arg: 'grads' });
    state?.check(name, w.size);
    return [name, w, g] as const;
  });
  const out: Record<string, Tensor> = {};
  for (const [name, w, g] of pairs) {
    const d = alloc(w.dtype, w.size);
    update(name, w.data, g.data, d);
    out[name] = like(w, d, w.shape);
  }
  return Object.freeze(out);
}

/** Two Float64 buffers per parameter name (velocity; or first and second moments). */
interface Buffers {
  /** Throws when `name` has buffers of another size. */
  check(name: string, size: number): void;
  /** The buffers of `name`, created as zeros on first use. */
  get(name: string, size: number): [Float64Array, Float64Array];
  clear(): void;
}

function buffers(op: string): Buffers {
  const store = new Map<string, [Float64Array, Float64Array]>();
  return {
    check(name, size) {
      const b = store.get(name);
      if (b !== undefined && b[0].length !== size) {
        throw new ShapeError(`${op}: params.${name} changed size from ${b[0].length} to ${size} between steps; call reset() first`, { op, arg: 'params' });
      }
    },
    get(name, size) {
      let b = store.get(name);
      if (b === undefined) {
        b = [new Float64Array(size), new Float64Array(size)];
        store.set(name, b);
      }
      return b;
    },
    clear: () => store.clear(),
  };
}

/**
 * Plain gradient descent: `w ← w − α·∂E/∂w`. Stateless.
 * @throws ValueError for a negative or non-finite lr or an unknown option.
 * @example
 * ```ts
 * const opt = sgd({ lr: 0.1 });
 * opt.step({ w: tensor([1]) }, { w: tensor([2]) }).w!.toArray(); // [0.8]
 * ```
 */
export function sgd(options: SGDOptions = {}): Optimizer {
  const op = 'sgd';
  checkOptions(op, options, ['lr']);
  const lr = lrOf(op, options.lr);
  return {
    name: op,
    step: (params, grads) =>
      apply(`${op}.step`, params, grads, (_, w, g, out) => {
        for (let i = 0; i < w.length; i++) out[i] = w[i]! - lr * g[i]!;
      }),
    reset: () => undefined,
  };
}

/**
 * Gradient descent with momentum, PyTorch's form: `v ← β·v + ∂E/∂w`, `w ← w − α·v`
 * (v starts at 0, so the first step is plain SGD).
 * @throws ValueError for an lr or beta out of range or an unknown option.
 * @example
 * ```ts
 * const opt = momentum({ lr: 0.1, beta: 0.9 });
 * let p = { w: tensor([1]) };
 * p = opt.step(p, { w: tensor([1]) }); // v = 1,   w = 0.9
 * p = opt.step(p, { w: tensor([1]) }); // v = 1.9, w = 0.71
 * ```
 */
export function momentum(options: MomentumOptions = {}): Optimizer {
  const op = 'momentum';
  checkOptions(op, options, ['lr', 'beta']);
  const lr = lrOf(op, options.lr);
  const beta = hyper(op, options.beta ?? 0.9, 'beta', 0, 1, true);
  const state = buffers(`${op}.step`);
  return {
    name: op,
    step: (params, grads) =>
      apply(`${op}.step`, params, grads, (name, w, g, out) => {
        const [v] = state.get(name, w.length);
        for (let i = 0; i < w.length; i++) {
          v[i] = beta * v[i]! + g[i]!;
          out[i] = w[i]! - lr * v[i]!;
        }
      }, state),
    reset: () => state.clear(),
  };
}

/**
 * Adam (Kingma & Ba 2015), PyTorch's form. At step t of each parameter:
 * `m ← β₁m + (1−β₁)g`, `v ← β₂v + (1−β₂)g²`, `m̂ = m/(1−β₁ᵗ)`, `v̂ = v/(1−β₂ᵗ)`,
 * `w ← w − α·m̂/(√v̂ + ε)`.
 * @throws ValueError for a hyperparameter out of range or an unknown option.
 * @example
 * ```ts
 * const opt = adam({ lr: 0.1 });
 * opt.step({ w: tensor([1]) }, { w: tensor([5]) }).w!.item(); // ≈ 0.9: the first step moves by α
 * ```
 */
export function adam(options: AdamOptions = {}): Optimizer {
  const op = 'adam';
  checkOptions(op, options, ['lr', 'beta1', 'beta2', 'eps']);
  const lr = lrOf(op, options.lr);
  const beta1 = hyper(op, options.beta1 ?? 0.9, 'beta1', 0, 1, true);
  const beta2 = hyper(op, options.beta2 ?? 0.999, 'beta2', 0, 1, true);
  const eps = hyper(op, options.eps ?? 1e-8, 'eps', 0, Infinity, true);
  const state = buffers(`${op}.step`);
  const steps = new Map<string, number>();
  return {
    name: op,
    step: (params, grads) =>
      apply(`${op}.step`, params, grads, (name, w, g, out) => {
        const [m, v] = state.get(name, w.length);
        const t = (steps.get(name) ?? 0) + 1;
        steps.set(name, t);
        const c1 = 1 - beta1 ** t;
        const c2 = 1 - beta2 ** t;
        for (let i = 0; i < w.length; i++) {
          const gi = g[i]!;
          m[i] = beta1 * m[i]! + (1 - beta1) * gi;
          v[i] = beta2 * v[i]! + (1 - beta2) * gi * gi;
          out[i] = w[i]! - (lr * (m[i]! / c1)) / (Math.sqrt(v[i]! / c2) + eps);
        }
      }, state),
    reset: () => {
      state.clear();
      steps.clear();
    },
  };
}
