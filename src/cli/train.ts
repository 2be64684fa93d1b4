/**
 * `gradscope train`: fits a cell with a linear head on a long-range task, with a live progress
 * line, then shows the loss curve and the gradient trace before vs after training.
 * @module
 */
import { traceGradients } from '../inspect/traceGradients.js';
import type { GradientTrace } from '../inspect/gradientTrace.js';
import * as L from '../autodiff/lax.js';
import { Linear } from '../nn/linear.js';
import { crossEntropyLoss, mseLoss } from '../nn/losses.js';
import { adam } from '../nn/optimizers.js';
import { SequenceModel } from '../nn/sequenceModel.js';
import { addingProblem, copyFirstInput, sineWave } from '../nn/tasks.js';
import { train as fit } from '../nn/train.js';
import { terminalChart } from '../plot/terminalChart.js';
import type { Tensor } from '../tensor/tensor.js';
import { choiceOption, intOption, numberOption, parse } from './args.js';
import { buildCell, cellName } from './cells.js';
import type { CliIO } from './io.js';

export const TRAIN_HELP = `Usage: gradscope train [options]

Trains a recurrent cell with a linear head on a long-range task and shows the loss curve and
the gradient trace before vs after training.

Options:
  --task adding|copy|sine      the adding problem, copy-first-input, or sine prediction (default adding)
  --cell rnn|lstm|gru          (default lstm)
  --activation tanh|sigmoid|relu|identity   RNN only (default tanh)
  --lag N                      sequence length / lag (default 20)
  --hidden N                   hidden size (default 8)
  --steps N                    optimizer steps (default 500)
  --batch N                    batch size (default 32)
  --lr X                       Adam learning rate (default 0.05)
  --seed N                     (default 0)
  --no-color                   plain characters only
  -h, --help                   this help
`;

interface TaskSetup {
  readonly inputSize: number;
  readonly outputSize: number;
  readonly readout: 'last' | 'all';
  readonly batch: (seed: number) => { inputs: Tensor; targets: Tensor };
  readonly loss: (pred: Tensor, target: Tensor) => Tensor;
  readonly baseline: string;
}

function setup(task: 'adding' | 'copy' | 'sine', lag: number, batch: number): TaskSetup {
  if (task === 'adding') return { inputSize: 2, outputSize: 1, readout: 'last', batch: (seed) => addingProblem({ T: lag, batch, seed }), loss: mseLoss, baseline: 'predicting 1 gives MSE ≈ 0.167' };
  if (task === 'sine') return { inputSize: 1, outputSize: 1, readout: 'all', batch: (seed) => sineWave({ T: lag, batch, seed }), loss: mseLoss, baseline: 'predicting 0 gives MSE ≈ 0.5' };
  const classes = 4;
  return { inputSize: classes, outputSize: classes, readout: 'last', batch: (seed) => copyFirstInput({ lag, batch, seed, classes }), loss: crossEntropyLoss, baseline: `chance gives cross-entropy ln ${classes} ≈ ${Math.log(classes).toFixed(3)}` };
}

export function train(argv: readonly string[], io: CliIO): number {
  const cmd = 'train';
  const v = parse(cmd, argv, {
    task: { type: 'string', default: 'adding' },
    cell: { type: 'string', default: 'lstm' },
    activation: { type: 'string', default: 'tanh' },
    lag: { type: 'string', default: '20' },
    hidden: { type: 'string', default: '8' },
    steps: { type: 'string', default: '500' },
    batch: { type: 'string', default: '32' },
    lr: { type: 'string', default: '0.05' },
    seed: { type: 'string', default: '0' },
    'no-color': { type: 'boolean' },
  });
  if (v.help) {
    io.out(TRAIN_HELP);
    return 0;
  }
  const task = choiceOption(cmd, 'task', v.task, ['adding', 'copy', 'sine'] as const);
  const kind = choiceOption(cmd, 'cell', v.cell, ['rnn', 'lstm', 'gru'] as const);
  const lag = intOption(cmd, 'lag', v.lag, 2, 5000);
  const H = intOption(cmd, 'hidden', v.hidden, 1, 1024);
  const steps = intOption(cmd, 'steps', v.steps, 1, 1_000_000);
  const B = intOption(cmd, 'batch', v.batch, 1, 4096);
  const lr = numberOption(cmd, 'lr', v.lr, 1e-9, 10);
  const seed = intOption(cmd, 'seed', v.seed, 0, 2 ** 31 - 1);
  const t = setup(task, lag, B);
  const spec = {
    kind,
    activation: choiceOption(cmd, 'activation', v.activation, ['tanh', 'sigmoid', 'relu', 'identity'] as const),
    inputSize: t.inputSize,
    hiddenSize: H,
    seed,
    whhInit: 'uniform' as const,
    whhScale: 1,
    forgetBias: kind === 'lstm' ? 1 : undefined,
  };
  const cell = buildCell(spec);
  const head = new Linear({ inFeatures: H, outFeatures: t.outputSize, seed: seed + 1 });
  const model = new SequenceModel({ cell, head, readout: t.readout });
  const probe = t.batch(1_000_000 + seed);
  const before = traceModel(model, probe, t);
  const name = `${cellName(spec)} + linear head`;
  io.out(`gradscope train — ${name} on the ${task} task (T = ${probe.inputs.shape[0]}, B = ${B}); ${t.baseline}\n`);
  let lastPrint = 0;
  const result = fit({
    model,
    data: (step) => t.batch(seed * 100_003 + step),
    loss: t.loss,
    optimizer: adam({ lr }),
    steps,
    onStep: ({ step, loss, gradNorm, elapsedMs }) => {
      const eta = ((elapsedMs / step) * (steps - step)) / 1000;
      const line = `step ${String(step).padStart(String(steps).length)}/${steps}  loss ${loss.toPrecision(4)}  ‖∇‖ ${gradNorm.toPrecision(3)}  ETA ${eta.toFixed(1)} s`;
      if (io.isTTY) io.out(`\r${line}\x1b[K`);
      else if (step === steps || step - lastPrint >= Math.max(1, Math.floor(steps / 10))) {
        lastPrint = step;
        io.out(`${line}\n`);
      }
    },
  });
  if (io.isTTY) io.out('\n');
  const after = traceModel(model, probe, t);
  const color = io.isTTY && v['no-color'] !== true;
  io.out(`\nLoss per step (final ${result.losses[result.losses.length - 1]!.toPrecision(4)}):\n`);
  io.out(`${terminalChart([{ name: 'loss', values: result.losses.map((x) => Math.log10(x)) }], { width: 72, height: 10, log10: true, color })}\n`);
  io.out(`\n‖∂E/∂h_t‖ on a held-out batch, before vs after training:\n`);
  io.out(`${terminalChart([{ name: 'before', values: before.hiddenGradNormsLog10 }, { name: 'after', values: after.hiddenGradNormsLog10 }], { width: 72, height: 12, log10: true, color })}\n`);
  return 0;
}

/** The cell's trace with the model's own loss through the head, on one batch. */
function traceModel(model: SequenceModel, batch: { inputs: Tensor; targets: Tensor }, t: TaskSetup): GradientTrace {
  const head = model.head;
  return traceGradients(model.cell, batch.inputs, {
    loss: (outs) => {
      if (t.readout === 'last') return t.loss(head.forward(outs[outs.length - 1]!), batch.targets);
      const T = outs.length;
      const B = outs[0]!.shape[0]!;
      const preds = outs.map((h) => head.forward(h));
      return t.loss(L.reshape(L.concat(preds, 0), [T, B, t.outputSize]), batch.targets);
    },
  });
}
