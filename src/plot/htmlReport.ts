/**
 * A self-contained HTML report: headings, text, inline SVG charts and tables in one file that
 * opens offline and reads well on a projector.
 * @module
 */
import { ValueError, describe } from '../errors.js';
import { escapeXml } from './escape.js';
import { formatNumber } from './format.js';
import { FONT, checkSpec, checkText } from './svg.js';

/** A table of a report section. */
export interface ReportTable {
  /** Column headings. */
  readonly columns: readonly string[];
  /** Rows of cells, each as long as `columns`; numbers are formatted and right-aligned. */
  readonly rows: readonly (readonly (string | number)[])[];
}

/** One section of a report, drawn in the order heading, text, chart, table. */
export interface ReportSection {
  readonly heading: string;
  /** Plain text (escaped); a blank line starts a new paragraph. @defaultValue none */
  readonly text?: string;
  /**
   * An SVG document from this module (`lineChart`, `heatmap`, …), inserted as markup. It must
   * be a single `<svg>` element with no scripts. @defaultValue none
   */
  readonly svg?: string;
  /** A table; one with no columns is left out. @defaultValue none */
  readonly table?: ReportTable;
}

/** What {@link htmlReport} contains. */
export interface HtmlReportOptions {
  /** The page title and top heading. */
  readonly title: string;
  /** Text under the title (escaped; blank lines separate paragraphs). @defaultValue none */
  readonly intro?: string;
  readonly sections: readonly ReportSection[];
  /** The document language. @defaultValue 'en' */
  readonly lang?: string;
}

const CSS = `
:root { color-scheme: light; }
body { font-family: ${FONT}; font-size: 20px; line-height: 1.55; color: #1a1a1a; background: #ffffff;
  max-width: 62rem; margin: 0 auto; padding: 2rem 1.5rem 4rem; }
h1 { font-size: 2.1rem; line-height: 1.2; margin: 0 0 1rem; }
h2 { font-size: 1.45rem; line-height: 1.3; margin: 2.75rem 0 0.75rem; padding-bottom: 0.3rem; border-bottom: 2px solid #e0e0e0; }
p { margin: 0.6rem 0; max-width: 48rem; }
figure { margin: 1.25rem 0; }
figure svg { display: block; width: 100%; max-width: 100%; height: auto; }
table { border-collapse: collapse; margin: 1.25rem 0; font-variant-numeric: tabular-nums; }
th, td { padding: 0.35rem 0.9rem; text-align: left; border-bottom: 1px solid #d0d0d0; }
thead th { border-bottom: 2px solid #808080; }
td.num { text-align: right; }
footer { margin-top: 3rem; color: #555555; font-size: 0.85rem; }
@media print { body { font-size: 12pt; max-width: none; } section { break-inside: avoid; } }
`.trim();

function paragraphs(text: string): string[] {
  return text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p !== '')
    .map((p) => `<p>${escapeXml(p)}</p>`);
}

function checkSvg(op: string, arg: string, v: unknown): string {
  if (typeof v !== 'string') throw new ValueError(`${op}: ${arg} must be an SVG string; got ${describe(v)}`, { op, arg });
  const s = v.trim();
  if (!/^<svg[\s>]/.test(s) || !s.endsWith('</svg>') || /<script|<foreignObject|\son[a-z]+\s*=|javascript:/i.test(s)) {
    throw new ValueError(`${op}: ${arg} must be one <svg> element without scripts (e.g. from lineChart); got ${describe(s.slice(0, 40))}`, { op, arg });
  }
  // Inline SVG in HTML needs no namespace declaration; dropping it keeps the page free of URLs.
  return s.replace(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/, '<svg');
}

function tableMarkup(op: string, arg: string, t: unknown): string[] {
  const tb = t as { columns?: unknown; rows?: unknown };
  if (typeof t !== 'object' || t === null || !Array.isArray(tb.columns) || !Array.isArray(tb.rows) || !tb.columns.every((c) => typeof c === 'string')) {
    throw new ValueError(`${op}: ${arg} must be {columns: string[], rows}; got ${describe(t)}`, { op, arg });
  }
  const columns = tb.columns as string[];
  if (columns.length === 0) return [];
  const out = ['<table>', '<thead><tr>', ...columns.map((c) => `<th scope="col">${escapeXml(c)}</th>`), '</tr></thead>', '<tbody>'];
  (tb.rows as unknown[]).forEach((row, i) => {
    if (!Array.isArray(row) || row.length !== columns.length || !row.every((c) => typeof c === 'string' || typeof c === 'number')) {
      throw new ValueError(`${op}: ${arg}.rows[${i}] must be ${columns.length} strings or numbers; got ${describe(row)}`, { op, arg });
    }
    const cells = row.map((c: string | number) => (typeof c === 'number' ? `<td class="num">${escapeXml(formatNumber(c))}</td>` : `<td>${escapeXml(c)}</td>`));
    out.push(`<tr>${cells.join('')}</tr>`);
  });
  out.push('</tbody>', '</table>');
  return out;
}

/**
 * Builds a complete, self-contained HTML document: inline CSS, charts as inline SVG, no
 * scripts and no external fetches, so the file opens offline. All text is escaped; large
 * type and high contrast suit a projector; it prints one section per page region.
 *
 * @param options - title, intro and sections; see {@link HtmlReportOptions}.
 * @returns the HTML document as a string (XHTML-compatible markup).
 * @throws ValueError for a missing title or sections, an unknown option, an `svg` that is
 *   not a single script-free `<svg>` element, or a table row of the wrong length.
 * @example
 * ```ts
 * import { htmlReport, lineChart } from 'gradscope/plot';
 * const html = htmlReport({
 *   title: 'Vanishing gradients',
 *   sections: [{ heading: 'tanh RNN', text: 'The norm falls 10× every 10 steps.',
 *     svg: lineChart({ series: [{ name: 'tanh', values: [-5, -2.5, 0] }], log10: true }) }],
 * });
 * ```
 */
export function htmlReport(options: HtmlReportOptions): string {
  const op = 'htmlReport';
  checkSpec(op, options, ['title', 'intro', 'sections', 'lang']);
  const title = checkText(op, 'title', options.title);
  if (title === undefined) throw new ValueError(`${op}: title is required; got undefined`, { op, arg: 'title' });
  const intro = checkText(op, 'intro', options.intro);
  const lang = checkText(op, 'lang', options.lang) ?? 'en';
  if (!Array.isArray(options.sections)) throw new ValueError(`${op}: sections must be an array; got ${describe(options.sections)}`, { op, arg: 'sections' });
  const body: string[] = [];
  options.sections.forEach((s: unknown, i) => {
    const arg = `sections[${i}]`;
    checkSpec(op, s, ['heading', 'text', 'svg', 'table']);
    const sec = s as ReportSection;
    const heading = checkText(op, `${arg}.heading`, sec.heading);
    if (heading === undefined) throw new ValueError(`${op}: ${arg}.heading is required; got undefined`, { op, arg });
    const text = checkText(op, `${arg}.text`, sec.text);
    body.push('<section>', `<h2>${escapeXml(heading)}</h2>`, ...(text === undefined ? [] : paragraphs(text)));
    if (sec.svg !== undefined) body.push('<figure>', checkSvg(op, `${arg}.svg`, sec.svg), '</figure>');
    if (sec.table !== undefined) body.push(...tableMarkup(op, `${arg}.table`, sec.table));
    body.push('</section>');
  });
  return [
    '<!DOCTYPE html>',
    `<html lang="${escapeXml(lang)}">`,
    '<head>',
    '<meta charset="utf-8"/>',
    '<meta name="viewport" content="width=device-width, initial-scale=1"/>',
    `<title>${escapeXml(title)}</title>`,
    `<style>\n${CSS}\n</style>`,
    '</head>',
    '<body>',
    '<main>',
    `<h1>${escapeXml(title)}</h1>`,
    ...(intro === undefined ? [] : paragraphs(intro)),
    ...body,
    '</main>',
    '<footer>Made with gradscope. Every chart is inline SVG; this file needs no network.</footer>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
