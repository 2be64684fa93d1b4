// The textbook story in numbers: how much of ‖∂E/∂h_T‖ is left k steps back, for a sigmoid
// RNN, a tanh RNN and an LSTM on the same seeded sequence. Run: npm run build && node examples/vanishing.mjs
import { LSTMCell, RNNCell, randn, traceGradients } from 'gradscope';

const T = 60;
const H = 8;
const inputs = randn([T, 1, 1], { seed: 1 }); // [T, B, I]
const targets = randn([1, H], { seed: 2 }); // [B, H]: the loss is at t = T
const cells = {
  'sigmoid RNN': new RNNCell({ inputSize: 1, hiddenSize: H, activation: 'sigmoid', seed: 0 }),
  'tanh RNN': new RNNCell({ inputSize: 1, hiddenSize: H, activation: 'tanh', seed: 0 }),
  'LSTM, forget bias 3': new LSTMCell({ inputSize: 1, hiddenSize: H, forgetBias: 3, seed: 0 }),
};

console.log(`log10 ‖∂E/∂h_(T−k)‖ − log10 ‖∂E/∂h_T‖, T = ${T}`);
console.log(['cell'.padEnd(20), ...[1, 10, 30, 60].map((k) => `k=${k}`.padStart(8))].join(''));
for (const [name, cell] of Object.entries(cells)) {
  const trace = traceGradients(cell, inputs, { targets });
  const l = trace.hiddenGradNormsLog10; // entry t: log10 ‖∂E/∂h_t‖, never underflows
  const row = [1, 10, 30, 60].map((k) => (l[T - k] - l[T]).toFixed(1).padStart(8));
  const s = trace.summary();
  console.log(`${name.padEnd(20)}${row.join('')}   ${s.regime}, ×${s.decayPerStep.toPrecision(2)} per step`);
}
