// Temporary demo: a tensor, an operation and a gradient, using the built ESM bundle.
// `npm run demo` builds first; the `gradscope demo` command will replace this file.
import { GradientTape, grad, randn, tanh, tensor } from '../dist/index.js';

const x = tensor([[1, 2, 3], [4, 5, 6]]);
console.log('A tensor x:');
console.log(x.toString());
console.log('\nx.sum(1), the sum of each row:');
console.log(x.sum(1).toString());

const f = (v) => v.square().sum();
console.log('\nThe gradient of f(x) = Σ x² is 2x:');
console.log(grad(f)(x).toString());

console.log('\nBackpropagation through time: h_t = tanh(h_{t-1} W_hhᵀ), loss = Σ h_T.');
const W = randn([8, 8], { seed: 7 }).mul(0.3);
const h0 = randn([1, 8], { seed: 8 });
for (const T of [1, 5, 10, 20, 30]) {
  const tape = new GradientTape();
  const loss = tape.record(() => {
    let h = h0;
    for (let t = 0; t < T; t++) h = tanh(h.matmul(W.transpose()));
    return h.sum();
  });
  const norm = tape.gradient(loss, h0).square().sum().sqrt().item();
  console.log(`T = ${String(T).padStart(2)}: |∂loss/∂h_0| = ${norm.toExponential(2)}`);
}
