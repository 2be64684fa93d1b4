/**
 * The autodiff layer: the gradient tape, forward mode, and the functional transforms.
 * @module
 */
export { GradientTape } from './tape.js';
export type { GradientTapeOptions, GradientOptions, TapeRecord } from './tape.js';
export { grad, valueAndGrad, vjp, jvp } from './transforms.js';
export type { Argnums, GradOptions, GradResult } from './transforms.js';
export { jacobian, hessian } from './jacobian.js';
export type { JacobianOptions } from './jacobian.js';
export { stopGradient, customGradient } from './customGradient.js';
export type { CustomRules, CustomRuleContext } from './customGradient.js';
export { detectAnomaly, withLabel, unfused } from './bind.js';
export type { TensorTree } from './tree.js';
export { primitives, nonDifferentiable } from './registry.js';
export type { PrimitiveName } from './registry.js';
export type { Primitive, RuleContext } from './primitive.js';
