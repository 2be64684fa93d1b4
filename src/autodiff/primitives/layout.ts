/**
 * Layout primitives: reshape (free: storage is shared), permute, broadcastTo, slice, pad and
 * concat. Each one's vjp is another layout primitive (slice ↔ pad, broadcast ↔ sum).
 * @module
 */
import { alloc } from '../../tensor/dtype.js';
import { broadcastTo as broadcastKernel } from '../../tensor/kernels/elementwise.js';
import * as K from '../../tensor/kernels/layout.js';
import type { Shape } from '../../tensor/shape.js';
import { sizeOf } from '../../tensor/shape.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { Primitive } from '../primitive.js';

/** Inverse of a permutation. */
export function inversePerm(perm: readonly number[]): number[] {
  const inv = new Array<number>(perm.length);
  perm.forEach((p, k) => (inv[p] = k));
  return inv;
}

export const reshape: Primitive<{ readonly shape: Shape }> = {
  name: 'reshape',
  inputs: ['x'],
  shape: (_, p) => p.shape,
  forward: ([x]) => x!.data,
  vjp: (ct, { inputs: [x] }, L) => [L.reshape(ct, x!.shape)],
  jvp: ([tan], { params }, L) => L.reshape(tan!, params.shape),
};

export const permute: Primitive<{ readonly perm: readonly number[] }> = {
  name: 'permute',
  inputs: ['x'],
  shape: ([x], { perm }) => perm.map((p) => x![p]!),
  forward: ([x], { perm }, os) => {
    const out = alloc(x!.dtype, x!.size);
    K.permute(x!.data, x!.shape, perm, out, os);
    return out;
  },
  vjp: (ct, { params }, L) => [L.permute(ct, inversePerm(params.perm))],
  jvp: ([tan], { params }, L) => L.permute(tan!, params.perm),
};

export const broadcastTo: Primitive<{ readonly shape: Shape }> = {
  name: 'broadcastTo',
  inputs: ['x'],
  shape: (_, p) => p.shape,
  forward: ([x], _, os) => {
    const out = alloc(x!.dtype, sizeOf(os));
    broadcastKernel(x!.data, x!.shape, out, os);
    return out;
  },
  vjp: (ct, { inputs: [x] }, L) => [L.unbroadcast(ct, x!.shape)],
  jvp: ([tan], { params }, L) => L.broadcastTo(tan!, params.shape),
};

/** Parameters of slice and pad: `begin` per axis and the shape of the other side. */
export interface WindowParams {
  readonly begin: readonly number[];
  readonly shape: Shape;
}

export const slice: Primitive<WindowParams> = {
  name: 'slice',
  inputs: ['x'],
  shape: (_, p) => p.shape,
  forward: ([x], { begin }, os) => {
    const out = alloc(x!.dtype, sizeOf(os));
    K.slice(x!.data, x!.shape, begin, out, os);
    return out;
  },
  vjp: (ct, { inputs: [x], params }, L) => [L.pad(ct, params.begin, x!.shape)],
  jvp: ([tan], { params }, L) => L.slice(tan!, params.begin, params.shape),
};

export const pad: Primitive<WindowParams> = {
  name: 'pad',
  inputs: ['x'],
  shape: (_, p) => p.shape,
  forward: ([x], { begin }, os) => {
    const out = alloc(x!.dtype, sizeOf(os));
    K.pad(x!.data, x!.shape, begin, out, os);
    return out;
  },
  vjp: (ct, { inputs: [x], params }, L) => [L.slice(ct, params.begin, x!.shape)],
  jvp: ([tan], { params }, L) => L.pad(tan!, params.begin, params.shape),
};

export const concat: Primitive<{ readonly axis: number }> = {
  name: 'concat',
  inputs: ['xs'],
  shape: (shapes, { axis }) => {
    const s = [...shapes[0]!];
    s[axis] = shapes.reduce((n, x) => n + x[axis]!, 0);
    return s;
  },
  forward: (xs, { axis }, os) => {
    const out = alloc(xs[0]!.dtype, sizeOf(os));
    K.concat(
      xs.map((x) => x.data),
      xs.map((x) => x.shape),
      axis,
      out,
      os,
    );
    return out;
  },
  vjp: (ct, { inputs, params: { axis }, needs }, L) => {
    let at = 0;
    return inputs.map((x, i) => {
      const begin = x.shape.map((_, k) => (k === axis ? at : 0));
      at += x.shape[axis]!;
      return needs[i] ? L.slice(ct, begin, x.shape) : null;
    });
  },
  jvp: (tans, { inputs, params: { axis } }, L) =>
    L.concat(
      inputs.map((x, i): Tensor => tans[i] ?? L.filledLike(x, 0)),
      axis,
    ),
};
