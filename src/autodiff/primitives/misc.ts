/**
 * Primitives that move values without arithmetic: identity (gives an argument a node of its
 * own), stopGradient (cuts the derivative), and astype (changes dtype; its cotangent is cast back).
 * @module
 */
import type { DType } from '../../tensor/dtype.js';
import { alloc } from '../../tensor/dtype.js';
import type { Primitive } from '../primitive.js';

export const identity: Primitive<null> = {
  name: 'identity',
  inputs: ['x'],
  shape: ([x]) => x!,
  forward: ([x]) => x!.data,
  vjp: (ct) => [ct],
  jvp: ([tan]) => tan!,
};

export const stopGradient: Primitive<null> = {
  name: 'stopGradient',
  inputs: ['x'],
  shape: ([x]) => x!,
  forward: ([x]) => x!.data,
  vjp: () => [null],
  jvp: (_, { ans }, L) => L.filledLike(ans, 0),
};

export const astype: Primitive<{ readonly dtype: DType }> = {
  name: 'astype',
  inputs: ['x'],
  shape: ([x]) => x!,
  forward: ([x], { dtype }) => {
    if (x!.dtype === dtype) return x!.data;
    const out = alloc(dtype, x!.size);
    out.set(x!.data);
    return out;
  },
  vjp: (ct, { inputs: [x] }, L) => [L.astype(ct, x!.dtype)],
  jvp: ([tan], { params }, L) => L.astype(tan!, params.dtype),
};
