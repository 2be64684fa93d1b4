/**
 * The batched reverse walk (pullbackBatched) behind GradientTrace.stepJacobian: every rule of
 * the registry runs with cotangents that carry an extra leading axis. A user cell that uses
 * nearly every op — element-wise math, comparisons and where, reductions with and without
 * keepDims, slices, concat, transposes, reshapes, broadcasts, stopGradient and a
 * customGradient (pulled back row by row) — must give the same step Jacobians as the plain,
 * one-row-at-a-time engine (`jacobian`), and as central finite differences.
 */
import { describe, it, expect } from 'vitest';
import { customGradient, stopGradient } from '../../src/autodiff/customGradient.js';
import { jacobian } from '../../src/autodiff/jacobian.js';
import { traceGradients } from '../../src/inspect/index.js';
import type { Cell, Params } from '../../src/nn/cell.js';
import { concat, where } from '../../src/ops/index.js';
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
