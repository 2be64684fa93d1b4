/**
 * module.ts and linear.ts: setParameters / loadStateDict checks with their message (the
 * expected names listed), op, arg and shapes; tensors in a state dict kept as they are when the
 * dtype matches and converted when it does not; Linear's option and forward checks, and a
 * rank-1 input.
 */
import { describe, it, expect } from 'vitest';
import { DTypeError, ShapeError, ValueError } from '../../src/errors.js';
import { Linear } from '../../src/nn/linear.js';
import { RNNCell } from '../../src/nn/rnnCell.js';
import { scalar, tensor, zeros } from '../../src/tensor/creation.js';
import { expectError } from '../helpers/expectError.js';

const cell = (): RNNCell => new RNNCell({ inputSize: 1, hiddenSize: 2, seed: 0 });
const set = 'RNNCell.setParameters';
const load = 'RNNCell.loadStateDict';

describe('Module.setParameters', () => {
  it('rejects a non-record, an unknown, a missing and a non-tensor parameter, listing the expected names', () => {
    const c = cell();
    const p = c.parameters();
    for (const bad of [null, [1], tensor([1]), 3]) {
      expectError(() => c.setParameters(bad as never), ValueError, /^RNNCell.setParameters: params must be a record of tensors; got /, { op: set, arg: 'params' });
    }
    const names = "'weightIh', 'weightHh', 'biasIh', 'biasHh'";
    expectError(() => c.setParameters({ ...p, extra: p.biasIh! }), ValueError, new RegExp(`^RNNCell.setParameters: unknown parameter 'extra'; expected exactly ${names}$`), { op: set, arg: 'extra' });
    const { biasHh: _, ...missing } = p;
    expectError(() => c.setParameters(missing), ValueError, new RegExp(`^RNNCell.setParameters: missing parameter 'biasHh'; expected exactly ${names}$`), { op: set, arg: 'biasHh' });
    expectError(() => c.setParameters({ ...p, weightIh: 3 as never }), ValueError, /^RNNCell.setParameters: weightIh must be a tensor \[2, 1\]; got 3$/, { op: set, arg: 'weightIh' });
  });

  it('rejects a wrong shape with both shapes and a wrong dtype, naming the parameter', () => {
    const c = cell();
    const p = c.parameters();
    expectError(() => c.setParameters({ ...p, weightIh: zeros([1, 2]) }), ShapeError, /^RNNCell.setParameters: weightIh must have shape \[2, 1\]; got \[1, 2\]$/, { op: set, arg: 'weightIh', shapes: [[2, 1], [1, 2]] });
    expectError(() => c.setParameters({ ...p, biasIh: zeros([2], { dtype: 'float32' }) }), DTypeError, /^RNNCell.setParameters: biasIh must be float64 \(cast with astype\); got float32$/, { op: set, arg: 'biasIh' });
  });
});

describe('Module.loadStateDict', () => {
  it('keeps a tensor of the module dtype as it is and converts one of another dtype', () => {
    const c = cell();
    const w = tensor([[1], [2]]);
    const b32 = tensor([0.5, 0.25], undefined, { dtype: 'float32' });
    c.loadStateDict({ ...c.stateDict(), weight_ih: w, bias_ih: b32 });
    expect(c.parameters().weightIh).toBe(w);
    expect(c.parameters().biasIh!.dtype).toBe('float64');
    expect(c.parameters().biasIh!.toArray()).toEqual([0.5, 0.25]);
    const c32 = new RNNCell({ inputSize: 1, hiddenSize: 2, dtype: 'float32' });
    c32.loadStateDict({ ...c32.stateDict(), bias_hh: tensor([0.5, 0.25]) });
    expect(c32.parameters().biasHh!.dtype).toBe('float32');
  });

  it('rejects a non-record, unknown and missing entries with the PyTorch names, and values that are not numbers', () => {
    const c = cell();
    const d = c.stateDict();
    expectError(() => c.loadStateDict(null as never), ValueError, /^RNNCell.loadStateDict: dict must be a record of nested arrays; got null$/, { op: load, arg: 'dict' });
    const names = "'weight_ih', 'weight_hh', 'bias_ih', 'bias_hh'";
    expectError(() => c.loadStateDict({ ...d, w: [1] }), ValueError, new RegExp(`^RNNCell.loadStateDict: unknown state dict entry 'w'; expected exactly ${names}$`), { op: load, arg: 'w' });
    const { bias_hh: _, ...missing } = d;
    expectError(() => c.loadStateDict(missing), ValueError, new RegExp(`^RNNCell.loadStateDict: missing state dict entry 'bias_hh'; expected exactly ${names}$`), { op: load, arg: 'bias_hh' });
    expectError(() => c.loadStateDict({ ...d, weight_ih: [[1], [2, 3]] }), ValueError, /^RNNCell.loadStateDict: weight_ih must be nested arrays of numbers of shape \[2, 1\]; nested arrays are ragged; length 2 at \[1\], expected 1$/, { op: load, arg: 'weight_ih' });
    expectError(() => c.loadStateDict({ ...d, bias_ih: [1, 2, 3] }), ShapeError, /^RNNCell.loadStateDict: bias_ih must have shape \[2\]; got \[3\]$/, { op: load, arg: 'bias_ih', shapes: [[2], [3]] });
  });
});

describe('Linear', () => {
  const op = 'Linear';

  it('maps a rank-1 input [in] to [out] as x·Wᵀ + b', () => {
    const l = new Linear({ inFeatures: 2, outFeatures: 1 });
    l.setParameters({ weight: tensor([[2, 3]]), bias: tensor([1]) });
    expect(l.forward(tensor([1, 10])).toArray()).toEqual([33]);
  });

  it('rejects a missing options record, bad sizes, an oversized weight and a non-boolean bias', () => {
    expectError(() => new Linear(undefined as never), ValueError, /^Linear: expects an options object with inFeatures and outFeatures; got undefined$/, { op, arg: 'options' });
    expectError(() => new Linear({ inFeatures: 0, outFeatures: 1 }), ValueError, /^Linear: inFeatures must be an integer ≥ 1; got 0$/, { op, arg: 'inFeatures' });
    expectError(() => new Linear({ inFeatures: 2 ** 16, outFeatures: 2 ** 16 }), ValueError, /^Linear: the weight would need 4294967296 elements/, { op });
    expectError(() => new Linear({ inFeatures: 1, outFeatures: 1, bias: 1 as never }), ValueError, /^Linear: bias must be a boolean; got 1$/, { op, arg: 'bias' });
  });

  it('rejects a forward input that is not a tensor, a scalar, a wrong last axis or another dtype', () => {
    const l = new Linear({ inFeatures: 2, outFeatures: 1 });
    for (const [bad, got] of [[3, '3'], [scalar(1), 'a float64 tensor of shape \\[\\]'], [zeros([2, 3]), 'a float64 tensor of shape \\[2, 3\\]']] as const) {
      expectError(() => l.forward(bad as never), ShapeError, new RegExp(`^Linear.forward: x must be \\[\\.\\.\\., in\\] with in = 2; got ${got}$`), { op: 'Linear.forward', arg: 'x' });
    }
    expectError(() => l.forward(zeros([1, 2], { dtype: 'float32' })), DTypeError, /^Linear.forward: x must be float64 like the weights \(cast with astype\); got float32$/, { op: 'Linear.forward', arg: 'x' });
  });
});
