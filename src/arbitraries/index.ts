/**
 * `gradscope/arbitraries`: fast-check arbitraries for tensors, shapes, sequences, recurrent cells
 * and random differentiable programs, a gradient-checking property, and a closeness matcher.
 * fast-check (≥ 3) is an optional peer dependency needed only by this subpath.
 * @module
 */
export { shape } from './shape.js';
export type { ShapeOptions } from './shape.js';
export { tensor } from './tensor.js';
export type { TensorArbitraryOptions, ValueOptions } from './tensor.js';
export { broadcastableShapes } from './broadcastableShapes.js';
export type { BroadcastShapes } from './broadcastableShapes.js';
export { matmulPair } from './matmulPair.js';
export type { MatmulPairOptions } from './matmulPair.js';
export { sequence } from './sequence.js';
export type { SequenceOptions } from './sequence.js';
export type { DimRange } from './check.js';
export { differentiableProgram, programWithInputs } from './differentiableProgram.js';
export type { DifferentiableProgramOptions, ProgramCase } from './differentiableProgram.js';
export { programOps } from './program.js';
export type { DifferentiableProgram, ProgramNode, ProgramOp } from './program.js';
export { gradCheckProperty } from './gradCheckProperty.js';
export { toBeAllClose } from './toBeAllClose.js';
export type { MatcherResult } from './toBeAllClose.js';
export { cell } from './cell.js';
export type { CellArbitraryOptions, CellKind } from './cell.js';
