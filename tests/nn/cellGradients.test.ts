/**
 * Every built-in cell is differentiated by the engine like user code: gradients of every
 * parameter, of the initial state and of the inputs agree with central finite differences,
 * for one step and for an unrolled sequence, in reverse and forward mode, with batch 2.
 */
import { describe, it, expect } from 'vitest';
import { GradientTape } from '../../src/autodiff/tape.js';
import { unroll } from '../../src/nn/cell.js';
import { randn } from '../../src/tensor/creation.js';
import { checkGrad } from '../../src/testing/checkGrad.js';
import { TOL } from '../helpers/tolerances.js';
import { B, I, cellCases, randomState, sequenceArgs, sequenceLoss } from './fixtures.js';

describe.each(cellCases)('$name', ({ make }) => {
  it('one step has the gradients finite differences give for every parameter, the state and x', () => {
    const cell = make(3);
    const f = sequenceLoss(cell, 1);
    const r = checkGrad(f, sequenceArgs(cell, 1, 5), TOL.fd);
    expect(r.ok, JSON.stringify(r.worst)).toBe(true);
    expect(r.entries).toBeGreaterThan(0);
  });

  it('a 4-step unroll has the gradients finite differences give for every parameter, s_0 and the inputs', () => {
    const cell = make(4);
    const r = checkGrad(sequenceLoss(cell, 4), sequenceArgs(cell, 4, 6), TOL.fd);
    expect(r.ok, JSON.stringify(r.worst)).toBe(true);
    expect(r.entries).toBeGreaterThan(0);
  });

  it('tape.gradient(loss, cell.parameters()) returns a record with the same keys and shapes', () => {
    const cell = make(1);
    const params = cell.parameters();
    const tape = new GradientTape();
    const loss = tape.record(() => unroll(cell, randn([3, B, I], { seed: 2 }), randomState(cell, 1)).outputs[2]!.square().sum());
    const g = tape.gradient(loss, params);
    expect(Object.keys(g)).toEqual(Object.keys(params));
    for (const k of Object.keys(params)) {
      expect(g[k]!.shape).toEqual(params[k]!.shape);
      expect(g[k]!.data.some((v) => v !== 0)).toBe(true);
    }
  });

  it('step does not change its inputs or the state it is given', () => {
    const cell = make(2);
    const x = randn([B, I], { seed: 9 });
    const s = randomState(cell, 4);
    const before = [x, ...Object.values(s)].map((t) => Array.from(t.data));
    const next = cell.step(x, s);
    expect([x, ...Object.values(s)].map((t) => Array.from(t.data))).toEqual(before);
    expect(Object.keys(next)).toEqual([...cell.stateKeys]);
  });
});
