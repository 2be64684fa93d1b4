/**
 * `GradientTrace`: what `traceGradients` measured, and the lazily computed Jacobian views.
 * Indexing follows DESIGN.md: arrays over time have length T + 1, entry t for time t; per-step
 * quantities have entry 0 equal to 0 (except uses of a parameter outside any step).
 * @module
 */
import { pullback } from '../autodiff/backward.js';
import * as L from '../autodiff/lax.js';
import type { GradientTape } from '../autodiff/tape.js';
import { ValueError, describe } from '../errors.js';
import type { Cell, Params, State } from '../nn/cell.js';
import { checkOptions } from '../options.js';
import { isTensor } from '../tensor/brand.js';
import { like } from '../tensor/construct.js';
import type { TensorData } from '../tensor/dtype.js';
import { blocks, fresh } from '../tensor/pool.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkBlock, checkLog10, checkSample, checkSpan, checkTime, checkVector } from './checks.js';
import { flowRow } from './flow.js';
import { fusedStepJacobian } from './fusedJacobian.js';
import type { ResidentMatrix } from '../tensor/kernels/simd.js';
import { inputAt, pushForward, scaledProducts, segmentJacobian, visitProducts } from './jacobians.js';
import type { Scaled } from './jacobians.js';
import { frobenius, maxAbs, singularValues, topSingular } from './linalg.js';
import { fromLog10, log10Norm, pow10 } from './scaled.js';
import { describeCurve, textbookBound } from './summary.js';
import type { TraceSummary } from './summary.js';
import type { TraceLoss } from './traceGradients.js';
import { traceToJSON } from './traceJSON.js';
import type { TraceJSON } from './traceJSON.js';

/** @internal Everything the forward and the backward pass produced. */
export interface TraceData<S extends State> {
  readonly cell: Cell<S>;
  readonly inputs: Tensor;
  readonly targets: Tensor | undefined;
  readonly loss: TraceLoss;
  readonly lossAt: 'last' | 'all';
  readonly lossValue: number;
  readonly tape: GradientTape;
  readonly ranges: readonly [number, number][];
  readonly states: readonly S[];
  readonly outputs: readonly Tensor[];
  readonly hiddenKey: string | undefined;
  readonly reach: ReadonlySet<number>;
  /** Ids of every tensor downstream of some state s_t (parameters' own paths left out). */
  readonly statePaths: ReadonlySet<number>;
  readonly direct: ReadonlyMap<number, Tensor>;
  readonly hiddenLog: number[];
  readonly stateLog: Record<string, number[]>;
  readonly paramParts: ParamParts;
  readonly params: Params;
}

/**
 * @internal What a trace keeps of the per-step parts of ∂E/∂θ: for each step t the cotangents
 * its walk started from (at scale 10^e), from which the parts are walked again on demand.
 */
export interface ParamParts {
  /** Entry t (1…T): the cotangents of step t's outputs when its walk began, and their scale. */
  readonly seeds: readonly ({ readonly cts: ReadonlyMap<number, Tensor>; readonly e: number } | undefined)[];
  /** Per parameter: the part from uses outside any step (entry 0), if any. */
  readonly outside: Record<string, Tensor | undefined>;
}

/** Options of the Jacobian norm views. */
export interface JacobianNormOptions {
  /**
   * Spectral (largest singular value) or Frobenius norm.
   * @defaultValue 'spectral'
   */
  readonly norm?: 'spectral' | 'frobenius';
  /**
   * Which batch sample.
   * @defaultValue 0
   */
  readonly sample?: number;
  /**
   * Return base-10 logarithms (no underflow; −Infinity only for an exact 0).
   * @defaultValue false
   */
  readonly log10?: boolean;
  /** A block of the state Jacobian, `[toKey, fromKey]`, e.g. `['c', 'c']` for an LSTM's cell path. */
  readonly block?: readonly [string, string];
}

/** A Jacobian product as mantissa·10^scale, per sample (no underflow). */
export interface ScaledProduct {
  /** `[B, S, S]`, each sample's matrix divided by 10^log10Scale[b]. */
  readonly mantissa: Tensor;
  /** Per sample: the base-10 exponent. */
  readonly log10Scale: number[];
}


/**
 * How a gradient travelled back through time in one traced sequence.
 * Created by {@link traceGradients}; see DESIGN.md's inspection contract for indexing.
 */
export class GradientTrace<S extends State = State> {
  /** The loss value E. */
  readonly loss: number;
  /** T, the number of steps. */
  readonly steps: number;
  /** B, the batch size. */
  readonly batch: number;
  /** The state's keys (`['h']`, `['h', 'c']`, …) in concatenation order. */
  readonly stateKeys: readonly string[];
  /** S, the size of the concatenated state vector. */
  readonly stateSize: number;
  /** Entry t: log10 ‖∂E/∂h_t‖, t = 0…T (never underflows; −Infinity for an exact 0). */
  readonly hiddenGradNormsLog10: number[];
  /** Per state part: entry t = log10 ‖∂E/∂s_t[key]‖. */
  readonly stateGradNormsLog10: Record<string, number[]>;

  private readonly d: TraceData<S>;
  private jacCache = new Map<number, Float64Array[]>();
  private chainCache: { t: number; sample: number; rows: number; chain: Scaled[] } | undefined;
  private flowCache: number[][] | undefined;
  /** log10 norm curves by t, sample, norm and block. */
  private readonly normCache = new Map<string, number[]>();
  private partsCache: { log: Record<string, number[]>; totals: Record<string, Tensor | undefined> } | undefined;

  /** @internal */
  constructor(data: TraceData<S>) {
    const d = data as Partial<TraceData<S>> | null | undefined;
    if (typeof d !== 'object' || d === null || !Array.isArray(d.states) || !isTensor(d.inputs) || typeof d.cell !== 'object' || !Array.isArray(d.hiddenLog)) {
      throw new ValueError(`GradientTrace: make a trace with traceGradients(cell, inputs, options); got ${describe(data)}`, { op: 'GradientTrace', arg: 'data' });
    }
    this.d = data;
    this.loss = data.lossValue;
    this.steps = data.states.length - 1;
    this.batch = data.inputs.shape[1]!;
    this.stateKeys = data.cell.stateKeys;
    this.stateSize = data.cell.hiddenSize * this.stateKeys.length;
    this.hiddenGradNormsLog10 = data.hiddenLog;
    this.stateGradNormsLog10 = data.stateLog;
  }

  /** The traced cell. */
  get cell(): Cell<S> {
    return this.d.cell;
  }

  /** Which loss and where: `'mse' | 'abs' | 'custom'` and `'last' | 'all'`. */
  get lossConfig(): { readonly loss: 'mse' | 'abs' | 'custom'; readonly lossAt: 'last' | 'all' } {
    return { loss: typeof this.d.loss === 'function' ? 'custom' : this.d.loss, lossAt: this.d.lossAt };
  }

  /** Entry t: ‖∂E/∂h_t‖ as a float64 number (0 below 1e-308; see hiddenGradNormsLog10). */
  get hiddenGradNorms(): number[] {
    return this.hiddenGradNormsLog10.map(fromLog10);
  }

  /** Per state part (`h`, and `c` for an LSTM): entry t = ‖∂E/∂s_t[key]‖. */
  get stateGradNorms(): Record<string, number[]> {
    return mapRecord(this.stateGradNormsLog10, (v) => v.map(fromLog10));
  }

  /** The states s_0 … s_T of the traced run. */
  get states(): readonly S[] {
    return this.d.states;
  }

  /** Total ∂E/∂θ per parameter name (the sum of the per-step parts). */
  get paramGrads(): Record<string, Tensor> {
    return mapRecord(this.d.params, (p, name) => this.parts().totals[name] ?? L.filledLike(p, 0));
  }

  /**
   * The part of ∂E/∂θ that comes from step t's use of θ (t = 1…T; entry 0: uses outside any
   * step, zero for the built-in cells). Summed over t it is `paramGrads[name]`. The trace keeps
   * the cotangents each step's walk started from, not T copies of every weight matrix: this
   * walks step t again.
   * @throws ValueError for an unknown name or t outside 0…T.
   */
  paramGradsByStep(name: string, t: number): Tensor {
    const p = typeof name === 'string' && Object.hasOwn(this.d.params, name) ? this.d.params[name] : undefined;
    if (!p) throw new ValueError(`paramGradsByStep: unknown parameter ${typeof name === 'string' ? `'${name}'` : describe(name)}; expected one of ${Object.keys(this.d.params).join(', ')}`, { op: 'paramGradsByStep', arg: 'name' });
    checkTime(this.steps, 'paramGradsByStep', t, 't');
    const g = t === 0 ? this.d.paramParts.outside[name] : this.stepPart(t).get(p.id);
    if (!g) return L.filledLike(p, 0);
    const e = t === 0 ? 0 : this.d.paramParts.seeds[t]!.e;
    return e === 0 ? g : L.mul(g, pow10(e));
  }

  /** Per parameter: entry t = log10 ‖part of ∂E/∂θ from step t‖. */
  get paramGradNormsByStepLog10(): Record<string, number[]> {
    return mapRecord(this.parts().log, (v) => [...v]);
  }

  /** Per parameter: entry t = ‖part of ∂E/∂θ from step t‖ (Σ_t of the parts is the total). */
  get paramGradNormsByStep(): Record<string, number[]> {
    return mapRecord(this.paramGradNormsByStepLog10, (v) => v.map(fromLog10));
  }

  /**
   * ∂s_t/∂s_{t−1}, `[B, S, S]`, from the recorded step (works for any cell): a built-in cell's
   * fused step in closed form (gate coefficients times rows of W_hh), any other step by one
   * batched reverse walk with a one-hot cotangent row per state entry.
   * @example
   * ```ts
   * trace.stepJacobian(1).shape; // [B, S, S]
   * ```
   */
  stepJacobian(t: number): Tensor {
    checkTime(this.steps, 'stepJacobian', t, 't', 1);
    return this.toTensor(this.jacobians([t])[0]!);
  }

  /**
   * All step Jacobians t = 1…T at once (entry 0 is undefined), computed in batched passes. The
   * matrices made together share storage in blocks of up to 16 MiB (one buffer each cost a
   * browser far more): a step Jacobian kept after its trace keeps its block alive.
   * @example
   * ```ts
   * const js = trace.stepJacobians(); // js[t].shape = [B, S, S], t = 1…T
   * ```
   */
  stepJacobians(): Tensor[] {
    const ts = Array.from({ length: this.steps }, (_, i) => i + 1);
    const js = this.jacobians(ts);
    return [undefined as unknown as Tensor, ...js.map((j) => this.toTensor(j))];
  }

  /**
   * ∂s_t/∂s_s = J_t·J_{t−1}⋯J_{s+1}, `[B, S, S]` (identity when s = t). Float64: entries
   * below 1e-308 read 0 — use {@link jacobianProductScaled} over long spans.
   */
  jacobianProduct(s: number, t: number): Tensor {
    checkSpan(this.steps, 'jacobianProduct', s, t);
    const { mantissa, log10Scale } = this.jacobianProductScaled(s, t);
    const d = mantissa.data.slice();
    const n = this.stateSize * this.stateSize;
    log10Scale.forEach((e, b) => {
      const f = pow10(e);
      for (let i = 0; i < n; i++) d[b * n + i]! *= f;
    });
    return like(mantissa, d, mantissa.shape);
  }

  /**
   * ∂s_t/∂s_s as a mantissa and a per-sample log10 scale: never underflows. Each sample's
   * mantissa has largest |entry| 1 (unless it is zero or not finite).
   */
  jacobianProductScaled(s: number, t: number): ScaledProduct {
    checkSpan(this.steps, 'jacobianProductScaled', s, t);
    const n = this.stateSize * this.stateSize;
    const data = new Float64Array(this.batch * n);
    const scales: number[] = [];
    for (let b = 0; b < this.batch; b++) {
      const p = this.productChain(t, b)[s]!;
      const top = maxAbs(p.m);
      const unit = top > 0 && Number.isFinite(top);
      for (let i = 0; i < n; i++) data[b * n + i] = unit ? p.m[i]! / top : p.m[i]!;
      scales.push(unit ? p.e + Math.log10(top) : p.e);
    }
    const m = like(this.d.inputs, this.d.inputs.dtype === 'float64' ? data : Float32Array.from(data), [this.batch, this.stateSize, this.stateSize]);
    return { mantissa: m, log10Scale: scales };
  }

  /**
   * Entry s (0…t): ‖∂s_t/∂s_s‖ for one sample, spectral by default. Products reuse each other:
   * t matrix products for the whole curve (with `block`, only the block's rows of each); each
   * spectral norm is a few Lanczos steps started from the previous s's top singular vector.
   * @example
   * ```ts
   * trace.jacobianProductNorms(undefined, { log10: true }); // log10 ‖∂s_T/∂s_s‖, s = 0…T
   * ```
   */
  jacobianProductNorms(t: number = this.steps, options: JacobianNormOptions = {}): number[] {
    const op = 'jacobianProductNorms';
    checkOptions(op, options, ['norm', 'sample', 'log10', 'block']);
    checkLog10(op, options.log10);
    checkTime(this.steps, op, t, 't');
    const sample = checkSample(this.batch, op, options.sample);
    const norm = options.norm ?? 'spectral';
    if (norm !== 'spectral' && norm !== 'frobenius') throw new ValueError(`${op}: norm must be 'spectral' or 'frobenius'; got ${describe(norm)}`, { op, arg: 'norm' });
    const block = checkBlock(this.stateKeys, op, options.block);
    const key = `${t} ${sample} ${norm} ${block ? block.join(' ') : ''}`;
    let out = this.normCache.get(key);
    if (!out) {
      out = new Array<number>(t + 1);
      // from s = t down: the top left singular vector of ∂s_t/∂s_s barely moves from one s to the
      // next (the left end is fixed), so each spectral norm starts from the previous one's
      let u: Float64Array | undefined;
      const at = (s: number, mat: Float64Array, n: number, e: number, top?: number, held?: ResidentMatrix): void => {
        let v: number;
        if (norm === 'spectral') ({ sigma: v, u } = topSingular(mat, n, u, top, held));
        else v = frobenius(mat);
        out![s] = v === 0 ? -Infinity : Math.log10(v) + e;
      };
      const c = this.chainCache;
      if (block || (c && c.t === t && c.sample === sample && c.rows === -1)) {
        const chain = this.productChain(t, sample, block ? block[0] : -1);
        for (let s = t; s >= 0; s--) at(s, ...this.matrixAt(chain, s, block), chain[s]!.e, block ? undefined : chain[s]!.top);
      } else {
        // the whole product, not kept: each norm is taken where the product is made
        visitProducts(this.sampleJacobians(t, sample), this.stateSize, (s, p, held) => at(s, p.m, this.stateSize, p.e, p.top, held));
      }
      this.normCache.set(key, out);
    }
    return options.log10 ? [...out] : out.map(fromLog10);
  }

  /**
   * All singular values of ∂s_t/∂s_s for one sample, descending (one-sided Jacobi: tiny ones
   * keep their relative accuracy).
   */
  singularValues(s: number, t: number, options: Pick<JacobianNormOptions, 'sample' | 'log10' | 'block'> = {}): number[] {
    const op = 'singularValues';
    checkOptions(op, options, ['sample', 'log10', 'block']);
    checkLog10(op, options.log10);
    checkSpan(this.steps, op, s, t);
    const sample = checkSample(this.batch, op, options.sample);
    const block = checkBlock(this.stateKeys, op, options.block);
    const chain = this.productChain(t, sample, block ? block[0] : -1);
    const [mat, n] = this.matrixAt(chain, s, block);
    const e = chain[s]!.e;
    const logs = singularValues(mat, n).map((v) => (v === 0 ? -Infinity : Math.log10(v) + e));
    return options.log10 ? logs : logs.map(fromLog10);
  }

  /**
   * The LSTM's forget-gate path alone: entry s = ‖∏_{k=s+1}^{t} diag(f_k)‖₂ for one sample
   * (the "constant error carousel"; 1 for every s in an LSTM without forget gate). Compare with
   * `jacobianProductNorms(t, { block: ['c', 'c'] })`, the full c→c block.
   * @throws ValueError when the cell has no `forgetGateValues` method.
   */
  forgetGatePath(t: number = this.steps, options: Pick<JacobianNormOptions, 'sample' | 'log10'> = {}): number[] {
    const op = 'forgetGatePath';
    checkOptions(op, options, ['sample', 'log10']);
    checkLog10(op, options.log10);
    checkTime(this.steps, op, t, 't');
    const sample = checkSample(this.batch, op, options.sample);
    const cell = this.d.cell as Cell<S> & { forgetGateValues?: (x: Tensor, s: S) => Tensor };
    if (typeof cell.forgetGateValues !== 'function') {
      throw new ValueError(`${op}: the cell has no forget gate (it needs a forgetGateValues(x, state) method, as LSTMCell has)`, { op, arg: 'cell' });
    }
    const H = this.d.cell.hiddenSize;
    const acc = new Float64Array(H); // Σ log10 f over k = s+1…t, per unit
    const out = new Array<number>(t + 1);
    out[t] = 0;
    for (let k = t; k >= 1; k--) {
      const f = cell.forgetGateValues(inputAt(this.d.inputs, k), this.d.states[k - 1]!).data;
      let top = -Infinity;
      for (let h = 0; h < H; h++) {
        acc[h]! += Math.log10(Math.abs(f[sample * H + h]!));
        top = Math.max(top, acc[h]!);
      }
      out[k - 1] = top;
    }
    return options.log10 ? out : out.map(fromLog10);
  }

  /**
   * `[k][t]` = ‖∂E_k/∂h_t‖ for t ≤ k (0 for t > k; row 0 is zero, as E_0 does not exist): which
   * loss term reaches how far back. With lossAt 'last' only row T is non-zero.
   * @throws ValueError for a custom loss function (its terms are not separable).
   */
  gradientFlow(options: { readonly log10?: boolean } = {}): number[][] {
    const op = 'gradientFlow';
    checkOptions(op, options, ['log10']);
    checkLog10(op, options.log10);
    if (typeof this.d.loss === 'function') throw new ValueError(`${op}: needs a built-in loss ('mse' or 'abs') with separate terms E_k; got a custom loss function`, { op, arg: 'loss' });
    if (!this.flowCache) {
      const T = this.steps;
      const rows: number[][] = [];
      for (let k = 0; k <= T; k++) rows.push(k === 0 || (this.d.lossAt === 'last' && k < T) ? new Array<number>(T + 1).fill(-Infinity) : flowRow(this.d, k));
      this.flowCache = rows;
    }
    return options.log10 ? this.flowCache.map((r) => [...r]) : this.flowCache.map((r) => r.map(fromLog10));
  }

  /** Fit, regime, horizon and (for RNN cells) the textbook bound checked against the measured products. */
  summary(): TraceSummary {
    const lastTerm = this.d.lossAt === 'all' && typeof this.d.loss !== 'function';
    const curve = lastTerm ? this.gradientFlow({ log10: true })[this.steps]! : this.hiddenGradNormsLog10;
    const base = describeCurve(curve);
    const bound = textbookBound(this.d.cell, this.d.params, this.steps, (b) => this.jacobianProductNorms(this.steps, { sample: b, log10: true }), this.batch);
    return { ...base, fittedCurve: lastTerm ? 'lastTermFlow' : 'hiddenGradNorms', ...(bound ? { bound } : {}) };
  }

  /**
   * vᵀ·∂s_t/∂s_s without forming a Jacobian: pushes a cotangent `v` `[B, S]` on s_t back to s_s
   * through the recorded steps (reverse mode). Float64: may underflow over long spans.
   */
  vjpThrough(s: number, t: number, v: Tensor): Tensor {
    const op = 'vjpThrough';
    checkSpan(this.steps, op, s, t);
    checkVector(op, v, this.batch, this.stateSize, this.d.inputs.dtype);
    const { cell, states } = this.d;
    const H = cell.hiddenSize;
    const B = this.batch;
    const keys = this.stateKeys;
    if (s === t) return v;
    const reach = this.d.statePaths;
    const cts = new Map<number, Tensor>();
    keys.forEach((k, kk) => cts.set(states[t]![k]!.id, L.slice(v, [0, kk * H], [B, H])));
    for (let k = t; k > s; k--) pullback(this.d.tape.records, this.d.ranges[k]![0], this.d.ranges[k]![1], cts, reach, new Set());
    return L.concat(keys.map((k) => cts.get(states[s]![k]!.id) ?? L.filledLike(states[s]![k]!, 0)), 1);
  }

  /** ∂s_t/∂s_s·v without forming a Jacobian: forward mode over steps s+1…t, `v` `[B, S]`. */
  jvpThrough(s: number, t: number, v: Tensor): Tensor {
    const op = 'jvpThrough';
    checkSpan(this.steps, op, s, t);
    checkVector(op, v, this.batch, this.stateSize, this.d.inputs.dtype);
    return pushForward(this.d.cell, this.d.inputs, this.d.states, s, t, v);
  }

  /** A plain-data export (JSON-safe: −Infinity becomes null) for the CLI, the browser demo and other tools. */
  toJSON(): TraceJSON {
    return traceToJSON(this);
  }

  // ---------------------------------------------------------------------------------------

  /** Step t's walk again, with the parameters' paths, from the cotangents it started from: every input's part. */
  private stepPart(t: number): Map<number, Tensor> {
    const seed = this.d.paramParts.seeds[t];
    const cts = new Map(seed?.cts);
    if (seed) pullback(this.d.tape.records, this.d.ranges[t]![0], this.d.ranges[t]![1], cts, this.d.reach, new Set());
    return cts;
  }

  /** Every step's parts once: their log10 norms and their sums (entry 0 first, then t = 1…T in order). */
  private parts(): { log: Record<string, number[]>; totals: Record<string, Tensor | undefined> } {
    if (this.partsCache) return this.partsCache;
    const { params, paramParts } = this.d;
    const names = Object.keys(params);
    const log: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, new Array<number>(this.steps + 1).fill(-Infinity)]));
    const sums: Record<string, TensorData | undefined> = {};
    for (const n of names) {
      const g0 = paramParts.outside[n];
      if (g0) {
        log[n]![0] = log10Norm(g0);
        sums[n] = g0.data.slice();
      }
    }
    for (let t = 1; t <= this.steps; t++) {
      if (!paramParts.seeds[t]) continue;
      const cts = this.stepPart(t);
      const e = paramParts.seeds[t]!.e;
      for (const n of names) {
        const g = cts.get(params[n]!.id);
        if (!g) continue;
        const l = log10Norm(g);
        log[n]![t] = l === -Infinity ? l : l + e;
        // Σ part·10^e into one buffer, each part scaled first: the bits of adding scaled tensors
        const acc = sums[n];
        const f = pow10(e);
        if (acc === undefined) sums[n] = g.data.map((v) => v * f);
        else addScaled(acc, g.data, f);
      }
    }
    const totals = mapRecord(params, (p, n) => (sums[n] ? like(p, sums[n]!, p.shape) : undefined));
    this.partsCache = { log, totals };
    return this.partsCache;
  }

  private jacobians(ts: readonly number[]): Float64Array[][] {
    const { tape, ranges, states } = this.d;
    const parts = (t: number) => this.stateKeys.map((k) => states[t]![k]!);
    const missing = ts.filter((t) => !this.jacCache.has(t));
    // the matrices made together share blocks of storage (see pool.ts `blocks`)
    const take = missing.length > 1 ? blocks(missing.length * this.batch * this.stateSize * this.stateSize) : fresh;
    for (const t of missing) {
      const [prev, next] = [parts(t - 1), parts(t)];
      this.jacCache.set(t, fusedStepJacobian(tape.records, ranges[t]!, prev, next, this.d.statePaths, take) ?? segmentJacobian(tape.records, ranges[t]!, prev, next, this.d.statePaths, take));
    }
    return ts.map((t) => this.jacCache.get(t)!);
  }

  /**
   * For fixed t and sample: entry s = ∂s_t/∂s_s as mantissa·10^e, or with `part` only the rows
   * of that state part (H×S). The last chain is cached; a full one serves every part.
   */
  private productChain(t: number, sample: number, part = -1): Scaled[] {
    const c = this.chainCache;
    if (c && c.t === t && c.sample === sample && (c.rows === part || c.rows === -1)) {
      if (c.rows === part) return c.chain;
      const n = this.d.cell.hiddenSize * this.stateSize;
      return c.chain.map(({ m, e }) => ({ m: m.subarray(part * n, (part + 1) * n), e }));
    }
    const H = this.d.cell.hiddenSize;
    const chain = scaledProducts(this.sampleJacobians(t, sample), this.stateSize, part < 0 ? undefined : [part * H, H]);
    this.chainCache = { t, sample, rows: part, chain };
    return chain;
  }

  /** J_1 … J_t of one sample. */
  private sampleJacobians(t: number, sample: number): Float64Array[] {
    return this.jacobians(Array.from({ length: t }, (_, i) => i + 1)).map((perSample) => perSample[sample]!);
  }

  /** Norms and singular values: the whole product, or block [to, from] from the rows of `to`. */
  private matrixAt(chain: readonly Scaled[], s: number, block: readonly [number, number] | undefined): [Float64Array, number] {
    const { m } = chain[s]!;
    if (!block) return [m, this.stateSize];
    const H = this.d.cell.hiddenSize;
    const S = this.stateSize;
    const out = new Float64Array(H * H);
    for (let i = 0; i < H; i++) for (let j = 0; j < H; j++) out[i * H + j] = m[i * S + block[1] * H + j]!;
    return [out, H];
  }

  /**
   * The per-sample matrices as one `[B, S, S]` tensor. One float64 sample shares the cached
   * matrix's storage, as a reshape shares its input's (tensors are immutable; nothing here
   * writes to a cached matrix after making it).
   */
  private toTensor(perSample: readonly Float64Array[]): Tensor {
    const n = this.stateSize * this.stateSize;
    const shape = [this.batch, this.stateSize, this.stateSize];
    const f64 = this.d.inputs.dtype === 'float64';
    if (f64 && perSample.length === 1 && perSample[0]!.length === n) return like(this.d.inputs, perSample[0]!, shape);
    const d = new Float64Array(this.batch * n);
    perSample.forEach((m, b) => d.set(m, b * n));
    return like(this.d.inputs, f64 ? d : Float32Array.from(d), shape);
  }

}

/** acc += x·f, element-wise (x·1 is x: no branch needed for an unscaled part). */
function addScaled(acc: TensorData, x: TensorData, f: number): void {
  for (let i = 0; i < acc.length; i++) acc[i]! += x[i]! * f;
}

function mapRecord<V, W>(r: Record<string, V>, f: (v: V, k: string) => W): Record<string, W> {
  return Object.fromEntries(Object.entries(r).map(([k, v]) => [k, f(v, k)]));
}
