/**
 * The public differentiable operations. Each validates its arguments (naming itself in any
 * error) and calls one primitive, or is a composition of others.
 * @module
 */
export * from './arithmetic.js';
export * from './cast.js';
export * from './layout.js';
export * from './linalg.js';
export * from './reduce.js';
export * from './softmax.js';
