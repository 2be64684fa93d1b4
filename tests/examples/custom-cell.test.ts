/**
 * The custom-cell example: a user-written peephole LSTM works with unroll, the tape and
 * SequenceModel, and its gradients agree with finite differences.
 */
import { describe, it, expect } from 'vitest';
import { PeepholeLSTMCell, main } from '../../examples/custom-cell.js';
import { Linear, SequenceModel, randn, unroll } from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { assertGrad } from '../../src/testing/index.js';
import { TOL } from '../helpers/tolerances.js';

describe('examples/custom-cell.ts', () => {
  it('unrolls with the library’s unroll: T outputs [B, H] and T + 1 states {h, c}', () => {
    const cell = new PeepholeLSTMCell({ inputSize: 2, hiddenSize: 3 });
    const { outputs, states } = unroll(cell, randn([5, 4, 2], { seed: 1 }));
    expect(outputs.length).toBe(5);
    expect(outputs[4]!.shape).toEqual([4, 3]);
    expect(states.length).toBe(6);
    expect(Object.keys(states[5]!)).toEqual(['h', 'c']);
  });

  it('has the gradients finite differences give for every parameter and the initial state', () => {
    const cell = new PeepholeLSTMCell({ inputSize: 2, hiddenSize: 3, seed: 2 });
    const names = Object.keys(cell.parameters());
    const x = randn([4, 2, 2], { seed: 3 });
    const w = randn([2, 3], { seed: 4 });
    const f = (...args: Tensor[]): Tensor => {
      cell.setParameters(Object.fromEntries(names.map((n, i) => [n, args[i]!])));
      const [h0, c0] = args.slice(names.length);
      return unroll(cell, x, { h: h0!, c: c0! }).outputs[3]!.mul(w).sum();
    };
    const args = [...Object.values(cell.parameters()), randn([2, 3], { seed: 5 }), randn([2, 3], { seed: 6 })];
    expect(assertGrad(f, args, TOL.fd).entries).toBeGreaterThan(0);
  });

  it('the peepholes matter: zeroing p_f changes the output', () => {
    const cell = new PeepholeLSTMCell({ inputSize: 1, hiddenSize: 2, seed: 1 });
    const x = randn([3, 1, 1], { seed: 1 });
    const before = unroll(cell, x).outputs[2]!.toArray();
    const p = cell.parameters();
    cell.setParameters({ ...p, peepF: p.peepF!.mul(0) });
    expect(unroll(cell, x).outputs[2]!.toArray()).not.toEqual(before);
  });

  it('fits in a SequenceModel like a built-in cell', () => {
    const model = new SequenceModel({ cell: new PeepholeLSTMCell({ inputSize: 1, hiddenSize: 3 }), head: new Linear({ inFeatures: 3, outFeatures: 1 }) });
    expect(model.forward(randn([4, 2, 1], { seed: 1 })).shape).toEqual([2, 1]);
    expect(Object.keys(model.stateDict())).toContain('cell.peepF');
  });

  it('main prints the loss and one gradient norm per parameter and for c0', () => {
    const lines = main(() => undefined);
    expect(lines[0]).toMatch(/^peephole LSTM, T = 25, B = 2, H = 4: E = ‖h_25‖² = \d+\.\d{6}$/);
    expect(lines.slice(1).map((l) => l.match(/∂E\/∂(\w+)/)?.[1])).toEqual(['weightIh', 'weightHh', 'bias', 'peepI', 'peepF', 'peepO', 'c0']);
    expect(lines.slice(1).every((l) => !/= 0\.000e\+0$/.test(l))).toBe(true);
  });
});
