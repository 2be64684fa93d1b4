/**
 * Optimizers against hand-computed steps, their state handling, and gradient clipping with
 * PyTorch's semantics.
 */
import { describe, it, expect } from 'vitest';
import { DTypeError, ShapeError, ValueError } from '../../src/errors.js';
import { clipGradNorm, globalNorm } from '../../src/nn/clipGradNorm.js';
import { adam, momentum, sgd } from '../../src/nn/optimizers.js';
import { tensor } from '../../src/tensor/creation.js';

const vals = (p: Record<string, { toArray(): unknown }>, k: string): unknown => p[k]!.toArray();

describe('sgd', () => {
  it('takes w ← w − α·g', () => {
    const p = sgd({ lr: 0.1 }).step({ w: tensor([1, -2]), b: tensor([[0]]) }, { w: tensor([0.5, 1]), b: tensor([[-3]]) });
    // [1 − 0.05, −2 − 0.1] and [0 + 0.3]
    expect(p.w!.toArray()).toEqual([0.95, -2.1]);
    expect(p.b!.toArray()).toEqual([[0.30000000000000004]]);
  });

  it('does not change the tensors it is given and keeps float32', () => {
    const w = tensor([1, 2], undefined, { dtype: 'float32' });
    const g = tensor([1, 1], undefined, { dtype: 'float32' });
    const p = sgd({ lr: 0.5 }).step({ w }, { w: g });
    expect(Array.from(w.data)).toEqual([1, 2]);
    expect(p.w!.dtype).toBe('float32');
    expect(p.w!.toArray()).toEqual([0.5, 1.5]);
  });
});

describe('momentum', () => {
  it('accumulates v ← β·v + g and takes w ← w − α·v', () => {
    const opt = momentum({ lr: 0.1, beta: 0.9 });
    let p = { w: tensor([1]) };
    p = opt.step(p, { w: tensor([1]) }) as typeof p; // v = 1, w = 1 − 0.1 = 0.9
    expect(p.w.item()).toBeCloseTo(0.9, 15);
    p = opt.step(p, { w: tensor([1]) }) as typeof p; // v = 0.9 + 1 = 1.9, w = 0.9 − 0.19 = 0.71
    expect(p.w.item()).toBeCloseTo(0.71, 15);
    opt.reset(); // v = 0 again: plain step
    p = opt.step(p, { w: tensor([1]) }) as typeof p;
    expect(p.w.item()).toBeCloseTo(0.61, 15);
  });

  it('keeps a separate velocity per parameter name', () => {
    const opt = momentum({ lr: 1, beta: 0.5 });
    const p1 = opt.step({ a: tensor([0]), b: tensor([0]) }, { a: tensor([1]), b: tensor([0]) });
    const p2 = opt.step(p1, { a: tensor([0]), b: tensor([1]) });
    // a: v = 1 then 0.5 → −1, −1.5; b: v = 0 then 1 → 0, −1
    expect([p2.a!.item(), p2.b!.item()]).toEqual([-1.5, -1]);
  });
});

describe('adam', () => {
  it('matches two steps computed by hand (lr 0.1, PyTorch defaults otherwise)', () => {
    const opt = adam({ lr: 0.1 });
    // step 1, g = 2: m = 0.2, v = 0.004, m̂ = 2, v̂ = 4, w = 1 − 0.1·2/(2 + 1e-8) = 0.9000000005
    const p1 = opt.step({ w: tensor([1]) }, { w: tensor([2]) });
    expect(p1.w!.item()).toBeCloseTo(0.9000000005, 12);
    // step 2, g = −1: m = 0.18 − 0.1 = 0.08, v = 0.003996 + 0.001 = 0.004996,
    // m̂ = 0.08/0.19, v̂ = 0.004996/0.001999, w = 0.9000000005 − 0.1·m̂/(√v̂ + 1e-8) = 0.8733662967…
    const p2 = opt.step(p1, { w: tensor([-1]) });
    expect(p2.w!.item()).toBeCloseTo(0.8733662967024315, 12);
  });

  it('moves every weight by about lr on the first step whatever the gradient scale', () => {
    const p = adam({ lr: 0.01 }).step({ w: tensor([0, 0, 0]) }, { w: tensor([1e-3, -50, 7]) });
    for (const v of p.w!.toArray() as number[]) expect(Math.abs(v)).toBeCloseTo(0.01, 6);
  });

  it('reset forgets the moments and the step count', () => {
    const opt = adam({ lr: 0.1 });
    const first = opt.step({ w: tensor([1]) }, { w: tensor([2]) }).w!.item();
    opt.step({ w: tensor([1]) }, { w: tensor([-1]) });
    opt.reset();
    expect(opt.step({ w: tensor([1]) }, { w: tensor([2]) }).w!.item()).toBe(first);
  });
});

describe('optimizer errors', () => {
  it('name the parameter whose gradient is missing, misshapen or of another dtype', () => {
    const opt = sgd();
    const w = tensor([1, 2]);
    expect(() => opt.step({ w }, {})).toThrow(/grads\.w must be a tensor \(the gradient of params\.w\); got undefined/);
    expect(() => opt.step({ w }, { w: tensor([1]) })).toThrow(ShapeError);
    expect(() => opt.step({ w }, { w: tensor([1, 2], undefined, { dtype: 'float32' }) })).toThrow(DTypeError);
    expect(() => opt.step({ w }, { w, v: w })).toThrow(/grads has 'v', which is not a parameter/);
  });

  it('reject hyperparameters out of range and unknown options', () => {
    expect(() => sgd({ lr: -1 })).toThrow(/lr must be a number in \[0, Infinity\); got -1/);
    expect(() => momentum({ beta: 1 })).toThrow(/beta must be a number in \[0, 1\); got 1/);
    expect(() => adam({ beta2: 1.5 })).toThrow(ValueError);
    expect(() => adam({ learningRate: 1 } as never)).toThrow(/unknown option 'learningRate'/);
  });

  it('leave the state untouched when a step is refused', () => {
    const opt = momentum({ lr: 1, beta: 0.5 });
    opt.step({ a: tensor([0]), b: tensor([0, 0]) }, { a: tensor([1]), b: tensor([0, 0]) });
    // b changed size: refused before a's velocity is touched
    expect(() => opt.step({ a: tensor([0]), b: tensor([0]) }, { a: tensor([1]), b: tensor([0]) })).toThrow(/params\.b changed size from 2 to 1/);
    // a's velocity is still 1: v = 0.5 + 1 = 1.5
    expect(opt.step({ a: tensor([0]), b: tensor([0, 0]) }, { a: tensor([1]), b: tensor([0, 0]) }).a!.item()).toBe(-1.5);
  });
});

describe('clipGradNorm', () => {
  it('returns the global L2 norm over every tensor and element', () => {
    expect(globalNorm({ a: tensor([3]), b: tensor([[4]]) })).toBe(5);
    expect(clipGradNorm({ a: tensor([3]), b: tensor([[4]]) }, 100).norm).toBe(5);
  });

  it('scales by maxNorm/(norm + 1e-6) when the norm exceeds maxNorm', () => {
    const { grads, norm } = clipGradNorm({ a: tensor([3]), b: tensor([[4]]) }, 1);
    const c = 1 / (5 + 1e-6);
    expect(norm).toBe(5);
    expect(vals(grads, 'a')).toEqual([3 * c]);
    expect(vals(grads, 'b')).toEqual([[4 * c]]);
  });

  it('returns the same tensors when the norm is below maxNorm', () => {
    const g = { a: tensor([0.3, 0.4]) };
    expect(clipGradNorm(g, 1).grads.a).toBe(g.a);
  });

  it('computes the norm of huge gradients without overflow', () => {
    expect(globalNorm({ a: tensor([3e200, 4e200]) }) / 5e200).toBeCloseTo(1, 12);
    expect(globalNorm({ a: tensor([0, 0]) })).toBe(0);
  });

  it('rejects a non-positive maxNorm and non-tensors', () => {
    expect(() => clipGradNorm({ a: tensor([1]) }, 0)).toThrow(/maxNorm must be a positive number; got 0/);
    expect(() => clipGradNorm({ a: [1] } as never, 1)).toThrow(/grads\.a must be a tensor/);
  });
});
