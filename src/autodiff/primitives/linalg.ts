/**
 * Batched matrix multiply `C = op(A)·op(B)` with op ∈ {identity, transpose} chosen per operand,
 * batch dimensions broadcast. The transposed forms let backward passes avoid materialising
 * transposes: d(AB) = dC·Bᵀ and Aᵀ·dC are themselves one matmul each.
 * @module
 */
import { ShapeError, fmtShape } from '../../errors.js';
import { alloc } from '../../tensor/dtype.js';
import { broadcastStrides } from '../../tensor/kernels/elementwise.js';
import { gemm } from '../../tensor/kernels/matmul.js';
import type { Shape } from '../../tensor/shape.js';
import { broadcastShapes, sizeOf, stridesOf } from '../../tensor/shape.js';
import type { Primitive } from '../primitive.js';

/** Which operands are transposed (on their last two axes). */
export interface MatmulParams {
  readonly ta: boolean;
  readonly tb: boolean;
}

/** Matrix dims [rows, cols] of op(X) for a stored shape. */
function dims(s: Shape, t: boolean): [number, number] {
  const r = s[s.length - 2]!;
  const c = s[s.length - 1]!;
  return t ? [c, r] : [r, c];
}

export const matmul: Primitive<MatmulParams> = {
  name: 'matmul',
  inputs: ['a', 'b'],
  shape: ([a, b], { ta, tb }) => {
    const [M, K] = dims(a!, ta);
    const [K2, N] = dims(b!, tb);
    if (K !== K2) {
      throw new ShapeError(`matmul: inner dimensions must agree; got a ${fmtShape(a!)} and b ${fmtShape(b!)}`, {
        op: 'matmul',
        shapes: [a!, b!],
      });
    }
    const batch = broadcastShapes('matmul', a!.slice(0, -2), b!.slice(0, -2));
    return [...batch, M, N];
  },
  forward: ([a, b], { ta, tb }, os) => {
    const out = alloc(a!.dtype, sizeOf(os));
    const [M, K] = dims(a!.shape, ta);
    const N = os[os.length - 1]!;
    const batch = os.slice(0, -2);
    const nb = sizeOf(batch);
    if (nb === 1) {
      gemm(a!.data, 0, ta, b!.data, 0, tb, out, 0, M, K, N, true);
      return out;
    }
    // offsets of each batch matrix, following broadcast strides over the batch axes
    const sa = broadcastStrides(a!.shape.slice(0, -2), batch);
    const sb = broadcastStrides(b!.shape.slice(0, -2), batch);
    const bst = stridesOf(batch);
    for (let i = 0; i < nb; i++) {
      let oa = 0;
      let ob = 0;
      for (let k = 0; k < batch.length; k++) {
        const ik = Math.floor(i / bst[k]!) % batch[k]!;
        oa += ik * sa[k]!;
        ob += ik * sb[k]!;
      }
      gemm(a!.data, oa * M * K, ta, b!.data, ob * K * N, tb, out, i * M * N, M, K, N, true);
    }
    return out;
  },
  // C = op(A)·op(B). Per case, dA and dB are one matmul each (see module comment).
  vjp: (ct, { inputs: [a, b], params: { ta, tb }, needs }, L) => {
    const da = !needs[0]
      ? null
      : ta
        ? L.matmul(b!, ct, tb, true) // A stored [K,M]: dA = op(B)·dCᵀ
        : L.matmul(ct, b!, false, !tb); // dA = dC·op(B)ᵀ
    const db = !needs[1]
      ? null
      : tb
        ? L.matmul(ct, a!, true, ta) // B stored [N,K]: dB = dCᵀ·op(A)
        : L.matmul(a!, ct, !ta, false); // dB = op(A)ᵀ·dC
    return [da && L.unbroadcast(da, a!.shape), db && L.unbroadcast(db, b!.shape)];
  },
  jvp: ([ta_, tb_], { inputs: [a, b], params: { ta, tb }, ans }, L) => {
    const x = ta_ ? L.matmul(ta_, b!, ta, tb) : null;
    const y = tb_ ? L.matmul(a!, tb_, ta, tb) : null;
    const t = x && y ? L.add(x, y) : (x ?? y ?? L.filledLike(ans, 0));
    return L.broadcastTo(t, ans.shape);
  },
};
