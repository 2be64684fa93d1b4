/**
 * One GRU step as one primitive. Its output packs, part-major, `[h′, r, z, n, gh_n]` (each
 * `[B, H]`; gh_n = h·W_hnᵀ + b_hn): the cell hands out h′ as a zero-copy `part`, and the rest is
 * what the vjp needs (no recomputation).
 * @module
 */
import { alloc } from '../../tensor/dtype.js';
import { like } from '../../tensor/construct.js';
import { affinePair, gruGates, gruGatesGrad, scratch } from '../../tensor/kernels/cells.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { Ops, Primitive } from '../primitive.js';
import { affineGrads, affineTangent, entry, fastRules, packedShape, sigmoidDeriv, stacksOf, tanhDeriv } from './cells.js';

/**
 * `gi = x·W_ihᵀ + b_ih`, `gh = h·W_hhᵀ + b_hh` (blocks r, z, n); r = σ(gi_r + gh_r),
 * z = σ(gi_z + gh_z), n = tanh(gi_n + r⊙gh_n), h′ = n + z⊙(h − n). Inputs x [B, I], h [B, H],
 * W_ih [3H, I], W_hh [3H, H], b_ih [3H], b_hh [3H]; output `[5, B, H]`.
 */
export const gruStep: Primitive<null> = {
  name: 'gruStep',
  inputs: ['x', 'h', 'weightIh', 'weightHh', 'biasIh', 'biasHh'],
  shape: ([, h]) => packedShape(5, h!),
  forward: ([x, h, wIh, wHh, bIh, bHh], _, os) => {
    const B = os[1]!;
    const H = os[2]!;
    const gi = scratch(x!.data, 0, B * 3 * H);
    const gh = scratch(x!.data, 1, B * 3 * H);
    affinePair(x!.data, h!.data, wIh!.data, wHh!.data, bIh!.data, bHh!.data, B, x!.shape[1]!, H, 3 * H, gi, gh);
    const out = alloc(x!.dtype, 5 * B * H);
    gruGates(gi, gh, h!.data, B, H, out);
    return out;
  },
  vjp: (ct, { inputs, ans, needs, into }, L) => {
    const [x, h, wIh, wHh] = inputs as [Tensor, Tensor, Tensor, Tensor];
    const [B, H] = h.shape as [number, number];
    if (fastRules()) {
      const stacks = stacksOf(ct, ans);
      const ld = ct.rank > ans.rank ? [stacks] : [];
      const dgi = scratch(ct.data, 2, stacks * B * 3 * H);
      const dgh = scratch(ct.data, 3, stacks * B * 3 * H);
      const direct = scratch(ct.data, 4, stacks * B * H);
      gruGatesGrad(ct.data, ans.data, h.data, B, H, stacks, dgi, dgh, direct);
      const [dx, dWih, [dbIh]] = affineGrads(dgi, stacks, ld, x, wIh, needs[0]!, needs[2]!, [needs[4] ? inputs[4]! : null], into);
      const [dhAffine, dWhh, [dbHh]] = affineGrads(dgh, stacks, ld, h, wHh, needs[1]!, needs[3]!, [needs[5] ? inputs[5]! : null], into);
      let dh: Tensor | null = null;
      if (dhAffine) {
        // h_{t−1} reaches h′ through W_hh and directly (z⊙h): dh = dgh·W_hh + z⊙ct_h
        const d = dhAffine.data;
        for (let i = 0; i < d.length; i++) d[i]! += direct[i]!;
        dh = dhAffine;
      }
      return [dx, dh, dWih, dWhh, dbIh ?? null, dbHh ?? null];
    }
    const { dgi, dgh, direct } = gatesGradComposed(L, ct, ans, h, B, H);
    return [
      needs[0] ? L.matmul(dgi, wIh) : null,
      needs[1] ? L.add(L.matmul(dgh, wHh), direct) : null,
      needs[2] ? L.matmul(dgi, x, true, false) : null,
      needs[3] ? L.matmul(dgh, h, true, false) : null,
      needs[4] ? L.unbroadcast(dgi, [3 * H]) : null,
      needs[5] ? L.unbroadcast(dgh, [3 * H]) : null,
    ];
  },
  jvp: (tans, { inputs, ans }, L) => {
    const [x, h, wIh, wHh] = inputs as [Tensor, Tensor, Tensor, Tensor];
    const [B, H] = h.shape as [number, number];
    const y = (p: number): Tensor => entry(L, ans, p, B, H);
    const [r, z, n, hn] = [y(1), y(2), y(3), y(4)];
    const zero = L.filledLike(h, 0);
    const blocks = (t: Tensor | null): ((q: number) => Tensor) => (q) => (t ? L.slice(L.broadcastTo(t, [B, 3 * H]), [0, q * H], [B, H]) : zero);
    const gi = blocks(affineTangent(L, [[x, tans[0] ?? null, wIh, tans[2] ?? null, tans[4] ?? null]]));
    const gh = blocks(affineTangent(L, [[h, tans[1] ?? null, wHh, tans[3] ?? null, tans[5] ?? null]]));
    const tr = L.mul(L.add(gi(0), gh(0)), sigmoidDeriv(L, r));
    const tz = L.mul(L.add(gi(1), gh(1)), sigmoidDeriv(L, z));
    const thn = gh(2);
    const tn = L.mul(L.add(gi(2), L.add(L.mul(tr, hn), L.mul(r, thn))), tanhDeriv(L, n));
    const th = tans[1] ?? zero;
    // h′ = n + z⊙(h − n) → th′ = tn + tz⊙(h − n) + z⊙(th − tn)
    const thNew = L.add(L.add(tn, L.mul(tz, L.sub(h, n))), L.mul(z, L.sub(th, tn)));
    return L.concat([thNew, tr, tz, tn, thn].map((t) => L.reshape(t, [1, B, H])), 0);
  },
};

/**
 * The gate derivative with `L` ops (recorded; batched-L aware): dgi, dgh `[B, 3H]` and the direct
 * cotangent z⊙ct_h of h_{t−1}. dn = ct_n + ct_h·(1 − z); dz = ct_z + ct_h·(h − n);
 * dn_pre = dn·(1 − n²); dr = ct_r + dn_pre·gh_n; dgh_n = ct_ghn + dn_pre·r; then σ′.
 */
function gatesGradComposed(L: Ops, ct: Tensor, ans: Tensor, h: Tensor, B: number, H: number): { dgi: Tensor; dgh: Tensor; direct: Tensor } {
  const y = (p: number): Tensor => entry(L, ans, p, B, H);
  const d = (p: number): Tensor => entry(L, ct, p, B, H);
  const [r, z, n, hn] = [y(1), y(2), y(3), y(4)];
  const ctH = d(0);
  const dn = L.add(d(3), L.mul(ctH, L.sub(1, z)));
  const dz = L.add(d(2), L.mul(ctH, L.sub(h, n)));
  const dnPre = L.mul(dn, tanhDeriv(L, n));
  const dR = L.mul(L.add(d(1), L.mul(dnPre, hn)), sigmoidDeriv(L, r));
  const dZ = L.mul(dz, sigmoidDeriv(L, z));
  const dHn = L.add(d(4), L.mul(dnPre, r));
  return { dgi: L.concat([dR, dZ, dnPre], 1), dgh: L.concat([dR, dZ, dHn], 1), direct: L.mul(ctH, z) };
}
