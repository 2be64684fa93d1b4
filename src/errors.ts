/**
 * The errors gradscope throws. Every error is a {@link GradscopeError}; the subclass names
 * the kind. Messages follow `<op>: <what is wrong>; got <what it got>`.
 *
 * @example
 * ```ts
 * import { matmul, zeros, ShapeError } from 'gradscope';
 * try { matmul(zeros([2, 3]), zeros([4, 5]) as never); }
 * catch (e) { if (e instanceof ShapeError) console.log(e.op); } // 'matmul'
 * ```
 * @module
 */

/** Structured details carried by every {@link GradscopeError}. */
export interface ErrorDetails {
  /** The public operation that rejected its input, e.g. `'matmul'`. */
  readonly op: string;
  /** The argument at fault, when one is, e.g. `'b'`. */
  readonly arg?: string;
  /** The shapes involved, when shapes are at fault. */
  readonly shapes?: readonly (readonly number[])[];
}

/** Base class of every error gradscope throws. */
export class GradscopeError extends Error {
  /** The operation that threw. */
  readonly op: string;
  /** The argument at fault, if any. */
  readonly arg: string | undefined;
  /** The shapes involved, if any. */
  readonly shapes: readonly (readonly number[])[] | undefined;

  constructor(message: string, details?: ErrorDetails) {
    super(message);
    this.name = new.target.name;
    this.op = details?.op ?? '';
    this.arg = details?.arg;
    this.shapes = details?.shapes;
  }
}

/** A shape is invalid, or shapes do not fit together. */
export class ShapeError extends GradscopeError {}
/** Operands have different dtypes, or a dtype is unknown. */
export class DTypeError extends GradscopeError {}
/** A tape or transform was misused (used twice, unrecorded target, …). */
export class TapeError extends GradscopeError {}
/** A value is out of range or of the wrong kind (NaN where a size is expected, unknown option, …). */
export class ValueError extends GradscopeError {}
/** Anomaly mode found a NaN or an infinity. */
export class AnomalyError extends GradscopeError {}

/** Formats a shape for a message: `[2, 3]`. */
export function fmtShape(shape: readonly number[]): string {
  if (!Array.isArray(shape)) return describe(shape);
  return `[${shape.join(', ')}]`;
}

/** Describes any value for a message without dumping it. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (typeof value === 'object') {
    const v = value as { shape?: unknown; dtype?: unknown };
    if (Array.isArray(v.shape) && typeof v.dtype === 'string') return `a ${v.dtype} tensor of shape ${fmtShape(v.shape as number[])}`;
    const name = (value as object).constructor?.name;
    return name && name !== 'Object' ? `a ${name}` : 'an object';
  }
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'function') return 'a function';
  return String(value);
}

/** Throws a `gradscope internal:` error: a bug in gradscope, not in the caller's code. */
export function internal(op: string, what: string): never {
  throw new GradscopeError(`gradscope internal: ${op}: ${what}`, { op });
}
