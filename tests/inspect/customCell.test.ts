import { describe, expect, it } from 'vitest';
import { ValueError } from '../../src/errors.js';
import { traceGradients } from '../../src/inspect/index.js';
import type { Cell, Params } from '../../src/nn/cell.js';
import { add, broadcastTo, matmul, mean, mul, reshape, sigmoid, slice, sub, sum, tanh, transpose } from '../../src/ops/index.js';
import { randn, tensor, zeros } from '../../src/tensor/index.js';
import type { Tensor } from '../../src/tensor/tensor.js';
import { assertAllClose } from '../../src/testing/index.js';
import type { Mat } from '../helpers/linalg.js';
import { identity, matmul as matmulRef } from '../helpers/linalg.js';
import { TOL } from '../helpers/tolerances.js';
import { centralDiff, expectClose, fdStepJacobian, norm2, sampleMat } from './reference.js';

type LeakyState = { h: Tensor; m: Tensor };

/**
 * A user-written cell with two state parts, built from public ops only: an IndRNN-style
 * pre-activation a = x Wᵀ + h⊙u + b, a leaky memory m_t = λ⊙m + (1 − λ)⊙tanh(a) with
 * λ = σ(ℓ), and h_t = tanh(m_t)⊙σ(a).
 */
function leakyStep(p: Params, x: Tensor, s: LeakyState): LeakyState & { a: Tensor } {
  const a = add(add(matmul(x, transpose(p.w!)), mul(s.h, p.u!)), p.b!);
  const lam = sigmoid(p.ell!);
  const m = add(mul(lam, s.m), mul(sub(1, lam), tanh(a)));
  return { h: mul(tanh(m), sigmoid(a)), m, a };
}

class LeakyCell implements Cell<LeakyState> {
  readonly stateKeys = ['h', 'm'] as const;
  constructor(
    readonly inputSize: number,
    readonly hiddenSize: number,
    private p: Params,
  ) {}
  initialState(batch: number): LeakyState {
    return { h: zeros([batch, this.hiddenSize]), m: zeros([batch, this.hiddenSize]) };
  }
  step(x: Tensor, s: LeakyState): LeakyState {
    const { h, m } = leakyStep(this.p, x, s);
    return { h, m };
  }
  output(s: LeakyState): Tensor {
    return s.h;
  }
  parameters(): Params {
    return this.p;
  }
  setParameters(p: Params): void {
    this.p = p;
  }
}

const I = 2;
const H = 3;
const T = 5;
const B = 2;
const params: Params = {
  w: randn([H, I], { seed: 170 }),
  u: randn([H], { seed: 171 }),
  b: randn([H], { seed: 172 }).mul(0.1),
  ell: randn([H], { seed: 173 }),
};
const cell = new LeakyCell(I, H, params);
const x = randn([T, B, I], { seed: 174 });
const y = randn([T, B, H], { seed: 175 });
const trace = traceGradients(cell, x, { targets: y, lossAt: 'all' });

const xAt = (t: number): Tensor => reshape(slice(x, [t - 1, 0, 0], [1, B, I]), [B, I]);
const yAt = (t: number): Tensor => reshape(slice(y, [t - 1, 0, 0], [1, B, H]), [B, H]);

/** Forward run with `paramsAt(t)` for step t; returns the states and the pre-activations. */
function run(paramsAt: (t: number) => Params = () => params): { states: LeakyState[]; pre: Tensor[] } {
  const states: LeakyState[] = [cell.initialState(B)];
  const pre: Tensor[] = [zeros([B, H])];
  for (let t = 1; t <= T; t++) {
    const { h, m, a } = leakyStep(paramsAt(t), xAt(t), states[t - 1]!);
    states.push({ h, m });
    pre.push(a);
  }
  return { states, pre };
}

/** E = Σ_t mean((h_t − y_t)²) from the states h_1 … h_T. */
function loss(hs: readonly Tensor[]): number {
  return hs.reduce((s, h, k) => {
    const d = sub(h, yAt(k + 1));
    return s + mean(mul(d, d)).item();
  }, 0);
}

/** E with s_t replaced (m_t also flows into h_t = tanh(m_t)⊙σ(a_t), a_t held) and steps t+1 … T re-run. */
function lossFrom(base: { states: LeakyState[]; pre: Tensor[] }, t: number, key: 'h' | 'm', v: Tensor): number {
  let s: LeakyState = { ...base.states[t]!, [key]: v };
  if (key === 'm' && t >= 1) s = { m: v, h: mul(tanh(v), sigmoid(base.pre[t]!)) };
  const hs = base.states.slice(1, t).map((st) => st.h);
  if (t >= 1) hs.push(s.h);
  for (let k = t + 1; k <= T; k++) {
    s = cell.step(xAt(k), s);
    hs.push(s.h);
  }
  return loss(hs);
}

describe('traceGradients on a user-written cell with state {h, m}', () => {
  it('runs the cell and reports both state parts', () => {
    expect(trace.stateKeys).toEqual(['h', 'm']);
    expect(trace.stateSize).toBe(2 * H);
    expectClose(trace.loss, loss(run().states.slice(1).map((s) => s.h)));
  });

  it('gives ‖∂E/∂h_t‖ and ‖∂E/∂m_t‖ equal to finite differences', () => {
    const base = run();
    for (const key of ['h', 'm'] as const) {
      for (let t = 0; t <= T; t++) {
        const orig = base.states[t]![key];
        const want = norm2(centralDiff((v) => lossFrom(base, t, key, tensor(v, [B, H])), orig.data));
        const got = trace.stateGradNorms[key]![t]!;
        expect(Math.abs(got - want)).toBeLessThanOrEqual(TOL.fd.atol + TOL.fd.rtol * want);
      }
    }
    expect(trace.hiddenGradNorms).toEqual(trace.stateGradNorms.h);
  });

  it('gives per-step parameter contributions equal to finite differences w.r.t. a per-step copy', () => {
    for (const name of Object.keys(params)) {
      const orig = params[name]!;
      for (let t = 1; t <= T; t++) {
        const g = centralDiff((v) => {
          const changed = { ...params, [name]: tensor(v, orig.shape) };
          return loss(run((k) => (k === t ? changed : params)).states.slice(1).map((s) => s.h));
        }, orig.data);
        assertAllClose(trace.paramGradsByStep(name, t), tensor(g, orig.shape), TOL.fdClose);
      }
    }
  });

  it('gives step Jacobians equal to a finite-difference Jacobian of its step over [h; m]', () => {
    const { states } = run();
    const S = 2 * H;
    const fdJ: Mat[][] = [[], []];
    for (let t = 1; t <= T; t++) {
      const prev = states[t - 1]!;
      for (let b = 0; b < B; b++) {
        fdJ[b]![t] = fdStepJacobian(cell, xAt(t), prev, b);
        assertAllClose(sampleMat(trace.stepJacobian(t), b).flat(), fdJ[b]![t]!.flat(), TOL.fdClose);
      }
    }
    // and their products are what jacobianProduct returns
    for (let b = 0; b < B; b++) {
      let P = identity(S);
      for (let k = T; k > 1; k--) P = matmulRef(P, fdJ[b]![k]!);
      assertAllClose(sampleMat(trace.jacobianProduct(1, T), b).flat(), P.flat(), TOL.fdClose);
    }
  });

  it('pushes vectors through steps consistently with the Jacobian product', () => {
    const v = randn([B, 2 * H], { seed: 176 });
    const P = trace.jacobianProduct(0, T);
    assertAllClose(trace.vjpThrough(0, T, v), reshape(matmul(reshape(v, [B, 1, 2 * H]), P), [B, 2 * H]), TOL.exact);
    assertAllClose(trace.jvpThrough(0, T, v), reshape(matmul(P, reshape(v, [B, 2 * H, 1])), [B, 2 * H]), TOL.exact);
  });

  it('has no textbook bound or forget-gate path, and exports to JSON under its class name', () => {
    expect('bound' in trace.summary()).toBe(false);
    expect(() => trace.forgetGatePath()).toThrow(ValueError);
    const j = trace.toJSON();
    expect(j.cell).toStrictEqual({ name: 'LeakyCell', inputSize: I, hiddenSize: H, stateKeys: ['h', 'm'], activation: null });
    expect(JSON.parse(JSON.stringify(j))).toStrictEqual(j);
    expect(trace.jacobianProductNorms(T, { block: ['m', 'm'] }).length).toBe(T + 1);
  });
});


/** An RNN whose initial state is a learned parameter h0 `[H]`, broadcast over the batch. */
class LearnedInitCell implements Cell<{ h: Tensor }> {
  readonly stateKeys = ['h'] as const;
  readonly inputSize = 1;
  readonly hiddenSize = 2;
  constructor(private p: Params) {}
  initialState(batch: number): { h: Tensor } {
    return { h: broadcastTo(this.p.h0!, [batch, 2]) };
  }
  step(x: Tensor, s: { h: Tensor }): { h: Tensor } {
    return { h: tanh(add(matmul(x, transpose(this.p.w!)), matmul(s.h, transpose(this.p.u!)))) };
  }
  output(s: { h: Tensor }): Tensor {
    return s.h;
  }
  parameters(): Params {
    return this.p;
  }
}

describe('parameters used outside any step count as entry 0', () => {
  const p: Params = { h0: randn([2], { seed: 180 }), w: randn([2, 1], { seed: 181 }), u: randn([2, 2], { seed: 182 }).mul(0.5) };
  const xs = randn([4, 3, 1], { seed: 183 });
  const target = randn([3, 2], { seed: 184 });
  const lossOf = (q: Params): number => {
    const c = new LearnedInitCell(q);
    let s = c.initialState(3);
    for (let t = 1; t <= 4; t++) s = c.step(reshape(slice(xs, [t - 1, 0, 0], [1, 3, 1]), [3, 1]), s);
    const d = sub(s.h, target);
    return mean(mul(d, d)).item();
  };

  it('a learned initial state gets its whole gradient at entry 0, equal to finite differences', () => {
    const trace = traceGradients(new LearnedInitCell(p), xs, { targets: target });
    const g = centralDiff((v) => lossOf({ ...p, h0: tensor(v, [2]) }), p.h0!.data);
    assertAllClose(trace.paramGradsByStep('h0', 0), tensor(g, [2]), TOL.fdClose);
    assertAllClose(trace.paramGrads.h0!, tensor(g, [2]), TOL.fdClose);
    for (let t = 1; t <= 4; t++) expect(trace.paramGradNormsByStep.h0![t]).toBe(0);
    expect(trace.paramGradNormsByStep.w![0]).toBe(0);
  });

  it('a custom loss that uses a parameter directly adds that use to entry 0', () => {
    const cellP = new LearnedInitCell(p);
    const trace = traceGradients(cellP, xs, { loss: (hs: Tensor[]) => add(mean(mul(hs[3]!, hs[3]!)), sum(mul(p.u!, p.u!))) });
    // ∂/∂u of Σu² is 2u; the steps' uses of u are entries 1…4
    let steps = trace.paramGradsByStep('u', 1);
    for (let t = 2; t <= 4; t++) steps = add(steps, trace.paramGradsByStep('u', t));
    assertAllClose(trace.paramGradsByStep('u', 0), mul(p.u!, 2), TOL.exact);
    assertAllClose(add(steps, mul(p.u!, 2)), trace.paramGrads.u!, TOL.exact);
  });
});

/** A tanh RNN that also carries a running sum n of its inputs, which nothing downstream reads. */
class CounterCell implements Cell<{ h: Tensor; n: Tensor }> {
  readonly stateKeys = ['h', 'n'] as const;
  readonly inputSize = 1;
  readonly hiddenSize = 2;
  constructor(private p: Params) {}
  initialState(batch: number): { h: Tensor; n: Tensor } {
    return { h: zeros([batch, 2]), n: zeros([batch, 2]) };
  }
  step(x: Tensor, s: { h: Tensor; n: Tensor }): { h: Tensor; n: Tensor } {
    return { h: tanh(add(matmul(x, transpose(this.p.w!)), matmul(s.h, transpose(this.p.u!)))), n: add(s.n, broadcastTo(x, [x.shape[0]!, 2])) };
  }
  output(s: { h: Tensor; n: Tensor }): Tensor {
    return s.h;
  }
  parameters(): Params {
    return this.p;
  }
}

describe('a state part the loss never reads', () => {
  const p: Params = { w: randn([2, 1], { seed: 190 }), u: randn([2, 2], { seed: 191 }).mul(0.5) };
  const xs = randn([4, 3, 1], { seed: 192 });
  const target = randn([3, 2], { seed: 193 });

  it('has zero gradient at every step (log10 −∞), and leaves the other part’s norms as they are without it', () => {
    const trace = traceGradients(new CounterCell(p), xs, { targets: target });
    expect(trace.stateGradNormsLog10.n).toEqual(new Array<number>(5).fill(-Infinity));
    expect(trace.stateGradNorms.n).toEqual(new Array<number>(5).fill(0));
    const plain = traceGradients(new LearnedInitCell({ ...p, h0: zeros([2]) }), xs, { targets: target });
    for (let t = 0; t <= 4; t++) expectClose(trace.hiddenGradNorms[t]!, plain.hiddenGradNorms[t]!);
    // ∂n_t/∂n_{t−1} = I and ∂n_t/∂h_{t−1} = 0 in each step Jacobian over [h; n]
    const J = trace.stepJacobian(2).data;
    for (let i = 0; i < 2; i++) {
      for (let j = 0; j < 2; j++) {
        expect(J[(2 + i) * 4 + 2 + j]).toBe(i === j ? 1 : 0);
        expect(J[(2 + i) * 4 + j]).toBe(0);
      }
    }
  });
});
