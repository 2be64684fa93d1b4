/**
 * The registry: every primitive gradscope has, in one static object. Adding a primitive means
 * adding it here with both rules; the `satisfies` check makes a missing rule a compile error.
 * @module
 */
import type { AnyPrimitive } from './primitive.js';
import { binaryPrimitives, where } from './primitives/binary.js';
import { part, rnnStep } from './primitives/cells.js';
import { gruStep } from './primitives/gruStep.js';
import { matmul } from './primitives/linalg.js';
import { broadcastTo, concat, pad, permute, reshape, slice } from './primitives/layout.js';
import { lstmHidden, lstmStep } from './primitives/lstmStep.js';
import { astype, identity, stopGradient } from './primitives/misc.js';
import { reducePrimitives } from './primitives/reduce.js';
import { unaryPrimitives } from './primitives/unary.js';

export const primitives = {
  ...unaryPrimitives,
  ...binaryPrimitives,
  where,
  ...reducePrimitives,
  matmul,
  reshape,
  permute,
  broadcastTo,
  slice,
  pad,
  concat,
  identity,
  stopGradient,
  astype,
  part,
  rnnStep,
  lstmStep,
  lstmHidden,
  gruStep,
} satisfies Record<string, AnyPrimitive>;

/** The name of every primitive in the registry. */
export type PrimitiveName = keyof typeof primitives;

/** Primitives whose outputs carry no derivative (comparisons, sign, stopGradient). */
export const nonDifferentiable: readonly PrimitiveName[] = [
  'greater',
  'greaterEqual',
  'less',
  'lessEqual',
  'equal',
  'notEqual',
  'sign',
  'stopGradient',
];
