/**
 * The batched reverse walk (pullbackBatched) behind GradientTrace.stepJacobian: every rule of
 * the registry runs with cotangents that carry an extra leading axis. A user cell that uses
 * nearly every op — element-wise math, comparisons and where, reductions with and without
 * keepDims, slices, concat, transposes, reshapes, broadcasts, stopGradient and a
 * customGradient (pulled back row by row) — must give the same step Jacobians as the plain,
 * one-row-at-a-time engine (`jacobian`), and as central finite differences.
 */
import { describe, it, expect } from 'vitest';
import { reachFrom } from '../../src/autodiff/backward.js';
import { pullbackBatched } from '../../src/autodiff/batchedPullback.js';
import { GradientTape } from '../../src/autodiff/tape.js';
import { GRUCell } from '../../src/nn/gruCell.js';
import { LSTMCell } from '../../src/nn/lstmCell.js';
import { RNNCell } from '../../src/nn/rnnCell.js';
import { customGradient, stopGradient } from '../../src/autodiff/customGradient.js';
import { jacobian } from '../../src/autodiff/jacobian.js';
import { traceGradients } from '../../src/inspect/index.js';
import type { Cell, Params, State } from '../../src/nn/cell.js';
import { concat, logSumExp, where } from '../../src/ops/index.js';
import { randn, tensor, zeros } from '../../src/tensor/creation.js';
import type { Tensor } from '../../src/tensor/tensor.js';
import { assertAllClose } from '../../src/testing/index.js';
import { TOL } from '../helpers/tolerances.js';

type H = { h: Tensor };

/** tanh with a hand-written vjp: a primitive the batched ops do not know. */
const softTanh = customGradient((z: Tensor) => z.tanh(), {
  vjp: (ct, { output }) => [ct.mul(output.square().neg().add(1))],
});

const B = 2;
const N = 3;
const I = 2;

/**
 * One step of a cell that exercises the registry's rules; samples stay independent. `stop`
 * false replaces stopGradient by the identity (for finite differences, which see through it).
 */
function kitchenSink(p: Params, x: Tensor, h: Tensor, stop = true): Tensor {
  const a = x.matmul(p.w!.transpose()).add(h.matmul(p.u!)).add(p.b!); // [B, N]
  const terms = [
    a.mul(0.3).exp().add(a.square().add(1).log()),
    a.abs().add(1).sqrt().mul(a.sin()).add(a.cos()),
    where(a.greater(0), a, a.mul(0.5)),
    a.maximum(a.mul(-0.7)).add(a.minimum(h)),
    a.div(a.square().add(2)).sub(a.neg().sigmoid()),
    a.square().add(1).pow(0.75),
    a.softmax(1),
    a.sub(a.mean(1, true)).add(a.max(1, true).broadcastTo([B, N])),
    concat([a.slice([0, 1], [B, N - 1]), a.slice([0, 0], [B, 1])], 1),
    a.transpose().reshape([N, B]).transpose().expandDims(0).squeeze(0),
    a.flatten().reshape([B, N]).mul(stop ? stopGradient(a) : a),
    a.relu().add(a.sign().mul(a)).add(a.clip(-0.5, 0.5)),
    softTanh(a),
    a.sum(1).reshape([B, 1]).broadcastTo([B, N]).mul(0.1),
  ];
  // a small weighted sum keeps the final tanh out of saturation
  return terms.reduce((s, t, k) => s.add(t.mul(0.02 * (k % 3 + 1)))).tanh();
}

class SinkCell implements Cell<H> {
  readonly stateKeys = ['h'] as const;
  readonly inputSize = I;
  readonly hiddenSize = N;
  constructor(private p: Params) {}
  initialState(batch: number): H {
    return { h: zeros([batch, N]) };
  }
  step(x: Tensor, s: H): H {
    return { h: kitchenSink(this.p, x, s.h) };
  }
  output(s: H): Tensor {
    return s.h;
  }
  parameters(): Params {
    return this.p;
  }
}

const params: Params = { w: randn([N, I], { seed: 301 }), u: randn([N, N], { seed: 302 }).mul(0.6), b: randn([N], { seed: 303 }).mul(0.1) };
const T = 3;
const inputs = randn([T, B, I], { seed: 304 });
const x = inputs.split(T, 0).map((xt) => xt.reshape([B, I]));

/** Sample b's block ∂h_t[b]/∂h_{t−1}[b] of the full [B, N, B, N] Jacobian, as nested arrays. */
function block(full: Tensor, b: number): number[][] {
  return Array.from({ length: N }, (_, i) => Array.from({ length: N }, (_, j) => full.get(b, i, b, j)));
}

describe('step Jacobians through the batched reverse walk', () => {
  const cell = new SinkCell(params);
  const trace = traceGradients(cell, inputs, { loss: (outs) => outs[T - 1]!.sum() });

  it('equal the plain engine’s Jacobian of one step, for every step and sample', () => {
    const all = trace.stepJacobians();
    for (let t = 1; t <= T; t++) {
      const hPrev = trace.states[t - 1]!.h;
      const full = jacobian((h: Tensor) => kitchenSink(params, x[t - 1]!, h))(hPrev);
      expect(full.shape).toEqual([B, N, B, N]);
      const one = trace.stepJacobian(t);
      for (let b = 0; b < B; b++) {
        const want = block(full, b);
        const got = one.slice([b, 0, 0], [1, N, N]).reshape([N, N]);
        assertAllClose(got, tensor(want), TOL.exact);
        assertAllClose(all[t]!.slice([b, 0, 0], [1, N, N]).reshape([N, N]), tensor(want), TOL.exact);
      }
    }
  });

  it('equal central finite differences of one step', () => {
    const t = 2;
    const open = new SinkCell(params);
    open.step = (xt: Tensor, st: H): H => ({ h: kitchenSink(params, xt, st.h, false) });
    const unstopped = traceGradients(open, inputs, { loss: (outs) => outs[T - 1]!.sum() });
    const hPrev = unstopped.states[t - 1]!.h;
    const eps = TOL.fd.eps;
    const J = unstopped.stepJacobian(t);
    expect(Math.max(...Array.from(J.data, Math.abs))).toBeGreaterThan(0.05);
    for (let j = 0; j < N; j++) {
      const bump = (d: number): Tensor => hPrev.add(tensor(Array.from({ length: B * N }, (_, k) => (k % N === j ? d : 0)), [B, N]));
      const diff = kitchenSink(params, x[t - 1]!, bump(eps), false).sub(kitchenSink(params, x[t - 1]!, bump(-eps), false)).div(2 * eps);
      for (let b = 0; b < B; b++) {
        for (let i = 0; i < N; i++) expect(Math.abs(J.get(b, i, j) - diff.get(b, i))).toBeLessThan(TOL.fd.atol + TOL.fd.rtol * Math.abs(diff.get(b, i)));
      }
    }
  });

  it('give products equal to the chained step Jacobians', () => {
    const prod = trace.jacobianProduct(1, 3);
    const j2 = trace.stepJacobian(2);
    const j3 = trace.stepJacobian(3);
    for (let b = 0; b < B; b++) {
      const m3 = j3.slice([b, 0, 0], [1, N, N]).reshape([N, N]);
      const m2 = j2.slice([b, 0, 0], [1, N, N]).reshape([N, N]);
      assertAllClose(prod.slice([b, 0, 0], [1, N, N]).reshape([N, N]), m3.matmul(m2), TOL.exact);
    }
  });
});

/**
 * pullbackBatched called directly: K cotangent rows pulled back in one walk must equal K separate
 * `tape.gradient` calls, each with one row as its outputGradient — for rules that broadcast,
 * reduce, index, cast and multiply matrices, for a customGradient (row by row, with a null
 * cotangent), and for the fused cells' kernel form and (under an outer trace) their composed form.
 */
function checkRows(f: (...xs: Tensor[]) => Tensor, xs: Tensor[], K: number, seed: number, outer = false): void {
  const tape = new GradientTape({ persistent: true });
  const y = tape.record(() => f(...xs));
  const recs = tape.records;
  const reach = reachFrom(recs, xs.map((v) => v.id));
  const ct = randn([K, ...y.shape], { seed });
  const run = (): (Tensor | undefined)[] => {
    const cts = new Map<number, Tensor>([[y.id, ct]]);
    pullbackBatched(recs, 0, recs.length, cts, reach, K);
    return xs.map((v) => cts.get(v.id));
  };
  const got = outer ? new GradientTape().record(run) : run();
  let nonzero = 0;
  for (let k = 0; k < K; k++) {
    const row = ct.slice([k, ...y.shape.map(() => 0)], [1, ...y.shape]).reshape(y.shape);
    const want = tape.gradient(y, xs, { outputGradient: row });
    xs.forEach((v, j) => {
      const g = got[j];
      if (g === undefined) {
        expect(Array.from(want[j]!.data).every((e) => e === 0)).toBe(true);
        return;
      }
      expect(g.shape).toEqual([K, ...v.shape]);
      const gk = g.slice([k, ...v.shape.map(() => 0)], [1, ...v.shape]).reshape(v.shape);
      assertAllClose(gk, want[j]!, TOL.exact);
      nonzero += Array.from(want[j]!.data).filter((e) => e !== 0).length;
    });
  }
  expect(nonzero).toBeGreaterThan(0);
}

const twice = customGradient((a: Tensor, _b: Tensor) => a.mul(1), { vjp: (c) => [c.mul(2), null] });

describe('pullbackBatched with K rows equals K separate pullbacks', () => {
  const a = randn([3, 3], { seed: 401 });
  const b = randn([3], { seed: 402 });
  const c = randn([3, 1], { seed: 403 });
  const w = randn([3, 4], { seed: 404 });
  const cases: [string, (...xs: Tensor[]) => Tensor, Tensor[]][] = [
    ['broadcasting element-wise ops (unbroadcast over leading and size-1 axes)', (p, q, r) => p.mul(q).add(q.exp()).sub(p.div(r.square().add(1))).tanh().mul(r), [a, b, c]],
    ['broadcasting over a leading axis and a size-1 axis at once', (p, q) => p.reshape([1, 3, 3]).broadcastTo([2, 3, 3]).mul(q).add(q.exp()), [a, c]],
    ['a batch of matrices times one matrix', (p, q) => p.broadcastTo([2, 3, 3]).matmul(q).tanh(), [a, w]],
    ['a scalar output', (p, q) => p.mul(q).sum(), [a, b]],
    ['comparisons and where', (p, q) => where(p.greater(q), p.mul(2), q.sin()).add(where(p.less(0), q, p)), [a, b]],
    ['max, min, softmax and logSumExp', (p) => p.max(1).add(p.min(0)).mul(p.max(0, true).sum()).add(p.softmax(1).sum(0)).add(logSumExp(p, 1)), [a]],
    ['matmul, with and without transposes', (p, q) => p.matmul(q).add(q.transpose().matmul(p.transpose()).transpose()).tanh(), [a, w]],
    ['matmul of a matrix by a vector', (p, q) => p.matmul(q.reshape([3, 1])).reshape([3]).mul(q), [a, b]],
    ['slices, concat, permutes and broadcasts', (p, q) => concat([p.slice([1, 0], [2, 3]), q.reshape([1, 3]), q.broadcastTo([2, 3])], 0).transpose().mul(p.sum(0, true).transpose()), [a, b]],
    ['casts to float32 and back', (p) => p.astype('float32').mul(3).astype('float64').square(), [a]],
    ['a customGradient that gives no cotangent for one input', (p, q) => twice(p, q).mul(q), [a, b]],
    ['abs, sqrt, relu, sign, cos, log, sigmoid, neg, pow, maximum, minimum', (p, q) => p.abs().add(1).sqrt().add(p.relu()).add(p.sign().mul(p)).add(p.cos()).add(p.square().add(1).log()).add(p.sigmoid().neg()).add(p.square().add(1).pow(q.abs())).add(p.maximum(q)).add(p.minimum(q)), [a, b]],
  ];
  for (const [name, f, xs] of cases) {
    it(`for ${name}`, () => checkRows(f, xs, 3, 405));
    it(`for ${name}, under an outer trace`, () => checkRows(f, xs, 2, 406, true));
  }
});

describe('pullbackBatched through the fused cell steps', () => {
  const Bc = 2;
  const mk: [string, () => Cell<State>][] = [
    ['an RNN', () => new RNNCell({ inputSize: 2, hiddenSize: 3, seed: 411 }) as unknown as Cell<State>],
    ['a relu RNN without biases', () => new RNNCell({ inputSize: 2, hiddenSize: 3, bias: false, activation: 'relu', seed: 412 }) as unknown as Cell<State>],
    ['an LSTM', () => new LSTMCell({ inputSize: 2, hiddenSize: 3, seed: 413 }) as unknown as Cell<State>],
    ['an LSTM without forget gate', () => new LSTMCell({ inputSize: 2, hiddenSize: 3, forgetGate: false, seed: 414 }) as unknown as Cell<State>],
    ['a GRU', () => new GRUCell({ inputSize: 2, hiddenSize: 3, seed: 415 }) as unknown as Cell<State>],
  ];
  for (const [name, make] of mk) {
    const stepOf = (cell: Cell<State>) => (xx: Tensor, ...st: Tensor[]): Tensor => {
      // the transposes before the step need the step's cotangents marked as carrying the K axis
      const s = Object.fromEntries(cell.stateKeys.map((k, i) => [k, st[i]!.transpose().transpose()])) as State;
      const out = cell.step(xx.transpose().transpose(), s);
      return concat(cell.stateKeys.map((k) => out[k]!), 1);
    };
    const inputsOf = (cell: Cell<State>): Tensor[] => [randn([Bc, 2], { seed: 416 }), ...cell.stateKeys.map((_, i) => randn([Bc, 3], { seed: 417 + i }).mul(0.5))];
    it(`${name}: the kernel form gives every row for the input and state`, () => {
      const cell = make();
      checkRows(stepOf(cell), inputsOf(cell), 3, 420);
    });
    it(`${name}: the composed form (under an outer trace) gives every row`, () => {
      const cell = make();
      checkRows(stepOf(cell), inputsOf(cell), 2, 421, true);
    });
    it(`${name}: rows for the weights and biases too`, () => {
      const cell = make();
      const names = Object.keys(cell.parameters());
      const ins = inputsOf(cell);
      const f = (...ps: Tensor[]): Tensor => {
        cell.setParameters!(Object.fromEntries(names.map((n, i) => [n, ps[i]!])));
        return stepOf(cell)(ins[0]!, ...ins.slice(1));
      };
      const ps = names.map((n) => cell.parameters()[n]!);
      checkRows(f, ps, 3, 422);
      checkRows(f, ps, 2, 423, true);
    });
  }
});
