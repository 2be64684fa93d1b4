/**
 * Independent references for the inspection tests: the three built-in cells re-written from
 * their formulas with public ops (reading the cell's weights, never calling `cell.step`), the
 * losses, central finite differences of the loss w.r.t. a state or a per-step copy of a
 * parameter, and the step Jacobians built by hand from the gate values.
 */
import { expect } from 'vitest';
import type { Cell, Params, State } from '../../src/nn/cell.js';
import { GRUCell } from '../../src/nn/gruCell.js';
import { LSTMCell } from '../../src/nn/lstmCell.js';
import type { RNNActivation } from '../../src/nn/rnnCell.js';
import { RNNCell } from '../../src/nn/rnnCell.js';
import { abs, add, mean, mul, reshape, sigmoid, slice, sub, tanh, matmul, relu, transpose } from '../../src/ops/index.js';
import { tensor } from '../../src/tensor/index.js';
import type { Tensor } from '../../src/tensor/tensor.js';
import type { Mat } from '../helpers/linalg.js';
import { block, blocks, diag, diagTimes, fromFlat, plus } from '../helpers/linalg.js';
import { TOL } from '../helpers/tolerances.js';

/** A state record. */
export type St = Record<string, Tensor>;

/** A built-in cell reduced to what its formula needs. */
export interface RefModel {
  readonly kind: 'rnn' | 'lstm' | 'gru';
  readonly activation: RNNActivation;
  readonly forgetGate: boolean;
  readonly I: number;
  readonly H: number;
  readonly keys: readonly string[];
}

export type BuiltinCell = RNNCell | LSTMCell | GRUCell;

/** A cell from the `cell` arbitrary as the built-in class it is. */
export function asBuiltin(cell: Cell): BuiltinCell {
  if (cell instanceof RNNCell || cell instanceof LSTMCell || cell instanceof GRUCell) return cell;
  throw new Error(`not a built-in cell: ${String(cell)}`);
}

/** A built-in cell seen through the generic interface (so one trace type serves all three). */
export function asCell(cell: BuiltinCell): Cell<State> {
  return cell;
}

export function refModel(cell: BuiltinCell): RefModel {
  const base = { I: cell.inputSize, H: cell.hiddenSize, activation: 'tanh' as RNNActivation, forgetGate: true };
  if (cell instanceof RNNCell) return { ...base, kind: 'rnn', activation: cell.activation, keys: ['h'] };
  if (cell instanceof LSTMCell) return { ...base, kind: 'lstm', forgetGate: cell.forgetGate, keys: ['h', 'c'] };
  return { ...base, kind: 'gru', keys: ['h'] };
}

/** One step's new state and the intermediate values a hand-built Jacobian needs. */
export interface RefStep {
  readonly state: St;
  readonly gates: Record<string, Tensor>;
}

/** Columns k·H … (k+1)·H − 1 of a `[B, G·H]` matrix. */
function gateCols(pre: Tensor, k: number, H: number): Tensor {
  return slice(pre, [0, k * H], [pre.shape[0]!, H]);
}

/** x·Wᵀ + b (b optional). */
function lin(x: Tensor, w: Tensor, b: Tensor | undefined): Tensor {
  const y = matmul(x, transpose(w));
  return b === undefined ? y : add(y, b);
}

const ACT: Record<RNNActivation, (x: Tensor) => Tensor> = { tanh, sigmoid, relu, identity: (x) => x };

/** The step of the model, written from DESIGN.md's formulas. */
export function refStep(m: RefModel, p: Params, x: Tensor, s: St): RefStep {
  const H = m.H;
  if (m.kind === 'rnn') {
    const pre = add(lin(x, p.weightIh!, p.biasIh), lin(s.h!, p.weightHh!, p.biasHh));
    return { state: { h: ACT[m.activation](pre) }, gates: { pre } };
  }
  if (m.kind === 'lstm') {
    const pre = add(lin(x, p.weightIh!, p.biasIh), lin(s.h!, p.weightHh!, p.biasHh));
    const k = m.forgetGate ? 1 : 0;
    const i = sigmoid(gateCols(pre, 0, H));
    const f = m.forgetGate ? sigmoid(gateCols(pre, 1, H)) : undefined;
    const g = tanh(gateCols(pre, 1 + k, H));
    const o = sigmoid(gateCols(pre, 2 + k, H));
    const c = add(f ? mul(f, s.c!) : s.c!, mul(i, g));
    const h = mul(o, tanh(c));
    return { state: { h, c }, gates: { i, g, o, ...(f ? { f } : {}) } };
  }
  const gi = lin(x, p.weightIh!, p.biasIh);
  const gh = lin(s.h!, p.weightHh!, p.biasHh);
  const r = sigmoid(add(gateCols(gi, 0, H), gateCols(gh, 0, H)));
  const z = sigmoid(add(gateCols(gi, 1, H), gateCols(gh, 1, H)));
  const u = gateCols(gh, 2, H);
  const n = tanh(add(gateCols(gi, 2, H), mul(r, u)));
  const h = add(mul(sub(1, z), n), mul(z, s.h!));
  return { state: { h }, gates: { r, z, n, u } };
}

/** x_t `[B, I]` from `[T, B, I]`, t = 1…T. */
export function inputAt(x: Tensor, t: number): Tensor {
  const [, B, I] = x.shape as [number, number, number];
  return reshape(slice(x, [t - 1, 0, 0], [1, B, I]), [B, I]);
}

/** What a trace was asked for, for the reference computations. */
export interface Setup {
  readonly m: RefModel;
  readonly params: Params;
  readonly x: Tensor;
  readonly s0: St;
  readonly targets?: Tensor;
  readonly loss: 'mse' | 'abs' | ((outputs: Tensor[]) => Tensor);
  readonly lossAt: 'last' | 'all';
}

export function setupOf(cell: BuiltinCell, x: Tensor, o: { targets?: Tensor; loss?: Setup['loss']; lossAt?: 'last' | 'all'; s0?: St }): Setup {
  const B = x.shape[1]!;
  return {
    m: refModel(cell),
    params: cell.parameters(),
    x,
    s0: o.s0 ?? (cell.initialState(B) as St),
    ...(o.targets ? { targets: o.targets } : {}),
    loss: o.loss ?? 'mse',
    lossAt: o.lossAt ?? 'last',
  };
}

/** Runs the reference model from s_0; `paramsAt(t)` gives the parameters step t uses. */
export function refUnroll(su: Setup, paramsAt: (t: number) => Params = () => su.params): { states: St[]; steps: RefStep[] } {
  const T = su.x.shape[0]!;
  const states: St[] = [su.s0];
  const steps: RefStep[] = [];
  for (let t = 1; t <= T; t++) {
    const r = refStep(su.m, paramsAt(t), inputAt(su.x, t), states[t - 1]!);
    steps[t] = r;
    states.push(r.state);
  }
  return { states, steps };
}

function term(kind: 'mse' | 'abs', h: Tensor, y: Tensor): number {
  const d = sub(h, y);
  return mean(kind === 'mse' ? mul(d, d) : abs(d)).item();
}

/** E_k for k = 1…T (lossAt 'all') of a built-in loss. */
export function lossTerm(su: Setup, h: Tensor, k: number): number {
  if (typeof su.loss === 'function') throw new Error('lossTerm needs a built-in loss');
  const [T, B, H] = [su.x.shape[0]!, su.x.shape[1]!, su.m.H];
  const y = su.lossAt === 'last' ? su.targets! : reshape(slice(su.targets!, [k - 1, 0, 0], [1, B, H]), [B, H]);
  if (su.lossAt === 'last' && k !== T) return 0;
  return term(su.loss, h, y);
}

/** E from the outputs h_1 … h_T. */
export function refLoss(su: Setup, outputs: readonly Tensor[]): number {
  if (typeof su.loss === 'function') return su.loss([...outputs]).item();
  const T = outputs.length;
  if (su.lossAt === 'last') return lossTerm(su, outputs[T - 1]!, T);
  return outputs.reduce((s, h, k) => s + lossTerm(su, h, k + 1), 0);
}

/** E when s_t is replaced by `st` (outputs before t unchanged) and steps t+1 … T are re-run. */
export function lossResumed(su: Setup, base: readonly St[], t: number, st: St): number {
  const T = base.length - 1;
  const outs: Tensor[] = [];
  for (let k = 1; k < t; k++) outs.push(base[k]!.h!);
  let s = st;
  if (t >= 1) outs.push(s.h!);
  for (let k = t + 1; k <= T; k++) {
    s = refStep(su.m, su.params, inputAt(su.x, k), s).state;
    outs.push(s.h!);
  }
  return refLoss(su, outs);
}

/** Central differences of f at x0, one coordinate at a time. */
export function centralDiff(f: (v: Float64Array) => number, x0: ArrayLike<number>, eps: number = TOL.fd.eps): Float64Array {
  const x = Float64Array.from(x0);
  const g = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    x[i] = v + eps;
    const up = f(x);
    x[i] = v - eps;
    const down = f(x);
    x[i] = v;
    g[i] = (up - down) / (2 * eps);
  }
  return g;
}

/**
 * ∂E/∂s_t[key] by finite differences. For an LSTM's c_t (t ≥ 1) the perturbation also flows
 * into h_t = o_t ⊙ tanh(c_t) with o_t held, as the tape's gradient of the tensor c_t does.
 */
export function fdStateGrad(su: Setup, t: number, key: string): Float64Array {
  const { states: base, steps } = refUnroll(su);
  const orig = base[t]![key]!;
  return centralDiff((v) => {
    const part = tensor(v, orig.shape);
    let st: St = { ...base[t]!, [key]: part };
    if (su.m.kind === 'lstm' && key === 'c' && t >= 1) st = { c: part, h: mul(steps[t]!.gates.o!, tanh(part)) };
    return lossResumed(su, base, t, st);
  }, orig.data);
}

/** ∂E/∂θ_t by finite differences, θ_t a separate copy of parameter `name` used by step t only ('all': every step). */
export function fdParamGrad(su: Setup, name: string, t: number | 'all'): Tensor {
  const orig = su.params[name]!;
  const g = centralDiff((v) => {
    const changed = { ...su.params, [name]: tensor(v, orig.shape) };
    const { states } = refUnroll(su, (k) => (t === 'all' || k === t ? changed : su.params));
    return refLoss(su, states.slice(1).map((s) => s.h!));
  }, orig.data);
  return tensor(g, orig.shape);
}

/** |got − want| ≤ atol + rtol·|want|, with a message that shows both numbers. */
export function expectClose(got: number, want: number, tol: { readonly atol: number; readonly rtol: number } = TOL.exact): void {
  if (!(Math.abs(got - want) <= tol.atol + tol.rtol * Math.abs(want))) expect.fail(`got ${got}, expected ${want} (atol ${tol.atol}, rtol ${tol.rtol})`);
}

/** TOL.svd for singular values of a matrix whose largest one is `top`. */
export function svdTol(top: number): { atol: number; rtol: number } {
  return { atol: TOL.svd.atol * top, rtol: TOL.svd.rtol };
}

/** Base-10 logarithms equal to TOL.log10 decades (−∞ only where both are). */
export function expectLog10Close(got: number, want: number): void {
  if (want === -Infinity || got === -Infinity) expect(got).toBe(want);
  else expectClose(got, want, { atol: TOL.log10, rtol: 0 });
}

/**
 * ∂s_t/∂s_{t−1} of any cell's step for sample b, over the concatenated state in `stateKeys`
 * order, column by column by central differences (batch rows are independent).
 */
export function fdStepJacobian(cell: Cell<State>, x: Tensor, prev: St, b: number): Mat {
  const keys = cell.stateKeys;
  const H = cell.hiddenSize;
  const eps = TOL.fd.eps;
  const next = (key: string, j: number, delta: number): number[] => {
    const d = Float64Array.from(prev[key]!.data);
    d[b * H + j]! += delta;
    const s = cell.step(x, { ...prev, [key]: tensor(d, prev[key]!.shape) });
    return keys.flatMap((k) => Array.from(s[k]!.data.slice(b * H, (b + 1) * H)));
  };
  const cols = keys.flatMap((key) =>
    Array.from({ length: H }, (_, j) => {
      const up = next(key, j, eps);
      const down = next(key, j, -eps);
      return up.map((u, i) => (u - down[i]!) / (2 * eps));
    }),
  );
  return cols.map((_, i) => cols.map((c) => c[i]!));
}

/** Euclidean norm of a vector of numbers. */
export function norm2(v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i]! * v[i]!;
  return Math.sqrt(s);
}

/** Row b of a `[B, H]` tensor as numbers. */
function row(t: Tensor, b: number): number[] {
  const H = t.shape[1]!;
  return Array.from(t.data.slice(b * H, (b + 1) * H));
}

/** The activation's derivative at the pre-activation value. */
function actPrime(act: RNNActivation, pre: number): number {
  if (act === 'tanh') return 1 - Math.tanh(pre) ** 2;
  if (act === 'sigmoid') {
    const s = 1 / (1 + Math.exp(-pre));
    return s * (1 - s);
  }
  if (act === 'relu') return pre > 0 ? 1 : 0;
  return 1;
}

/**
 * ∂s_t/∂s_{t−1} for sample b, built from the formulas and the gate values of step t:
 * RNN diag(act′(pre))·W_hh; LSTM the 2H×2H block form over [h; c]; GRU H×H.
 */
export function handJacobian(m: RefModel, p: Params, step: RefStep, prev: St, b: number): Mat {
  const H = m.H;
  const W = fromFlat(p.weightHh!.data, p.weightHh!.shape[0]!, H);
  const Wk = (k: number): Mat => block(W, k * H, H, 0, H);
  const gate = (name: string): number[] => row(step.gates[name]!, b);
  if (m.kind === 'rnn') return diagTimes(gate('pre').map((v) => actPrime(m.activation, v)), W);
  if (m.kind === 'lstm') {
    const k = m.forgetGate ? 1 : 0;
    const [i, g, o] = [gate('i'), gate('g'), gate('o')];
    const f = m.forgetGate ? gate('f') : i.map(() => 1);
    const cPrev = row(prev.c!, b);
    const tc = row(step.state.c!, b).map(Math.tanh);
    // c_t = f⊙c + i⊙g: through f (if any), i and g, each σ′ or tanh′ times its W_hh block
    let dcdh = plus(diagTimes(g.map((gj, j) => gj * i[j]! * (1 - i[j]!)), Wk(0)), diagTimes(i.map((ij, j) => ij * (1 - g[j]! ** 2)), Wk(1 + k)));
    if (m.forgetGate) dcdh = plus(dcdh, diagTimes(cPrev.map((cj, j) => cj * f[j]! * (1 - f[j]!)), Wk(1)));
    const dcdc = diag(f);
    // h_t = o⊙tanh(c_t): through o, and through c_t
    const dhdh = plus(diagTimes(tc.map((t, j) => t * o[j]! * (1 - o[j]!)), Wk(2 + k)), diagTimes(o.map((oj, j) => oj * (1 - tc[j]! ** 2)), dcdh));
    const dhdc = diag(o.map((oj, j) => oj * (1 - tc[j]! ** 2) * f[j]!));
    return blocks(dhdh, dhdc, dcdh, dcdc);
  }
  const [r, z, n, u] = [gate('r'), gate('z'), gate('n'), gate('u')];
  const h = row(prev.h!, b);
  // n = tanh(a_n + r⊙u): through r (σ′·W_r, times u) and through u = h W_nᵀ + b (times r)
  const dn = diagTimes(
    n.map((nj) => 1 - nj * nj),
    plus(diagTimes(u.map((uj, j) => uj * r[j]! * (1 - r[j]!)), Wk(0)), diagTimes(r, Wk(2))),
  );
  // h_t = (1 − z)⊙n + z⊙h
  return plus(plus(diagTimes(z.map((zj) => 1 - zj), dn), diagTimes(h.map((hj, j) => (hj - n[j]!) * z[j]! * (1 - z[j]!)), Wk(1))), diag(z));
}

/** Every step's hand-built Jacobian for sample b: entry t (1…T); entry 0 unused. */
export function handJacobians(su: Setup, b: number): Mat[] {
  const { states, steps } = refUnroll(su);
  const out: Mat[] = [[]];
  for (let t = 1; t < states.length; t++) out.push(handJacobian(su.m, su.params, steps[t]!, states[t - 1]!, b));
  return out;
}

/** A `[B, S, S]` tensor's sample b as a matrix. */
export function sampleMat(t: Tensor, b: number): Mat {
  const S = t.shape[1]!;
  return fromFlat(t.data, S, S, b * S * S);
}
