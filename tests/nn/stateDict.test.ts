/**
 * Parameters and state dicts: PyTorch names, exact JSON round trips, clear errors for wrong
 * names, shapes and dtypes, and immutability of the records handed out.
 */
import { describe, it, expect } from 'vitest';
import { DTypeError, ShapeError, ValueError } from '../../src/errors.js';
import { GRUCell } from '../../src/nn/gruCell.js';
import { Linear } from '../../src/nn/linear.js';
import { LSTMCell } from '../../src/nn/lstmCell.js';
import type { Module } from '../../src/nn/module.js';
import { RNNCell } from '../../src/nn/rnnCell.js';
import { tensor, zeros } from '../../src/tensor/creation.js';
import type { NestedInput } from '../../src/tensor/creation.js';

const modules: [string, (seed: number, dtype?: 'float32') => Module, string[], number[][]][] = [
  ['RNNCell', (seed, dtype) => new RNNCell({ inputSize: 2, hiddenSize: 3, seed, ...(dtype ? { dtype } : {}) }), ['weight_ih', 'weight_hh', 'bias_ih', 'bias_hh'], [[3, 2], [3, 3], [3], [3]]],
  ['LSTMCell', (seed, dtype) => new LSTMCell({ inputSize: 2, hiddenSize: 3, seed, ...(dtype ? { dtype } : {}) }), ['weight_ih', 'weight_hh', 'bias_ih', 'bias_hh'], [[12, 2], [12, 3], [12], [12]]],
  ['LSTMCell without forget gate', (seed, dtype) => new LSTMCell({ inputSize: 2, hiddenSize: 3, forgetGate: false, seed, ...(dtype ? { dtype } : {}) }), ['weight_ih', 'weight_hh', 'bias_ih', 'bias_hh'], [[9, 2], [9, 3], [9], [9]]],
  ['GRUCell', (seed, dtype) => new GRUCell({ inputSize: 2, hiddenSize: 3, seed, ...(dtype ? { dtype } : {}) }), ['weight_ih', 'weight_hh', 'bias_ih', 'bias_hh'], [[9, 2], [9, 3], [9], [9]]],
  ['Linear', (seed, dtype) => new Linear({ inFeatures: 3, outFeatures: 2, seed, ...(dtype ? { dtype } : {}) }), ['weight', 'bias'], [[2, 3], [2]]],
];

describe.each(modules)('%s', (_, make, names, shapes) => {
  it('has a state dict with PyTorch names and shapes, as nested arrays', () => {
    const d = make(0).stateDict();
    expect(Object.keys(d)).toEqual(names);
    names.forEach((n, i) => {
      const v = d[n]!;
      expect(Array.isArray(v)).toBe(true);
      expect(tensor(v as NestedInput).shape).toEqual(shapes[i]);
    });
  });

  it('round-trips exactly through JSON into a differently seeded module', () => {
    for (const dtype of [undefined, 'float32'] as const) {
      const a = make(1, dtype);
      const b = make(2, dtype);
      expect(b.stateDict()).not.toEqual(a.stateDict());
      b.loadStateDict(JSON.parse(JSON.stringify(a.stateDict())));
      expect(b.stateDict()).toEqual(a.stateDict());
      for (const [k, t] of Object.entries(b.parameters())) {
        expect(t.dtype).toBe(dtype ?? 'float64');
        expect(Array.from(t.data)).toEqual(Array.from(a.parameters()[k]!.data));
      }
    }
  });

  it('names a missing entry, an unknown entry and a wrong shape', () => {
    const m = make(0);
    const d = m.stateDict();
    const missing = { ...d };
    delete missing[names[1]!];
    expect(() => m.loadStateDict(missing)).toThrow(ValueError);
    expect(() => m.loadStateDict(missing)).toThrow(new RegExp(`missing state dict entry '${names[1]}'; expected exactly`));
    expect(() => m.loadStateDict({ ...d, 'weight_ho': [[1]] })).toThrow(/unknown state dict entry 'weight_ho'/);
    const wrong = { ...d, [names[0]!]: [[1, 2]] };
    expect(() => m.loadStateDict(wrong)).toThrow(ShapeError);
    expect(() => m.loadStateDict(wrong)).toThrow(new RegExp(`${names[0]} must have shape \\[${shapes[0]!.join(', ')}\\]; got \\[1, 2\\]`));
    expect(() => m.loadStateDict({ ...d, [names[0]!]: [[1, 2], [3]] })).toThrow(new RegExp(`${names[0]} must be nested arrays of numbers .*ragged`));
    expect(() => m.loadStateDict({ ...d, [names[0]!]: 'abc' as never })).toThrow(ValueError);
  });

  it('leaves its parameters unchanged when a load or setParameters fails', () => {
    const m = make(0);
    const before = m.stateDict();
    expect(() => m.loadStateDict({})).toThrow();
    const p = { ...m.parameters() };
    p[Object.keys(p)[0]!] = zeros([1, 1]);
    expect(() => m.setParameters(p)).toThrow(ShapeError);
    expect(m.stateDict()).toEqual(before);
  });

  it('setParameters checks names, shapes and dtypes and takes the new tensors', () => {
    const m = make(0);
    const p = m.parameters();
    const first = Object.keys(p)[0]!;
    expect(() => m.setParameters({ ...p, extra: zeros([1]) })).toThrow(/unknown parameter 'extra'/);
    const { [first]: _, ...rest } = p;
    expect(() => m.setParameters(rest)).toThrow(new RegExp(`missing parameter '${first}'`));
    expect(() => m.setParameters({ ...p, [first]: p[first]!.astype('float32') })).toThrow(DTypeError);
    const z = zeros(p[first]!.shape);
    m.setParameters({ ...p, [first]: z });
    expect(m.parameters()[first]).toBe(z);
  });

  it('hands out a frozen record', () => {
    const p = make(0).parameters();
    expect(Object.isFrozen(p)).toBe(true);
  });
});

describe('cell parameter names on the object', () => {
  it('are camelCase, in PyTorch order, and the getters return the same tensors', () => {
    const cell = new LSTMCell({ inputSize: 2, hiddenSize: 3 });
    expect(Object.keys(cell.parameters())).toEqual(['weightIh', 'weightHh', 'biasIh', 'biasHh']);
    expect(cell.weightIh).toBe(cell.parameters().weightIh);
    expect(cell.biasHh).toBe(cell.parameters().biasHh);
    expect(cell.parameterSpecs.map((s) => s.torchName)).toEqual(['weight_ih', 'weight_hh', 'bias_ih', 'bias_hh']);
  });
});
