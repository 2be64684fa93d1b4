/**
 * SequenceModel: a cell and a Linear head, PyTorch-style dotted names, readouts 'last' and
 * 'all', and the checks at construction.
 */
import { describe, it, expect } from 'vitest';
import { GradientTape } from '../../src/autodiff/tape.js';
import { DTypeError, ShapeError, ValueError } from '../../src/errors.js';
import { unroll } from '../../src/nn/cell.js';
import { GRUCell } from '../../src/nn/gruCell.js';
import { Linear } from '../../src/nn/linear.js';
import { LSTMCell } from '../../src/nn/lstmCell.js';
import { SequenceModel } from '../../src/nn/sequenceModel.js';
import { randn, zeros } from '../../src/tensor/creation.js';
import { allClose } from '../../src/testing/allClose.js';
import { TOL } from '../helpers/tolerances.js';

const make = (seed: number, readout: 'last' | 'all' = 'last') =>
  new SequenceModel({ cell: new LSTMCell({ inputSize: 2, hiddenSize: 3, seed }), head: new Linear({ inFeatures: 3, outFeatures: 4, seed: seed + 1 }), readout });

describe('SequenceModel', () => {
  it('names its state dict as PyTorch does for a module with self.cell and self.linear', () => {
    expect(Object.keys(make(0).stateDict())).toEqual(['cell.weight_ih', 'cell.weight_hh', 'cell.bias_ih', 'cell.bias_hh', 'linear.weight', 'linear.bias']);
  });

  it('names its parameters with the same dotted prefixes, camelCase as on the parts', () => {
    const m = make(0);
    const p = m.parameters();
    expect(Object.keys(p)).toEqual(['cell.weightIh', 'cell.weightHh', 'cell.biasIh', 'cell.biasHh', 'linear.weight', 'linear.bias']);
    expect(p['cell.weightHh']).toBe(m.cell.weightHh);
    expect(p['linear.weight']).toBe(m.head.parameters().weight);
  });

  it('round-trips its state dict exactly through JSON', () => {
    const a = make(1);
    const b = make(5);
    b.loadStateDict(JSON.parse(JSON.stringify(a.stateDict())));
    expect(b.stateDict()).toEqual(a.stateDict());
    const x = randn([4, 2, 2], { seed: 3 });
    expect(b.forward(x).toArray()).toEqual(a.forward(x).toArray());
  });

  it('names the dotted entry at fault in state dict errors', () => {
    const m = make(0);
    const d = m.stateDict();
    expect(() => m.loadStateDict({ ...d, 'linear.weight': [[1, 2, 3]] })).toThrow(/linear\.weight must have shape \[4, 3\]; got \[1, 3\]/);
    const { 'cell.bias_hh': _, ...rest } = d;
    expect(() => m.loadStateDict(rest)).toThrow(/missing state dict entry 'cell.bias_hh'/);
    expect(() => m.loadStateDict({ ...d, 'head.weight': [[1]] })).toThrow(/unknown state dict entry 'head.weight'/);
  });

  it('setParameters hands each part its share and checks the dotted names', () => {
    const m = make(0);
    const p = { ...m.parameters(), 'linear.bias': zeros([4]) };
    m.setParameters(p);
    expect(m.head.parameters().bias).toBe(p['linear.bias']);
    expect(() => m.setParameters({ ...p, 'cell.weightIh': zeros([2, 2]) })).toThrow(ShapeError);
  });

  it("with readout 'last' gives head(h_T) [B, O]", () => {
    const m = make(2);
    const x = randn([5, 3, 2], { seed: 4 });
    const hT = unroll(m.cell, x).outputs[4]!;
    expect(m.forward(x).shape).toEqual([3, 4]);
    expect(m.forward(x).toArray()).toEqual(m.head.forward(hT).toArray());
  });

  it("with readout 'all' gives head(h_t) for every t, [T, B, O]", () => {
    const m = make(2, 'all');
    const x = randn([5, 3, 2], { seed: 4 });
    const y = m.forward(x);
    expect(y.shape).toEqual([5, 3, 4]);
    unroll(m.cell, x).outputs.forEach((h, t) => {
      expect(allClose(y.slice([t], [1]).squeeze(0), m.head.forward(h), TOL.exact)).toBe(true);
    });
  });

  it('is differentiable end to end: every parameter gets a gradient', () => {
    const m = new SequenceModel({ cell: new GRUCell({ inputSize: 1, hiddenSize: 2 }), head: new Linear({ inFeatures: 2, outFeatures: 1 }) });
    const tape = new GradientTape();
    const params = m.parameters();
    const e = tape.record(() => m.forward(randn([3, 2, 1], { seed: 1 })).square().sum());
    const g = tape.gradient(e, params);
    expect(Object.keys(g)).toEqual(Object.keys(params));
    expect(Object.values(g).every((t) => t.data.some((v) => v !== 0))).toBe(true);
  });

  it('uses a given initial state', () => {
    const m = make(0);
    const x = randn([2, 1, 2], { seed: 1 });
    const s0 = { h: randn([1, 3], { seed: 2 }), c: randn([1, 3], { seed: 3 }) };
    expect(m.forward(x, s0).toArray()).toEqual(m.head.forward(unroll(m.cell, x, s0).outputs[1]!).toArray());
    expect(m.forward(x, s0).toArray()).not.toEqual(m.forward(x).toArray());
  });

  it('rejects a head of the wrong size or dtype, an unknown readout, and empty sequences', () => {
    const cell = new LSTMCell({ inputSize: 2, hiddenSize: 3 });
    expect(() => new SequenceModel({ cell, head: new Linear({ inFeatures: 4, outFeatures: 1 }) })).toThrow(/inFeatures must equal the cell's hiddenSize 3; got 4/);
    expect(() => new SequenceModel({ cell, head: new Linear({ inFeatures: 3, outFeatures: 1, dtype: 'float32' }) })).toThrow(DTypeError);
    expect(() => new SequenceModel({ cell, head: new Linear({ inFeatures: 3, outFeatures: 1 }), readout: 'first' as 'last' })).toThrow(/readout must be 'last' or 'all'/);
    expect(() => new SequenceModel({ cell, head: {} as never })).toThrow(/head must have forward, parameters and setParameters/);
    expect(() => make(0).forward(zeros([0, 1, 2]))).toThrow(ValueError);
    expect(() => make(0).forward(zeros([3, 1, 5]))).toThrow(/inputs must be \[T, B, I\] with I = 2; got \[3, 1, 5\]/);
  });
});
