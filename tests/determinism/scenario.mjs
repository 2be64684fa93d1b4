// The determinism scenario, in plain JavaScript so that the same code runs against the sources
// (under vitest), the ESM build and the CJS build (in plain Node). `run(lib)` takes the
// library's namespace and returns every trace's toJSON() and the raw bits of its float arrays.

/** The bytes of a float array as hex: equal strings mean bit-identical numbers (−0 and NaN payloads included). */
function hex(data) {
  const f = data instanceof Float32Array || data instanceof Float64Array ? data : Float64Array.from(data);
  return Buffer.from(f.buffer, f.byteOffset, f.byteLength).toString('hex');
}

function traceBits(name, trace, out) {
  const T = trace.steps;
  out[`${name}.hiddenGradNormsLog10`] = hex(trace.hiddenGradNormsLog10);
  for (const [k, v] of Object.entries(trace.stateGradNormsLog10)) out[`${name}.stateGradNormsLog10.${k}`] = hex(v);
  for (const [k, v] of Object.entries(trace.paramGradNormsByStepLog10)) out[`${name}.paramGradNormsByStepLog10.${k}`] = hex(v);
  for (const [k, g] of Object.entries(trace.paramGrads)) out[`${name}.paramGrads.${k}`] = hex(g.data);
  out[`${name}.stepJacobian`] = hex(trace.stepJacobian(T).data);
  out[`${name}.jacobianProductNorms`] = hex(trace.jacobianProductNorms(T, { log10: true }));
  out[`${name}.singularValues`] = hex(trace.singularValues(0, T));
  for (const [k, s] of Object.entries(trace.states[T])) out[`${name}.finalState.${k}`] = hex(s.data);
}

/** Seeded traces of an RNN, an LSTM, a GRU and a float32 RNN, and a seeded training run. */
export function run(lib) {
  const { RNNCell, LSTMCell, GRUCell, Linear, SequenceModel, adam, train, traceGradients, randn, sineWave } = lib;
  const bits = {};
  const json = [];
  const traces = [
    ['rnn', () => {
      const cell = new RNNCell({ inputSize: 2, hiddenSize: 6, activation: 'sigmoid', seed: 11 });
      return traceGradients(cell, randn([30, 3, 2], { seed: 12 }), { targets: randn([3, 6], { seed: 13 }) });
    }],
    ['lstm', () => {
      const cell = new LSTMCell({ inputSize: 2, hiddenSize: 4, forgetBias: 1, seed: 21 });
      return traceGradients(cell, randn([20, 2, 2], { seed: 22 }), { targets: randn([20, 2, 4], { seed: 23 }), lossAt: 'all' });
    }],
    ['gru', () => {
      const cell = new GRUCell({ inputSize: 3, hiddenSize: 5, seed: 31 });
      return traceGradients(cell, randn([15, 2, 3], { seed: 32 }), { targets: randn([2, 5], { seed: 33 }), loss: 'abs' });
    }],
    ['rnn32', () => {
      const cell = new RNNCell({ inputSize: 2, hiddenSize: 4, seed: 41, dtype: 'float32' });
      return traceGradients(cell, randn([12, 2, 2], { seed: 42, dtype: 'float32' }), { targets: randn([2, 4], { seed: 43, dtype: 'float32' }) });
    }],
  ];
  for (const [name, make] of traces) {
    const trace = make();
    json.push(trace.toJSON());
    traceBits(name, trace, bits);
  }
  const model = new SequenceModel({ cell: new LSTMCell({ inputSize: 1, hiddenSize: 3, seed: 51 }), head: new Linear({ inFeatures: 3, outFeatures: 1, seed: 52 }), readout: 'all' });
  const r = train({ model, data: (s) => sineWave({ T: 8, batch: 4, seed: s }), optimizer: adam({ lr: 0.01 }), steps: 20 });
  bits['train.losses'] = hex(r.losses);
  for (const [k, p] of Object.entries(model.parameters())) bits[`train.${k}`] = hex(p.data);
  return { json, bits };
}
