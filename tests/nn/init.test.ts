/**
 * Initialisation: PyTorch's default U(−1/√H, 1/√H) drawn in the order weight_ih, weight_hh,
 * bias_ih, bias_hh; orthogonal, identity and scaled-uniform W_hh per gate block; forget bias.
 */
import { describe, it, expect } from 'vitest';
import { ShapeError, ValueError } from '../../src/errors.js';
import { GRUCell } from '../../src/nn/gruCell.js';
import { identityInit, orthogonalInit, uniformInit } from '../../src/nn/init.js';
import { Linear } from '../../src/nn/linear.js';
import { LSTMCell } from '../../src/nn/lstmCell.js';
import { RNNCell } from '../../src/nn/rnnCell.js';
import type { WeightHhInit } from '../../src/nn/recurrent.js';
import { eye, randn } from '../../src/tensor/creation.js';
import { rng } from '../../src/tensor/rng.js';
import type { Tensor } from '../../src/tensor/tensor.js';
import { allClose } from '../../src/testing/allClose.js';
import { TOL } from '../helpers/tolerances.js';

const H = 5;
type Extra = { readonly weightHh?: WeightHhInit };
const cells = [
  ['RNNCell', 1, (seed: number, o: Extra = {}) => new RNNCell({ inputSize: 3, hiddenSize: H, seed, ...o })],
  ['LSTMCell', 4, (seed: number, o: Extra = {}) => new LSTMCell({ inputSize: 3, hiddenSize: H, seed, ...o })],
  ['GRUCell', 3, (seed: number, o: Extra = {}) => new GRUCell({ inputSize: 3, hiddenSize: H, seed, ...o })],
] as const;
const values = (p: Record<string, Tensor>): number[] => Object.values(p).flatMap((t) => Array.from(t.data));
const block = (w: Tensor, k: number): Tensor => w.slice([k * H, 0], [H, H]);

describe.each(cells)('%s default init', (_, G, make) => {
  it('draws every weight and bias within ±1/√H', () => {
    const v = values(make(0).parameters());
    expect(v.length).toBe(G * H * 3 + G * H * H + 2 * G * H);
    expect(Math.max(...v.map(Math.abs))).toBeLessThanOrEqual(1 / Math.sqrt(H));
    // the draws fill the interval (not, say, [0, 1/√H) or a tenth of it)
    expect(Math.min(...v)).toBeLessThan(-0.8 / Math.sqrt(H));
    expect(Math.max(...v)).toBeGreaterThan(0.8 / Math.sqrt(H));
  });

  it('is identical for the same seed and different for another', () => {
    expect(values(make(7).parameters())).toEqual(values(make(7).parameters()));
    expect(values(make(7).parameters())).not.toEqual(values(make(8).parameters()));
  });

  it('draws in the order weight_ih, weight_hh, bias_ih, bias_hh, row-major, from rng(seed)', () => {
    const g = rng(11);
    const bound = 1 / Math.sqrt(H);
    const expected = [[G * H, 3], [G * H, H], [G * H], [G * H]].map((s) => uniformInit(s, bound, { seed: g }));
    expect(Object.values(make(11).parameters()).map((t) => t.toArray())).toEqual(expected.map((t) => t.toArray()));
  });

  it('with weightHh orthogonal makes every gate block of W_hh orthogonal and leaves the rest as by default', () => {
    const cell = make(3, { weightHh: { init: 'orthogonal', gain: 1 } });
    const ref = make(3).parameters();
    for (let k = 0; k < G; k++) {
      const w = block(cell.parameters().weightHh!, k);
      expect(allClose(w.transpose().matmul(w), eye(H), { atol: 1e-12, rtol: 0 })).toBe(true);
    }
    if (G > 1) expect(block(cell.parameters().weightHh!, 0).toArray()).not.toEqual(block(cell.parameters().weightHh!, 1).toArray());
    for (const k of ['weightIh', 'biasIh', 'biasHh']) expect(cell.parameters()[k]!.toArray()).toEqual(ref[k]!.toArray());
  });

  it('with weightHh identity makes every gate block gain·I', () => {
    const cell = make(0, { weightHh: { init: 'identity', gain: 0.5 } });
    for (let k = 0; k < G; k++) expect(block(cell.parameters().weightHh!, k).toArray()).toEqual(eye(H).mul(0.5).toArray());
  });

  it('with weightHh uniform and a gain scales the default draw', () => {
    const cell = make(2, { weightHh: { init: 'uniform', gain: 3 } });
    expect(cell.parameters().weightHh!.toArray()).toEqual(make(2).parameters().weightHh!.mul(3).toArray());
  });
});

describe('weightHh option errors', () => {
  it('rejects an unknown init and an unknown key', () => {
    expect(() => new RNNCell({ inputSize: 1, hiddenSize: 2, weightHh: { init: 'zeros' as 'uniform' } })).toThrow(/weightHh.init must be 'uniform', 'orthogonal' or 'identity'; got "zeros"/);
    expect(() => new RNNCell({ inputSize: 1, hiddenSize: 2, weightHh: { init: 'identity', scale: 2 } as never })).toThrow(ValueError);
    expect(() => new RNNCell({ inputSize: 1, hiddenSize: 2, weightHh: { init: 'identity', gain: NaN } })).toThrow(/gain must be a finite number/);
  });
});

describe('LSTM forgetBias', () => {
  it('sets the forget slice of bias_ih to forgetBias and of bias_hh to 0, other slices as by default', () => {
    const ref = new LSTMCell({ inputSize: 2, hiddenSize: 3, seed: 4 });
    const cell = new LSTMCell({ inputSize: 2, hiddenSize: 3, seed: 4, forgetBias: 1 });
    const slices = (t: Tensor) => [0, 1, 2, 3].map((k) => Array.from(t.data.slice(3 * k, 3 * k + 3)));
    const [bi, bh, ri, rh] = [cell.biasIh, cell.biasHh, ref.biasIh, ref.biasHh].map(slices);
    expect(bi![1]).toEqual([1, 1, 1]);
    expect(bh![1]).toEqual([0, 0, 0]);
    for (const k of [0, 2, 3]) {
      expect(bi![k]).toEqual(ri![k]);
      expect(bh![k]).toEqual(rh![k]);
    }
    expect(cell.weightIh.toArray()).toEqual(ref.weightIh.toArray());
  });

  it('is refused without a forget gate', () => {
    expect(() => new LSTMCell({ inputSize: 1, hiddenSize: 2, forgetGate: false, forgetBias: 1 })).toThrow(/forgetBias needs a forget gate/);
  });
});

describe('Linear default init', () => {
  it('draws weight then bias within ±1/√in', () => {
    const layer = new Linear({ inFeatures: 4, outFeatures: 3, seed: 5 });
    const g = rng(5);
    expect(layer.weight.toArray()).toEqual(uniformInit([3, 4], 0.5, { seed: g }).toArray());
    expect(layer.bias!.toArray()).toEqual(uniformInit([3], 0.5, { seed: g }).toArray());
    expect(Math.max(...values(layer.parameters()).map(Math.abs))).toBeLessThanOrEqual(0.5);
  });
});

describe('orthogonalInit', () => {
  const gram = (w: Tensor) => w.transpose().matmul(w);
  it('gives WᵀW = I to 1e-12 for a square matrix, and gain² I with a gain', () => {
    expect(allClose(gram(orthogonalInit([6, 6], { seed: 1 })), eye(6), { atol: 1e-12, rtol: 0 })).toBe(true);
    expect(allClose(gram(orthogonalInit([6, 6], { seed: 1, gain: 2 })), eye(6).mul(4), { atol: 1e-12, rtol: 0 })).toBe(true);
  });

  it('has orthonormal columns when tall and orthonormal rows when wide', () => {
    expect(allClose(gram(orthogonalInit([7, 3], { seed: 2 })), eye(3), { atol: 1e-12, rtol: 0 })).toBe(true);
    const w = orthogonalInit([3, 7], { seed: 2 });
    expect(allClose(w.matmul(w.transpose()), eye(3), { atol: 1e-12, rtol: 0 })).toBe(true);
  });

  it('is the sign-corrected Q of the seeded normal matrix: QᵀA is upper triangular with a positive diagonal', () => {
    const a = randn([5, 4], { seed: 9 });
    const r = orthogonalInit([5, 4], { seed: 9 }).transpose().matmul(a);
    for (let i = 0; i < 4; i++) {
      expect(r.get(i, i)).toBeGreaterThan(0);
      for (let j = 0; j < i; j++) expect(Math.abs(r.get(i, j))).toBeLessThan(TOL.exact.atol * 10);
    }
  });

  it('is deterministic per seed', () => {
    expect(orthogonalInit([4, 4], { seed: 3 }).toArray()).toEqual(orthogonalInit([4, 4], { seed: 3 }).toArray());
    expect(orthogonalInit([4, 4], { seed: 3 }).toArray()).not.toEqual(orthogonalInit([4, 4], { seed: 4 }).toArray());
  });

  it('rejects a shape that is not a matrix', () => {
    expect(() => orthogonalInit([2, 2, 2])).toThrow(ShapeError);
  });
});

describe('identityInit and uniformInit', () => {
  it('identityInit is gain times a (rectangular) identity', () => {
    expect(identityInit([2, 3], { gain: 2 }).toArray()).toEqual([[2, 0, 0], [0, 2, 0]]);
  });

  it('uniformInit respects gain·bound and keeps the dtype asked for', () => {
    const t = uniformInit([100], 0.5, { seed: 1, gain: 2, dtype: 'float32' });
    expect(t.dtype).toBe('float32');
    expect(Math.max(...Array.from(t.data, Math.abs))).toBeLessThanOrEqual(1);
    expect(Math.max(...Array.from(t.data, Math.abs))).toBeGreaterThan(0.9);
  });

  it('rejects a negative bound, an unknown option and a bad seed', () => {
    expect(() => uniformInit([2], -1)).toThrow(/bound must be a finite number ≥ 0; got -1/);
    expect(() => uniformInit([2], 1, { sede: 1 } as never)).toThrow(/unknown option 'sede'/);
    expect(() => uniformInit([2], 1, { seed: 1.5 })).toThrow(ValueError);
  });
});
