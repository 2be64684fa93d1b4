/**
 * Checking options objects at the public edge.
 * @module
 */
import { ValueError, describe } from './errors.js';

/** Rejects unknown option names, so a typo is an error rather than silently ignored. */
export function checkOptions(op: string, options: unknown, known: readonly string[]): void {
  if (options === undefined) return;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new ValueError(`${op}: options must be an object; got ${describe(options)}`, { op, arg: 'options' });
  }
  for (const k of Object.keys(options)) {
    if (!known.includes(k)) {
      throw new ValueError(`${op}: unknown option '${k}'; expected one of ${known.map((n) => `'${n}'`).join(', ')}`, {
        op,
        arg: k,
      });
    }
  }
}
