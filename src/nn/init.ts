/**
 * Weight initialisers: uniform (PyTorch's default for recurrent cells), orthogonal (as
 * `torch.nn.init.orthogonal_`) and scaled identity (IRNN, Le et al. 2015). Each takes a seed or
 * a generator and a gain, and can be used on its own.
 * @module
 */
import { ShapeError, ValueError, describe, fmtShape } from '../errors.js';
import { checkOptions } from '../options.js';
import { tensor } from '../tensor/creation.js';
import type { DType } from '../tensor/dtype.js';
import { checkDType } from '../tensor/dtype.js';
import type { Rng } from '../tensor/rng.js';
import { checkSeed, rng } from '../tensor/rng.js';
import type { Shape } from '../tensor/shape.js';
import { checkShape, sizeOf } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';

/** Options shared by the initialisers. */
export interface InitOptions {
  /**
   * A seed, or a generator from `rng()` to draw from (it advances). `identityInit` draws nothing.
   * @defaultValue 0
   */
  readonly seed?: number | Rng;
  /**
   * Factor applied to every value.
   * @defaultValue 1
   */
  readonly gain?: number;
  /**
   * Element type.
   * @defaultValue 'float64'
   */
  readonly dtype?: DType;
}

const KEYS = ['seed', 'gain', 'dtype'] as const;

interface Resolved {
  readonly gen: Rng;
  readonly gain: number;
  readonly dtype: DType;
}

/** Validates {@link InitOptions}; a numeric seed becomes a fresh generator. */
export function resolveInit(op: string, options: InitOptions | undefined): Resolved {
  checkOptions(op, options, KEYS);
  const gain = options?.gain ?? 1;
  if (typeof gain !== 'number' || !Number.isFinite(gain)) {
    throw new ValueError(`${op}: gain must be a finite number; got ${describe(gain)}`, { op, arg: 'gain' });
  }
  return { gen: toRng(op, options?.seed ?? 0), gain, dtype: checkDType(op, options?.dtype) };
}

/** A generator from a seed or a generator. */
export function toRng(op: string, seed: unknown): Rng {
  if (typeof seed === 'number') return rng(checkSeed(op, seed));
  const g = seed as Partial<Rng> | null;
  if (typeof g === 'object' && g !== null && typeof g.uniform === 'function' && typeof g.normal === 'function') return g as Rng;
  throw new ValueError(`${op}: seed must be an integer or a generator from rng(); got ${describe(seed)}`, { op, arg: 'seed' });
}

function matrixShape(op: string, shape: unknown): [number, number] {
  const s = checkShape(op, shape);
  if (s.length !== 2) throw new ShapeError(`${op}: shape must be a matrix [rows, cols]; got ${fmtShape(s)}`, { op, arg: 'shape', shapes: [s] });
  return [s[0]!, s[1]!];
}

/**
 * Values drawn uniformly from `[−gain·bound, gain·bound)`, row-major from the generator.
 * PyTorch's recurrent cells use `bound = 1/√H` for every weight and bias.
 * @param shape - any shape.
 * @param bound - half-width of the interval, ≥ 0.
 * @returns a tensor of `shape`.
 * @throws ValueError for a negative or non-finite bound, a bad seed or gain.
 * @example
 * ```ts
 * const w = uniformInit([4, 3], 1 / Math.sqrt(4), { seed: 1 }); // values in [−0.5, 0.5)
 * ```
 */
export function uniformInit(shape: Shape, bound: number, options?: InitOptions): Tensor {
  const op = 'uniformInit';
  const s = checkShape(op, shape);
  if (typeof bound !== 'number' || !Number.isFinite(bound) || bound < 0) {
    throw new ValueError(`${op}: bound must be a finite number ≥ 0; got ${describe(bound)}`, { op, arg: 'bound' });
  }
  const { gen, gain, dtype } = resolveInit(op, options);
  const b = Math.abs(gain) * bound;
  const data = new Float64Array(sizeOf(s));
  for (let i = 0; i < data.length; i++) data[i] = gen.uniform(-b, b);
  return tensor(data, s, { dtype });
}

/**
 * A (semi-)orthogonal matrix times `gain`, as `torch.nn.init.orthogonal_`: the Q of the QR
 * decomposition of a seeded standard-normal matrix (transposed first when rows < cols), with
 * each column's sign chosen so that R has a positive diagonal. Square results satisfy
 * WᵀW = gain²·I; tall ones have orthonormal columns, wide ones orthonormal rows.
 * @param shape - `[rows, cols]`.
 * @returns a tensor `[rows, cols]`.
 * @throws ShapeError when the shape is not a matrix; ValueError for a bad seed or gain.
 * @example
 * ```ts
 * const w = orthogonalInit([3, 3], { seed: 0 });
 * w.transpose().matmul(w); // ≈ eye(3)
 * ```
 */
export function orthogonalInit(shape: readonly [number, number] | Shape, options?: InitOptions): Tensor {
  const op = 'orthogonalInit';
  const [rows, cols] = matrixShape(op, shape);
  const { gen, gain, dtype } = resolveInit(op, options);
  const a = new Float64Array(rows * cols);
  for (let i = 0; i < a.length; i++) a[i] = gen.normal();
  const out = new Float64Array(rows * cols);
  if (rows === 0 || cols === 0) return tensor(out, [rows, cols], { dtype });
  // QR of A (rows ≥ cols) or of Aᵀ; the columns of A's transpose are A's rows.
  const tall = rows >= cols;
  const m = tall ? rows : cols;
  const n = tall ? cols : rows;
  const col = (j: number): Float64Array => {
    const v = new Float64Array(m);
    for (let i = 0; i < m; i++) v[i] = tall ? a[i * cols + j]! : a[j * cols + i]!;
    return v;
  };
  const q = gramSchmidt(op, m, n, col);
  for (let j = 0; j < n; j++) {
    const qj = q[j]!;
    for (let i = 0; i < m; i++) {
      if (tall) out[i * cols + j] = gain * qj[i]!;
      else out[j * cols + i] = gain * qj[i]!;
    }
  }
  return tensor(out, [rows, cols], { dtype });
}

/**
 * Orthonormal columns q_0…q_{n−1} of an m×n matrix (m ≥ n) given column by column: the Q of
 * its QR decomposition with R's diagonal positive. Modified Gram–Schmidt run twice per column
 * ("twice is enough"), which keeps QᵀQ = I to rounding.
 */
function gramSchmidt(op: string, m: number, n: number, column: (j: number) => Float64Array): Float64Array[] {
  const q: Float64Array[] = [];
  for (let j = 0; j < n; j++) {
    const v = column(j);
    for (let pass = 0; pass < 2; pass++) {
      for (const qk of q) {
        let d = 0;
        for (let i = 0; i < m; i++) d += qk[i]! * v[i]!;
        for (let i = 0; i < m; i++) v[i]! -= d * qk[i]!;
      }
    }
    let norm = 0;
    for (let i = 0; i < m; i++) norm += v[i]! * v[i]!;
    norm = Math.sqrt(norm);
    if (!(norm > 0)) throw new ValueError(`${op}: the random matrix is rank-deficient; try another seed`, { op, arg: 'seed' });
    for (let i = 0; i < m; i++) v[i]! /= norm;
    q.push(v);
  }
  return q;
}

/**
 * `gain` times the identity (ones on the main diagonal of a possibly rectangular matrix): the
 * IRNN initialisation of W_hh (Le, Jaitly & Hinton 2015). Deterministic; `seed` is accepted
 * and ignored so that every initialiser takes the same options.
 * @param shape - `[rows, cols]`.
 * @returns a tensor `[rows, cols]`.
 * @throws ShapeError when the shape is not a matrix; ValueError for a bad gain.
 * @example
 * ```ts
 * identityInit([2, 2], { gain: 0.5 }).toArray(); // [[0.5, 0], [0, 0.5]]
 * ```
 */
export function identityInit(shape: readonly [number, number] | Shape, options?: InitOptions): Tensor {
  const op = 'identityInit';
  const [rows, cols] = matrixShape(op, shape);
  const { gain, dtype } = resolveInit(op, options);
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < Math.min(rows, cols); i++) out[i * cols + i] = gain;
  return tensor(out, [rows, cols], { dtype });
}
