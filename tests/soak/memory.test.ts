/**
 * Soak: long runs keep the heap flat. The default run does a modest size; `npm run test:soak`
 * (GRADSCOPE_SOAK=1) does 100,000 recorded steps and a 10,000-step training loop.
 *
 * Each test samples heapUsed plus ArrayBuffer bytes after a full collection once the warm-up
 * tenth is done and again at the end. The bound is below what a leak of one small tensor per recorded step adds (measured:
 * ≈ 2 MB over the default run's 9,000 measured steps, 20 MB in the long run) and well above the
 * growth of a collected heap that leaks nothing (measured: 0.2–0.3 MB of JIT code and the test
 * runner's own bookkeeping). Without a collector to call, only a gross leak is caught.
 */
import { describe, it, expect } from 'vitest';
import { GradientTape } from '../../src/autodiff/tape.js';
import { add, mul, sum, tanh } from '../../src/ops/index.js';
import { Linear } from '../../src/nn/linear.js';
import { sgd } from '../../src/nn/optimizers.js';
import { LSTMCell } from '../../src/nn/lstmCell.js';
import { RNNCell } from '../../src/nn/rnnCell.js';
import { traceGradients } from '../../src/inspect/traceGradients.js';
import { SequenceModel } from '../../src/nn/sequenceModel.js';
import { sineWave } from '../../src/nn/tasks.js';
import { train } from '../../src/nn/train.js';
import { randn } from '../../src/tensor/creation.js';
import type { Tensor } from '../../src/tensor/tensor.js';
import { LONG, heapGrowth } from '../helpers/heap.js';

/** Bytes a collected heap may grow over a run that leaks nothing (a leak per step is far above). */
const FLAT = { withGc: 1.5e6, withoutGc: 64e6 };

const bound = (gc: boolean): number => (gc ? FLAT.withGc : FLAT.withoutGc);

describe('soak', () => {
  const unrollSteps = 1_000;
  const tapes = LONG ? 100 : 10;

  it(`records ${(unrollSteps * tapes).toLocaleString('en')} steps on ${tapes} long tapes, each differentiated and dropped, with a flat heap`, () => {
    const w = randn([4], { seed: 1 });
    const x = randn([unrollSteps, 4], { seed: 2 }).split(unrollSteps, 0);
    let last: Tensor | undefined;
    const { growth, gc } = heapGrowth(tapes, () => {
      const tape = new GradientTape();
      const y = tape.record(() => {
        let h = x[0]!.reshape([4]);
        for (let t = 0; t < unrollSteps; t++) h = tanh(add(mul(w, h), x[t]!.reshape([4])));
        return sum(h);
      });
      last = tape.gradient(y, w);
      expect(tape.records.length).toBe(0);
    });
    expect(last!.shape).toEqual([4]);
    expect(Array.from(last!.data).every(Number.isFinite)).toBe(true);
    expect(growth).toBeLessThan(bound(gc));
  });

  const trainSteps = LONG ? 10_000 : 1_000;

  it(`runs a ${trainSteps.toLocaleString('en')}-step training loop with a flat heap, and the loss falls`, () => {
    const model = new SequenceModel({ cell: new RNNCell({ inputSize: 1, hiddenSize: 4, seed: 0 }), head: new Linear({ inFeatures: 4, outFeatures: 1, seed: 1 }), readout: 'all' });
    const batch = sineWave({ T: 5, batch: 4, seed: 3 });
    const optimizer = sgd({ lr: 0.05 });
    const losses: number[] = [];
    const { growth, gc } = heapGrowth(10, () => {
      const r = train({ model, data: batch, optimizer, steps: trainSteps / 10 });
      losses.push(...r.losses);
    });
    expect(losses).toHaveLength(trainSteps);
    expect(losses.every(Number.isFinite)).toBe(true);
    expect(losses[losses.length - 1]!).toBeLessThan(losses[0]!);
    expect(growth).toBeLessThan(bound(gc));
  });

  it(`runs a batch-1 training loop whose recurrent weights the matmul holds in its SIMD memory (${trainSteps.toLocaleString('en')} steps) with a flat heap`, () => {
    // W_hh is 16×16: from its second use in a step's row product the kernel keeps a copy; every
    // SGD step makes new weights, and the old ones must not stay alive for being held
    const model = new SequenceModel({ cell: new RNNCell({ inputSize: 1, hiddenSize: 16, seed: 0 }), head: new Linear({ inFeatures: 16, outFeatures: 1, seed: 1 }), readout: 'all' });
    const batch = sineWave({ T: 10, batch: 1, seed: 4 });
    const optimizer = sgd({ lr: 0.02 });
    const losses: number[] = [];
    const { growth, gc } = heapGrowth(10, () => {
      losses.push(...train({ model, data: batch, optimizer, steps: trainSteps / 10 }).losses);
    });
    expect(losses.every(Number.isFinite)).toBe(true);
    expect(growth).toBeLessThan(bound(gc));
  });

  const units = LONG ? 200 : 30;

  it(`recomputes the browser demo's unit ${units} times (a trace, every step Jacobian, the norm curve) with a flat heap: nothing keeps an old trace's storage`, () => {
    const cell = new LSTMCell({ inputSize: 1, hiddenSize: 32, seed: 0 });
    const x = randn([100, 1, 1], { seed: 1 });
    const y = randn([1, 32], { seed: 2 });
    let curve: number[] = [];
    const { growth, gc } = heapGrowth(units, () => {
      const trace = traceGradients(cell, x, { targets: y });
      expect(trace.stepJacobians()).toHaveLength(101);
      curve = trace.jacobianProductNorms(undefined, { log10: true });
    });
    expect(curve).toHaveLength(101);
    expect(curve.every(Number.isFinite)).toBe(true);
    // one unit's step Jacobians alone are 100 × 64 × 64 × 8 B = 3.3 MB: a leak of one per unit is far above the bound
    expect(growth).toBeLessThan(bound(gc));
  });
});

