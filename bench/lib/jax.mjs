/**
 * jax-js 0.1.25: `jit` on its wasm backend, float32 and float64 (float64 arrays via `.astype`).
 * Its arrays are reference counted with move semantics: every use but the last takes `.ref`.
 * The first call of a jitted function traces and compiles; it is reported on its own.
 */
import { init, jit, valueAndGrad, jacfwd, vmap, numpy as np, nn, defaultDevice, tree } from '@jax-js/jax';

let ready;
/** Starts the wasm backend once. */
export async function start() {
  ready ??= init('cpu', 'wasm').then((d) => {
    defaultDevice('wasm');
    return d.includes('wasm');
  });
  return ready;
}

function arr(data, shape, dtype) {
  // float64 from a Float32Array pair (hi + lo) keeps every float64 digit through .astype
  const hi = Float32Array.from(data);
  if (dtype !== 'float64') return np.array(hi, { shape });
  const lo = Float32Array.from(data, (v, i) => v - hi[i]);
  return np.array(hi, { shape }).astype(np.float64).add(np.array(lo, { shape }).astype(np.float64));
}

function lossFn(p, dtype) {
  const dt = dtype === 'float64' ? np.float64 : np.float32;
  return (w, xs, y) => {
    const b = w.bih.add(w.bhh);
    let h = np.zeros([p.B, p.H], { dtype: dt });
    let c = np.zeros([p.B, p.H], { dtype: dt });
    for (let t = 0; t < p.T; t++) {
      const pre = np.matmul(xs[t], w.wih.ref).add(np.matmul(h, w.whh.ref)).add(b.ref);
      if (p.cell === 'lstm') {
        const [i, f, g, o] = np.split(pre, 4, 1);
        const cNew = nn.sigmoid(f).mul(c).add(nn.sigmoid(i).mul(np.tanh(g)));
        h = nn.sigmoid(o).mul(np.tanh(cNew.ref));
        c = cNew;
      } else {
        h = np.tanh(pre);
      }
    }
    w.wih.dispose();
    w.whh.dispose();
    b.dispose();
    c.dispose();
    const d = h.sub(y);
    return d.ref.mul(d).mean();
  };
}

function upload(p, dtype) {
  const GH = p.G * p.H;
  const w = {
    wih: arr(p.transposed.wih, [p.I, GH], dtype),
    whh: arr(p.transposed.whh, [p.H, GH], dtype),
    bih: arr(p.bih, [GH], dtype),
    bhh: arr(p.bhh, [GH], dtype),
  };
  const n = p.B * p.I;
  const xs = Array.from({ length: p.T }, (_, t) => arr(p.x.subarray(t * n, (t + 1) * n), [p.B, p.I], dtype));
  const y = arr(p.y, [p.B, p.H], dtype);
  return { w, xs, y };
}

/** jit(valueAndGrad(loss)): returns { first (ms of the first call), run }. */
export function trainStep(p, dtype) {
  const d = upload(p, dtype);
  const f = jit(valueAndGrad(lossFn(p, dtype)));
  const run = () => {
    const [v, g] = f(tree.ref(d.w), d.xs.map((x) => x.ref), d.y.ref);
    const out = g.whh.dataSync()[0]; // dataSync consumes its array
    tree.dispose([v, g.wih, g.bih, g.bhh]);
    return out;
  };
  const values = () => {
    const [v, g] = f(tree.ref(d.w), d.xs.map((x) => x.ref), d.y.ref);
    const out = [g.wih, g.whh, g.bih, g.bhh].map((t) => Float64Array.from(t.dataSync()));
    v.dispose();
    return out;
  };
  const t0 = performance.now();
  run();
  return { first: performance.now() - t0, run, values };
}

/** All T step Jacobians of a tanh RNN: jit(vmap(jacfwd(step))) over the states of one forward run. */
export function stepJacobians(p, dtype) {
  const d = upload(p, dtype);
  const dt = dtype === 'float64' ? np.float64 : np.float32;
  const forward = jit((w, xs) => {
    const b = w.bih.add(w.bhh);
    let h = np.zeros([1, p.H], { dtype: dt });
    const hs = [];
    for (let t = 0; t < p.T; t++) {
      hs.push(h.ref.reshape([p.H]));
      h = np.tanh(np.matmul(xs[t], w.wih.ref).add(np.matmul(h, w.whh.ref)).add(b.ref));
    }
    w.wih.dispose();
    w.whh.dispose();
    b.dispose();
    h.dispose();
    return np.stack(hs);
  });
  const jac = jit((hs, xs, wih, whh, b) => {
    const J = vmap((h, x) => jacfwd((u) => np.tanh(np.matmul(x, wih.ref).add(np.matmul(u, whh.ref)).add(b.ref)))(h), [0, 0])(hs, xs);
    wih.dispose();
    whh.dispose();
    b.dispose();
    return J;
  });
  const xsFlat = arr(p.x, [p.T, p.I], dtype);
  const run = () => {
    const hs = forward(tree.ref(d.w), d.xs.map((x) => x.ref));
    const b = d.w.bih.ref.add(d.w.bhh.ref);
    const J = jac(hs, xsFlat.ref, d.w.wih.ref, d.w.whh.ref, b);
    return J.dataSync()[0];
  };
  const t0 = performance.now();
  run();
  return { first: performance.now() - t0, run };
}

/** jit(matmul) of two n×n arrays. */
export function matmul(n, dtype) {
  const a = arr(Float64Array.from({ length: n * n }, () => Math.random()), [n, n], dtype);
  const b = arr(Float64Array.from({ length: n * n }, () => Math.random()), [n, n], dtype);
  const f = jit((x, y) => np.matmul(x, y));
  const run = () => {
    return f(a.ref, b.ref).dataSync()[0];
  };
  run();
  return { run };
}
