/**
 * The trace's summary: a straight line fitted to log10 gradient norms against distance, the
 * regime it implies, a horizon, and the textbook bound for plain RNNs.
 * @module
 */

import type { Cell, Params, State } from '../nn/cell.js';
import { spectralNorm } from './linalg.js';

/** A gradient has "vanished" (or "exploded") when it changes by more than this many decades over the sequence. */
export const REGIME_DECADES = 2;
/** The horizon counts steps back while the gradient stays above this fraction of its value at t = T. */
export const HORIZON_FRACTION = 0.01;

/** σ′ bounds γ of the RNN activations: sigmoid′ ≤ 1/4; tanh′, relu′ and identity′ ≤ 1. */
export const ACTIVATION_GAMMA: Readonly<Record<string, number>> = { sigmoid: 0.25, tanh: 1, relu: 1, identity: 1 };

/** The textbook bound ‖∂h_t/∂h_s‖ ≤ (γ·‖W_hh‖₂)^(t−s), and whether the measured products respect it. */
export interface BoundReport {
  /** The activation's derivative bound γ. */
  readonly gamma: number;
  /** ‖W_hh‖₂, the largest singular value of the recurrent weight. */
  readonly weightHhNorm: number;
  /** γ·‖W_hh‖₂: the most a step can multiply a gradient by. */
  readonly factorPerStep: number;
  /** Entry s: log10 of the bound (t − s)·log10(factor) for t = T. */
  readonly log10Bound: number[];
  /** True when every measured ‖∂h_T/∂h_s‖ (every sample) is at most the bound (up to rounding). */
  readonly holds: boolean;
  /** Largest log10(measured / bound) over s and samples (≤ 0 when the bound holds). */
  readonly worstLog10Ratio: number;
}

/** What {@link GradientTrace.summary} reports. */
export interface TraceSummary {
  /**
   * 'vanishing' / 'exploding' when the fitted line changes by more than REGIME_DECADES decades
   * over T steps; 'exploding' too when a norm overflowed to +∞. Like the fit, it describes the
   * finite points only: see {@link nonFinite}.
   */
  readonly regime: 'vanishing' | 'exploding' | 'stable';
  /**
   * Points of the fitted curve that are NaN or +∞ (an exact zero, −∞ in log10, is not counted).
   * Above 0, the trace holds a NaN (traceGradients' `detectAnomaly` names the op that made it)
   * or a norm beyond float64, and the fit, regime and horizon speak only for the rest.
   */
  readonly nonFinite: number;
  /** Fitted factor per step back: ‖∂E/∂h_{t−1}‖ ≈ decayPerStep·‖∂E/∂h_t‖ (< 1 decays, > 1 grows). */
  readonly decayPerStep: number;
  /** log10 of decayPerStep (finite even when decayPerStep underflows). */
  readonly log10DecayPerStep: number;
  /** Steps back from T before the norm first drops below HORIZON_FRACTION of ‖∂E/∂h_T‖ (T if never). */
  readonly horizon: number;
  /** The fraction the horizon uses (HORIZON_FRACTION). */
  readonly horizonFraction: number;
  /** Which curve was fitted: the hidden gradient norms (lossAt 'last') or the last loss term's flow (lossAt 'all'). */
  readonly fittedCurve: 'hiddenGradNorms' | 'lastTermFlow';
  /** The textbook bound, for RNN cells with a known activation. */
  readonly bound?: BoundReport;
}

/** Least-squares slope of y against x over the finite points (0 with fewer than two). */
export function fitSlope(xs: readonly number[], ys: readonly number[]): number {
  const pts = xs.map((x, i) => [x, ys[i]!] as const).filter(([, y]) => Number.isFinite(y));
  if (pts.length < 2) return 0;
  const mx = pts.reduce((s, [x]) => s + x, 0) / pts.length;
  const my = pts.reduce((s, [, y]) => s + y, 0) / pts.length;
  let sxy = 0;
  let sxx = 0;
  for (const [x, y] of pts) {
    sxy += (x - mx) * (y - my);
    sxx += (x - mx) * (x - mx);
  }
  return sxx === 0 ? 0 : sxy / sxx;
}

/** Fit, regime and horizon for a log10 curve indexed by t = 0…T. */
export function describeCurve(log10: readonly number[]): Pick<TraceSummary, 'regime' | 'decayPerStep' | 'log10DecayPerStep' | 'horizon' | 'horizonFraction' | 'nonFinite'> {
  const T = log10.length - 1;
  const slope = fitSlope(
    log10.map((_, t) => T - t),
    log10,
  );
  const change = slope * T;
  const nonFinite = log10.filter((v) => v !== -Infinity && !Number.isFinite(v)).length;
  const overflowed = log10.includes(Infinity);
  const regime = overflowed || change > REGIME_DECADES ? 'exploding' : change < -REGIME_DECADES ? 'vanishing' : 'stable';
  const top = log10[T]!;
  let horizon = 0;
  if (Number.isFinite(top)) {
    const floor = top + Math.log10(HORIZON_FRACTION);
    horizon = T;
    for (let j = 1; j <= T; j++) {
      if (!(log10[T - j]! >= floor)) {
        horizon = j - 1;
        break;
      }
    }
  }
  return { regime, decayPerStep: Math.pow(10, slope), log10DecayPerStep: slope, horizon, horizonFraction: HORIZON_FRACTION, nonFinite };
}

/**
 * The textbook bound for an RNN cell (an `activation` with a known γ and a square `weightHh`),
 * checked against `measured(b)`: log10 ‖∂h_T/∂h_s‖ for s = 0…T of sample b. Undefined for other cells.
 */
export function textbookBound(cell: Cell<State>, params: Params, T: number, measured: (sample: number) => number[], batch: number): BoundReport | undefined {
  const act = (cell as { activation?: unknown }).activation;
  const gamma = typeof act === 'string' ? ACTIVATION_GAMMA[act] : undefined;
  const w = params.weightHh;
  const H = cell.hiddenSize;
  if (gamma === undefined || !w || cell.stateKeys.length !== 1 || w.rank !== 2 || w.shape[0] !== H || w.shape[1] !== H) return undefined;
  const wn = spectralNorm(Float64Array.from(w.data), H);
  const factor = gamma * wn;
  const log10Bound = Array.from({ length: T + 1 }, (_, s) => (s === T ? 0 : (T - s) * Math.log10(factor)));
  let worst = -Infinity;
  for (let b = 0; b < batch; b++) {
    measured(b).forEach((v, s) => {
      if (s < T) worst = Math.max(worst, v - log10Bound[s]!);
    });
  }
  return { gamma, weightHhNorm: wn, factorPerStep: factor, log10Bound, holds: !(worst > 1e-9), worstLog10Ratio: worst };
}
