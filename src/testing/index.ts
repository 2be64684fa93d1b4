/**
 * `gradscope/testing`: tools for test authors — gradient checking against finite differences
 * and NumPy-style closeness.
 * @module
 */
export { checkGrad, assertGrad } from './checkGrad.js';
export type { CheckGradOptions, CheckGradResult, GradMismatch } from './checkGrad.js';
export { allClose, assertAllClose, compareClose } from './allClose.js';
export type { AllCloseOptions, CloseReport } from './allClose.js';
