/**
 * Timing helpers: medians of alternating runs, so that the machine's noise (other processes,
 * GC, frequency changes) falls on every contender alike.
 */

/** Median of a list of numbers. */
export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Milliseconds one call of `fn` takes (awaiting it if it returns a promise). */
export async function timeOnce(fn) {
  const t0 = performance.now();
  const r = fn();
  if (r && typeof r.then === 'function') await r;
  return performance.now() - t0;
}

/**
 * Runs every contender at least `warmup` times and until `warmupMs` has passed (JIT compilers —
 * V8's for JavaScript, the wasm tiers — need hundreds of runs of a millisecond workload before
 * its code is fully optimised: 5 runs left gradscope's step Jacobians 5× slower than 300 did),
 * then `rounds` rounds in which each runs once, the order rotating from round to round. Returns
 * the median ms per contender (null when it failed). Rounds stop once `budgetMs` has passed
 * (after at least 3).
 */
export async function alternate(contenders, { warmup = 2, warmupMs = 1500, rounds = 9, budgetMs = 60_000 } = {}) {
  const live = contenders.filter((c) => c.run);
  const times = new Map(live.map((c) => [c.name, []]));
  for (const c of live) {
    try {
      const start = performance.now();
      for (let i = 0; i < warmup || (performance.now() - start < warmupMs && i < 500); i++) await timeOnce(c.run);
    } catch (e) {
      c.error = String(e?.message ?? e).split('\n')[0];
      times.delete(c.name);
    }
  }
  const start = performance.now();
  for (let r = 0; r < rounds; r++) {
    const order = live.filter((c) => times.has(c.name));
    for (let k = 0; k < order.length; k++) {
      const c = order[(k + r) % order.length];
      times.get(c.name).push(await timeOnce(c.run));
    }
    if (r >= 2 && performance.now() - start > budgetMs) break;
  }
  const out = {};
  for (const c of contenders) out[c.name] = times.has(c.name) && times.get(c.name).length ? median(times.get(c.name)) : null;
  return out;
}

/** A seeded generator of uniform numbers in [−a, a) (mulberry32), for weights every contender shares. */
export function uniform(seed, a) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const u = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    return (2 * u - 1) * a;
  };
}

/** A Float64Array of n uniform numbers in [−a, a). */
export function randomArray(n, seed, a = 1) {
  const g = uniform(seed, a);
  return Float64Array.from({ length: n }, g);
}

/** The transpose of a row-major [r, c] matrix. */
export function transpose(d, r, c) {
  const out = new Float64Array(r * c);
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) out[j * r + i] = d[i * c + j];
  return out;
}
