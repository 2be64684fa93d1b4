/**
 * The inspection layer: `traceGradients` and the `GradientTrace` it returns.
 * @module
 */
export { traceGradients } from './traceGradients.js';
export type { TraceOptions, TraceLoss } from './traceGradients.js';
export { GradientTrace } from './gradientTrace.js';
export type { JacobianNormOptions, ScaledProduct } from './gradientTrace.js';
export type { TraceSummary, BoundReport } from './summary.js';
export { REGIME_DECADES, HORIZON_FRACTION, ACTIVATION_GAMMA } from './summary.js';
export type { TraceJSON, TraceSummaryJSON, Log10Curve } from './traceJSON.js';
