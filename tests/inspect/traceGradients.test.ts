import { describe, expect, it } from 'vitest';
import { GradientTape } from '../../src/autodiff/tape.js';
import { LSTMCell } from '../../src/nn/lstmCell.js';
import { RNNCell } from '../../src/nn/rnnCell.js';
import { unroll } from '../../src/nn/cell.js';
import { traceGradients } from '../../src/inspect/index.js';
import { randn, tensor, zeros } from '../../src/tensor/index.js';
import type { Tensor } from '../../src/tensor/tensor.js';
import { assertAllClose } from '../../src/testing/index.js';
import { TOL } from '../helpers/tolerances.js';
import { expectClose } from './reference.js';

function frob(t: Tensor): number {
  return Math.sqrt(Array.from(t.data).reduce((s, v) => s + v * v, 0));
}

describe('traceGradients on an RNN', () => {
  const cell = new RNNCell({ inputSize: 2, hiddenSize: 3, activation: 'tanh', seed: 3 });
  const x = randn([6, 2, 2], { seed: 4 });
  const y = randn([2, 3], { seed: 5 });

  it('reports the gradient norms a plain tape gives for every h_t', () => {
    const trace = traceGradients(cell, x, { targets: y });
    const tape = new GradientTape();
    const { states, loss } = tape.record(() => {
      const u = unroll(cell, x);
      const d = u.outputs[5]!.sub(y);
      return { states: u.states, loss: d.mul(d).mean() };
    });
    const gs = tape.gradient(loss, states.map((s) => s.h));
    expectClose(trace.loss, loss.item());
    trace.hiddenGradNorms.forEach((n, t) => expectClose(n, frob(gs[t]!)));
  });

  it('has per-step parameter contributions that sum to the total gradient', () => {
    const trace = traceGradients(cell, x, { targets: y });
    const tape = new GradientTape();
    const loss = tape.record(() => {
      const d = unroll(cell, x).outputs[5]!.sub(y);
      return d.mul(d).mean();
    });
    const g = tape.gradient(loss, cell.parameters());
    for (const name of Object.keys(g)) {
      assertAllClose(trace.paramGrads[name]!, g[name]!, TOL.exact);
      let sum = trace.paramGradsByStep(name, 0);
      for (let t = 1; t <= 6; t++) sum = sum.add(trace.paramGradsByStep(name, t));
      assertAllClose(sum, g[name]!, TOL.exact);
    }
  });

  it('gives step Jacobians equal to diag(act′(pre))·W_hh built by hand', () => {
    const trace = traceGradients(cell, x, { targets: y });
    const p = cell.parameters();
    for (let t = 1; t <= 6; t++) {
      const J = trace.stepJacobian(t);
      const hPrev = trace.states[t - 1]!.h;
      const xt = x.slice([t - 1, 0, 0], [1, 2, 2]).reshape([2, 2]);
      const pre = xt.matmul(p.weightIh!.transpose()).add(p.biasIh!).add(hPrev.matmul(p.weightHh!.transpose())).add(p.biasHh!);
      const d = pre.tanh().square().neg().add(1); // [B, H]
      for (let b = 0; b < 2; b++) {
        for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) {
          expectClose(J.get(b, i, j), d.get(b, i) * p.weightHh!.get(i, j));
        }
      }
    }
  });

  it('multiplies step Jacobians into products', () => {
    const trace = traceGradients(cell, x, { targets: y });
    const P = trace.jacobianProduct(1, 4);
    const manual = trace.stepJacobian(4).matmul(trace.stepJacobian(3)).matmul(trace.stepJacobian(2));
    assertAllClose(P, manual, TOL.exact);
    assertAllClose(trace.jacobianProduct(3, 3), tensor([[[1, 0, 0], [0, 1, 0], [0, 0, 1]], [[1, 0, 0], [0, 1, 0], [0, 0, 1]]]), TOL.exact);
  });

  it('pushes vectors through steps like the Jacobian product does', () => {
    const trace = traceGradients(cell, x, { targets: y });
    const v = randn([2, 3], { seed: 9 });
    const P = trace.jacobianProduct(1, 5);
    const viaVjp = trace.vjpThrough(1, 5, v);
    const viaJvp = trace.jvpThrough(1, 5, v);
    for (let b = 0; b < 2; b++) {
      for (let j = 0; j < 3; j++) {
        let s = 0;
        let f = 0;
        for (let i = 0; i < 3; i++) {
          s += v.get(b, i) * P.get(b, i, j);
          f += P.get(b, j, i) * v.get(b, i);
        }
        expectClose(viaVjp.get(b, j), s);
        expectClose(viaJvp.get(b, j), f);
      }
    }
  });

  it('keeps a sigmoid RNN under the textbook bound and calls it vanishing', () => {
    const sig = new RNNCell({ inputSize: 1, hiddenSize: 4, activation: 'sigmoid', seed: 1 });
    const trace = traceGradients(sig, randn([40, 1, 1], { seed: 2 }), { targets: zeros([1, 4]) });
    const s = trace.summary();
    expect(s.regime).toBe('vanishing');
    expect(s.bound?.holds).toBe(true);
    expect(s.bound?.gamma).toBe(0.25);
  });

  it('never underflows: 600 sigmoid steps give finite log10 norms far below 1e-308', () => {
    const sig = new RNNCell({ inputSize: 1, hiddenSize: 4, activation: 'sigmoid', seed: 1 });
    const trace = traceGradients(sig, randn([600, 1, 1], { seed: 2 }), { targets: zeros([1, 4]) });
    const l = trace.hiddenGradNormsLog10;
    expect(l.every(Number.isFinite)).toBe(true);
    expect(l[0]!).toBeLessThan(-320);
    const p = trace.jacobianProductNorms(600, { log10: true });
    expect(p.every(Number.isFinite)).toBe(true);
    expect(p[0]!).toBeLessThan(-320);
  });
});

describe('traceGradients on an LSTM', () => {
  const cell = new LSTMCell({ inputSize: 2, hiddenSize: 3, seed: 7 });
  const x = randn([5, 2, 2], { seed: 8 });
  const y = randn([5, 2, 3], { seed: 9 });

  it('reports h and c gradient norms from one pass, equal to a plain tape', () => {
    const trace = traceGradients(cell, x, { targets: y, lossAt: 'all' });
    const tape = new GradientTape();
    const { states, loss } = tape.record(() => {
      const u = unroll(cell, x);
      let E: Tensor = zeros([]);
      u.outputs.forEach((h, i) => {
        const d = h.sub(y.slice([i, 0, 0], [1, 2, 3]).reshape([2, 3]));
        E = E.add(d.mul(d).mean());
      });
      return { states: u.states, loss: E };
    });
    // one backward pass for both parts: each c_t gets the gradient through both of its uses
    const g = tape.gradient(loss, { h: states.map((s) => s.h), c: states.map((s) => s.c) });
    expectClose(trace.loss, loss.item());
    trace.stateGradNorms.h!.forEach((n, t) => expectClose(n, frob(g.h[t]!)));
    trace.stateGradNorms.c!.forEach((n, t) => expectClose(n, frob(g.c[t]!)));
  });

  it('has a gradient flow whose last row sums with the others to the total', () => {
    const trace = traceGradients(cell, x, { targets: y, lossAt: 'all' });
    const flow = trace.gradientFlow();
    expect(flow.length).toBe(6);
    for (let k = 0; k <= 5; k++) for (let t = k + 1; t <= 5; t++) expect(flow[k]![t]).toBe(0);
    expect(flow[5]![5]).toBeGreaterThan(0);
  });
});

describe('the LSTM forget-gate path', () => {
  it('is the product of σ(forget pre-activations) and 1 for the 1997 LSTM', () => {
    const cell = new LSTMCell({ inputSize: 1, hiddenSize: 2, forgetBias: 2, seed: 1 });
    const x = randn([4, 1, 1], { seed: 3 });
    const trace = traceGradients(cell, x, { targets: zeros([1, 2]) });
    const f = [1, 2, 3, 4].map((t) => cell.forgetGateValues(x.slice([t - 1, 0, 0], [1, 1, 1]).reshape([1, 1]), trace.states[t - 1]!));
    const path = trace.forgetGatePath(4);
    for (let s = 0; s <= 4; s++) {
      let best = 0;
      for (let h = 0; h < 2; h++) {
        let prod = 1;
        for (let k = s + 1; k <= 4; k++) prod *= f[k - 1]!.get(0, h);
        best = Math.max(best, prod);
      }
      expectClose(path[s]!, best);
    }
    const ceC = new LSTMCell({ inputSize: 1, hiddenSize: 2, forgetGate: false, seed: 1 });
    const pure = traceGradients(ceC, x, { targets: zeros([1, 2]) });
    expect(pure.forgetGatePath(4)).toEqual([1, 1, 1, 1, 1]);
  });
});
