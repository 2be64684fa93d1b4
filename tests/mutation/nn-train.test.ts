/**
 * train.ts: data given as a function is called with steps 1 … steps, onStep's elapsedMs is a
 * duration since the call, and every option check and failure during training (a batch that
 * is not {inputs, targets}, a non-scalar or non-finite loss) throws a ValueError naming train
 * and the argument.
 */
import { describe, it, expect } from 'vitest';
import { ValueError } from '../../src/errors.js';
import { Linear } from '../../src/nn/linear.js';
import { sgd } from '../../src/nn/optimizers.js';
import { RNNCell } from '../../src/nn/rnnCell.js';
import { SequenceModel } from '../../src/nn/sequenceModel.js';
import { train } from '../../src/nn/train.js';
import type { Batch, StepInfo, TrainOptions } from '../../src/nn/train.js';
import { randn, scalar } from '../../src/tensor/creation.js';
import { expectError } from '../helpers/expectError.js';

const model = (): SequenceModel<RNNCell> =>
  new SequenceModel({ cell: new RNNCell({ inputSize: 1, hiddenSize: 2, seed: 0 }), head: new Linear({ inFeatures: 2, outFeatures: 1, seed: 1 }) });
const batch: Batch = { inputs: randn([3, 2, 1], { seed: 2 }), targets: randn([2, 1], { seed: 3 }) };
const base = (): TrainOptions => ({ model: model(), data: batch, optimizer: sgd({ lr: 0.1 }), steps: 1 });
const op = 'train';

describe('train', () => {
  it('calls a data function with each step 1 … steps and reports elapsedMs as a duration since the call', () => {
    const asked: number[] = [];
    const infos: StepInfo[] = [];
    const t0 = performance.now();
    const bounds: number[] = [];
    const r = train({
      ...base(),
      steps: 3,
      data: (step) => {
        asked.push(step);
        return batch;
      },
      onStep: (info) => {
        infos.push(info);
        bounds.push(performance.now() - t0);
      },
    });
    expect(asked).toEqual([1, 2, 3]);
    expect(infos.map((i) => [i.step, i.steps, i.loss, i.gradNorm])).toEqual(r.losses.map((l, k) => [k + 1, 3, l, r.gradNorms[k]]));
    infos.forEach((info, k) => {
      expect(info.elapsedMs).toBeGreaterThanOrEqual(0);
      expect(info.elapsedMs).toBeLessThanOrEqual(bounds[k]!);
    });
  });

  it('rejects a missing options record, a model or optimizer without the needed methods, naming each', () => {
    expectError(() => train(undefined as never), ValueError, /^train: expects an options object; got undefined$/, { op, arg: 'options' });
    const m = model();
    const parts = { forward: m.forward.bind(m), parameters: m.parameters.bind(m), setParameters: m.setParameters.bind(m) };
    const withoutEach = (['forward', 'parameters', 'setParameters'] as const).map((k) => ({ ...parts, [k]: undefined }));
    for (const bad of [null, 3, ...withoutEach]) {
      expectError(() => train({ ...base(), model: bad as never }), ValueError, /^train: model must have forward, parameters and setParameters \(e\.g\. a SequenceModel\); got /, { op, arg: 'model' });
    }
    for (const bad of [null, {}, { step: 1 }]) {
      expectError(() => train({ ...base(), optimizer: bad as never }), ValueError, /^train: optimizer must be an Optimizer such as sgd\(\), momentum\(\) or adam\(\); got /, { op, arg: 'optimizer' });
    }
  });

  it('rejects an unknown loss name, a clip that is not positive and an onStep that is not a function', () => {
    expectError(() => train({ ...base(), loss: 'huber' as never }), ValueError, /^train: loss must be 'mse', 'abs', 'crossEntropy' or a function; got "huber"$/, { op, arg: 'loss' });
    for (const bad of [0, -1, NaN, '1']) {
      expectError(() => train({ ...base(), clip: bad as number }), ValueError, /^train: clip must be a positive number; got /, { op, arg: 'clip' });
    }
    expectError(() => train({ ...base(), onStep: 3 as never }), ValueError, /^train: onStep must be a function; got 3$/, { op, arg: 'onStep' });
  });

  it('names the step of a bad batch, a non-scalar loss and a loss that is not finite', () => {
    expectError(() => train({ ...base(), steps: 2, data: (s) => (s === 2 ? ({ inputs: batch.inputs } as never) : batch) }), ValueError, /^train: data must be a batch \{inputs, targets\} of tensors or a function returning one; got an object at step 2$/, {
      op,
      arg: 'data',
    });
    expectError(() => train({ ...base(), loss: (p) => p }), ValueError, /^train: the loss must be a scalar tensor; got shape \[2, 1\]$/, { op, arg: 'loss' });
    expectError(() => train({ ...base(), loss: () => 5 as never }), ValueError, /^train: the loss must be a scalar tensor; got 5$/, { op, arg: 'loss' });
    expectError(() => train({ ...base(), loss: (p) => p.sum().mul(scalar(NaN)) }), ValueError, /^train: the loss became NaN at step 1; lower the learning rate or pass clip$/, { op, arg: 'loss' });
  });
});
