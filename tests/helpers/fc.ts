/**
 * fast-check settings for the suite: a fixed seed in CI (printed on failure by fast-check),
 * overridable with FC_SEED; FC_RUNS scales the number of runs.
 */
import fc from 'fast-check';

const seed = process.env.FC_SEED !== undefined ? Number(process.env.FC_SEED) : 20261129;
const scale = process.env.FC_RUNS !== undefined ? Number(process.env.FC_RUNS) : 1;

fc.configureGlobal({ seed, numRuns: Math.max(1, Math.round(100 * scale)) });

/** Number of runs for an expensive property (default 100 × FC_RUNS / 4). */
export function runs(n: number): number {
  return Math.max(1, Math.round(n * scale));
}

export { fc };
