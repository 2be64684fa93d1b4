/**
 * Arbitrary differentiable programs: random DAGs of smooth ops over a few inputs whose shapes
 * broadcast together, each value reusable by later steps.
 * @module
 */
import fc from 'fast-check';
import type { Arbitrary } from 'fast-check';
import { ValueError, describe } from '../errors.js';
import { checkOptions } from '../options.js';
import type { Shape } from '../tensor/shape.js';
import { broadcastShapes, sameShape } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { boolOption, finiteOption, intOption, ordered } from './check.js';
import type { DifferentiableProgram, ProgramNode, ProgramOp } from './program.js';
import { checkInputs, printProgram, programOps, run } from './program.js';
import { tensorOfShape, valueSpec } from './tensor.js';

/** Options of {@link differentiableProgram}. */
export interface DifferentiableProgramOptions {
  /**
   * Fewest inputs.
   * @defaultValue 1
   */
  readonly minInputs?: number;
  /**
   * Most inputs.
   * @defaultValue 3
   */
  readonly maxInputs?: number;
  /**
   * Fewest steps.
   * @defaultValue 1
   */
  readonly minNodes?: number;
  /**
   * Most steps.
   * @defaultValue 6
   */
  readonly maxNodes?: number;
  /**
   * Most axes of the program's full shape (input 0 has it; others drop leading axes or set axes to 1).
   * @defaultValue 3
   */
  readonly maxRank?: number;
  /**
   * Largest dimension.
   * @defaultValue 3
   */
  readonly maxDim?: number;
  /**
   * The op forms to draw from. An op that does not fit its operands (a reduction of a scalar,
   * `matmul` below rank 2, `roll` of an axis of size 1) is replaced by one of `tanh`, `sin`,
   * `sigmoid`, `neg` (`matmul` by `mul`); values nothing reads are added to the output with `add`.
   * @defaultValue all of {@link programOps}
   */
  readonly ops?: readonly ProgramOp[];
  /**
   * Sum the output to a scalar (for `grad`, `hessian`).
   * @defaultValue false
   */
  readonly scalar?: boolean;
  /**
   * The largest |input| the program is built for: steps whose worst-case magnitude would exceed
   * 8 are squashed with `4·tanh(y/4)`, so values stay moderate and finite differences accurate.
   * @defaultValue 2
   */
  readonly inputBound?: number;
}

interface Settings {
  readonly minInputs: number;
  readonly maxInputs: number;
  readonly minNodes: number;
  readonly maxNodes: number;
  readonly maxRank: number;
  readonly maxDim: number;
  readonly ops: readonly ProgramOp[];
  readonly scalar: boolean;
  readonly inputBound: number;
}

interface NodeDraw {
  readonly op: number;
  readonly args: readonly [number, number, number];
  readonly axis: number;
  readonly shift: number;
  readonly bits: number;
}

interface ProgramDraw {
  readonly shape: number[];
  readonly inputs: readonly (readonly [number, number])[];
  readonly nodes: readonly NodeDraw[];
}

const LIMIT = 8;
const SQUASHED = 4;
const optionNames = ['minInputs', 'maxInputs', 'minNodes', 'maxNodes', 'maxRank', 'maxDim', 'ops', 'scalar', 'inputBound'];

function settings(op: string, o: DifferentiableProgramOptions): Settings {
  checkOptions(op, o, optionNames);
  const minInputs = intOption(op, 'minInputs', o.minInputs, 1, 1, 8);
  const maxInputs = intOption(op, 'maxInputs', o.maxInputs, Math.max(3, minInputs), 1, 8);
  const minNodes = intOption(op, 'minNodes', o.minNodes, 1, 1, 64);
  const maxNodes = intOption(op, 'maxNodes', o.maxNodes, Math.max(6, minNodes), 1, 64);
  ordered(op, 'minInputs', minInputs, 'maxInputs', maxInputs);
  ordered(op, 'minNodes', minNodes, 'maxNodes', maxNodes);
  const maxRank = intOption(op, 'maxRank', o.maxRank, 3, 0, 4);
  const maxDim = intOption(op, 'maxDim', o.maxDim, 3, 1, 6);
  const ops = o.ops ?? programOps;
  if (!Array.isArray(ops) || ops.length === 0 || ops.some((x) => !(programOps as readonly string[]).includes(x))) {
    throw new ValueError(`${op}: ops must be a non-empty list of ${programOps.join(', ')}; got ${describe(ops)}`, { op, arg: 'ops' });
  }
  const scalar = boolOption(op, 'scalar', o.scalar, false);
  const inputBound = finiteOption(op, 'inputBound', o.inputBound, 2);
  if (inputBound <= 0 || inputBound > LIMIT) {
    throw new ValueError(`${op}: inputBound must be in (0, ${LIMIT}]; got ${inputBound}`, { op, arg: 'inputBound' });
  }
  return { minInputs, maxInputs, minNodes, maxNodes, maxRank, maxDim, ops, scalar, inputBound };
}

/** `full` with `drop` leading axes removed and the axes in bit mask `ones` (from the last) set to 1. */
function subShape(full: Shape, drop: number, ones: number): number[] {
  const kept = full.slice(Math.min(drop, full.length));
  return kept.map((d, k) => ((ones >> (kept.length - 1 - k)) & 1 ? 1 : d));
}

/** Worst-case |output| of a node from the worst-case |inputs|. */
function boundOf(op: ProgramOp, [a, b, c]: readonly number[], argShape: Shape, axis: number): number {
  const x = a!;
  const y = b ?? x;
  switch (op) {
    case 'add':
    case 'sub':
      return x + y;
    case 'mul':
      return x * y;
    case 'neg':
    case 'safeDiv':
    case 'mean':
    case 'roll':
    case 'broadcast':
      return x;
    case 'tanh':
    case 'sin':
      return Math.min(x, 1);
    case 'sigmoid':
    case 'cos':
    case 'softmax':
      return 1;
    case 'square':
      return x * x;
    case 'exp':
      return Math.exp(x);
    case 'safeLog':
      return Math.log1p(x * x);
    case 'safeSqrt':
      return Math.sqrt(1 + x * x);
    case 'safePow':
      return Math.pow(1 + x * x, y);
    case 'sum':
      return x * argShape[axis]!;
    case 'logSumExp':
      return x + Math.log(argShape[axis]!);
    case 'where':
      return Math.max(x, y);
    case 'matmul':
      return x * y * (c ?? x) * argShape[argShape.length - 1]! * argShape[argShape.length - 2]!;
  }
}

const reductions: readonly ProgramOp[] = ['sum', 'mean', 'logSumExp', 'softmax'];
const binaries: readonly ProgramOp[] = ['add', 'mul', 'sub', 'safeDiv', 'safePow', 'where'];

/** Replacements for an op that does not fit its operand (a reduction or roll of a scalar, …). */
const fallbacks: readonly ProgramOp[] = ['tanh', 'sin', 'sigmoid', 'neg'];

/** The growing program: value shapes and worst-case magnitudes, and the nodes so far. */
interface Builder {
  readonly full: Shape;
  readonly shapes: Shape[];
  readonly bounds: number[];
  readonly nodes: ProgramNode[];
}

/** Appends a node, squashing it when its worst-case magnitude exceeds the limit. */
function push(b: Builder, op: ProgramOp, args: number[], shape: Shape, extra: { axis?: number; shift?: number; mask?: number[] } = {}): void {
  const raw = boundOf(op, args.map((i) => b.bounds[i]!), b.shapes[args[0]!]!, extra.axis ?? 0);
  const squash = !(raw <= LIMIT);
  b.shapes.push(shape);
  b.bounds.push(squash ? SQUASHED : raw);
  b.nodes.push({ op, args, squash, shape, ...extra });
}

/** Adds one drawn step: picks operands, replaces an op that does not fit, sizes the result. */
function step(b: Builder, nd: NodeDraw, s: Settings): void {
  const { full, shapes } = b;
  let op = s.ops[nd.op % s.ops.length]!;
  const n = shapes.length;
  // 0 picks the latest value, so shrinking leads to a simple chain
  const pick = (k: number): number => n - 1 - (k % n);
  let args = [pick(nd.args[0])];
  let shape: Shape = shapes[args[0]!]!;
  const extra: { axis?: number; shift?: number; mask?: number[] } = {};
  if (op === 'matmul') {
    const fulls = shapes.map((_, i) => i).filter((i) => sameShape(shapes[i]!, full));
    if (full.length < 2) op = 'mul';
    else {
      args = nd.args.map((k) => fulls[fulls.length - 1 - (k % fulls.length)]!);
      shape = full;
    }
  }
  if (reductions.includes(op) || op === 'roll') {
    const axes = shape.map((_, k) => k).filter((k) => op !== 'roll' || shape[k]! > 1);
    if (axes.length === 0) op = fallbacks[nd.shift % fallbacks.length]!;
    else {
      const axis = axes[nd.axis % axes.length]!;
      extra.axis = axis;
      if (op === 'roll') extra.shift = 1 + (nd.shift % (shape[axis]! - 1));
      else if (op !== 'softmax') shape = shape.map((dk, k) => (k === axis ? 1 : dk));
    }
  }
  if (binaries.includes(op)) {
    args = [args[0]!, pick(nd.args[1])];
    shape = broadcastShapes('differentiableProgram', shapes[args[0]!]!, shapes[args[1]!]!);
    if (op === 'where') extra.mask = Array.from({ length: shape.reduce((p, dk) => p * dk, 1) }, (_, i) => (nd.bits >> (i % 30)) & 1);
  }
  if (op === 'broadcast') shape = full;
  push(b, op, args, shape, extra);
}

/**
 * Turns drawn numbers into a program. Values nothing else uses (an input no step reads, a
 * step no later step reads) are added to the output, so the output depends on every input
 * and every step.
 */
function build(d: ProgramDraw, s: Settings): DifferentiableProgram {
  const full = d.shape;
  const inputShapes = d.inputs.map(([drop, ones], i) => (i === 0 ? [...full] : subShape(full, drop, ones)));
  const b: Builder = { full, shapes: [...inputShapes], bounds: inputShapes.map(() => s.inputBound), nodes: [] };
  for (const nd of d.nodes) step(b, nd, s);
  const used = new Set(b.nodes.flatMap((n) => n.args));
  const sinks = b.shapes.map((_, i) => i).filter((i) => !used.has(i) && i !== b.shapes.length - 1);
  for (const i of sinks) {
    const last = b.shapes.length - 1;
    push(b, 'add', [last, i], broadcastShapes('differentiableProgram', b.shapes[last]!, b.shapes[i]!));
  }
  const nodes = b.nodes;
  const outputShape = s.scalar ? [] : b.shapes[b.shapes.length - 1]!;
  const text = printProgram(inputShapes, nodes, s.scalar);
  return {
    inputShapes,
    nodes,
    scalar: s.scalar,
    outputShape,
    apply: (...inputs: Tensor[]) => run(checkInputs(inputShapes, inputs), nodes, s.scalar),
    toString: () => text,
    [fc.toStringMethod]: () => text,
  } as DifferentiableProgram;
}

function draws(s: Settings): Arbitrary<ProgramDraw> {
  const node = fc.record({
    op: fc.nat(s.ops.length - 1),
    args: fc.tuple(fc.nat(15), fc.nat(15), fc.nat(15)),
    axis: fc.nat(7),
    shift: fc.nat(7),
    bits: fc.nat(2 ** 30 - 1),
  });
  return fc.record({
    shape: fc.array(fc.integer({ min: 1, max: s.maxDim }), { minLength: 0, maxLength: s.maxRank }),
    inputs: fc.array(fc.tuple(fc.nat(s.maxRank), fc.nat(2 ** s.maxRank - 1)), { minLength: s.minInputs, maxLength: s.maxInputs }),
    nodes: fc.array(node, { minLength: s.minNodes, maxLength: s.maxNodes }),
  });
}

/**
 * Arbitrary differentiable programs: a random DAG of smooth op forms ({@link programOps})
 * over 1–3 inputs whose shapes broadcast together, each step free to reuse any earlier value.
 * The output depends on every input and every step (unread values are added to it).
 * Every program is differentiable at every input in `[−inputBound, inputBound]`: `log`, `sqrt`,
 * `div`, `pow` only appear in forms kept away from 0, there are no kinks, and steps that could
 * grow large are squashed. Returned as plain data (`inputShapes`, `nodes`) with `apply` and a
 * `toString` that prints the program. Shrinks toward fewer steps, fewer inputs, smaller shapes
 * and simpler ops.
 * @param options - sizes, the op forms to use, and whether to sum the output.
 * @returns an arbitrary of programs.
 * @throws ValueError for a bad option.
 * @example
 * ```ts
 * fc.assert(fc.property(programWithInputs(), ({ program, inputs }) => checkGrad((...xs) => program.apply(...xs), inputs).ok));
 * ```
 */
export function differentiableProgram(options: DifferentiableProgramOptions = {}): Arbitrary<DifferentiableProgram> {
  const s = settings('differentiableProgram', options);
  return draws(s).map((d) => build(d, s));
}

/** A program and inputs to run it on. */
export interface ProgramCase {
  readonly program: DifferentiableProgram;
  /** One tensor per input shape, values in `[−inputBound, inputBound]`. */
  readonly inputs: Tensor[];
}

/**
 * A {@link differentiableProgram} together with float64 inputs of its input shapes, drawn in
 * `[−inputBound, inputBound]`.
 * @param options - as for {@link differentiableProgram}.
 * @returns an arbitrary of `{ program, inputs }`.
 * @throws ValueError for a bad option.
 * @example
 * ```ts
 * fc.assert(fc.property(programWithInputs({ scalar: true }), ({ program, inputs }) => program.apply(...inputs).size === 1));
 * ```
 */
export function programWithInputs(options: DifferentiableProgramOptions = {}): Arbitrary<ProgramCase> {
  const s = settings('programWithInputs', options);
  const spec = valueSpec('programWithInputs', { min: -s.inputBound, max: s.inputBound });
  return draws(s)
    .map((d) => build(d, s))
    .chain((program) => fc.tuple(...program.inputShapes.map((shape) => tensorOfShape(spec, shape))).map((inputs) => ({ program, inputs })));
}
