/**
 * gradscope's side of each workload, from the built package (dist/).
 */
import * as gs from '../../dist/index.js';

/** A cell with the problem's weights. */
export function makeCell(p, dtype = 'float64') {
  const opts = { inputSize: p.I, hiddenSize: p.H, seed: 0, dtype };
  const cell = p.cell === 'lstm' ? new gs.LSTMCell(opts) : new gs.RNNCell({ ...opts, activation: 'tanh' });
  const t = (d, shape) => gs.tensor(dtype === 'float64' ? d : Float32Array.from(d), shape);
  const GH = p.G * p.H;
  cell.setParameters({ weightIh: t(p.wih, [GH, p.I]), weightHh: t(p.whh, [GH, p.H]), biasIh: t(p.bih, [GH]), biasHh: t(p.bhh, [GH]) });
  return { cell, x: t(p.x, [p.T, p.B, p.I]), y: t(p.y, [p.B, p.H]) };
}

/** Forward + backward: MSE of the last h, gradients of all four parameters. Returns a runner. */
export function trainStep(p) {
  const { cell, x, y } = makeCell(p);
  const run = () => {
    const tape = new gs.GradientTape();
    const loss = tape.record(() => gs.mseLoss(gs.unroll(cell, x).outputs[p.T - 1], y));
    const g = tape.gradient(loss, cell.parameters());
    return g.weightHh.data[0];
  };
  return { run, loss: () => { const tape = new gs.GradientTape(); return tape.record(() => gs.mseLoss(gs.unroll(cell, x).outputs[p.T - 1], y)).item(); }, grads: () => {
    const tape = new gs.GradientTape();
    const loss = tape.record(() => gs.mseLoss(gs.unroll(cell, x).outputs[p.T - 1], y));
    return tape.gradient(loss, cell.parameters());
  } };
}

/** All T step Jacobians through traceGradients (forward, the traced backward pass, the batched Jacobian walks). */
export function stepJacobians(p) {
  const { cell, x, y } = makeCell(p);
  return {
    run: () => gs.traceGradients(cell, x, { targets: y }).stepJacobians()[p.T].data[0],
    jacobians: () => gs.traceGradients(cell, x, { targets: y }).stepJacobians(),
  };
}

/** The browser demo's unit of work: a trace, every step Jacobian, the norm curve log10 ‖∂s_T/∂s_s‖. */
export function demo(p) {
  const { cell, x, y } = makeCell(p);
  return () => {
    const trace = gs.traceGradients(cell, x, { targets: y });
    trace.stepJacobians();
    return trace.jacobianProductNorms(undefined, { log10: true })[0];
  };
}

/** The parts of the demo's unit of work, each timed alone. */
export function demoParts(p) {
  const { cell, x, y } = makeCell(p);
  const time = (f) => { const t0 = performance.now(); const r = f(); return [performance.now() - t0, r]; };
  return () => {
    const [tTrace, trace] = time(() => gs.traceGradients(cell, x, { targets: y }));
    const [tJac] = time(() => trace.stepJacobians());
    const [tNorms] = time(() => trace.jacobianProductNorms(undefined, { log10: true }));
    return { trace: tTrace, jacobians: tJac, norms: tNorms };
  };
}

/** Square matmul n×n·n×n. */
export function matmul(n, dtype) {
  const a = gs.randn([n, n], { seed: 1, dtype });
  const b = gs.randn([n, n], { seed: 2, dtype });
  return () => gs.matmul(a, b).data[0];
}

/** Records per step and bytes per record of a recorded unroll (needs --expose-gc). */
export function tapeFootprint(p) {
  const { cell, x, y } = makeCell(p);
  global.gc();
  const before = process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
  const tape = new gs.GradientTape();
  const loss = tape.record(() => gs.mseLoss(gs.unroll(cell, x).outputs[p.T - 1], y));
  global.gc();
  const after = process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
  const records = tape.records.length;
  tape.gradient(loss, cell.parameters());
  return { records, perStep: records / p.T, bytesPerRecord: (after - before) / records };
}

/** Heap after every `every` steps of an SGD training loop (needs --expose-gc). */
export function trainingHeap(p, steps, every) {
  const { cell, x, y } = makeCell(p);
  const opt = gs.sgd({ lr: 0.01 });
  const heap = [];
  for (let s = 1; s <= steps; s++) {
    const tape = new gs.GradientTape();
    const loss = tape.record(() => gs.mseLoss(gs.unroll(cell, x).outputs[p.T - 1], y));
    const g = tape.gradient(loss, cell.parameters());
    cell.setParameters(opt.step(cell.parameters(), g));
    if (s % every === 0) {
      global.gc();
      const m = process.memoryUsage();
      heap.push(m.heapUsed + m.arrayBuffers);
    }
  }
  return heap;
}

/**
 * The first trace of an LSTM or GRU or tanh-RNN trace of a new kind (`after`, H = 23, T = 100,
 * B = 2, with its step Jacobians) in a process that has run 30 traces of another (`before`,
 * H = 64): `before` = `after` is a change of shape only. Against that same trace warm (the median
 * of 9 calls after 20 more). Run it once per process (bench/first.mjs) or page
 * (bench/browser.mjs --first): code that has run for `before` only is what the first call meets.
 * `lib` is the gradscope module; self-contained (no outer names) so that a page can run its source.
 */
export function firstTrace(before, after, lib) {
  const mk = (H, kind) => {
    const opts = { inputSize: 3, hiddenSize: H, seed: 2 };
    const cell = kind === 'lstm' ? new lib.LSTMCell(opts) : kind === 'gru' ? new lib.GRUCell(opts) : new lib.RNNCell({ ...opts, activation: 'tanh' });
    const x = lib.randn([100, 2, 3], { seed: 3 });
    const y = lib.zeros([2, H]);
    return () => lib.traceGradients(cell, x, { targets: y }).stepJacobians();
  };
  const time = (f) => {
    const t = performance.now();
    f();
    return performance.now() - t;
  };
  const warmUp = mk(64, before);
  for (let i = 0; i < 30; i++) warmUp();
  const f = mk(23, after);
  const first = time(f);
  for (let i = 0; i < 20; i++) f();
  const warm = Array.from({ length: 9 }, () => time(f)).sort((a, b) => a - b)[4];
  return { first, warm };
}

/** What a switch of {@link SWITCHES} is, in words: `LSTM → GRU (new cell type)`. */
export function describeSwitch(before, after) {
  const name = (k) => ({ lstm: 'LSTM', gru: 'GRU', rnn: 'RNN' })[k];
  return before === after ? `${name(after)} H64 → H23 (new shape)` : `${name(before)} → ${name(after)} (new cell type)`;
}

/** The switches the bench measures ([before, after]; the first is a change of shape only). */
export const SWITCHES = [['lstm', 'lstm'], ['lstm', 'gru'], ['lstm', 'rnn'], ['gru', 'lstm'], ['rnn', 'lstm'], ['gru', 'rnn'], ['rnn', 'gru']];

export { gs };
