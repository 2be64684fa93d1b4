/**
 * One LSTM step as two primitives. `lstmStep` packs, part-major, the new cell state and the
 * gates: `[c′, i, f, g, o]` (`[c′, i, g, o]` without forget gate), each `[B, H]`; the cell hands
 * out c′ as a zero-copy `part`, and the gates stay there for the vjp (no recomputation).
 * `lstmHidden` then gives h′ = o⊙tanh(c′) from the packed gates and that c′ tensor, so the tape
 * sees both uses of c′ (h′ and c_{t+1}) and ∂E/∂c′ is the total derivative, as op by op.
 * @module
 */
import { alloc } from '../../tensor/dtype.js';
import { like } from '../../tensor/construct.js';
import { lstmGates, lstmGatesGrad, lstmHidden as hiddenKernel, lstmHiddenGrad, preactivation, scratch } from '../../tensor/kernels/cells.js';
import type { Tensor } from '../../tensor/tensor.js';
import { fresh } from '../bind.js';
import type { Ops, Primitive } from '../primitive.js';
import { affineGrads, affineTangent, entry, fastRules, packedShape, sigmoidDeriv, stacksOf, tanhDeriv } from './cells.js';

/** Parameters of `lstmStep`. */
export interface LSTMStepParams {
  /** false: the 1997 LSTM (gates i, g, o; c′ = c + i⊙g). */
  readonly forget: boolean;
}

/**
 * `[i f g o] = x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh`; i, f, o = σ(·), g = tanh(·); c′ = f⊙c + i⊙g.
 * Inputs x [B, I], h [B, H], c [B, H], W_ih [G·H, I], W_hh [G·H, H], b_ih [G·H], b_hh [G·H];
 * output `[1 + G, B, H]`.
 */
export const lstmStep: Primitive<LSTMStepParams> = {
  name: 'lstmStep',
  inputs: ['x', 'h', 'c', 'weightIh', 'weightHh', 'biasIh', 'biasHh'],
  shape: ([, h], { forget }) => packedShape(forget ? 5 : 4, h!),
  forward: ([x, h, c, wIh, wHh, bIh, bHh], { forget }, os) => {
    const B = os[1]!;
    const H = os[2]!;
    const GH = (forget ? 4 : 3) * H;
    const pre = scratch(x!.data, 0, B * GH);
    preactivation(x!.data, h!.data, wIh!.data, wHh!.data, bIh!.data, bHh!.data, B, x!.shape[1]!, H, GH, pre, scratch(x!.data, 1, B * GH));
    const out = alloc(x!.dtype, os[0]! * B * H);
    lstmGates(pre, c!.data, B, H, forget, out);
    return out;
  },
  vjp: (ct, { inputs, ans, params: { forget }, needs, into }, L) => {
    const [x, h, c, wIh, wHh] = inputs as [Tensor, Tensor, Tensor, Tensor, Tensor];
    const [B, H] = h.shape as [number, number];
    const GH = (forget ? 4 : 3) * H;
    if (fastRules()) {
      const stacks = stacksOf(ct, ans);
      const ld = ct.rank > ans.rank ? [stacks] : [];
      const dpre = scratch(ct.data, 2, stacks * B * GH);
      const dcData = alloc(c.dtype, stacks * B * H);
      lstmGatesGrad(ct.data, ans.data, c.data, B, H, forget, stacks, dpre, dcData);
      const [dx, dWih, [dbIh, dbHh]] = affineGrads(dpre, stacks, ld, x, wIh, needs[0]!, needs[3]!, [needs[5] ? inputs[5]! : null, needs[6] ? inputs[6]! : null], into);
      const [dh, dWhh] = affineGrads(dpre, stacks, ld, h, wHh, needs[1]!, needs[4]!, [], into);
      const dc = needs[2] ? fresh(like(c, dcData, [...ld, B, H])) : null;
      return [dx, dh, dc, dWih, dWhh, dbIh ?? null, dbHh ?? null];
    }
    const { dpre, dc } = gatesGradComposed(L, ct, ans, c, B, H, forget);
    return [
      needs[0] ? L.matmul(dpre, wIh) : null,
      needs[1] ? L.matmul(dpre, wHh) : null,
      needs[2] ? dc : null,
      needs[3] ? L.matmul(dpre, x, true, false) : null,
      needs[4] ? L.matmul(dpre, h, true, false) : null,
      needs[5] ? L.unbroadcast(dpre, [GH]) : null,
      needs[6] ? L.unbroadcast(dpre, [GH]) : null,
    ];
  },
  jvp: (tans, { inputs, ans, params: { forget } }, L) => {
    const [x, h, c, wIh, wHh] = inputs as [Tensor, Tensor, Tensor, Tensor, Tensor];
    const [B, H] = h.shape as [number, number];
    const k = forget ? 1 : 0;
    const y = (p: number): Tensor => entry(L, ans, p, B, H);
    const [i, g, o] = [y(1), y(2 + k), y(3 + k)];
    const tpre = affineTangent(L, [
      [x, tans[0] ?? null, wIh, tans[3] ?? null, tans[5] ?? null],
      [h, tans[1] ?? null, wHh, tans[4] ?? null, tans[6] ?? null],
    ]);
    const zero = L.filledLike(h, 0);
    const block = (q: number): Tensor => (tpre ? L.slice(L.broadcastTo(tpre, [B, (3 + k) * H]), [0, q * H], [B, H]) : zero);
    const ti = L.mul(block(0), sigmoidDeriv(L, i));
    const tg = L.mul(block(1 + k), tanhDeriv(L, g));
    const to = L.mul(block(2 + k), sigmoidDeriv(L, o));
    const tc = tans[2] ?? zero;
    // c′ = f⊙c + i⊙g → tc′ = tf⊙c + f⊙tc + ti⊙g + i⊙tg
    const tig = L.add(L.mul(ti, g), L.mul(i, tg));
    if (!forget) return stack(L, [L.add(tc, tig), ti, tg, to], B, H);
    const f = y(2);
    const tf = L.mul(block(1), sigmoidDeriv(L, f));
    return stack(L, [L.add(L.add(L.mul(tf, c), L.mul(f, tc)), tig), ti, tf, tg, to], B, H);
  },
};

/** h′ = o⊙tanh(c′): inputs the packed gates `[P, B, H]` (o is the last entry) and c′ `[B, H]`. */
export const lstmHidden: Primitive<null> = {
  name: 'lstmHidden',
  inputs: ['gates', 'c'],
  shape: ([, c]) => c!,
  forward: ([packed, c], _, os) => {
    const out = alloc(c!.dtype, c!.size);
    hiddenKernel(packed!.data, packed!.shape[0]! - 1, c!.data, os[0]! * os[1]!, out);
    return out;
  },
  // d packed: ct⊙tanh c′ at entry o (zeros elsewhere); dc′ = ct⊙o⊙(1 − tanh²c′)
  vjp: (ct, { inputs: [packed, c], ans, needs }, L) => {
    const P = packed!.shape[0]!;
    const [B, H] = c!.shape as [number, number];
    if (fastRules()) {
      const stacks = stacksOf(ct, ans);
      const ld = ct.rank > ans.rank ? [stacks] : [];
      const dp = needs[0] ? alloc(ct.dtype, stacks * packed!.size) : null;
      const dc = needs[1] ? alloc(ct.dtype, stacks * c!.size) : null;
      lstmHiddenGrad(ct.data, packed!.data, P, P - 1, c!.data, c!.size, stacks, dp, dc);
      return [dp && fresh(like(ct, dp, [...ld, ...packed!.shape])), dc && fresh(like(ct, dc, [...ld, B, H]))];
    }
    const o = entry(L, packed!, P - 1, B, H);
    const tc = L.tanh(c!);
    return [
      needs[0] ? L.pad(L.reshape(L.mul(ct, tc), [1, B, H]), [P - 1, 0, 0], packed!.shape) : null,
      needs[1] ? L.mul(L.mul(ct, o), tanhDeriv(L, tc)) : null,
    ];
  },
  jvp: ([tp, tc], { inputs: [packed, c], ans }, L) => {
    const P = packed!.shape[0]!;
    const [B, H] = c!.shape as [number, number];
    const tanhC = L.tanh(c!);
    let t: Tensor | null = tp ? L.mul(entry(L, tp, P - 1, B, H), tanhC) : null;
    if (tc) {
      const u = L.mul(L.mul(entry(L, packed!, P - 1, B, H), tanhDeriv(L, tanhC)), tc);
      t = t ? L.add(t, u) : u;
    }
    return t ?? L.filledLike(ans, 0);
  },
};

/** `[B, H]` tensors stacked on a new first axis. */
function stack(L: Ops, ts: readonly Tensor[], B: number, H: number): Tensor {
  return L.concat(
    ts.map((t) => L.reshape(t, [1, B, H])),
    0,
  );
}

/**
 * The gate derivative with `L` ops (recorded; batched-L aware): dpre `[B, G·H]` and dc_{t−1}.
 * di = ct_i + ct_c′·g; df = ct_f + ct_c′·c; dg = ct_g + ct_c′·i; dc_{t−1} = ct_c′·f (ct_c′ without
 * forget gate); then σ′, tanh′ from the outputs.
 */
function gatesGradComposed(L: Ops, ct: Tensor, ans: Tensor, c: Tensor, B: number, H: number, forget: boolean): { dpre: Tensor; dc: Tensor } {
  const k = forget ? 1 : 0;
  const y = (p: number): Tensor => entry(L, ans, p, B, H);
  const d = (p: number): Tensor => entry(L, ct, p, B, H);
  const [i, g, o] = [y(1), y(2 + k), y(3 + k)];
  const dcNew = d(0);
  const blocks = [L.mul(L.add(d(1), L.mul(dcNew, g)), sigmoidDeriv(L, i))];
  let dc = dcNew;
  if (forget) {
    const f = y(2);
    blocks.push(L.mul(L.add(d(2), L.mul(dcNew, c)), sigmoidDeriv(L, f)));
    dc = L.mul(dcNew, f);
  }
  blocks.push(L.mul(L.add(d(2 + k), L.mul(dcNew, i)), tanhDeriv(L, g)), L.mul(d(3 + k), sigmoidDeriv(L, o)));
  return { dpre: L.concat(blocks, 1), dc };
}
