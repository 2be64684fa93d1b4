/**
 * Fused kernels for one step of the built-in recurrent cells: the two matmuls that give every
 * gate's pre-activation, then the whole gate math in ONE loop (forward), and the whole gate
 * derivative in ONE loop (backward). Plain loops over typed arrays, no tensors, no tape.
 *
 * Each sum and product is evaluated in the order the op-by-op composition uses
 * (`(x·W_ihᵀ + b_ih) + (h·W_hhᵀ + b_hh)`, `f·c + i·g`, …), so the fused forward gives the
 * same bits as the composition. Backward kernels take cotangents with any number of leading
 * rows (`rows` = K·B for K stacked cotangents of a batch of B), so the batched reverse walk of
 * the step Jacobians runs through them too.
 * @module
 */
import type { TensorData } from '../dtype.js';
import { gemm } from './gemm.js';
import { sigmoidScalar } from './elementwise.js';

/** Activation codes of the RNN cell. */
export type ActivationCode = 'tanh' | 'sigmoid' | 'relu' | 'identity';

/** Module scratch, reused across calls and never handed out (a kernel's temporaries). */
const scratch64: Float64Array[] = [];
const scratch32: Float32Array[] = [];

/**
 * Scratch array number `slot` of at least n elements, in the storage type of `like` (so float32
 * intermediates round as the op-by-op path's do). Its contents are garbage until written.
 */
export function scratch(like: TensorData, slot: number, n: number): TensorData {
  const pool: (Float64Array | Float32Array)[] = like instanceof Float32Array ? scratch32 : scratch64;
  const s = pool[slot];
  if (s && s.length >= n) return s;
  const fresh = like instanceof Float32Array ? new Float32Array(Math.max(n, 64)) : new Float64Array(Math.max(n, 64));
  pool[slot] = fresh;
  return fresh;
}

/**
 * Writes `(x·W_ihᵀ + b_ih) + (h·W_hhᵀ + b_hh)` ([B, GH]) into `pre`, using `tmp` for the
 * second product. Without biases: `x·W_ihᵀ + h·W_hhᵀ`. The weights are tensors' storage (the
 * products may keep them in the SIMD kernel's memory for the next step).
 */
export function preactivation(
  x: TensorData,
  h: TensorData,
  wIh: TensorData,
  wHh: TensorData,
  bIh: TensorData | undefined,
  bHh: TensorData | undefined,
  B: number,
  I: number,
  H: number,
  GH: number,
  pre: TensorData,
  tmp: TensorData,
): void {
  gemm(x, 0, false, wIh, 0, true, pre, 0, B, I, GH, true);
  gemm(h, 0, false, wHh, 0, true, tmp, 0, B, H, GH, true);
  const n = B * GH;
  if (bIh && bHh) {
    for (let b = 0; b < B; b++) {
      const o = b * GH;
      for (let j = 0; j < GH; j++) pre[o + j] = pre[o + j]! + bIh[j]! + (tmp[o + j]! + bHh[j]!);
    }
  } else {
    for (let i = 0; i < n; i++) pre[i] = pre[i]! + tmp[i]!;
  }
}

/**
 * Two affine maps kept apart (the GRU needs them separately): gi = x·W_ihᵀ + b_ih, gh = h·W_hhᵀ +
 * b_hh. The weights are tensors' storage, as for {@link preactivation}.
 */
export function affinePair(
  x: TensorData,
  h: TensorData,
  wIh: TensorData,
  wHh: TensorData,
  bIh: TensorData,
  bHh: TensorData,
  B: number,
  I: number,
  H: number,
  GH: number,
  gi: TensorData,
  gh: TensorData,
): void {
  gemm(x, 0, false, wIh, 0, true, gi, 0, B, I, GH, true);
  gemm(h, 0, false, wHh, 0, true, gh, 0, B, H, GH, true);
  for (let b = 0; b < B; b++) {
    const o = b * GH;
    for (let j = 0; j < GH; j++) {
      gi[o + j] = gi[o + j]! + bIh[j]!;
      gh[o + j] = gh[o + j]! + bHh[j]!;
    }
  }
}

/** out = act(pre), element-wise. */
export function activate(act: ActivationCode, pre: TensorData, out: TensorData, n: number): void {
  switch (act) {
    case 'tanh':
      for (let i = 0; i < n; i++) out[i] = Math.tanh(pre[i]!);
      break;
    case 'sigmoid':
      for (let i = 0; i < n; i++) out[i] = sigmoidScalar(pre[i]!);
      break;
    case 'relu':
      for (let i = 0; i < n; i++) {
        const v = pre[i]!;
        out[i] = v > 0 || v !== v ? v : 0; // NaN stays NaN, as in the relu primitive
      }
      break;
    default:
      for (let i = 0; i < n; i++) out[i] = pre[i]!;
  }
}

/**
 * dpre = ct ⊙ act′ for `rows` stacked rows of `n` = B·H entries; act′ from the output y:
 * tanh′ = 1 − y², σ′ = y(1 − y), relu′ = [y > 0], identity′ = 1.
 */
export function activationGrad(act: ActivationCode, ct: TensorData, y: TensorData, n: number, stacks: number, out: TensorData): void {
  for (let k = 0; k < stacks; k++) {
    const o = k * n;
    switch (act) {
      case 'tanh':
        for (let i = 0; i < n; i++) {
          const v = y[i]!;
          out[o + i] = ct[o + i]! * (1 - v * v);
        }
        break;
      case 'sigmoid':
        for (let i = 0; i < n; i++) {
          const v = y[i]!;
          out[o + i] = ct[o + i]! * (v * (1 - v));
        }
        break;
      case 'relu':
        for (let i = 0; i < n; i++) out[o + i] = ct[o + i]! * (y[i]! > 0 ? 1 : 0);
        break;
      default:
        for (let i = 0; i < n; i++) out[o + i] = ct[o + i]!;
    }
  }
}

/**
 * The LSTM gate math from the pre-activation `pre` [B, G·H] (G = 4: i, f, g, o; G = 3: i, g, o),
 * written part-major into `out` [1 + G, B, H]: c′, then the activated gates.
 * c′ = f⊙c + i⊙g (c + i⊙g without forget gate). h′ = o⊙tanh(c′) is a primitive of its own
 * (`lstmHidden`), so that the tape sees h′ use c′ and ∂E/∂c′ is the total derivative.
 */
export function lstmGates(pre: TensorData, c: TensorData, B: number, H: number, forget: boolean, out: TensorData): void {
  const G = forget ? 4 : 3;
  const GH = G * H;
  const n = B * H;
  const k = forget ? 1 : 0;
  for (let b = 0; b < B; b++) {
    const p = b * GH;
    for (let j = 0; j < H; j++) {
      const at = b * H + j;
      const i = sigmoidScalar(pre[p + j]!);
      const g = Math.tanh(pre[p + (1 + k) * H + j]!);
      const o = sigmoidScalar(pre[p + (2 + k) * H + j]!);
      if (forget) {
        const f = sigmoidScalar(pre[p + H + j]!);
        out[at] = f * c[at]! + i * g;
        out[2 * n + at] = f;
      } else {
        out[at] = c[at]! + i * g;
      }
      out[n + at] = i;
      out[(2 + k) * n + at] = g;
      out[(3 + k) * n + at] = o;
    }
  }
}

/**
 * LSTM backward through the gate math: from the cotangent `ct` of the packed output
 * ([stacks, 1 + G, B, H]: c′, i, (f,) g, o) and the saved output `y`, writes dpre
 * ([stacks·B, G·H]) and the cotangent of c_{t−1} ([stacks, B, H]).
 * di = ct_i + ct_c′·g; df = ct_f + ct_c′·c; dg = ct_g + ct_c′·i; dc = ct_c′·f; then σ′ and tanh′.
 */
export function lstmGatesGrad(ct: TensorData, y: TensorData, c: TensorData, B: number, H: number, forget: boolean, stacks: number, dpre: TensorData, dc: TensorData): void {
  const G = forget ? 4 : 3;
  const GH = G * H;
  const P = 1 + G;
  const n = B * H;
  const k = forget ? 1 : 0;
  for (let s = 0; s < stacks; s++) {
    const cs = s * P * n;
    for (let b = 0; b < B; b++) {
      const p = (s * B + b) * GH;
      for (let j = 0; j < H; j++) {
        const at = b * H + j;
        const i = y[n + at]!;
        const g = y[(2 + k) * n + at]!;
        const o = y[(3 + k) * n + at]!;
        const dcNew = ct[cs + at]!;
        const dI = ct[cs + n + at]! + dcNew * g;
        const dG = ct[cs + (2 + k) * n + at]! + dcNew * i;
        const dO = ct[cs + (3 + k) * n + at]!;
        dpre[p + j] = dI * (i * (1 - i));
        dpre[p + (1 + k) * H + j] = dG * (1 - g * g);
        dpre[p + (2 + k) * H + j] = dO * (o * (1 - o));
        if (forget) {
          const f = y[2 * n + at]!;
          const dF = ct[cs + 2 * n + at]! + dcNew * c[at]!;
          dpre[p + H + j] = dF * (f * (1 - f));
          dc[s * n + at] = dcNew * f;
        } else {
          dc[s * n + at] = dcNew;
        }
      }
    }
  }
}

/** h′ = o⊙tanh(c′), o read from entry `oAt` of the packed gates [P, B, H]. */
export function lstmHidden(packed: TensorData, oAt: number, c: TensorData, n: number, out: TensorData): void {
  const base = oAt * n;
  for (let i = 0; i < n; i++) out[i] = packed[base + i]! * Math.tanh(c[i]!);
}

/**
 * Backward of h′ = o⊙tanh(c′) for `stacks` stacked cotangents: d packed (zero but for entry
 * `oAt`: ct·tanh c′) into `dPacked` ([stacks, P, B, H], zeroed), and dc′ = ct·o·(1 − tanh²c′).
 */
export function lstmHiddenGrad(ct: TensorData, packed: TensorData, P: number, oAt: number, c: TensorData, n: number, stacks: number, dPacked: TensorData | null, dc: TensorData | null): void {
  const base = oAt * n;
  const tc = scratch(c, 5, n);
  for (let i = 0; i < n; i++) tc[i] = Math.tanh(c[i]!);
  for (let s = 0; s < stacks; s++) {
    const o = s * n;
    if (dPacked) {
      const d = (s * P + oAt) * n;
      for (let i = 0; i < n; i++) dPacked[d + i] = ct[o + i]! * tc[i]!;
    }
    if (dc) {
      for (let i = 0; i < n; i++) {
        const t = tc[i]!;
        dc[o + i] = ct[o + i]! * packed[base + i]! * (1 - t * t);
      }
    }
  }
}

/**
 * The GRU gate math from gi = x·W_ihᵀ + b_ih and gh = h·W_hhᵀ + b_hh ([B, 3H], blocks r, z, n),
 * written part-major into `out` [5, B, H]: h′, r, z, n, gh_n.
 * r = σ(gi_r + gh_r), z = σ(gi_z + gh_z), n = tanh(gi_n + r⊙gh_n), h′ = n + z⊙(h − n).
 */
export function gruGates(gi: TensorData, gh: TensorData, h: TensorData, B: number, H: number, out: TensorData): void {
  const GH = 3 * H;
  const n = B * H;
  for (let b = 0; b < B; b++) {
    const p = b * GH;
    for (let j = 0; j < H; j++) {
      const at = b * H + j;
      const r = sigmoidScalar(gi[p + j]! + gh[p + j]!);
      const z = sigmoidScalar(gi[p + H + j]! + gh[p + H + j]!);
      const hn = gh[p + 2 * H + j]!;
      const nn = Math.tanh(gi[p + 2 * H + j]! + r * hn);
      out[at] = nn + z * (h[at]! - nn);
      out[n + at] = r;
      out[2 * n + at] = z;
      out[3 * n + at] = nn;
      out[4 * n + at] = hn;
    }
  }
}

/**
 * GRU backward through the gate math: from `ct` ([stacks, 5, B, H]) and the saved output `y`,
 * writes dgi and dgh ([stacks·B, 3H]) and the direct cotangent of h_{t−1} (z⊙ct_h).
 * dn = ct_n + ct_h·(1 − z); dz = ct_z + ct_h·(h − n); dn_pre = dn·(1 − n²);
 * dr = ct_r + dn_pre·gh_n; dgh_n = ct_ghn + dn_pre·r.
 */
export function gruGatesGrad(ct: TensorData, y: TensorData, h: TensorData, B: number, H: number, stacks: number, dgi: TensorData, dgh: TensorData, dh: TensorData): void {
  const GH = 3 * H;
  const n = B * H;
  for (let s = 0; s < stacks; s++) {
    const cs = s * 5 * n;
    for (let b = 0; b < B; b++) {
      const p = (s * B + b) * GH;
      for (let j = 0; j < H; j++) {
        const at = b * H + j;
        const r = y[n + at]!;
        const z = y[2 * n + at]!;
        const nn = y[3 * n + at]!;
        const hn = y[4 * n + at]!;
        const ch = ct[cs + at]!;
        const dn = ct[cs + 3 * n + at]! + ch * (1 - z);
        const dz = ct[cs + 2 * n + at]! + ch * (h[at]! - nn);
        const dnPre = dn * (1 - nn * nn);
        const dr = ct[cs + n + at]! + dnPre * hn;
        const dHn = ct[cs + 4 * n + at]! + dnPre * r;
        const dR = dr * (r * (1 - r));
        const dZ = dz * (z * (1 - z));
        dgi[p + j] = dR;
        dgi[p + H + j] = dZ;
        dgi[p + 2 * H + j] = dnPre;
        dgh[p + j] = dR;
        dgh[p + H + j] = dZ;
        dgh[p + 2 * H + j] = dHn;
        dh[s * n + at] = ch * z;
      }
    }
  }
}

/** out[s, j] = Σ_b d[s, b, j]: the bias cotangent of each stack, summed over the batch in order. */
export function sumRows(d: TensorData, stacks: number, B: number, GH: number, out: TensorData): void {
  for (let s = 0; s < stacks; s++) {
    const o = s * GH;
    for (let j = 0; j < GH; j++) out[o + j] = 0;
    for (let b = 0; b < B; b++) {
      const r = (s * B + b) * GH;
      for (let j = 0; j < GH; j++) out[o + j]! += d[r + j]!;
    }
  }
}
