/**
 * Numbers and tensors carried with a separate base-10 exponent, so that products of hundreds
 * of factors below 1 (0.25^500 ≈ 1e-301, and far smaller) never underflow: value = mantissa·10^e.
 * @module
 */
import * as L from '../autodiff/lax.js';
import type { Tensor } from '../tensor/tensor.js';

/** log10 of the Euclidean norm of a tensor's values, computed without overflow or underflow. */
export function log10Norm(t: Tensor | Float64Array | Float32Array): number {
  const d = 'data' in t && !(t instanceof Float64Array || t instanceof Float32Array) ? t.data : (t as Float64Array);
  let m = 0;
  for (let i = 0; i < d.length; i++) {
    const v = Math.abs(d[i]!);
    if (v > m || v !== v) m = v;
  }
  if (m !== m) return NaN;
  if (m === 0) return -Infinity;
  if (m === Infinity) return Infinity;
  let s = 0;
  for (let i = 0; i < d.length; i++) {
    const v = d[i]! / m;
    s += v * v;
  }
  return Math.log10(m) + 0.5 * Math.log10(s);
}

/** Largest |value| of several tensors. */
export function maxAbsOf(ts: readonly Tensor[]): number {
  let m = 0;
  for (const t of ts) {
    const d = t.data;
    for (let i = 0; i < d.length; i++) {
      const v = Math.abs(d[i]!);
      if (v > m || v !== v) m = v;
    }
  }
  return m;
}

/** 10^x, exact for the common case x = 0. */
export function pow10(x: number): number {
  return x === 0 ? 1 : Math.pow(10, x);
}

/** Multiplies a tensor by 10^x (returns it unchanged for x = 0). */
export function scaleBy(t: Tensor, log10Factor: number): Tensor {
  return log10Factor === 0 ? t : L.mul(t, pow10(log10Factor));
}

/** log10 of a sum of two numbers given as log10 values (−∞ stands for 0). */
export function log10Add(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  const m = Math.max(a, b);
  return m + Math.log10(pow10(a - m) + pow10(b - m));
}

/** Converts a log10 value back to a float64 number (0 below the float64 range). */
export function fromLog10(x: number): number {
  return x === -Infinity ? 0 : Math.pow(10, x);
}

/**
 * Divides every cotangent in `chain` by their largest |value| (when finite and non-zero) and
 * returns the exponent grown by its log10, so the mantissas stay near 1 step after step. All
 * entries share one scale: besides the states' cotangents (the usual whole content), a cell
 * that reuses a tensor across steps has that tensor's cotangent waiting in the chain.
 */
export function rescale(chain: Map<number, Tensor>, e: number): number {
  const m = maxAbsOf([...chain.values()]);
  if (!(m > 0 && Number.isFinite(m))) return e;
  for (const [id, c] of chain) chain.set(id, L.div(c, m));
  return e + Math.log10(m);
}

/**
 * Adds the loss's direct cotangents (scale 10^0) for `ids` into the chain (scale 10^e), moving
 * every entry to the larger of the two scales; returns the new exponent.
 */
export function mergeDirect(chain: Map<number, Tensor>, e: number, direct: ReadonlyMap<number, Tensor>, ids: readonly number[]): number {
  const hits = ids.filter((id) => direct.has(id));
  if (hits.length === 0) return e;
  if (chain.size === 0) {
    for (const id of hits) chain.set(id, direct.get(id)!);
    return 0;
  }
  const top = Math.max(e, 0);
  for (const [id, c] of chain) chain.set(id, scaleBy(c, e - top));
  for (const id of hits) {
    const c = chain.get(id);
    const ds = scaleBy(direct.get(id)!, -top);
    chain.set(id, c ? L.add(c, ds) : ds);
  }
  return top;
}
