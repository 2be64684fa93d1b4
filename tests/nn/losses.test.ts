/**
 * Losses by hand, their gradients, and their errors.
 */
import { describe, it, expect } from 'vitest';
import { GradientTape } from '../../src/autodiff/tape.js';
import { DTypeError, ShapeError, ValueError } from '../../src/errors.js';
import { absLoss, crossEntropyLoss, losses, mseLoss } from '../../src/nn/losses.js';
import { softmax } from '../../src/ops/softmax.js';
import { randn, tensor } from '../../src/tensor/creation.js';
import { allClose } from '../../src/testing/allClose.js';
import { checkGrad } from '../../src/testing/checkGrad.js';
import { TOL } from '../helpers/tolerances.js';

describe('mseLoss and absLoss', () => {
  it('average over all elements: mse [[1, 2], [3, −1]] vs 0 = (1 + 4 + 9 + 1)/4, abs = 7/4', () => {
    const p = tensor([[1, 2], [3, -1]]);
    const t = tensor([[0, 0], [0, 0]]);
    expect(mseLoss(p, t).item()).toBe(15 / 4);
    expect(absLoss(p, t).item()).toBe(7 / 4);
    expect(mseLoss(p, t).shape).toEqual([]);
  });

  it('have the gradients 2(p − t)/N and sign(p − t)/N', () => {
    const p = tensor([0.5, -1, 2]);
    const t = tensor([0, 0, 3]);
    const tape = new GradientTape({ persistent: true });
    const [m, a] = tape.record(() => [mseLoss(p, t), absLoss(p, t)]);
    expect(tape.gradient(m!, p).toArray()).toEqual([1 / 3, -2 / 3, -2 / 3]);
    expect(tape.gradient(a!, p).toArray()).toEqual([1 / 3, -1 / 3, -1 / 3]);
  });

  it('reject different shapes and dtypes', () => {
    expect(() => mseLoss(tensor([1, 2]), tensor([[1, 2]]))).toThrow(/mseLoss: pred and target must have the same shape; got pred \[2\] and target \[1, 2\]/);
    expect(() => absLoss(tensor([1]), tensor([1], undefined, { dtype: 'float32' }))).toThrow(DTypeError);
    expect(() => mseLoss([1] as never, tensor([1]))).toThrow(/pred must be a tensor/);
  });
});

describe('crossEntropyLoss', () => {
  it('is ln 2 for two equal logits and ln C for C', () => {
    expect(crossEntropyLoss(tensor([[0, 0]]), tensor([1])).item()).toBeCloseTo(Math.log(2), 15);
    expect(crossEntropyLoss(tensor([[3, 3, 3, 3]]), tensor([2])).item()).toBeCloseTo(Math.log(4), 15);
  });

  it('is −mean log softmax at the label: logits [[ln 3, 0]] label 0 → −ln(3/4)', () => {
    const e = crossEntropyLoss(tensor([[Math.log(3), 0], [0, Math.log(3)]]), tensor([0, 0])).item();
    // row 0: p = 3/4; row 1: p = 1/4 → (−ln 3/4 − ln 1/4)/2
    expect(e).toBeCloseTo((-Math.log(0.75) - Math.log(0.25)) / 2, 14);
  });

  it('gives the same value for class indices and one-hot targets', () => {
    const z = randn([3, 4], { seed: 1 });
    const a = crossEntropyLoss(z, tensor([2, 0, 3])).item();
    const b = crossEntropyLoss(z, tensor([[0, 0, 1, 0], [1, 0, 0, 0], [0, 0, 0, 1]])).item();
    expect(a).toBeCloseTo(b, 14);
  });

  it('has the gradient (softmax(z) − y)/B and passes a finite-difference check', () => {
    const z = randn([2, 3], { seed: 2 });
    const y = tensor([[0, 1, 0], [0.2, 0.3, 0.5]]);
    const tape = new GradientTape();
    const e = tape.record(() => crossEntropyLoss(z, y));
    expect(allClose(tape.gradient(e, z), softmax(z).sub(y).div(2), TOL.exact)).toBe(true);
    expect(checkGrad((u) => crossEntropyLoss(u, y), [z], TOL.fd).ok).toBe(true);
  });

  it('stays finite for huge logits', () => {
    expect(crossEntropyLoss(tensor([[1000, 0]]), tensor([0])).item()).toBe(0);
    expect(crossEntropyLoss(tensor([[1000, 0]]), tensor([1])).item()).toBe(1000);
  });

  it('rejects bad labels and shapes', () => {
    expect(() => crossEntropyLoss(tensor([[0, 0]]), tensor([2]))).toThrow(/labels\[0\] must be a class index, an integer in \[0, 2\); got 2/);
    expect(() => crossEntropyLoss(tensor([[0, 0]]), tensor([0.5]))).toThrow(ValueError);
    expect(() => crossEntropyLoss(tensor([0, 0]), tensor([0]))).toThrow(/logits must be \[B, C\]/);
    expect(() => crossEntropyLoss(tensor([[0, 0]]), tensor([[0, 1, 0]]))).toThrow(ShapeError);
  });
});

describe('losses', () => {
  it('maps the names to the functions', () => {
    expect(losses).toEqual({ mse: mseLoss, abs: absLoss, crossEntropy: crossEntropyLoss });
  });
});
