/**
 * The trace as plain, JSON-safe data: `JSON.parse(JSON.stringify(trace.toJSON()))` deep-equals
 * `trace.toJSON()`. Log10 curves keep their full range; an exact zero (−Infinity) is `null`.
 * @module
 */
import type { State } from '../nn/cell.js';
import type { GradientTrace } from './gradientTrace.js';
import type { TraceSummary } from './summary.js';

/**
 * A log10 curve in JSON: `null` where the value is exactly 0 (log10 = −∞); the strings
 * `'Infinity'` (an overflowed norm) and `'NaN'` (a NaN in the computation) for the rest, so that
 * no failure reads as a zero.
 */
export type Log10Curve = (number | null | 'Infinity' | 'NaN')[];

/** The JSON form of a {@link TraceSummary}. */
export interface TraceSummaryJSON {
  readonly regime: TraceSummary['regime'];
  readonly decayPerStep: number;
  readonly log10DecayPerStep: number;
  readonly horizon: number;
  readonly horizonFraction: number;
  readonly nonFinite: number;
  readonly fittedCurve: TraceSummary['fittedCurve'];
  readonly bound: {
    readonly gamma: number;
    readonly weightHhNorm: number;
    readonly factorPerStep: number;
    readonly log10Bound: Log10Curve;
    readonly holds: boolean;
    readonly worstLog10Ratio: number | null;
  } | null;
}

/** What `GradientTrace.toJSON()` returns. */
export interface TraceJSON {
  readonly format: 'gradscope.trace';
  readonly version: 1;
  readonly cell: {
    readonly name: string;
    readonly inputSize: number;
    readonly hiddenSize: number;
    readonly stateKeys: string[];
    readonly activation: string | null;
  };
  readonly steps: number;
  readonly batch: number;
  readonly loss: 'mse' | 'abs' | 'custom';
  readonly lossAt: 'last' | 'all';
  readonly lossValue: number | null;
  /** Entry t: log10 ‖∂E/∂h_t‖. */
  readonly hiddenGradNormsLog10: Log10Curve;
  readonly stateGradNormsLog10: Record<string, Log10Curve>;
  readonly paramGradNormsByStepLog10: Record<string, Log10Curve>;
  /** Entry s: log10 ‖∂s_T/∂s_s‖₂ for sample 0; null when the state has more than 128 entries. */
  readonly jacobianProductNormsLog10: Log10Curve | null;
  /** Entry s: log10 ‖∏ diag(f)‖ for sample 0 (cells with a forget gate), else null. */
  readonly forgetGatePathLog10: Log10Curve | null;
  readonly summary: TraceSummaryJSON;
}

/** The state size up to which toJSON includes the Jacobian product curve. */
export const JSON_JACOBIAN_LIMIT = 128;

function num(v: number): number | null {
  if (!Number.isFinite(v)) return null;
  return v === 0 ? 0 : v;
}

/** A log10 curve made JSON-safe: −∞ (an exact zero) as null, +∞ and NaN as strings, −0 as 0. */
export function jsonCurve(v: readonly number[]): Log10Curve {
  return v.map((x) => (x === -Infinity ? null : x === Infinity ? 'Infinity' : x !== x ? 'NaN' : x === 0 ? 0 : x));
}

/** Builds the JSON export of a trace. */
export function traceToJSON<S extends State>(trace: GradientTrace<S>): TraceJSON {
  const cell = trace.cell as GradientTrace<S>['cell'] & { activation?: unknown; forgetGateValues?: unknown };
  const summary = trace.summary();
  const { loss, lossAt } = trace.lossConfig;
  const curves = (r: Record<string, number[]>): Record<string, Log10Curve> => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, jsonCurve(v)]));
  return {
    format: 'gradscope.trace',
    version: 1,
    cell: {
      name: (cell as object).constructor?.name ?? 'Cell',
      inputSize: cell.inputSize,
      hiddenSize: cell.hiddenSize,
      stateKeys: [...cell.stateKeys],
      activation: typeof cell.activation === 'string' ? cell.activation : null,
    },
    steps: trace.steps,
    batch: trace.batch,
    loss,
    lossAt,
    lossValue: num(trace.loss),
    hiddenGradNormsLog10: jsonCurve(trace.hiddenGradNormsLog10),
    stateGradNormsLog10: curves(trace.stateGradNormsLog10),
    paramGradNormsByStepLog10: curves(trace.paramGradNormsByStepLog10),
    jacobianProductNormsLog10: trace.stateSize <= JSON_JACOBIAN_LIMIT ? jsonCurve(trace.jacobianProductNorms(trace.steps, { log10: true })) : null,
    forgetGatePathLog10: typeof cell.forgetGateValues === 'function' ? jsonCurve(trace.forgetGatePath(trace.steps, { log10: true })) : null,
    summary: {
      regime: summary.regime,
      decayPerStep: num(summary.decayPerStep) ?? 0,
      log10DecayPerStep: num(summary.log10DecayPerStep) ?? 0,
      horizon: summary.horizon,
      horizonFraction: summary.horizonFraction,
      nonFinite: summary.nonFinite,
      fittedCurve: summary.fittedCurve,
      bound: summary.bound
        ? {
            gamma: summary.bound.gamma,
            weightHhNorm: summary.bound.weightHhNorm,
            factorPerStep: summary.bound.factorPerStep,
            log10Bound: jsonCurve(summary.bound.log10Bound),
            holds: summary.bound.holds,
            worstLog10Ratio: num(summary.bound.worstLog10Ratio),
          }
        : null,
    },
  };
}
