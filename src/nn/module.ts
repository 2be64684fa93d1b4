/**
 * Named parameters and PyTorch-style state dicts. `Module` is the base of the built-in cells
 * and `Linear`: it holds an immutable record of parameters in camelCase (`weightIh`), checks
 * every replacement, and converts to and from a state dict with PyTorch's names (`weight_ih`)
 * holding plain nested arrays, i.e. JSON.
 * @module
 */
import { DTypeError, GradscopeError, ShapeError, ValueError, describe, fmtShape } from '../errors.js';
import { isTensor } from '../tensor/brand.js';
import { tensor } from '../tensor/creation.js';
import type { NestedInput } from '../tensor/creation.js';
import type { DType } from '../tensor/dtype.js';
import { sameShape } from '../tensor/shape.js';
import type { NestedNumbers, Tensor } from '../tensor/tensor.js';
import type { Params } from './cell.js';

/** One parameter of a module: its name on the object, its PyTorch name, its shape. */
export interface ParamSpec {
  /** camelCase name, the key in `parameters()`, e.g. `'weightIh'`. */
  readonly name: string;
  /** PyTorch's name, the key in `stateDict()`, e.g. `'weight_ih'`. */
  readonly torchName: string;
  /** The shape the parameter must have. */
  readonly shape: readonly number[];
}

/**
 * A state dict: PyTorch parameter names mapped to nested arrays of numbers, what Python's
 * `{k: v.tolist() for k, v in module.state_dict().items()}` gives. Safe to `JSON.stringify`.
 */
export type StateDict = { [name: string]: NestedNumbers };

/** What `loadStateDict` accepts: PyTorch names mapped to nested arrays (parsed JSON) or tensors. */
export type StateDictInput = { readonly [name: string]: NestedInput | Tensor };

/** Anything with parameters: a {@link Module}, a user-written cell, a model. */
export interface HasParameters {
  parameters(): Params;
  /** The specs, when the object knows them (every {@link Module} does). */
  readonly parameterSpecs?: readonly ParamSpec[];
}

/** The specs of `m`: its own when it declares them, else read off `parameters()` (names used for both). */
export function specsOf(m: HasParameters): ParamSpec[] {
  if (m.parameterSpecs) return [...m.parameterSpecs];
  return Object.entries(m.parameters()).map(([name, t]) => ({ name, torchName: name, shape: [...t.shape] }));
}

/** The specs with `prefix` in front of both names (`cell.` + `weight_ih`). */
export function prefixSpecs(prefix: string, specs: readonly ParamSpec[]): ParamSpec[] {
  return specs.map((s) => ({ name: prefix + s.name, torchName: prefix + s.torchName, shape: s.shape }));
}

/** Checks that `rec` is a record with exactly the `expected` keys; `noun` names one key in messages. */
function checkKeys(op: string, rec: unknown, expected: readonly string[], noun: string, arg: string, holding: string): Record<string, unknown> {
  if (typeof rec !== 'object' || rec === null || Array.isArray(rec) || isTensor(rec)) {
    throw new ValueError(`${op}: ${arg} must be a record of ${holding}; got ${describe(rec)}`, { op, arg });
  }
  const r = rec as Record<string, unknown>;
  const list = expected.map((k) => `'${k}'`).join(', ');
  const extra = Object.keys(r).find((k) => !expected.includes(k));
  if (extra !== undefined) throw new ValueError(`${op}: unknown ${noun} '${extra}'; expected exactly ${list}`, { op, arg: extra });
  const missing = expected.find((k) => !(k in r));
  if (missing !== undefined) throw new ValueError(`${op}: missing ${noun} '${missing}'; expected exactly ${list}`, { op, arg: missing });
  return r;
}

function checkOne(op: string, key: string, t: Tensor, spec: ParamSpec, dtype: DType): void {
  if (!sameShape(t.shape, spec.shape)) {
    throw new ShapeError(`${op}: ${key} must have shape ${fmtShape(spec.shape)}; got ${fmtShape(t.shape)}`, { op, arg: key, shapes: [spec.shape, t.shape] });
  }
  if (t.dtype !== dtype) throw new DTypeError(`${op}: ${key} must be ${dtype} (cast with astype); got ${t.dtype}`, { op, arg: key });
}

/**
 * Checks a parameter record against `specs` (exactly those names, each a tensor of the spec's
 * shape and of `dtype`) and returns a frozen copy in spec order.
 */
export function checkParams(op: string, specs: readonly ParamSpec[], dtype: DType, params: unknown): Params {
  const r = checkKeys(op, params, specs.map((s) => s.name), 'parameter', 'params', 'tensors');
  const out: Record<string, Tensor> = {};
  for (const s of specs) {
    const t = r[s.name];
    if (!isTensor(t)) throw new ValueError(`${op}: ${s.name} must be a tensor ${fmtShape(s.shape)}; got ${describe(t)}`, { op, arg: s.name });
    checkOne(op, s.name, t, s, dtype);
    out[s.name] = t;
  }
  return Object.freeze(out);
}

/** The state dict of `params` (PyTorch names, nested arrays). */
export function toStateDict(specs: readonly ParamSpec[], params: Params): StateDict {
  const out: StateDict = {};
  for (const s of specs) out[s.torchName] = params[s.name]!.toArray();
  return out;
}

/**
 * Reads a state dict (PyTorch names → nested arrays or tensors) into a parameter record in
 * `dtype`, checking that the names are exactly the specs' and every shape matches.
 */
export function parseStateDict(op: string, specs: readonly ParamSpec[], dtype: DType, dict: unknown): Params {
  const r = checkKeys(op, dict, specs.map((s) => s.torchName), 'state dict entry', 'dict', 'nested arrays');
  const out: Record<string, Tensor> = {};
  for (const s of specs) {
    const v = r[s.torchName];
    let t: Tensor;
    if (isTensor(v)) {
      t = v.dtype === dtype ? v : tensor(v.data, v.shape, { dtype });
    } else {
      try {
        t = tensor(v as NestedInput, undefined, { dtype });
      } catch (e) {
        const why = e instanceof GradscopeError ? e.message.replace(/^tensor: /, '') : describe(v);
        throw new ValueError(`${op}: ${s.torchName} must be nested arrays of numbers of shape ${fmtShape(s.shape)}; ${why}`, { op, arg: s.torchName });
      }
    }
    checkOne(op, s.torchName, t, s, dtype);
    out[s.name] = t;
  }
  return Object.freeze(out);
}

/**
 * Base class of the built-in cells and `Linear`: a fixed set of named parameters in one
 * dtype, replaced (never mutated) by `setParameters` or `loadStateDict`.
 *
 * @example
 * ```ts
 * const cell = new LSTMCell({ inputSize: 3, hiddenSize: 4, seed: 0 });
 * const json = JSON.stringify(cell.stateDict());     // {"weight_ih": [[…]], …}
 * const copy = new LSTMCell({ inputSize: 3, hiddenSize: 4, seed: 1 });
 * copy.loadStateDict(JSON.parse(json));              // now the same weights
 * ```
 */
export abstract class Module implements HasParameters {
  /** Element type of every parameter. */
  readonly dtype: DType;
  /** Names (camelCase and PyTorch) and shapes of the parameters, in PyTorch's order. */
  readonly parameterSpecs: readonly ParamSpec[];
  /** The class name used in error messages. */
  protected readonly kind: string;
  #params: Params;

  protected constructor(kind: string, dtype: DType, specs: readonly ParamSpec[], params: Params) {
    this.kind = kind;
    this.dtype = dtype;
    this.parameterSpecs = Object.freeze(specs.map((s) => Object.freeze({ ...s, shape: Object.freeze([...s.shape]) })));
    this.#params = checkParams(kind, this.parameterSpecs, dtype, params);
  }

  /** The parameter named `name` (a spec name). */
  protected param(name: string): Tensor {
    return this.#params[name]!;
  }

  /**
   * The trainable tensors by camelCase name, in PyTorch's order. The record is frozen;
   * `tape.gradient(loss, module.parameters())` returns a record with the same keys.
   */
  parameters(): Params {
    return this.#params;
  }

  /**
   * Replaces every parameter at once.
   * @param params - exactly the names of `parameters()`, same shapes and dtype.
   * @throws ValueError for a missing or unknown name or a non-tensor; ShapeError for a wrong
   * shape; DTypeError for a wrong dtype.
   */
  setParameters(params: Params): void {
    this.#params = checkParams(`${this.kind}.setParameters`, this.parameterSpecs, this.dtype, params);
  }

  /** The parameters as a PyTorch-named state dict of nested arrays (JSON-ready). */
  stateDict(): StateDict {
    return toStateDict(this.parameterSpecs, this.#params);
  }

  /**
   * Loads a state dict with PyTorch's names (nested arrays, e.g. parsed JSON, or tensors),
   * converting values to this module's dtype.
   * @throws ValueError for missing or unknown names or values that are not nested arrays;
   * ShapeError naming the entry, the expected and the given shape.
   */
  loadStateDict(dict: StateDictInput): void {
    this.#params = parseStateDict(`${this.kind}.loadStateDict`, this.parameterSpecs, this.dtype, dict);
  }
}
