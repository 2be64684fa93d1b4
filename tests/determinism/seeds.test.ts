/**
 * Determinism: the same seeds give bit-identical traces and training runs, run after run,
 * in one process (the sources) and in fresh Node processes (the built package).
 */
import { describe, it, expect } from 'vitest';
import * as gradscope from '../../src/index.js';
import { run } from './scenario.mjs';

describe('determinism', () => {
  it('gives bit-identical traces, step Jacobians and training runs for the same seeds, run after run', () => {
    const a = run(gradscope);
    const b = run(gradscope);
    expect(Object.keys(a.bits).length).toBeGreaterThan(40);
    expect(b.bits).toEqual(a.bits);
    expect(JSON.stringify(b.json)).toBe(JSON.stringify(a.json));
  });

  it('gives different bits for a different seed (the comparison can fail)', () => {
    const a = run(gradscope);
    const other = run({ ...gradscope, randn: (shape, options) => gradscope.randn(shape, { ...options, seed: (options?.seed as number) + 1000 }) } as typeof gradscope);
    const differing = Object.keys(a.bits).filter((k) => a.bits[k] !== other.bits[k]);
    expect(differing.filter((k) => k.startsWith('rnn.')).length).toBeGreaterThan(5);
    expect(JSON.stringify(other.json)).not.toBe(JSON.stringify(a.json));
  });
});
