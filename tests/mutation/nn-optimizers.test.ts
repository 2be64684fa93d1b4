/**
 * optimizers.ts beyond tests/nn/optimizers.test.ts: Adam's bias-corrected steps against a hand
 * computation with every hyperparameter set, the closed/open ends of each hyperparameter's
 * range (with the interval in the message), and every check of a step's params and grads
 * (class, message, op, arg, shapes), including a parameter that changes size between steps.
 */
import { describe, it, expect } from 'vitest';
import { DTypeError, ShapeError, ValueError } from '../../src/errors.js';
import { adam, momentum, sgd } from '../../src/nn/optimizers.js';
import type { Optimizer } from '../../src/nn/optimizers.js';
import { tensor } from '../../src/tensor/creation.js';
import { TOL } from '../helpers/tolerances.js';
import { expectError } from '../helpers/expectError.js';

describe('adam', () => {
  it('takes two bias-corrected steps equal to the hand computation with lr, beta1, beta2 and eps all set', () => {
    const opt = adam({ lr: 0.1, beta1: 0.5, beta2: 0.75, eps: 0.01 });
    // step 1, g = 2: m = 1, v = 1, m̂ = 1/0.5 = 2, v̂ = 1/0.25 = 4
    const w1 = 1 - (0.1 * 2) / (2 + 0.01);
    const p1 = opt.step({ w: tensor([1]) }, { w: tensor([2]) });
    expect(p1.w!.item()).toBeCloseTo(w1, 14);
    // step 2, g = 3: m = 0.5·1 + 0.5·3 = 2, v = 0.75·1 + 0.25·9 = 3, m̂ = 2/0.75, v̂ = 3/0.4375
    const w2 = w1 - (0.1 * (2 / 0.75)) / (Math.sqrt(3 / 0.4375) + 0.01);
    expect(opt.step(p1, { w: tensor([3]) }).w!.item()).toBeCloseTo(w2, 14);
  });

  it('accepts the closed lower ends (0) and rejects the open upper ends with the interval in the message', () => {
    const p = opt1(adam({ lr: 0, beta1: 0, beta2: 0, eps: 0 }));
    expect(p).toBe(1);
    for (const name of ['beta1', 'beta2'] as const) {
      expectError(() => adam({ [name]: 1 }), ValueError, new RegExp(`^adam: ${name} must be a number in \\[0, 1\\); got 1$`), { op: 'adam', arg: name });
      expectError(() => adam({ [name]: -0.1 }), ValueError, new RegExp(`^adam: ${name} must be a number in \\[0, 1\\); got -0.1$`), { op: 'adam', arg: name });
    }
    expectError(() => adam({ eps: -1 }), ValueError, /^adam: eps must be a number in \[0, Infinity\); got -1$/, { op: 'adam', arg: 'eps' });
    expectError(() => adam({ lr: Infinity }), ValueError, /^adam: lr must be a number in \[0, Infinity\); got Infinity$/, { op: 'adam', arg: 'lr' });
    expectError(() => momentum({ beta: 1 }), ValueError, /^momentum: beta must be a number in \[0, 1\); got 1$/, { op: 'momentum', arg: 'beta' });
    expectError(() => sgd({ lr: '0.1' as never }), ValueError, /^sgd: lr must be a number in \[0, Infinity\); got "0.1"$/, { op: 'sgd', arg: 'lr' });
  });
});

/** One step of w = 1 with g = 1; returns the new w. */
function opt1(opt: Optimizer): number {
  return opt.step({ w: tensor([1]) }, { w: tensor([1]) }).w!.item();
}

describe.each([
  ['sgd', () => sgd()],
  ['momentum', () => momentum()],
  ['adam', () => adam()],
] as const)('%s.step checks', (name, make) => {
  const op = `${name}.step`;
  const w = { w: tensor([1, 2]) };

  it('rejects params or grads that are not records, naming which', () => {
    for (const bad of [null, [tensor([1])], 3]) {
      expectError(() => make().step(bad as never, w), ValueError, new RegExp(`^${op}: params must be a record of tensors; got `), { op, arg: 'params' });
      expectError(() => make().step(w, bad as never), ValueError, new RegExp(`^${op}: grads must be a record of tensors; got `), { op, arg: 'grads' });
    }
  });

  it('rejects a gradient for an unknown name, a non-tensor parameter and a missing gradient', () => {
    expectError(() => make().step(w, { w: tensor([1, 1]), b: tensor([1]) }), ValueError, new RegExp(`^${op}: grads has 'b', which is not a parameter$`), { op, arg: 'grads' });
    expectError(() => make().step({ w: 3 } as never, { w: tensor([1]) }), ValueError, new RegExp(`^${op}: params.w must be a tensor; got 3$`), { op, arg: 'params' });
    expectError(() => make().step(w, {}), ValueError, new RegExp(`^${op}: grads.w must be a tensor \\(the gradient of params.w\\); got undefined$`), { op, arg: 'grads' });
  });

  it('rejects a gradient of another shape (with both shapes) or dtype', () => {
    expectError(() => make().step(w, { w: tensor([1, 2, 3]) }), ShapeError, new RegExp(`^${op}: grads.w must have the shape of params.w, \\[2\\]; got \\[3\\]$`), { op, arg: 'grads', shapes: [[2], [3]] });
    expectError(() => make().step(w, { w: tensor([1, 2], undefined, { dtype: 'float32' }) }), DTypeError, new RegExp(`^${op}: grads.w must be float64 like params.w; got float32$`), { op, arg: 'grads' });
  });
});

describe.each([
  ['momentum', () => momentum()],
  ['adam', () => adam()],
] as const)('%s state', (name, make) => {
  it('rejects a parameter that changed size between steps until reset()', () => {
    const opt = make();
    opt.step({ w: tensor([1, 2]) }, { w: tensor([1, 1]) });
    const p3 = { w: tensor([1, 2, 3]) };
    expectError(() => opt.step(p3, p3), ShapeError, new RegExp(`^${name}.step: params.w changed size from 2 to 3 between steps; call reset\\(\\) first$`), { op: `${name}.step`, arg: 'params' });
    opt.reset();
    expect(opt.step(p3, p3).w!.shape).toEqual([3]);
  });
});

it('momentum accumulates v ← βv + g for two steps (hand values) with a non-default beta', () => {
  const opt = momentum({ lr: 0.5, beta: 0.25 });
  const p1 = opt.step({ w: tensor([1]) }, { w: tensor([2]) }); // v = 2, w = 0
  const p2 = opt.step(p1, { w: tensor([4]) }); // v = 0.5 + 4 = 4.5, w = −2.25
  expect(p1.w!.item()).toBe(0);
  expect(Math.abs(p2.w!.item() + 2.25)).toBeLessThanOrEqual(TOL.ulps * 2.25);
});
