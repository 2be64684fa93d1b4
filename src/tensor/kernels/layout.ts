/**
 * Layout kernels: permute, slice, pad (the inverse of slice) and concat. Each is a strided
 * copy; reshape needs no kernel because storage is always contiguous row-major.
 * @module
 */
import type { TensorData } from '../dtype.js';
import type { Shape } from '../shape.js';
import { stridesOf } from '../shape.js';
import { stridedWalk } from './elementwise.js';

/** out = x with axes permuted: out axis k is x axis perm[k]. */
export function permute(x: TensorData, xs: Shape, perm: readonly number[], out: TensorData, os: Shape): void {
  const st = stridesOf(xs);
  const ps = perm.map((p) => st[p]!);
  stridedWalk(os, (i, o) => {
    out[i] = x[o]!;
  }, ps);
}

/** out = x[begin : begin + size] on every axis. */
export function slice(x: TensorData, xs: Shape, begin: readonly number[], out: TensorData, os: Shape): void {
  const st = stridesOf(xs);
  let base = 0;
  for (let k = 0; k < xs.length; k++) base += begin[k]! * st[k]!;
  stridedWalk(os, (i, o) => {
    out[i] = x[base + o]!;
  }, st);
}

/** out (zeroed, shape `os`) gets x written at offset `begin` on every axis. */
export function pad(x: TensorData, xs: Shape, begin: readonly number[], out: TensorData, os: Shape): void {
  const st = stridesOf(os);
  let base = 0;
  for (let k = 0; k < os.length; k++) base += begin[k]! * st[k]!;
  stridedWalk(xs, (i, o) => {
    out[base + o] = x[i]!;
  }, st);
}

/** Concatenates blocks along `axis`: each input contributes `shape[axis]·inner` per outer row. */
export function concat(xs: readonly TensorData[], shapes: readonly Shape[], axis: number, out: TensorData, os: Shape): void {
  let outer = 1;
  for (let k = 0; k < axis; k++) outer *= os[k]!;
  let inner = 1;
  for (let k = axis + 1; k < os.length; k++) inner *= os[k]!;
  const rowOut = os[axis]! * inner;
  let col = 0;
  for (let t = 0; t < xs.length; t++) {
    const x = xs[t]!;
    const w = shapes[t]![axis]! * inner;
    for (let r = 0; r < outer; r++) {
      const src = r * w;
      const dst = r * rowOut + col;
      for (let j = 0; j < w; j++) out[dst + j] = x[src + j]!;
    }
    col += w;
  }
}
