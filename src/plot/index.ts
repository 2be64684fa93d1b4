/**
 * `gradscope/plot`: pictures of what the inspection layer measures. SVG charts (a line chart
 * with a log axis for gradient norms, a heatmap for gradientFlow or a Jacobian, a singular
 * value spectrum), a terminal chart, Vega-Lite specs for notebooks and a self-contained HTML
 * report. Everything is built as strings: no DOM, no dependencies, Node and browsers alike.
 *
 * @example
 * ```ts
 * import { lineChart, terminalChart } from 'gradscope/plot';
 * const series = [{ name: 'tanh RNN', values: [-4, -3, -2, -1, 0] }]; // log10 norms
 * const svg = lineChart({ series, log10: true, xLabel: 't', yLabel: '‖∂E/∂h_t‖' });
 * console.log(terminalChart(series, { log10: true }));
 * ```
 * @module
 */
export { lineChart } from './lineChart.js';
export type { LineChartOptions } from './lineChart.js';
export type { LineSeries } from './series.js';
export { heatmap } from './heatmap.js';
export type { HeatmapOptions } from './heatmap.js';
export { spectrumChart } from './spectrumChart.js';
export type { SpectrumChartOptions } from './spectrumChart.js';
export { terminalChart } from './terminalChart.js';
export type { TerminalChartOptions } from './terminalChart.js';
export { toVegaLite } from './toVegaLite.js';
export type { NormTrace, VegaLiteDatum, VegaLiteOptions, VegaLiteSpec } from './toVegaLite.js';
export { htmlReport } from './htmlReport.js';
export type { HtmlReportOptions, ReportSection, ReportTable } from './htmlReport.js';
export { escapeXml } from './escape.js';
export { palette, viridis } from './palette.js';
