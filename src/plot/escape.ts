/**
 * Escaping user text for SVG and HTML.
 * @module
 */
import { ValueError, describe } from '../errors.js';

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

// XML 1.0 forbids C0 controls other than tab, newline and return, and lone surrogates; a
// single one makes the whole document unparseable, so they become U+FFFD.
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Escapes text for use in SVG or HTML, as element content or inside a quoted attribute.
 *
 * Replaces `& < > " '` with entities and characters XML cannot hold with U+FFFD.
 *
 * @param text - any string.
 * @returns the escaped string.
 * @example
 * ```ts
 * escapeXml('<script>a & b</script>'); // '&lt;script&gt;a &amp; b&lt;/script&gt;'
 * ```
 */
export function escapeXml(text: string): string {
  if (typeof text !== 'string') throw new ValueError(`escapeXml: text must be a string; got ${describe(text)}`, { op: 'escapeXml', arg: 'text' });
  return text.replace(INVALID_XML, '\uFFFD').replace(/[&<>"']/g, (ch) => ENTITIES[ch] ?? ch);
}
