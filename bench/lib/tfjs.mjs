/**
 * TensorFlow.js 4.22 on its cpu and wasm backends (float32; TF.js has no float64). Weights in
 * its own layout ([in, G·H]: x·W with no transposes, so the wasm matmuls take their fast path).
 * `@tensorflow/tfjs` is imported because the core package's Node build registers no gradients.
 */
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
setWasmPaths(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm')) + path.sep);

/** Switches the backend; returns false when it is not available. */
export async function use(backend) {
  const ok = await tf.setBackend(backend);
  await tf.ready();
  return ok && tf.getBackend() === backend;
}

function lossFn(p, xs, y) {
  const { H, cell } = p;
  return (wih, whh, bih, bhh) => {
    const b = tf.add(bih, bhh);
    let h = tf.zeros([p.B, H]);
    let c = tf.zeros([p.B, H]);
    for (let t = 0; t < p.T; t++) {
      const pre = tf.add(tf.add(tf.matMul(xs[t], wih), tf.matMul(h, whh)), b);
      if (cell === 'lstm') {
        const [i, f, g, o] = tf.split(pre, 4, 1);
        c = tf.add(tf.mul(tf.sigmoid(f), c), tf.mul(tf.sigmoid(i), tf.tanh(g)));
        h = tf.mul(tf.sigmoid(o), tf.tanh(c));
      } else {
        h = tf.tanh(pre);
      }
    }
    return tf.mean(tf.square(tf.sub(h, y)));
  };
}

/** Tensors of a problem on the current backend (kept until `dispose`). */
function upload(p) {
  const GH = p.G * p.H;
  const vars = [
    tf.tensor2d(Float32Array.from(p.transposed.wih), [p.I, GH]),
    tf.tensor2d(Float32Array.from(p.transposed.whh), [p.H, GH]),
    tf.tensor1d(Float32Array.from(p.bih)),
    tf.tensor1d(Float32Array.from(p.bhh)),
  ];
  const x = tf.tensor3d(Float32Array.from(p.x), [p.T, p.B, p.I]);
  const xs = tf.unstack(x).map((t) => t.reshape([p.B, p.I]));
  x.dispose();
  const y = tf.tensor2d(Float32Array.from(p.y), [p.B, p.H]);
  return { vars, xs, y, dispose: () => tf.dispose([...vars, ...xs, y]) };
}

/** Forward + backward, gradients of the four parameters (read back, so the work is done). */
export function trainStep(p) {
  const d = upload(p);
  const grads = tf.grads(lossFn(p, d.xs, d.y));
  const run = () => {
    const g = tf.tidy(() => grads(d.vars));
    const v = g[1].dataSync()[0];
    tf.dispose(g);
    return v;
  };
  const values = () => {
    const g = tf.tidy(() => grads(d.vars));
    const out = g.map((t) => t.dataSync().slice());
    tf.dispose(g);
    return out;
  };
  return { run, values, dispose: d.dispose };
}

/**
 * All T step Jacobians of a tanh RNN, the way TF.js can: run the sequence forward, then one
 * batched backward pass per step (the state tiled H times, an identity cotangent).
 */
export function stepJacobians(p) {
  const d = upload(p);
  const { H } = p;
  const b = tf.add(d.vars[2], d.vars[3]);
  const step = (x) => (h) => tf.tanh(tf.add(tf.add(tf.matMul(x, d.vars[0]), tf.matMul(h, d.vars[1])), b));
  const eye = tf.eye(H);
  const run = () => {
    const js = tf.tidy(() => {
      let h = tf.zeros([1, H]);
      const out = [];
      for (let t = 0; t < p.T; t++) {
        const x = d.xs[t];
        const hs = tf.tile(h, [H, 1]);
        const xs = tf.tile(x, [H, 1]);
        const { value, grad } = tf.valueAndGrad(step(xs))(hs, eye);
        out.push(grad); // row i: e_iᵀ·∂h_t/∂h_{t−1}
        h = tf.slice(value, [0, 0], [1, H]);
      }
      return out;
    });
    const v = js[p.T - 1].dataSync()[0];
    tf.dispose(js);
    return v;
  };
  return { run, dispose: () => { d.dispose(); tf.dispose([b, eye]); } };
}

/** Square matmul n×n·n×n in float32. */
export function matmul(n) {
  const a = tf.randomNormal([n, n]);
  const b = tf.randomNormal([n, n]);
  return { run: () => tf.tidy(() => tf.matMul(a, b).dataSync()[0]), dispose: () => tf.dispose([a, b]) };
}

export { tf };
