/**
 * Vega-Lite v5 specs of gradient-norm curves, for notebooks (Jupyter, Observable).
 * @module
 */
import { ValueError, describe } from '../errors.js';
import { checkSpec, checkText } from './svg.js';
import { palette } from './palette.js';
import { checkNumbers } from './series.js';

/**
 * A labelled norm curve. Structural, so a live `GradientTrace` and its JSON export
 * (`trace.toJSON()`, where an exact zero is `null`) both fit.
 */
export interface NormTrace {
  /**
   * Name in the legend.
   * @defaultValue the cell's name and activation when the trace has a `cell` (`'RNNCell
   *   (sigmoid)'`), else `'trace'`, or `'trace i'` (1-based) for several
   */
  readonly label?: string;
  /** Entry t = log10 ‖∂E/∂h_t‖, t = 0…T (`-Infinity`, or `null` in JSON, for an exact zero). */
  readonly hiddenGradNormsLog10: readonly (number | null | 'Infinity' | 'NaN')[];
}

/** Options of {@link toVegaLite}. */
export interface VegaLiteOptions {
  /** @defaultValue 'Gradient norm ‖∂E/∂h_t‖ per time step' */
  readonly title?: string;
  /** Pixels, or `'container'` to fill the cell. @defaultValue 480 */
  readonly width?: number | 'container';
  /** @defaultValue 300 */
  readonly height?: number;
}

/** One row of the spec's inline data. */
export interface VegaLiteDatum {
  readonly series: string;
  readonly t: number;
  /** log10 ‖∂E/∂h_t‖ (always finite; non-finite points are left out). */
  readonly log10Norm: number;
  /** Index of the unbroken run this point belongs to; a gap starts a new segment. */
  readonly segment: number;
}

/** A Vega-Lite v5 line-chart spec: a plain, JSON-serialisable object. */
export interface VegaLiteSpec {
  readonly $schema: 'https://vega.github.io/schema/vega-lite/v5.json';
  readonly description: string;
  readonly title: string;
  readonly width: number | 'container';
  readonly height: number;
  readonly data: { readonly values: readonly VegaLiteDatum[] };
  readonly mark: { readonly type: 'line'; readonly point: boolean; readonly strokeWidth: number };
  readonly encoding: Readonly<Record<string, unknown>>;
}

const Y_TITLE = 'log10 ‖∂E/∂h_t‖';

function checkTraces(op: string, v: unknown): readonly NormTrace[] {
  const list: unknown[] = Array.isArray(v) ? v : [v];
  return list.map((tr, i) => {
    const arg = Array.isArray(v) ? `traces[${i}]` : 'trace';
    if (typeof tr !== 'object' || tr === null) throw new ValueError(`${op}: ${arg} must be an object with hiddenGradNormsLog10; got ${describe(tr)}`, { op, arg });
    const r = tr as { label?: unknown; hiddenGradNormsLog10?: unknown };
    const curve = r.hiddenGradNormsLog10;
    checkNumbers(op, `${arg}.hiddenGradNormsLog10`, Array.isArray(curve) ? curve.map(fromJson) : curve);
    if (r.label !== undefined && typeof r.label !== 'string') throw new ValueError(`${op}: ${arg}.label must be a string; got ${describe(r.label)}`, { op, arg });
    return tr as NormTrace;
  });
}

/** `'RNNCell (sigmoid)'` from a live trace's cell or the JSON export's `cell` record. */
function cellLabel(tr: NormTrace): string | undefined {
  const cell = (tr as { cell?: unknown }).cell;
  if (typeof cell !== 'object' || cell === null) return undefined;
  const c = cell as { name?: unknown; activation?: unknown };
  const ctor = (cell as object).constructor?.name;
  const name = typeof c.name === 'string' ? c.name : ctor && ctor !== 'Object' ? ctor : undefined;
  if (name === undefined) return undefined;
  return typeof c.activation === 'string' ? `${name} (${c.activation})` : name;
}

/** Legend names: the labels, defaulted and made unique (a repeated label gets " (2)", …). */
function uniqueLabels(traces: readonly NormTrace[]): string[] {
  const seen = new Map<string, number>();
  return traces.map((tr, i) => {
    const base = tr.label ?? cellLabel(tr) ?? (traces.length === 1 ? 'trace' : `trace ${i + 1}`);
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base} (${n})`;
  });
}

/**
 * Builds a Vega-Lite v5 spec of one or several norm curves, log10 ‖∂E/∂h_t‖ against t.
 *
 * The y axis is linear in log10 units, titled "log10 ‖∂E/∂h_t‖": these values stay finite
 * and comparable however deep the vanishing goes, whereas 10^v underflows float64 below
 * about 10⁻³²³ and Vega's log scale cannot show it. Non-finite points (an exact zero is
 * −∞) are left out of the data, and a gap starts a new `segment`, drawn as a separate line
 * so that gaps stay gaps. Colours follow the Okabe–Ito palette.
 *
 * @param traces - one trace or a list: `{label?, hiddenGradNormsLog10}` (a `GradientTrace`
 *   or its JSON export; `null` entries are exact zeros, as in the export).
 * @param options - title and size; see {@link VegaLiteOptions}.
 * @returns a plain object: `JSON.stringify` it or hand it to vega-embed.
 * @throws ValueError when a trace has no numeric `hiddenGradNormsLog10`, a label is not a
 *   string, or an option is unknown or of the wrong type.
 * @example
 * ```ts
 * import { toVegaLite } from 'gradscope/plot';
 * const spec = toVegaLite([{ label: 'tanh RNN', hiddenGradNormsLog10: [-3, -2, -1, 0] }]);
 * JSON.stringify(spec); // paste into the Vega editor, or display in a notebook
 * ```
 */
export function toVegaLite(traces: NormTrace | readonly NormTrace[], options: VegaLiteOptions = {}): VegaLiteSpec {
  const op = 'toVegaLite';
  checkSpec(op, options, ['title', 'width', 'height']);
  const list = checkTraces(op, traces);
  const title = checkText(op, 'title', options.title) ?? 'Gradient norm ‖∂E/∂h_t‖ per time step';
  const width = options.width ?? 480;
  if (width !== 'container' && (typeof width !== 'number' || !(width > 0) || !Number.isFinite(width))) {
    throw new ValueError(`${op}: width must be a positive number or 'container'; got ${describe(width)}`, { op, arg: 'width' });
  }
  const height = options.height ?? 300;
  if (typeof height !== 'number' || !(height > 0) || !Number.isFinite(height)) {
    throw new ValueError(`${op}: height must be a positive number; got ${describe(height)}`, { op, arg: 'height' });
  }
  const labels = uniqueLabels(list);
  const values: VegaLiteDatum[] = [];
  let dropped = 0;
  list.forEach((tr, i) => {
    const series = labels[i] ?? '';
    let segment = 0;
    let inRun = false;
    tr.hiddenGradNormsLog10.forEach((v, t) => {
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        dropped++;
        if (inRun) segment++;
        inRun = false;
        return;
      }
      inRun = true;
      values.push({ series, t, log10Norm: v, segment });
    });
  });
  const longest = Math.max(0, ...list.map((tr) => tr.hiddenGradNormsLog10.length));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    description: `log10 of the gradient norm ‖∂E/∂h_t‖ against t for ${labels.join(', ')}${dropped > 0 ? `; ${dropped} non-finite points (exact zeros or NaN) left out` : ''}`,
    title,
    width,
    height,
    data: { values },
    mark: { type: 'line', point: longest <= 60, strokeWidth: 2 },
    encoding: {
      x: { field: 't', type: 'quantitative', title: 't', axis: { tickMinStep: 1 } },
      y: { field: 'log10Norm', type: 'quantitative', title: Y_TITLE },
      color: { field: 'series', type: 'nominal', title: null, sort: labels, scale: { range: [...palette] } },
      detail: { field: 'segment', type: 'nominal' },
      tooltip: [
        { field: 'series', type: 'nominal' },
        { field: 't', type: 'quantitative' },
        { field: 'log10Norm', type: 'quantitative', title: Y_TITLE, format: '.3f' },
      ],
    },
  };
}

/** A curve entry as a number: JSON's null is an exact zero (−∞), 'Infinity' and 'NaN' their values. */
function fromJson(v: unknown): unknown {
  return v === null ? -Infinity : v === 'Infinity' ? Infinity : v === 'NaN' ? NaN : v;
}
