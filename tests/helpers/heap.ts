/**
 * Heap measurement for the soak tests: a full garbage collection before each sample (global.gc,
 * exposed at run time when the process was not started with --expose-gc), and the run size,
 * modest in the default run and long under `npm run test:soak` (GRADSCOPE_SOAK=1).
 */
import v8 from 'node:v8';
import vm from 'node:vm';

/** True under `npm run test:soak`: the long versions of the soak tests. */
export const LONG = process.env.GRADSCOPE_SOAK === '1';

/** global.gc, or undefined where it cannot be exposed. */
export function exposeGc(): (() => void) | undefined {
  const g = (globalThis as { gc?: () => void }).gc;
  if (typeof g === 'function') return g;
  try {
    v8.setFlagsFromString('--expose-gc');
    const fn: unknown = vm.runInNewContext('gc');
    return typeof fn === 'function' ? (fn as () => void) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * heapUsed plus the ArrayBuffers' bytes (typed arrays keep their storage outside the heap) after
 * a full collection (twice: the first pass can leave weakly held objects).
 */
export function heapAfterGc(gc: (() => void) | undefined): number {
  gc?.();
  gc?.();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

/**
 * Runs `step(i)` for i = 1…steps and samples the heap after the warm-up (`steps / 10`) and at
 * the end. Returns the growth in bytes between the two samples.
 */
export function heapGrowth(steps: number, step: (i: number) => void): { growth: number; gc: boolean } {
  const gc = exposeGc();
  const warmUp = Math.max(1, Math.floor(steps / 10));
  let start = 0;
  for (let i = 1; i <= steps; i++) {
    step(i);
    if (i === warmUp) start = heapAfterGc(gc);
  }
  return { growth: heapAfterGc(gc) - start, gc: gc !== undefined };
}
