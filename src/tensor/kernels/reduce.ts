/**
 * Reduction kernels. The output is laid out in keep-dims form (reduced axes of size 1);
 * dropping those axes is a free reshape.
 * @module
 */
import type { TensorData } from '../dtype.js';
import type { Shape } from '../shape.js';
import { broadcastStrides, stridedWalk } from './elementwise.js';

/** Kind of reduction. */
export type ReduceKind = 'sum' | 'max';

/** Reduces `x` (shape `xs`) into `out` (keep-dims shape `ks`). */
export function reduce(kind: ReduceKind, x: TensorData, xs: Shape, out: TensorData, ks: Shape): void {
  const n = x.length;
  const m = out.length;
  if (kind === 'max') out.fill(-Infinity);
  if (n === 0) return;
  if (m === 1) {
    // reduce everything
    if (kind === 'sum') {
      let s = 0;
      for (let i = 0; i < n; i++) s += x[i]!;
      out[0] = s;
    } else {
      let s = -Infinity;
      for (let i = 0; i < n; i++) {
        const v = x[i]!;
        if (v > s || v !== v) s = v;
        if (s !== s) break;
      }
      out[0] = s;
    }
    return;
  }
  const rank = xs.length;
  const inner = xs[rank - 1]!;
  if (ks[rank - 1] === 1 && m * inner === n) {
    // reduce the last axis only: contiguous rows
    for (let r = 0; r < m; r++) {
      const base = r * inner;
      if (kind === 'sum') {
        let s = 0;
        for (let j = 0; j < inner; j++) s += x[base + j]!;
        out[r] = s;
      } else {
        let s = -Infinity;
        for (let j = 0; j < inner; j++) {
          const v = x[base + j]!;
          if (v > s || v !== v) s = v;
        }
        out[r] = s;
      }
    }
    return;
  }
  const so = broadcastStrides(ks, xs);
  if (kind === 'sum') {
    stridedWalk(xs, (i, o) => {
      out[o]! += x[i]!;
    }, so);
  } else {
    stridedWalk(xs, (i, o) => {
      const v = x[i]!;
      const cur = out[o]!;
      if (v > cur || v !== v) out[o] = cur !== cur ? cur : v;
    }, so);
  }
}
