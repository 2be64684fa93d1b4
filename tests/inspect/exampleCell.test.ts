import { describe, expect, it } from 'vitest';
import { PeepholeLSTMCell } from '../../examples/custom-cell.js';
import type { PeepholeState } from '../../examples/custom-cell.js';
import { ValueError } from '../../src/errors.js';
import { traceGradients } from '../../src/inspect/index.js';
import type { Params } from '../../src/nn/cell.js';
import { add, matmul, mean, mul, reshape, sigmoid, slice, sub, tanh, transpose } from '../../src/ops/index.js';
import { randn, tensor } from '../../src/tensor/index.js';
import type { Tensor } from '../../src/tensor/tensor.js';
import { assertAllClose } from '../../src/testing/index.js';
import type { Mat } from '../helpers/linalg.js';
import { identity, matmul as matmulRef } from '../helpers/linalg.js';
import { TOL } from '../helpers/tolerances.js';
import { centralDiff, expectClose, fdStepJacobian, norm2, sampleMat } from './reference.js';

const I = 1;
const H = 3;
const T = 5;
const B = 2;
const cell = new PeepholeLSTMCell({ inputSize: I, hiddenSize: H, seed: 3 });
const params = cell.parameters();
const x = randn([T, B, I], { seed: 190 });
const y = randn([B, H], { seed: 191 });
const trace = traceGradients(cell, x, { targets: y });

const xAt = (t: number): Tensor => reshape(slice(x, [t - 1, 0, 0], [1, B, I]), [B, I]);

/** E = mean((h_T − y)²). */
function loss(hT: Tensor): number {
  const d = sub(hT, y);
  return mean(mul(d, d)).item();
}

/** Runs the example cell with `paramsAt(t)` at step t (a fresh cell per parameter set). */
function run(paramsAt: (t: number) => Params = () => params): PeepholeState[] {
  const states: PeepholeState[] = [cell.initialState(B)];
  for (let t = 1; t <= T; t++) {
    const c = new PeepholeLSTMCell({ inputSize: I, hiddenSize: H });
    c.setParameters(paramsAt(t));
    states.push(c.step(xAt(t), states[t - 1]!));
  }
  return states;
}

/** The output gate's pre-activation a_o of step t (without the peephole term), from the formulas. */
function outputGatePre(t: number, prev: PeepholeState): Tensor {
  const a = add(add(matmul(xAt(t), transpose(params.weightIh!)), matmul(prev.h, transpose(params.weightHh!))), params.bias!);
  return slice(a, [0, 3 * H], [B, H]);
}

/** E with s_t replaced (c_t also flows into h_t = σ(a_o + p_o⊙c_t)⊙tanh(c_t)) and steps t+1 … T re-run. */
function lossFrom(base: PeepholeState[], t: number, key: 'h' | 'c', v: Tensor): number {
  let s: PeepholeState = { ...base[t]!, [key]: v };
  if (key === 'c' && t >= 1) s = { c: v, h: mul(sigmoid(add(outputGatePre(t, base[t - 1]!), mul(v, params.peepO!))), tanh(v)) };
  for (let k = t + 1; k <= T; k++) s = cell.step(xAt(k), s);
  return loss(s.h);
}

describe('the peephole LSTM of examples/custom-cell.ts, traced end to end', () => {
  it('gives ‖∂E/∂h_t‖ and ‖∂E/∂c_t‖ (through both uses of c_t) equal to finite differences', () => {
    const base = run();
    for (const key of ['h', 'c'] as const) {
      for (let t = 0; t <= T; t++) {
        const want = norm2(centralDiff((v) => lossFrom(base, t, key, tensor(v, [B, H])), base[t]![key].data));
        expectClose(trace.stateGradNorms[key]![t]!, want, TOL.fd);
      }
    }
    expect(trace.stateGradNorms.c![T]).toBeGreaterThan(0);
  });

  it('gives every parameter’s per-step contribution equal to finite differences w.r.t. a per-step copy', () => {
    for (const [name, orig] of Object.entries(params)) {
      let total = mul(orig, 0);
      for (let t = 1; t <= T; t++) {
        const g = centralDiff((v) => {
          const changed = { ...params, [name]: tensor(v, orig.shape) };
          return loss(run((k) => (k === t ? changed : params))[T]!.h);
        }, orig.data);
        assertAllClose(trace.paramGradsByStep(name, t), tensor(g, orig.shape), TOL.fdClose);
        total = add(total, tensor(g, orig.shape));
      }
      assertAllClose(trace.paramGrads[name]!, total, TOL.fdClose);
    }
  });

  it('gives step Jacobians and their products equal to finite differences of its step', () => {
    const states = run();
    const S = 2 * H;
    for (let b = 0; b < B; b++) {
      let P: Mat = identity(S);
      for (let t = T; t >= 1; t--) {
        const J = fdStepJacobian(cell, xAt(t), states[t - 1]!, b);
        assertAllClose(sampleMat(trace.stepJacobian(t), b).flat(), J.flat(), TOL.fdClose);
        P = matmulRef(P, J);
      }
      assertAllClose(sampleMat(trace.jacobianProduct(0, T), b).flat(), P.flat(), TOL.fdClose);
    }
  });

  it('pushes vectors through steps like its Jacobian product, and reports no bound or forget-gate path', () => {
    const v = randn([B, 2 * H], { seed: 192 });
    const P = trace.jacobianProduct(1, T);
    assertAllClose(trace.vjpThrough(1, T, v), reshape(matmul(reshape(v, [B, 1, 2 * H]), P), [B, 2 * H]), TOL.exact);
    assertAllClose(trace.jvpThrough(1, T, v), reshape(matmul(P, reshape(v, [B, 2 * H, 1])), [B, 2 * H]), TOL.exact);
    expect('bound' in trace.summary()).toBe(false);
    expect(() => trace.forgetGatePath()).toThrow(ValueError);
    const j = trace.toJSON();
    expect(j.cell.name).toBe('PeepholeLSTMCell');
    expect(Object.keys(j.paramGradNormsByStepLog10)).toEqual(['weightIh', 'weightHh', 'bias', 'peepI', 'peepF', 'peepO']);
    expect(JSON.parse(JSON.stringify(j))).toStrictEqual(j);
  });
});
