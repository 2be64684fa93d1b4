/**
 * The per-step parts of ∂E/∂θ: a trace keeps only the cotangents each step's walk started from
 * and walks a step again when a part is asked for. The parts must sum, bit for bit, to
 * paramGrads, equal the tape's gradient, and stay right for a cell that memoises a function of
 * its weights across steps (its cotangent crosses steps, so the trace's walk keeps the
 * parameters' paths).
 */
import { describe, expect, it } from 'vitest';
import * as L from '../../src/autodiff/lax.js';
import { GradientTape } from '../../src/autodiff/tape.js';
import { traceGradients } from '../../src/inspect/index.js';
import type { Cell, Params } from '../../src/nn/cell.js';
import { unroll } from '../../src/nn/cell.js';
import { LSTMCell } from '../../src/nn/lstmCell.js';
import { mseLoss } from '../../src/nn/losses.js';
import { add, matmul, tanh, transpose } from '../../src/ops/index.js';
import { randn, zeros } from '../../src/tensor/index.js';
import type { Tensor } from '../../src/tensor/tensor.js';
import { TOL } from '../helpers/tolerances.js';

type HState = { h: Tensor };

/** h′ = tanh(x·Wᵀ + h·tanh(V)ᵀ): tanh(V) formed once and reused by every later step when `memo`. */
class SquashedCell implements Cell<HState> {
  readonly stateKeys = ['h'] as const;
  private cache: { v: Tensor; squashed: Tensor } | undefined;
  constructor(
    readonly inputSize: number,
    readonly hiddenSize: number,
    private p: Params,
    private readonly memo: boolean,
  ) {}
  initialState(batch: number): HState {
    return { h: zeros([batch, this.hiddenSize]) };
  }
  step(x: Tensor, s: HState): HState {
    let squashed: Tensor;
    if (this.memo && this.cache !== undefined && this.cache.v === this.p.v) squashed = this.cache.squashed;
    else {
      squashed = tanh(this.p.v!);
      if (this.memo) this.cache = { v: this.p.v!, squashed };
    }
    return { h: tanh(add(matmul(x, transpose(this.p.w!)), matmul(s.h, transpose(squashed)))) };
  }
  output(s: HState): Tensor {
    return s.h;
  }
  parameters(): Params {
    return this.p;
  }
}

function expectClose(a: Tensor, b: Tensor): void {
  expect(a.shape).toEqual(b.shape);
  for (let i = 0; i < a.size; i++) {
    const x = a.data[i]!;
    const y = b.data[i]!;
    if (!(Math.abs(x - y) <= TOL.exact.atol + TOL.exact.rtol * Math.abs(y))) throw new Error(`entry ${i}: ${x} vs ${y}`);
  }
}

/** Σ_t paramGradsByStep(name, t) in t order, as tensors. */
function sumOfParts(trace: ReturnType<typeof traceGradients>, name: string): Tensor {
  let total = trace.paramGradsByStep(name, 0);
  for (let t = 1; t <= trace.steps; t++) total = L.add(total, trace.paramGradsByStep(name, t));
  return total;
}

describe('per-step parameter parts', () => {
  const cell = new LSTMCell({ inputSize: 2, hiddenSize: 4, seed: 3 });
  const x = randn([9, 2, 2], { seed: 4 });
  const y = randn([2, 4], { seed: 5 });
  const trace = traceGradients(cell, x, { targets: y });

  it('sum bit for bit to paramGrads, which equals the tape’s gradient of the same loss', () => {
    const tape = new GradientTape();
    const loss = tape.record(() => mseLoss(unroll(cell, x).outputs[8]!, y));
    const names = Object.keys(cell.parameters());
    const want = tape.gradient(loss, names.map((n) => cell.parameters()[n]!));
    names.forEach((n, i) => {
      expect([...sumOfParts(trace, n).data]).toEqual([...trace.paramGrads[n]!.data]);
      expectClose(trace.paramGrads[n]!, want[i]!);
    });
  });

  it('give norms equal to the norms of the parts, and the same part however often asked', () => {
    const norms = trace.paramGradNormsByStepLog10;
    for (let t = 1; t <= trace.steps; t++) {
      const g = trace.paramGradsByStep('weightHh', t);
      const n = Math.log10(Math.hypot(...g.data));
      if (n === -Infinity) expect(norms.weightHh![t]).toBe(-Infinity); // h_0 = 0: no W_hh part at step 1
      else expect(Math.abs(norms.weightHh![t]! - n)).toBeLessThan(1e-12);
      expect([...trace.paramGradsByStep('weightHh', t).data]).toEqual([...g.data]);
    }
    expect(norms.weightHh![0]).toBe(-Infinity);
    // a copy: changing it changes nothing
    norms.weightHh![3] = 0;
    expect(trace.paramGradNormsByStepLog10.weightHh![3]).not.toBe(0);
  });

  it('stay right for a cell that memoises a function of its weights across steps', () => {
    const p: Params = { w: randn([3, 2], { seed: 6 }), v: randn([3, 3], { seed: 7 }).mul(0.5) };
    const xs = randn([6, 2, 2], { seed: 8 });
    const ys = randn([2, 3], { seed: 9 });
    const memo = traceGradients(new SquashedCell(2, 3, p, true), xs, { targets: ys });
    const plain = traceGradients(new SquashedCell(2, 3, p, false), xs, { targets: ys });
    const tape = new GradientTape();
    const loss = tape.record(() => mseLoss(unroll(new SquashedCell(2, 3, p, false), xs).outputs[5]!, ys));
    const [gw, gv] = tape.gradient(loss, [p.w!, p.v!]);
    expectClose(memo.paramGrads.v!, gv!);
    expectClose(memo.paramGrads.w!, gw!);
    // the same states, the same gradient norms and the same totals either way
    memo.hiddenGradNormsLog10.forEach((v, t) => expect(Math.abs(v - plain.hiddenGradNormsLog10[t]!)).toBeLessThan(1e-12));
    expectClose(memo.paramGrads.v!, plain.paramGrads.v!);
    expectClose(memo.paramGrads.w!, plain.paramGrads.w!);
    // tanh(V) is made in step 1, so all of ∂E/∂V is step 1's part in the memoising cell
    expectClose(memo.paramGradsByStep('v', 1), memo.paramGrads.v!);
    for (let t = 2; t <= 6; t++) expect(memo.paramGradsByStep('v', t).data.every((g) => g === 0)).toBe(true);
    expectClose(sumOfParts(plain, 'v'), plain.paramGrads.v!);
    // h_0 = 0: V's part at step 1 is exactly zero; later steps have one each
    expect(plain.paramGradNormsByStepLog10.v![1]).toBe(-Infinity);
    expect(plain.paramGradNormsByStepLog10.v!.slice(2).every((l) => Number.isFinite(l))).toBe(true);
  });
});
