/**
 * Gradient checking: reverse mode (one pullback per output element) and forward mode (one jvp
 * per input element) compared with central finite differences, in float64.
 *
 * Choosing `eps` and tolerances: the central difference (f(x+ε) − f(x−ε)) / 2ε has truncation
 * error ≈ ε²·|f‴|/6 and rounding error ≈ 1e-16·|f|/ε; both are small near ε = 1e-6 for
 * values of order 1, giving about 1e-10 absolute accuracy. Scale ε with |x| when inputs are
 * large (ε ≈ 1e-6·max(1, |x|)), keep inputs away from kinks (relu at 0, abs at 0, max ties) by
 * more than ε, and loosen `atol` for functions with large third derivatives (exp of large x).
 * @module
 */
import * as L from '../autodiff/lax.js';
import { jvp, vjp } from '../autodiff/transforms.js';
import { ValueError, describe } from '../errors.js';
import { checkOptions } from '../options.js';
import { isTensor } from '../tensor/brand.js';
import { like } from '../tensor/construct.js';
import type { Tensor } from '../tensor/tensor.js';

/** Options of {@link checkGrad}. */
export interface CheckGradOptions {
  /**
   * Finite-difference step.
   * @defaultValue 1e-6
   */
  readonly eps?: number;
  /**
   * Absolute tolerance.
   * @defaultValue 1e-6
   */
  readonly atol?: number;
  /**
   * Relative tolerance (of the numerical value).
   * @defaultValue 1e-5
   */
  readonly rtol?: number;
  /**
   * Which modes to check.
   * @defaultValue 'both'
   */
  readonly mode?: 'reverse' | 'forward' | 'both';
}

/** The worst disagreement found by {@link checkGrad}. */
export interface GradMismatch {
  readonly mode: 'reverse' | 'forward';
  /** Which input. */
  readonly input: number;
  /** Flat index into that input. */
  readonly inputIndex: number;
  /** Flat index into the output. */
  readonly outputIndex: number;
  /** The derivative the engine computed. */
  readonly analytic: number;
  /** The finite-difference estimate. */
  readonly numeric: number;
}

/** What {@link checkGrad} found. */
export interface CheckGradResult {
  /** True when every Jacobian entry agrees within `atol + rtol·|numeric|`. */
  readonly ok: boolean;
  /** Largest absolute error over all entries and modes. */
  readonly maxAbsError: number;
  /** Largest relative error (|analytic − numeric| / max(|numeric|, atol)). */
  readonly maxRelError: number;
  /** The entry with the largest excess over tolerance (or the largest error when ok). */
  readonly worst: GradMismatch | undefined;
  /** Number of Jacobian entries compared. */
  readonly entries: number;
}

type Fn = (...inputs: Tensor[]) => Tensor;

/**
 * Compares the engine's derivatives of `f` at `inputs` with central finite differences,
 * entry by entry of the full Jacobian, in float64 (float32 inputs are cast up).
 * @param f - any function of tensors returning a tensor.
 * @param inputs - the point to check at.
 * @returns the worst absolute and relative errors and where they occur.
 * @example
 * ```ts
 * const r = checkGrad((x) => x.tanh().sum(), [tensor([0.3, -1.2])]);
 * r.ok; // true
 * ```
 */
export function checkGrad(f: Fn, inputs: readonly Tensor[], options: CheckGradOptions = {}): CheckGradResult {
  return run('checkGrad', f, inputs, options);
}

// Shared by checkGrad and assertGrad, so that an error names the function the user called.
function run(op: string, f: Fn, inputs: readonly Tensor[], options: CheckGradOptions): CheckGradResult {
  if (typeof f !== 'function') throw new ValueError(`${op}: f must be a function; got ${describe(f)}`, { op, arg: 'f' });
  checkOptions(op, options, ['eps', 'atol', 'rtol', 'mode']);
  if (!Array.isArray(inputs) || inputs.some((x) => !isTensor(x))) {
    throw new ValueError(`${op}: inputs must be an array of tensors; got ${describe(inputs)}`, { op, arg: 'inputs' });
  }
  if (inputs.length === 0) {
    throw new ValueError(`${op}: inputs must hold at least one tensor to differentiate by; got an empty array`, { op, arg: 'inputs' });
  }
  const eps = positive(op, options.eps ?? 1e-6, 'eps');
  const atol = positive(op, options.atol ?? 1e-6, 'atol', true);
  const rtol = positive(op, options.rtol ?? 1e-5, 'rtol', true);
  const mode = options.mode ?? 'both';
  if (mode !== 'reverse' && mode !== 'forward' && mode !== 'both') {
    throw new ValueError(`${op}: mode must be 'reverse', 'forward' or 'both'; got ${describe(mode)}`, { op, arg: 'mode' });
  }
  const xs = inputs.map((x) => L.astype(x, 'float64'));
  const value = f(...xs);
  if (!isTensor(value)) throw new ValueError(`${op}: f must return a tensor; got ${describe(value)}`, { op, arg: 'f' });
  const m = value.size;

  // numeric[i][j][o] = ∂out[o]/∂x_i[j] by central differences
  const numeric = xs.map((x) => {
    const cols: Float64Array[] = [];
    for (let j = 0; j < x.size; j++) {
      const plus = bump(x, j, eps);
      const minus = bump(x, j, -eps);
      const fp = f(...xs.map((y) => (y === x ? plus : y))).astype('float64').data;
      const fm = f(...xs.map((y) => (y === x ? minus : y))).astype('float64').data;
      const col = new Float64Array(m);
      for (let o = 0; o < m; o++) col[o] = (fp[o]! - fm[o]!) / (2 * eps);
      cols.push(col);
    }
    return cols;
  });

  let maxAbs = 0;
  let maxRel = 0;
  let worst: GradMismatch | undefined;
  let worstScore = -Infinity;
  let ok = true;
  let entries = 0;
  const compare = (md: 'reverse' | 'forward', i: number, j: number, o: number, analytic: number): void => {
    const num = numeric[i]![j]![o]!;
    const err = Math.abs(analytic - num);
    const tol = atol + rtol * Math.abs(num);
    const bad = !(err <= tol);
    entries++;
    if (bad) ok = false;
    maxAbs = err === err ? Math.max(maxAbs, err) : NaN;
    maxRel = Math.max(maxRel, err / Math.max(Math.abs(num), atol || 1e-300));
    const score = err === err ? err - tol : Infinity;
    if (score > worstScore) {
      worstScore = score;
      worst = { mode: md, input: i, inputIndex: j, outputIndex: o, analytic, numeric: num };
    }
  };

  if (mode !== 'forward') {
    const [out, pullback] = vjp((...ys: Tensor[]) => f(...ys), ...xs);
    for (let o = 0; o < m; o++) {
      const cts = pullback(oneHot(out, o));
      cts.forEach((g, i) => {
        for (let j = 0; j < g.size; j++) compare('reverse', i, j, o, g.data[j]!);
      });
    }
  }
  if (mode !== 'reverse') {
    xs.forEach((x, i) => {
      for (let j = 0; j < x.size; j++) {
        const tans = xs.map((y, k) => (k === i ? oneHot(y, j) : L.filledLike(y, 0)));
        const [, t] = jvp((...ys: Tensor[]) => f(...ys), xs, tans);
        for (let o = 0; o < m; o++) compare('forward', i, j, o, t.data[o]!);
      }
    });
  }
  return { ok, maxAbsError: maxAbs, maxRelError: maxRel, worst, entries };
}

/**
 * {@link checkGrad} that throws a ValueError describing the worst entry when the check fails.
 * @example
 * ```ts
 * assertGrad((x, w) => x.matmul(w).tanh().sum(), [randn([2, 3]), randn([3, 4])]);
 * ```
 */
export function assertGrad(f: Fn, inputs: readonly Tensor[], options: CheckGradOptions = {}): CheckGradResult {
  const r = run('assertGrad', f, inputs, options);
  if (!r.ok) {
    const w = r.worst!;
    throw new ValueError(
      `assertGrad: ${w.mode}-mode derivative disagrees with finite differences at input ${w.input}, ` +
        `element ${w.inputIndex}, output element ${w.outputIndex}: analytic ${w.analytic}, numeric ${w.numeric} ` +
        `(max abs error ${r.maxAbsError}, max rel error ${r.maxRelError}; atol ${options.atol ?? 1e-6}, rtol ${options.rtol ?? 1e-5})`,
      { op: 'assertGrad' },
    );
  }
  return r;
}

function positive(op: string, v: unknown, name: string, allowZero = false): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || (!allowZero && v === 0)) {
    throw new ValueError(`${op}: ${name} must be a ${allowZero ? 'non-negative' : 'positive'} finite number; got ${describe(v)}`, { op, arg: name });
  }
  return v;
}

function bump(x: Tensor, j: number, by: number): Tensor {
  const d = x.data.slice();
  d[j]! += by;
  return like(x, d, x.shape);
}

function oneHot(proto: Tensor, i: number): Tensor {
  const d = new Float64Array(proto.size);
  d[i] = 1;
  return like(proto, proto.dtype === 'float64' ? d : Float32Array.from(d), proto.shape);
}
