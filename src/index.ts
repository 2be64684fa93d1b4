/**
 * gradscope: watch backpropagation through time.
 * @module
 */
export * from './errors.js';
export * from './tensor/index.js';
export * from './ops/index.js';
export * from './autodiff/index.js';
export * from './nn/index.js';
export * from './inspect/index.js';
