// Train an LSTM with a linear head on the adding problem (Hochreiter & Schmidhuber 1997):
// two marked numbers in a sequence of T, predict their sum. Predicting 1 always gives MSE ≈ 0.167.
// Run: npm run build && node examples/adding-problem.mjs
import { LSTMCell, Linear, SequenceModel, adam, addingProblem, train } from 'gradscope';

const T = 20;
const model = new SequenceModel({
  cell: new LSTMCell({ inputSize: 2, hiddenSize: 8, forgetBias: 1, seed: 0 }),
  head: new Linear({ inFeatures: 8, outFeatures: 1, seed: 1 }),
  readout: 'last',
});
const result = train({
  model,
  data: (step) => addingProblem({ T, batch: 32, seed: step }),
  loss: 'mse',
  optimizer: adam({ lr: 0.05 }),
  steps: 500,
  onStep: ({ step, loss }) => {
    if (step % 100 === 0) console.log(`step ${step}: loss ${loss.toFixed(4)}`);
  },
});
const test = addingProblem({ T, batch: 256, seed: 99_999 });
const pred = model.forward(test.inputs);
const mse = pred.sub(test.targets).square().mean().item();
console.log(`held-out MSE ${mse.toFixed(4)} (baseline 0.167); final training loss ${result.losses.at(-1).toFixed(4)}`);
