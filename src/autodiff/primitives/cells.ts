/**
 * Fused primitives for the built-in recurrent cells: a whole RNN step in one primitive, and
 * `part`, the zero-copy view of one entry along the first axis (how the LSTM and GRU steps hand
 * out h and c from their packed outputs). The LSTM and GRU steps are in `lstmStep.ts` and
 * `gruStep.ts`; what the three share is here.
 *
 * Each vjp has two forms with the same result. With no trace watching (the usual first-order
 * backward pass), one fused kernel computes every cotangent at once and nothing is recorded.
 * Under a trace (a backward pass recorded by an outer tape, forward mode over a backward pass),
 * the rule is written with `L` ops, so higher-order derivatives work. Both forms accept
 * cotangents with an extra leading axis of K stacked rows (the batched walk of the step
 * Jacobians).
 * @module
 */
import { alloc } from '../../tensor/dtype.js';
import type { TensorData } from '../../tensor/dtype.js';
import { like } from '../../tensor/construct.js';
import type { ActivationCode } from '../../tensor/kernels/cells.js';
import { activate, activationGrad, preactivation, scratch, sumRows } from '../../tensor/kernels/cells.js';
import { gemm } from '../../tensor/kernels/gemm.js';
import type { Shape } from '../../tensor/shape.js';
import { sizeOf } from '../../tensor/shape.js';
import type { Tensor } from '../../tensor/tensor.js';
import { fresh, tracing } from '../bind.js';
import type { Ops, Primitive, RuleContext } from '../primitive.js';

/** How many stacked cotangents `ct` holds for an output `ans` (1, or K when ct is [K, ...ans.shape]). */
export function stacksOf(ct: Tensor, ans: Tensor): number {
  return ct.rank === ans.rank + 1 ? ct.shape[0]! : 1;
}

/** The leading shape of stacked cotangents: [K] or []. */
function lead(ct: Tensor, ans: Tensor): number[] {
  return ct.rank === ans.rank + 1 ? [ct.shape[0]!] : [];
}

/** True when a rule may use its fused kernel (no trace would miss the work). */
export function fastRules(): boolean {
  return !tracing();
}

/**
 * Cotangents of the affine map `y = input·Wᵀ + b` from dy (`d`, [K·B, GH]) without recording:
 * d_input = dy·W ([K, B, F]), dW = dyᵀ·input per stack ([K, GH, F]), db = Σ_b dy ([K, GH]) for
 * each tensor of `biases` (null: not wanted). With `into` (see `RuleContext.into`) and one stack,
 * dW and db are added into the walk's running sums where it holds them, and come back null.
 * d_input and a returned dW are marked fresh; db is not (one tensor may go to both biases).
 */
export function affineGrads(
  d: TensorData,
  stacks: number,
  leadShape: readonly number[],
  input: Tensor,
  w: Tensor,
  wantInput: boolean,
  wantW: boolean,
  biases: readonly (Tensor | null)[],
  into: RuleContext<unknown>['into'],
): [Tensor | null, Tensor | null, (Tensor | null)[]] {
  const [B, F] = input.shape as [number, number];
  const GH = w.shape[0]!;
  const sums = stacks === 1 ? into : undefined;
  let dIn: Tensor | null = null;
  let dW: Tensor | null = null;
  if (wantInput) {
    const out = alloc(input.dtype, stacks * B * F);
    gemm(d, 0, false, w.data, 0, false, out, 0, stacks * B, GH, F, true);
    dIn = fresh(like(input, out, [...leadShape, B, F]));
  }
  if (wantW) {
    const acc = sums?.(w);
    if (acc) addWeightGrad(d, input.data, acc, B, GH, F);
    else {
      const out = alloc(w.dtype, stacks * GH * F);
      for (let s = 0; s < stacks; s++) gemm(d, s * B * GH, true, input.data, 0, false, out, s * GH * F, GH, B, F);
      dW = fresh(like(w, out, [...leadShape, GH, F]));
    }
  }
  let shared: Tensor | null = null;
  const dB = biases.map((b) => {
    if (!b) return null;
    const acc = sums?.(b);
    if (acc) {
      addColumnSums(d, B, GH, acc);
      return null;
    }
    if (!shared) {
      const out = alloc(w.dtype, stacks * GH);
      sumRows(d, stacks, B, GH, out);
      shared = like(w, out, [...leadShape, GH]);
    }
    return shared;
  });
  return [dIn, dW, dB];
}

/**
 * acc += dᵀ·input for d [B, GH] and input [B, F] (acc [GH, F]): each entry's sum over b is formed
 * first, in b order, and then added, so the bits are those of the product added afterwards.
 */
function addWeightGrad(d: TensorData, input: TensorData, acc: TensorData, B: number, GH: number, F: number): void {
  if (B > 4 || acc instanceof Float32Array) {
    // a wide batch (or float32 storage, which rounds after every term): the kernel into scratch,
    // then one pass; the same bits as adding the returned product
    const tmp = scratch(acc, 6, GH * F);
    gemm(d, 0, true, input, 0, false, tmp, 0, GH, B, F);
    for (let i = 0; i < GH * F; i++) acc[i]! += tmp[i]!;
    return;
  }
  for (let g = 0; g < GH; g++) {
    const row = g * F;
    if (B === 1) {
      const dg = d[g]!;
      for (let f = 0; f < F; f++) acc[row + f]! += dg * input[f]!;
      continue;
    }
    for (let f = 0; f < F; f++) {
      let s = 0;
      for (let b = 0; b < B; b++) s += d[b * GH + g]! * input[b * F + f]!;
      acc[row + f]! += s;
    }
  }
}

/** acc += Σ_b d[b] for d [B, GH] (the sum over b formed first, as `sumRows` forms it, in the storage's precision). */
function addColumnSums(d: TensorData, B: number, GH: number, acc: TensorData): void {
  if (acc instanceof Float32Array) {
    const tmp = scratch(acc, 6, GH);
    sumRows(d, 1, B, GH, tmp);
    for (let j = 0; j < GH; j++) acc[j]! += tmp[j]!;
    return;
  }
  for (let j = 0; j < GH; j++) {
    let s = 0;
    for (let b = 0; b < B; b++) s += d[b * GH + j]!;
    acc[j]! += s;
  }
}

/** The affine tangent Σ (tx·Wᵀ + x·tWᵀ + tb) over the pairs given, or null when all are null. */
export function affineTangent(L: Ops, terms: readonly [Tensor, Tensor | null, Tensor, Tensor | null, Tensor | null][]): Tensor | null {
  let t: Tensor | null = null;
  const add = (u: Tensor): void => {
    t = t ? L.add(t, u) : u;
  };
  for (const [x, tx, w, tw, tb] of terms) {
    if (tx) add(L.matmul(tx, w, false, true));
    if (tw) add(L.matmul(x, tw, false, true));
    if (tb) add(tb);
  }
  return t;
}

/** Entry k along axis 0 of a `[P, B, H]` tensor that may carry a leading stack axis (works under batched L). */
export function entry(L: Ops, t: Tensor, k: number, B: number, H: number): Tensor {
  return L.reshape(L.slice(t, [k, 0, 0], [1, B, H]), [B, H]);
}

/** σ′ written from σ's output: s(1 − s). */
export function sigmoidDeriv(L: Ops, s: Tensor): Tensor {
  return L.mul(s, L.sub(1, s));
}

/** tanh′ written from tanh's output: 1 − t². */
export function tanhDeriv(L: Ops, t: Tensor): Tensor {
  return L.sub(1, L.mul(t, t));
}

/** act′ written from the activation's output y (null for the identity). */
function activationDeriv(L: Ops, act: ActivationCode, y: Tensor): Tensor | null {
  if (act === 'tanh') return tanhDeriv(L, y);
  if (act === 'sigmoid') return sigmoidDeriv(L, y);
  if (act === 'relu') return L.greater(y, 0);
  return null;
}

/** Parameters of `part`. */
export interface PartParams {
  readonly index: number;
}

/** x[index] along axis 0: `[P, ...rest]` → `[...rest]`, sharing x's storage (no copy). */
export const part: Primitive<PartParams> = {
  name: 'part',
  inputs: ['x'],
  shape: ([x]) => x!.slice(1),
  forward: ([x], { index }, os) => {
    const n = sizeOf(os);
    return x!.data.subarray(index * n, (index + 1) * n);
  },
  // the cotangent goes back into entry `index` of zeros
  vjp: (ct, { inputs: [x], ans, params: { index }, into }, L) => {
    const rest = x!.shape.slice(1);
    if (fastRules()) {
      const stacks = stacksOf(ct, ans);
      const n = ans.size;
      const acc = stacks === 1 ? into?.(x!) : undefined;
      if (acc) {
        const at = index * n;
        for (let i = 0; i < n; i++) acc[at + i]! += ct.data[i]!;
        return [null];
      }
      const P = x!.shape[0]!;
      const out = alloc(ct.dtype, stacks * P * n);
      for (let s = 0; s < stacks; s++) out.set(ct.data.subarray(s * n, (s + 1) * n), (s * P + index) * n);
      return [fresh(like(ct, out, [...lead(ct, ans), ...x!.shape]))];
    }
    return [L.pad(L.reshape(ct, [1, ...rest]), [index, ...rest.map(() => 0)], x!.shape)];
  },
  jvp: ([tan], { params: { index }, ans }, L) => L.reshape(L.slice(tan!, [index, ...ans.shape.map(() => 0)], [1, ...ans.shape]), ans.shape),
};

/** Parameters of `rnnStep`. */
export interface RNNStepParams {
  readonly act: ActivationCode;
}

/**
 * One Elman RNN step `h′ = act(x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh)`; inputs x [B, I], h [B, H],
 * W_ih [H, I], W_hh [H, H], and optionally b_ih, b_hh [H].
 */
export const rnnStep: Primitive<RNNStepParams> = {
  name: 'rnnStep',
  inputs: ['x', 'h', 'weightIh', 'weightHh', 'biasIh', 'biasHh'],
  shape: ([, h]) => h!,
  forward: ([x, h, wIh, wHh, bIh, bHh], { act }, os) => {
    const [B, H] = os as [number, number];
    const I = x!.shape[1]!;
    const pre = scratch(x!.data, 0, B * H);
    preactivation(x!.data, h!.data, wIh!.data, wHh!.data, bIh?.data, bHh?.data, B, I, H, H, pre, scratch(x!.data, 1, B * H));
    const out = alloc(x!.dtype, B * H);
    activate(act, pre, out, B * H);
    return out;
  },
  // dpre = ct ⊙ act′(h′); then the two affine maps: dx = dpre·W_ih, dW_ih = dpreᵀ·x, db = Σ_b dpre, …
  vjp: (ct, { inputs, ans, params: { act }, needs, into }, L) => {
    const [x, h, wIh, wHh] = inputs as [Tensor, Tensor, Tensor, Tensor];
    const bias = inputs.length === 6;
    if (fastRules()) {
      const stacks = stacksOf(ct, ans);
      const d = scratch(ct.data, 2, ct.size);
      activationGrad(act, ct.data, ans.data, ans.size, stacks, d);
      const ld = lead(ct, ans);
      const biases = bias ? [needs[4] ? inputs[4]! : null, needs[5] ? inputs[5]! : null] : [];
      const [dx, dWih, db] = affineGrads(d, stacks, ld, x, wIh, needs[0]!, needs[2]!, biases, into);
      const [dh, dWhh] = affineGrads(d, stacks, ld, h, wHh, needs[1]!, needs[3]!, [], into);
      return [dx, dh, dWih, dWhh, ...db];
    }
    const deriv = activationDeriv(L, act, ans);
    const d = deriv ? L.mul(ct, deriv) : ct;
    const grads = [
      needs[0] ? L.matmul(d, wIh) : null,
      needs[1] ? L.matmul(d, wHh) : null,
      needs[2] ? L.matmul(d, x, true, false) : null,
      needs[3] ? L.matmul(d, h, true, false) : null,
    ];
    if (bias) grads.push(needs[4] ? L.unbroadcast(d, inputs[4]!.shape) : null, needs[5] ? L.unbroadcast(d, inputs[5]!.shape) : null);
    return grads;
  },
  jvp: (tans, { inputs, ans, params: { act } }, L) => {
    const [x, h, wIh, wHh] = inputs as [Tensor, Tensor, Tensor, Tensor];
    const t = affineTangent(L, [
      [x, tans[0] ?? null, wIh, tans[2] ?? null, tans[4] ?? null],
      [h, tans[1] ?? null, wHh, tans[3] ?? null, tans[5] ?? null],
    ]);
    if (!t) return L.filledLike(ans, 0);
    const full = L.broadcastTo(t, ans.shape);
    const deriv = activationDeriv(L, act, ans);
    return deriv ? L.mul(full, deriv) : full;
  },
};

/** The shape [P, B, H] of a packed step output. */
export function packedShape(P: number, h: Shape): number[] {
  return [P, h[0]!, h[1]!];
}
