/**
 * Memory figures, run by run.mjs in a child process with --expose-gc: records per step and bytes
 * per record of a recorded LSTM unroll, and the heap of an SGD training loop sampled every
 * 1000 steps (it should stay flat). Prints JSON.
 */
import { tapeFootprint, trainingHeap } from './lib/gradscope.mjs';
import { problem } from './lib/problem.mjs';

const steps = Number(process.argv[2] ?? 10000);
const fp = tapeFootprint(problem({ cell: 'lstm', B: 1, I: 1, H: 16, T: 200 }));
const heap = trainingHeap(problem({ cell: 'rnn', B: 1, I: 1, H: 16, T: 20 }), steps, Math.max(1, steps / 10));
console.log(JSON.stringify({ ...fp, steps, heap }));
