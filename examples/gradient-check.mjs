// Check a function's gradient against central finite differences, as a test author would.
// Run: npm run build && node examples/gradient-check.mjs
import { customGradient, randn } from 'gradscope';
import { checkGrad } from 'gradscope/testing';

const f = (x, w) => x.matmul(w).tanh().square().sum(); // any program written with gradscope ops
const ok = checkGrad(f, [randn([2, 3], { seed: 1 }), randn([3, 4], { seed: 2 })]);
console.log(`correct rule: ok = ${ok.ok}, worst abs error ${ok.maxAbsError.toExponential(1)} over ${ok.entries} entries`);

// A deliberately wrong rule (d sin = −cos instead of cos) is caught, and located.
const badSin = customGradient((x) => x.sin(), { vjp: (ct, { inputs: [x] }) => [ct.mul(x.cos()).neg()] });
const bad = checkGrad((x) => badSin(x).sum(), [randn([3], { seed: 3 })], { mode: 'reverse' });
console.log(`wrong rule: ok = ${bad.ok}; worst at input ${bad.worst.input}, element ${bad.worst.inputIndex}: analytic ${bad.worst.analytic.toFixed(4)} vs numeric ${bad.worst.numeric.toFixed(4)}`);
