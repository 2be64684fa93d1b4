/**
 * `expectError(fn, Class, message, details)`: fn throws exactly that GradscopeError subclass,
 * with a message matching the pattern and the structured details (`op`, `arg`, `shapes`) a
 * caller reads programmatically.
 */
import { expect } from 'vitest';
import { GradscopeError } from '../../src/errors.js';

/** The details to check; a key that is present is compared (use `arg: undefined` to require none). */
export interface ExpectedDetails {
  readonly op: string;
  readonly arg?: string | undefined;
  readonly shapes?: readonly (readonly number[])[] | undefined;
}

/** Runs fn and checks the error it throws. */
export function expectError(fn: () => unknown, cls: abstract new (...args: never[]) => GradscopeError, message: RegExp, details: ExpectedDetails): void {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(cls);
  const e = caught as GradscopeError;
  expect(e.message).toMatch(message);
  expect(e.op).toBe(details.op);
  if ('arg' in details) expect(e.arg).toBe(details.arg);
  if ('shapes' in details) expect(e.shapes).toEqual(details.shapes);
}
