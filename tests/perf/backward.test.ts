/**
 * The reverse walk adds into cotangent sums in place only when nobody else can see them: the
 * seed, user tensors, tensors a rule hands to two inputs and gradients already returned must
 * never change.
 */
import { describe, it, expect } from 'vitest';
import * as L from '../../src/autodiff/lax.js';
import { GradientTape } from '../../src/autodiff/tape.js';
import { LSTMCell } from '../../src/nn/lstmCell.js';
import { unroll } from '../../src/nn/cell.js';
import { randn } from '../../src/tensor/creation.js';

describe('in-place cotangent sums', () => {
  it('leave the outputGradient seed and the inputs untouched when the seed flows to many uses', () => {
    const x = randn([3, 4], { seed: 1 });
    const seed = randn([3, 4], { seed: 2 });
    const before = [...seed.data];
    const xBefore = [...x.data];
    const tape = new GradientTape();
    // add's rule hands the same cotangent to both inputs; identity passes it through
    const y = tape.record(() => L.add(L.add(L.identity(x), x), L.add(x, L.identity(x))));
    const g = tape.gradient(y, x, { outputGradient: seed });
    expect([...seed.data]).toEqual(before);
    expect([...x.data]).toEqual(xBefore);
    expect([...g.data]).toEqual(before.map((v) => v + v + v + v));
  });

  it('give each of two sources its own gradient when a rule returns one tensor for both', () => {
    const a = randn([2, 3], { seed: 3 });
    const b = randn([3], { seed: 4 });
    const tape = new GradientTape({ persistent: true });
    const y = tape.record(() => L.sum(L.mul(L.add(L.add(a, b), L.add(a, b)), 2), [0, 1]));
    const [ga, gb] = tape.gradient(y, [a, b]);
    expect(ga).not.toBe(gb);
    expect([...ga.data]).toEqual(new Array(6).fill(4));
    expect([...gb.data]).toEqual(new Array(3).fill(8));
    // a second walk over the same records starts from scratch
    const [ga2] = tape.gradient(y, [a, b]);
    expect([...ga2.data]).toEqual(new Array(6).fill(4));
    expect([...ga.data]).toEqual(new Array(6).fill(4));
  });

  it('sum a fused LSTM step’s shared bias cotangent into both biases exactly once per step', () => {
    const cell = new LSTMCell({ inputSize: 2, hiddenSize: 3, seed: 5 });
    const x = randn([7, 2, 2], { seed: 6 });
    const tape = new GradientTape();
    const loss = tape.record(() => L.sum(unroll(cell, x).outputs[6]!, [0, 1]));
    const p = cell.parameters();
    const [gIh, gHh] = tape.gradient(loss, [p.biasIh!, p.biasHh!]);
    expect(gIh).not.toBe(gHh);
    expect([...gIh.data]).toEqual([...gHh.data]);
    expect(gIh.data.some((v) => v !== 0)).toBe(true);
  });
});
