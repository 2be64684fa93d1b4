/**
 * The gradient tape: a flat list of records, one per primitive call made while `record` runs,
 * and a backward pass that walks it once in reverse, summing cotangents by tensor id.
 * @module
 */
import { TapeError, ValueError, describe, fmtShape } from '../errors.js';
import { isTensor } from '../tensor/brand.js';
import { sameShape } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { pullback, reachFrom } from './backward.js';
import { anomalyMode, callSite, label, withTrace } from './bind.js';
import type { Trace } from './bind.js';
import * as L from './lax.js';
import type { Primitive } from './primitive.js';
import { checkOptions } from '../options.js';
import type { TensorTree } from './tree.js';
import { flatten, unflatten } from './tree.js';

/** One recorded primitive call. Records are plain data: print them, count them, test them. */
export interface TapeRecord {
  /** Position on the tape. */
  readonly index: number;
  /** The primitive's name, e.g. `'matmul'`. */
  readonly op: string;
  /** The inputs, in order. */
  readonly inputs: readonly Tensor[];
  /** The output. */
  readonly output: Tensor;
  /** The primitive's parameters (axes, shapes, flags). */
  readonly params: unknown;
  /** The label active when the call was made (see `withLabel`), if any. */
  readonly label: string | undefined;
  /** Where the call was made, recorded in anomaly mode only. */
  readonly site: string | undefined;
  /** @internal */
  readonly prim: Primitive<never>;
}

/** Options of {@link GradientTape}. */
export interface GradientTapeOptions {
  /**
   * Keep the records after `gradient`, so it can be called several times.
   * @defaultValue false
   */
  readonly persistent?: boolean;
}

/** Options of {@link GradientTape.gradient}. */
export interface GradientOptions {
  /** The cotangent to start from: required when the target is not a scalar; same shape as it. */
  readonly outputGradient?: Tensor;
  /**
   * What a source that the target does not depend on gets: zeros, or a TapeError.
   * @defaultValue 'zero'
   */
  readonly unconnected?: 'zero' | 'error';
}

/**
 * Records primitive calls and differentiates through them in reverse mode.
 *
 * @example
 * ```ts
 * const x = tensor([1, 2, 3]);
 * const tape = new GradientTape();
 * const y = tape.record(() => x.mul(x).sum());  // y = Σ x²
 * tape.gradient(y, x).toArray();                // [2, 4, 6]
 * ```
 */
export class GradientTape implements Trace {
  /** Whether records survive `gradient`. */
  readonly persistent: boolean;
  private list: TapeRecord[] = [];
  private consumed = false;
  private paused = false;

  constructor(options: GradientTapeOptions = {}) {
    checkOptions('GradientTape', options, ['persistent']);
    if (options.persistent !== undefined && typeof options.persistent !== 'boolean') {
      throw new ValueError(`GradientTape: persistent must be a boolean; got ${describe(options.persistent)}`, { op: 'GradientTape', arg: 'persistent' });
    }
    this.persistent = options.persistent === true;
  }

  /** The records made so far (read-only view). */
  get records(): readonly TapeRecord[] {
    return this.list;
  }

  /**
   * Runs `fn`, recording every primitive called inside it, and returns what `fn` returns.
   * May be called several times; records accumulate.
   * @throws TapeError when a non-persistent tape has already given its gradient.
   */
  record<R>(fn: () => R): R {
    if (typeof fn !== 'function') {
      throw new ValueError(`GradientTape.record: expects a function; got ${describe(fn)}`, { op: 'GradientTape.record' });
    }
    this.checkUsable('record');
    return withTrace(this, fn);
  }

  /** @internal Appends one record (called by `bind`). */
  process(prim: Primitive<never>, inputs: readonly Tensor[], params: unknown, out: Tensor): void {
    if (this.paused) return;
    this.list.push({
      index: this.list.length,
      op: prim.name,
      inputs,
      output: out,
      params,
      label: label(),
      site: anomalyMode() ? callSite() : undefined,
      prim,
    });
  }

  /**
   * Gradient of `target` with respect to each source: a tensor, an array or a record of
   * tensors (any recorded intermediate tensor may be a source). The result has the same
   * structure, each gradient the shape of its source.
   * @param target - a recorded tensor; a scalar unless `outputGradient` is given.
   * @param sources - what to differentiate with respect to.
   * @returns gradients in the structure of `sources`.
   * @throws TapeError when the tape was used up, the target was not recorded, a non-scalar
   * target has no `outputGradient`, or (with `unconnected: 'error'`) a source is unconnected.
   */
  gradient<S extends TensorTree>(target: Tensor, sources: S, options: GradientOptions = {}): S {
    const op = 'GradientTape.gradient';
    checkOptions(op, options, ['outputGradient', 'unconnected']);
    this.checkUsable('gradient');
    if (!isTensor(target)) throw new ValueError(`${op}: target must be a tensor; got ${describe(target)}`, { op, arg: 'target' });
    const leaves = flatten(op, sources, 'sources');
    const seed = seedFor(op, target, options.outputGradient);
    if (options.unconnected !== undefined && options.unconnected !== 'zero' && options.unconnected !== 'error') {
      throw new ValueError(`${op}: unconnected must be 'zero' or 'error'; got ${describe(options.unconnected)}`, { op, arg: 'unconnected' });
    }
    const sourceIds = new Set(leaves.map((s) => s.id));
    const end = this.findTarget(op, target, sourceIds);
    this.paused = true;
    let cts: Map<number, Tensor>;
    try {
      cts = backward(this.list, end, target, seed, sourceIds);
    } finally {
      this.paused = false;
      if (!this.persistent) {
        this.list = [];
        this.consumed = true;
      }
    }
    const grads = leaves.map((s) => {
      const g = cts.get(s.id);
      if (g) return g;
      if (options.unconnected === 'error') {
        throw new TapeError(
          `${op}: the target does not depend on a source of shape ${fmtShape(s.shape)}; check that the target is computed from it inside record()`,
          { op, arg: 'sources', shapes: [s.shape] },
        );
      }
      return L.filledLike(s, 0);
    });
    return unflatten(sources, grads);
  }

  private checkUsable(what: string): void {
    if (this.consumed) {
      throw new TapeError(
        `GradientTape.${what}: this tape has already given its gradient and was released; ` +
          'create a new tape, or use new GradientTape({ persistent: true }) to call gradient several times',
        { op: `GradientTape.${what}` },
      );
    }
  }

  private findTarget(op: string, target: Tensor, sourceIds: Set<number>): number {
    for (let i = this.list.length - 1; i >= 0; i--) if (this.list[i]!.output.id === target.id) return i;
    if (sourceIds.has(target.id)) return -1;
    throw new TapeError(
      `${op}: the target was not recorded by this tape; compute it inside tape.record(() => …) ` +
        `(got a ${target.dtype} tensor of shape ${fmtShape(target.shape)})`,
      { op, arg: 'target', shapes: [target.shape] },
    );
  }
}

function seedFor(op: string, target: Tensor, given: Tensor | undefined): Tensor {
  if (given === undefined) {
    if (target.size !== 1) {
      throw new TapeError(
        `${op}: the target is not a scalar; got shape ${fmtShape(target.shape)}; pass { outputGradient } of that shape, or reduce the target (e.g. .sum())`,
        { op, arg: 'target', shapes: [target.shape] },
      );
    }
    return L.filledLike(target, 1);
  }
  if (!isTensor(given) || !sameShape(given.shape, target.shape) || given.dtype !== target.dtype) {
    throw new TapeError(
      `${op}: outputGradient must match the target (${target.dtype} ${fmtShape(target.shape)}); got ${describe(given)}`,
      { op, arg: 'outputGradient' },
    );
  }
  return given;
}

/** The reverse walk from the target's record, over records on a path from a source. */
function backward(
  records: readonly TapeRecord[],
  end: number,
  target: Tensor,
  seed: Tensor,
  sourceIds: ReadonlySet<number>,
): Map<number, Tensor> {
  const reach = reachFrom(records, sourceIds, end + 1);
  const cts = new Map<number, Tensor>();
  if (!reach.has(target.id)) return cts;
  cts.set(target.id, seed);
  pullback(records, 0, end + 1, cts, reach, sourceIds);
  return cts;
}
