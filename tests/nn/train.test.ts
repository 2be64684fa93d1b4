/**
 * The training loop: the learning test (an LSTM beats the adding problem's baseline), the
 * onStep callback, clipping, and errors.
 */
import { describe, it, expect } from 'vitest';
import { ValueError } from '../../src/errors.js';
import { Linear } from '../../src/nn/linear.js';
import { mseLoss } from '../../src/nn/losses.js';
import { LSTMCell } from '../../src/nn/lstmCell.js';
import { adam, sgd } from '../../src/nn/optimizers.js';
import { RNNCell } from '../../src/nn/rnnCell.js';
import { SequenceModel } from '../../src/nn/sequenceModel.js';
import { addingProblem } from '../../src/nn/tasks.js';
import type { StepInfo } from '../../src/nn/train.js';
import { train } from '../../src/nn/train.js';
import { randn, tensor } from '../../src/tensor/creation.js';

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('train', () => {
  it('an LSTM learns the adding problem at T = 20 to well under the 0.167 baseline MSE', () => {
    // Seeded and deterministic. Training sits on a plateau near 0.155 before the LSTM learns to
    // gate on the marker; with this setup 9 of 12 model/data seeds leave it within 500 steps.
    // This seed leaves it near step 250 (test MSE ≈ 0.005 at step 500, 10× under the bound),
    // and its trajectory is unchanged by 1e-6 relative perturbations of lr or forgetBias, so
    // small numerical changes in the engine do not move it.
    const H = 8;
    const model = new SequenceModel({
      cell: new LSTMCell({ inputSize: 2, hiddenSize: H, forgetBias: 1, seed: 0 }),
      head: new Linear({ inFeatures: H, outFeatures: 1, seed: 1 }),
    });
    const test = addingProblem({ T: 20, batch: 500, seed: 99999 });
    const before = mseLoss(model.forward(test.inputs), test.targets).item();
    const { losses } = train({ model, data: (s) => addingProblem({ T: 20, batch: 32, seed: s }), optimizer: adam({ lr: 0.05 }), steps: 500 });
    const after = mseLoss(model.forward(test.inputs), test.targets).item();
    expect(before).toBeGreaterThan(0.167);
    expect(after).toBeLessThan(0.05);
    expect(mean(losses.slice(-50))).toBeLessThan(0.05);
  });

  it('calls onStep after every step with the step, the loss, the gradient norm and the time', () => {
    const model = new SequenceModel({ cell: new RNNCell({ inputSize: 1, hiddenSize: 3, seed: 0 }), head: new Linear({ inFeatures: 3, outFeatures: 1, seed: 1 }) });
    const batch = { inputs: randn([4, 2, 1], { seed: 1 }), targets: randn([2, 1], { seed: 2 }) };
    const seen: StepInfo[] = [];
    const r = train({ model, data: batch, optimizer: sgd({ lr: 0.1 }), steps: 5, onStep: (info) => seen.push(info) });
    expect(seen.map((s) => s.step)).toEqual([1, 2, 3, 4, 5]);
    expect(seen.every((s) => s.steps === 5 && s.elapsedMs >= 0)).toBe(true);
    expect(seen.map((s) => s.loss)).toEqual(r.losses);
    expect(seen.map((s) => s.gradNorm)).toEqual(r.gradNorms);
    expect(r.gradNorms.every((g) => g > 0)).toBe(true);
  });

  it('descends on a fixed batch: the loss falls, and the first loss is the untrained model’s', () => {
    const model = new SequenceModel({ cell: new RNNCell({ inputSize: 1, hiddenSize: 4, seed: 3 }), head: new Linear({ inFeatures: 4, outFeatures: 1, seed: 4 }) });
    const batch = { inputs: randn([5, 3, 1], { seed: 5 }), targets: tensor([[0.5], [-0.5], [1]]) };
    const first = mseLoss(model.forward(batch.inputs), batch.targets).item();
    const { losses } = train({ model, data: batch, loss: 'mse', optimizer: sgd({ lr: 0.1 }), steps: 30 });
    expect(losses[0]).toBe(first);
    expect(losses[29]!).toBeLessThan(losses[0]! / 2);
  });

  it('with clip reports the norm before clipping and moves the weights by at most lr·clip (sgd)', () => {
    const make = () => new SequenceModel({ cell: new RNNCell({ inputSize: 1, hiddenSize: 2, seed: 0 }), head: new Linear({ inFeatures: 2, outFeatures: 1, seed: 1 }) });
    const batch = { inputs: randn([3, 2, 1], { seed: 1 }), targets: tensor([[10], [-10]]) };
    const free = make();
    const clipped = make();
    const a = train({ model: free, data: batch, optimizer: sgd({ lr: 0.1 }), steps: 1 });
    const b = train({ model: clipped, data: batch, optimizer: sgd({ lr: 0.1 }), steps: 1, clip: 0.01 });
    expect(b.gradNorms[0]).toBe(a.gradNorms[0]);
    expect(a.gradNorms[0]!).toBeGreaterThan(0.01);
    const start = make().parameters();
    let moved = 0;
    for (const [k, t] of Object.entries(clipped.parameters())) t.data.forEach((v, i) => (moved += (v - start[k]!.data[i]!) ** 2));
    expect(Math.sqrt(moved)).toBeLessThanOrEqual(0.1 * 0.01 * (1 + 1e-9));
  });

  it('accepts a loss function and stops with a clear error when the loss becomes NaN', () => {
    const model = new SequenceModel({ cell: new RNNCell({ inputSize: 1, hiddenSize: 2 }), head: new Linear({ inFeatures: 2, outFeatures: 1 }) });
    const batch = { inputs: randn([2, 1, 1], { seed: 1 }), targets: tensor([[1]]) };
    let calls = 0;
    expect(() =>
      train({ model, data: batch, optimizer: sgd(), steps: 3, loss: (p, t) => (++calls === 2 ? p.sub(t).log().sum() : mseLoss(p, t)) }),
    ).toThrow(/loss became NaN at step 2/);
  });

  it('rejects bad options with messages naming them', () => {
    const model = new SequenceModel({ cell: new RNNCell({ inputSize: 1, hiddenSize: 2 }), head: new Linear({ inFeatures: 2, outFeatures: 1 }) });
    const data = { inputs: randn([2, 1, 1]), targets: tensor([[1]]) };
    expect(() => train({ model, data, optimizer: sgd(), steps: 0 })).toThrow(/steps must be an integer ≥ 1; got 0/);
    expect(() => train({ model, data, optimizer: sgd(), steps: 1, loss: 'hinge' as 'mse' })).toThrow(/loss must be 'mse', 'abs', 'crossEntropy' or a function/);
    expect(() => train({ model, data, optimizer: sgd(), steps: 1, clip: -1 })).toThrow(/clip must be a positive number/);
    expect(() => train({ model, data: () => ({}) as never, optimizer: sgd(), steps: 1 })).toThrow(/data must be a batch/);
    expect(() => train({ model, data, optimizer: sgd(), steps: 1, lr: 1 } as never)).toThrow(ValueError);
    expect(() => train({ model, data, optimizer: sgd(), steps: 1, loss: (p) => p.mul(tensor([[1, 2]])) })).toThrow(/the loss must be a scalar tensor; got shape \[1, 2\]/);
  });
});
