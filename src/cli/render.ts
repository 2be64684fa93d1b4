/**
 * Text pieces the commands print: the summary table and the sentence that says what a chart shows.
 * @module
 */
import type { GradientTrace } from '../inspect/gradientTrace.js';

/** One row per traced cell: its name and its trace. */
export interface NamedTrace {
  readonly name: string;
  readonly trace: GradientTrace;
}

/** 10^x for display: "1.2e-31", "0.35". */
export function fmtPow10(log10: number): string {
  if (log10 === -Infinity) return '0';
  if (!Number.isFinite(log10)) return String(log10);
  if (log10 > -3 && log10 < 4) return String(Number(Math.pow(10, log10).toPrecision(3)));
  const k = Math.floor(log10);
  const m = Math.pow(10, log10 - k);
  return `${m.toFixed(1)}e${k}`;
}

/** How much of ‖∂E/∂h_T‖ is left at t = 0, in log10. */
export function survival(trace: GradientTrace): number {
  const l = trace.hiddenGradNormsLog10;
  return l[0]! - l[trace.steps]!;
}

/** The table of decay per step, horizon, bound and what reaches t = 0. */
export function summaryTable(rows: readonly NamedTrace[]): { columns: string[]; rows: string[][] } {
  const columns = ['cell', 'decay per step', 'horizon (steps)', 'bound per step', '‖∂E/∂h_0‖ / ‖∂E/∂h_T‖', 'regime'];
  return {
    columns,
    rows: rows.map(({ name, trace }) => {
      const s = trace.summary();
      return [
        name,
        s.decayPerStep.toPrecision(3),
        s.horizon === trace.steps ? `≥ ${trace.steps}` : String(s.horizon),
        s.bound ? `${s.bound.factorPerStep.toPrecision(3)} (γ = ${s.bound.gamma})` : '—',
        fmtPow10(survival(trace)),
        s.nonFinite > 0 ? `${s.regime} (${s.nonFinite} points NaN or ∞)` : s.regime,
      ];
    }),
  };
}

/** A plain-text table with aligned columns. */
export function textTable(t: { columns: readonly string[]; rows: readonly (readonly string[])[] }): string {
  const widths = t.columns.map((c, i) => Math.max(c.length, ...t.rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(t.columns), widths.map((w) => '─'.repeat(w)).join('  '), ...t.rows.map(line)].join('\n');
}

/** One sentence on what the curves show, from the numbers. */
export function verdict(rows: readonly NamedTrace[]): string {
  const T = rows[0]?.trace.steps ?? 0;
  const parts = rows.map(({ name, trace }) => `the ${name} keeps ${fmtPow10(survival(trace))} of it`);
  const worst = [...rows].sort((a, b) => survival(a.trace) - survival(b.trace))[0];
  const best = [...rows].sort((a, b) => survival(b.trace) - survival(a.trace))[0];
  const why =
    worst && best && worst !== best
      ? ` — every step multiplies the ${worst.name}'s gradient by diag(σ′)·W_hh, while the ${best.name}'s cell state passes it on through the forget gate.`
      : '.';
  return `Carried back ${T} steps from the loss at t = ${T}, ${parts.join(', ')}${why}`;
}
