/**
 * What a primitive is: one object holding its shape rule, its forward kernel call, and its
 * vjp and jvp rules side by side. Rules are small pure functions written with the `L` ops they
 * are handed (so a backward pass is itself recorded by an outer tape, and higher-order
 * derivatives work), returning one cotangent per input (`null` = none).
 * @module
 */
import type { TensorData } from '../tensor/dtype.js';
import type { Shape } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import type * as Lax from './lax.js';

/** The unchecked primitive ops a rule may call. */
export type Ops = typeof Lax;

/** What a rule sees of the call it differentiates. */
export interface RuleContext<P> {
  /** The primitive's inputs, in order. */
  readonly inputs: readonly Tensor[];
  /** The forward output. */
  readonly ans: Tensor;
  /** The primitive's parameters. */
  readonly params: P;
  /** needs[i] is false when input i's cotangent is not wanted (a rule may return null for it). */
  readonly needs: readonly boolean[];
  /**
   * The walk's running sum of input x's cotangent, when the walk alone holds it (a first-order
   * backward pass, outside anomaly mode, one cotangent row): a rule may add its contribution for
   * x into this array and return null for x. Undefined when there is no such sum yet (return the
   * cotangent as usual). Lets a step's parameter gradients accumulate in place across steps.
   */
  readonly into?: ((x: Tensor) => TensorData | undefined) | undefined;
}

/** A differentiable (or explicitly non-differentiable) primitive. */
export interface Primitive<P> {
  /** Name used in the tape, errors and labels. */
  readonly name: string;
  /** Input names, for messages and records. */
  readonly inputs: readonly string[];
  /** Output shape from input shapes (validated by the public op before). */
  shape(shapes: readonly Shape[], params: P): Shape;
  /** Runs the kernel. May return an input's storage when the output is the same values. */
  forward(inputs: readonly Tensor[], params: P, outShape: Shape): TensorData;
  /** Cotangent of each input given the output's cotangent `ct`. */
  vjp(ct: Tensor, ctx: RuleContext<P>, L: Ops): readonly (Tensor | null)[];
  /** Tangent of the output given each input's tangent (`null` = zero). */
  jvp(tangents: readonly (Tensor | null)[], ctx: RuleContext<P>, L: Ops): Tensor;
}

/** Declares a primitive with its parameter type inferred. */
export function primitive<P>(def: Primitive<P>): Primitive<P> {
  return def;
}

/** A primitive of any parameter type (for the registry). */
// Method parameters are bivariant, so every Primitive<P> is assignable to this.
export type AnyPrimitive = Primitive<never>;
