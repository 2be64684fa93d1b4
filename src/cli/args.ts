/**
 * Option parsing on node's own `util.parseArgs`, with every bad flag or value turned into a
 * one-line {@link CliError}.
 * @module
 */
import { parseArgs } from 'node:util';
import { CliError } from './io.js';

/** A flag's declaration: its type and an optional default. */
export type OptionSpec = { readonly type: 'string'; readonly short?: string; readonly default?: string } | { readonly type: 'boolean'; readonly short?: string };

/** Parses `argv` for `command`; throws CliError on unknown options, missing values or positionals. */
export function parse(command: string, argv: readonly string[], options: Record<string, OptionSpec>): Record<string, string | boolean | undefined> {
  try {
    const { values } = parseArgs({ args: [...argv], options: { ...options, help: { type: 'boolean', short: 'h' } }, strict: true, allowPositionals: false });
    return values as Record<string, string | boolean | undefined>;
  } catch (e) {
    const msg = (e as Error).message.split('\n')[0]!.replace(/\. To specify.*$/, '');
    throw new CliError(`gradscope ${command}: ${msg.charAt(0).toLowerCase()}${msg.slice(1)} (see gradscope ${command} --help)`);
  }
}

/** An integer option within [min, max]. */
export function intOption(command: string, name: string, raw: string | boolean | undefined, min: number, max: number): number {
  const v = Number(raw);
  if (typeof raw !== 'string' || raw.trim() === '' || !Number.isInteger(v) || v < min || v > max) {
    throw new CliError(`gradscope ${command}: --${name} must be an integer from ${min} to ${max}; got ${JSON.stringify(raw)}`);
  }
  return v;
}

/** A finite number option within [min, max]. */
export function numberOption(command: string, name: string, raw: string | boolean | undefined, min: number, max: number): number {
  const v = Number(raw);
  if (typeof raw !== 'string' || raw.trim() === '' || !Number.isFinite(v) || v < min || v > max) {
    throw new CliError(`gradscope ${command}: --${name} must be a number from ${min} to ${max}; got ${JSON.stringify(raw)}`);
  }
  return v;
}

/** One of a fixed set of words. */
export function choiceOption<T extends string>(command: string, name: string, raw: string | boolean | undefined, choices: readonly T[]): T {
  if (typeof raw !== 'string' || !choices.includes(raw as T)) {
    throw new CliError(`gradscope ${command}: --${name} must be one of ${choices.join(', ')}; got ${JSON.stringify(raw)}`);
  }
  return raw as T;
}
