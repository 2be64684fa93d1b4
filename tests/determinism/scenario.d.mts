import type * as gradscope from '../../src/index.js';
import type { TraceJSON } from '../../src/inspect/index.js';

/** What {@link run} returns: each trace's toJSON() and the hex bytes of its float arrays by name. */
export interface ScenarioResult {
  readonly json: TraceJSON[];
  readonly bits: Record<string, string>;
}

/** Runs the seeded determinism scenario against a build (or the sources) of gradscope. */
export function run(lib: typeof gradscope): ScenarioResult;
