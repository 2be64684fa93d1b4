/**
 * GradientTape behaviour: source structures, accumulation, intermediate sources, persistence,
 * output gradients, labelled records, long chains and memory.
 */
import { describe, it, expect } from 'vitest';
import { exposeGc } from '../helpers/heap.js';
import { withLabel } from '../../src/autodiff/bind.js';
import { GradientTape } from '../../src/autodiff/tape.js';
import { add, matmul, mul, sigmoid, sub, sum, tanh } from '../../src/ops/index.js';
import { randn, scalar, tensor } from '../../src/tensor/creation.js';
import type { Tensor } from '../../src/tensor/tensor.js';
import { assertAllClose } from '../../src/testing/allClose.js';
import { TOL } from '../helpers/tolerances.js';

const x = tensor([1, -2, 3]);
const w = tensor([0.5, 0.25, -1]);
const b = scalar(0.3);

/** y = Σ tanh(w·x + b); the tape differentiates it w.r.t. whatever the test asks. */
function recorded(): { tape: GradientTape; y: Tensor } {
  const tape = new GradientTape({ persistent: true });
  const y = tape.record(() => sum(tanh(add(mul(w, x), b))));
  return { tape, y };
}
const dz = (): number[] => Array.from(x.data, (xi, i) => 1 - Math.tanh(w.data[i]! * xi + 0.3) ** 2);

describe('GradientTape sources', () => {
  it('takes a tensor and returns a tensor of its shape', () => {
    const { tape, y } = recorded();
    const g = tape.gradient(y, w);
    assertAllClose(g, dz().map((d, i) => d * x.data[i]!), TOL.exact);
  });

  it('takes an array and returns an array in the same order', () => {
    const { tape, y } = recorded();
    const [gb, gw] = tape.gradient(y, [b, w]);
    expect(gb!.shape).toEqual([]);
    assertAllClose(gb!, dz().reduce((s, d) => s + d, 0), TOL.exact);
    assertAllClose(gw!, dz().map((d, i) => d * x.data[i]!), TOL.exact);
  });

  it('takes a record and returns a record with the same keys', () => {
    const { tape, y } = recorded();
    const g = tape.gradient(y, { weight: w, bias: b });
    expect(Object.keys(g)).toEqual(['weight', 'bias']);
    assertAllClose(g.weight, dz().map((d, i) => d * x.data[i]!), TOL.exact);
  });

  it('takes a nested tree and returns the same structure', () => {
    const { tape, y } = recorded();
    const g = tape.gradient(y, { layer: { params: [w, b] }, input: x });
    expect(Object.keys(g)).toEqual(['layer', 'input']);
    expect(g.layer.params).toHaveLength(2);
    expect(g.layer.params[0]!.shape).toEqual([3]);
    expect(g.layer.params[1]!.shape).toEqual([]);
    assertAllClose(g.input, dz().map((d, i) => d * w.data[i]!), TOL.exact);
  });
});

describe('GradientTape accumulation and intermediates', () => {
  it('sums the contributions of a weight used many times', () => {
    const x1 = tensor([1, 2]);
    const x2 = tensor([-3, 5]);
    const v = tensor([0.1, 0.2]);
    const tape = new GradientTape();
    const y = tape.record(() => add(add(sum(mul(v, x1)), sum(mul(v, x2))), add(sum(v), sum(mul(v, v)))));
    assertAllClose(tape.gradient(y, v), [1 - 3 + 1 + 0.2, 2 + 5 + 1 + 0.4], TOL.exact);
  });

  it('differentiates with respect to recorded intermediate tensors', () => {
    const tape = new GradientTape();
    let h: Tensor | undefined;
    const y = tape.record(() => {
      h = tanh(x);
      return sum(mul(h, h));
    });
    const [gh, gx] = tape.gradient(y, [h!, x]);
    assertAllClose(gh!, mul(h!, 2), TOL.exact);
    assertAllClose(gx!, Array.from(x.data, (v) => 2 * Math.tanh(v) * (1 - Math.tanh(v) ** 2)), TOL.exact);
  });

  it('gives the target itself a gradient of ones', () => {
    const tape = new GradientTape();
    const y = tape.record(() => sum(x));
    expect(tape.gradient(y, y).item()).toBe(1);
  });

  it('accumulates records over several record() calls', () => {
    const tape = new GradientTape();
    const h = tape.record(() => mul(x, 2));
    const y = tape.record(() => sum(mul(h, h)));
    assertAllClose(tape.gradient(y, x), Array.from(x.data, (v) => 8 * v), TOL.exact);
  });
});

describe('GradientTape persistence', () => {
  it('a persistent tape gives the same gradient every time', () => {
    const { tape, y } = recorded();
    const g1 = tape.gradient(y, w);
    const g2 = tape.gradient(y, w);
    expect([...g2.data]).toEqual([...g1.data]);
    expect(tape.records.length).toBeGreaterThan(0);
  });

  it('a non-persistent tape releases its records after its gradient', () => {
    const tape = new GradientTape();
    const y = tape.record(() => sum(tanh(x)));
    expect(tape.records.length).toBe(2);
    tape.gradient(y, x);
    expect(tape.records.length).toBe(0);
    expect(tape.persistent).toBe(false);
  });
});

describe('GradientTape outputGradient', () => {
  it('starts the backward pass from the given cotangent for a non-scalar target', () => {
    const A = tensor([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    const v = tensor([0.5, -1]);
    const tape = new GradientTape();
    const y = tape.record(() => matmul(A, v.reshape([2, 1])).reshape([3]));
    const ct = tensor([1, 0, -2]);
    // Jᵀ·ct = Aᵀ·ct
    assertAllClose(tape.gradient(y, v, { outputGradient: ct }), [1 - 10, 2 - 12], TOL.exact);
  });

  it('scales the gradient of a scalar target', () => {
    const tape = new GradientTape();
    const y = tape.record(() => sum(mul(x, x)));
    assertAllClose(tape.gradient(y, x, { outputGradient: scalar(3) }), Array.from(x.data, (v) => 6 * v), TOL.exact);
  });
});

describe('GradientTape records', () => {
  it('are plain data: op, inputs, output, params and the active label', () => {
    const tape = new GradientTape();
    tape.record(() =>
      withLabel('step 1', () => {
        const z = withLabel('forget gate', () => sigmoid(mul(x, w)));
        return sum(z, 0);
      }),
    );
    const rs = tape.records;
    expect(rs.map((r) => r.op)).toEqual(['mul', 'sigmoid', 'sum']);
    expect(rs.map((r) => r.label)).toEqual(['step 1 / forget gate', 'step 1 / forget gate', 'step 1']);
    expect(rs.map((r) => r.index)).toEqual([0, 1, 2]);
    expect(rs[0]!.inputs).toEqual([x, w]);
    expect(rs[1]!.inputs[0]).toBe(rs[0]!.output);
    expect(rs[2]!.params).toEqual({ axes: [0], keepDims: false });
  });

  it('carry no label outside withLabel, and withLabel restores the previous label', () => {
    const tape = new GradientTape();
    tape.record(() => {
      withLabel('a', () => tanh(x));
      return tanh(x);
    });
    expect(tape.records.map((r) => r.label)).toEqual(['a', undefined]);
  });
});

describe('long chains and memory', () => {
  it('differentiates a 10,000-step unroll without overflowing the stack, exactly as a hand-written reverse pass', () => {
    const T = 10_000;
    const wv = 0.9;
    const xs = Array.from({ length: T }, (_, t) => Math.sin(t));
    const wt = scalar(wv);
    const h0 = scalar(0.1);
    const tape = new GradientTape();
    const hT = tape.record(() => {
      let h = h0;
      for (let t = 0; t < T; t++) h = tanh(add(mul(h, wt), xs[t]!));
      return h;
    });
    const [gw, gh0] = tape.gradient(hT, [wt, h0]);
    // reference: h_t = tanh(w h_{t−1} + x_t); walk back with plain numbers
    const hs = [0.1];
    for (let t = 0; t < T; t++) hs.push(Math.tanh(wv * hs[t]! + xs[t]!));
    let ctH = 1;
    let ctW = 0;
    for (let t = T; t >= 1; t--) {
      const dpre = ctH * (1 - hs[t]! ** 2);
      ctW += dpre * hs[t - 1]!;
      ctH = dpre * wv;
    }
    assertAllClose(gw!, ctW, TOL.exact);
    assertAllClose(gh0!, ctH, TOL.exact);
  });

  it('keeps the heap flat over 100,000 small recorded training steps', () => {
    const gc = exposeGc();
    let v = randn([4], { seed: 1 });
    const u = randn([4], { seed: 2 });
    const heap: number[] = [];
    for (let i = 1; i <= 100_000; i++) {
      const tape = new GradientTape();
      const y = tape.record(() => sum(tanh(mul(v, u))));
      v = sub(v, mul(tape.gradient(y, v), 0.01));
      if (i === 10_000 || i === 100_000) {
        gc?.();
        heap.push(process.memoryUsage().heapUsed);
      }
    }
    // a leak of one record or tensor per step would add well over 10 MB over 90,000 steps
    const bound = gc ? 4e6 : 64e6;
    expect(heap[1]! - heap[0]!).toBeLessThan(bound);
  });
});
