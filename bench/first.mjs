/**
 * One first-trace measurement (see firstTrace in lib/gradscope.mjs), run by run.mjs in a child
 * process of its own: `node bench/first.mjs <before> <after>` with cell kinds lstm, gru, rnn.
 * Prints JSON { first, warm } in ms.
 */
import { firstTrace, gs } from './lib/gradscope.mjs';

const kinds = ['lstm', 'gru', 'rnn'];
const [before, after] = process.argv.slice(2);
if (!kinds.includes(before) || !kinds.includes(after)) {
  console.error(`usage: node bench/first.mjs <before> <after>, each one of ${kinds.join(', ')}`);
  process.exit(2);
}
console.log(JSON.stringify(firstTrace(before, after, gs)));
