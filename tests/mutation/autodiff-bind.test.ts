/**
 * bind.ts: the argument checks of withLabel, detectAnomaly and unfused (exact class, message,
 * op and arg), nested labels restored after a throw, unfused's depth, and anomaly messages that
 * name the op, the kind of value, the index, the shape, the label and the caller's file.
 */
import { describe, it, expect } from 'vitest';
import { detectAnomaly, fusionEnabled, unfused, withLabel } from '../../src/autodiff/bind.js';
import { grad } from '../../src/autodiff/transforms.js';
import { GradientTape } from '../../src/autodiff/tape.js';
import { AnomalyError, ValueError } from '../../src/errors.js';
import { tensor } from '../../src/tensor/creation.js';
import type { Tensor } from '../../src/tensor/tensor.js';
import { expectError } from '../helpers/expectError.js';

const bad = 3 as unknown;

describe('the checks of bind’s entry points', () => {
  it('withLabel rejects a name that is not a string, naming the argument', () => {
    expectError(() => withLabel(bad as string, () => 1), ValueError, /^withLabel: name must be a string; got /, { op: 'withLabel', arg: 'name' });
  });
  it('withLabel rejects fn that is not a function', () => {
    expectError(() => withLabel('a', bad as () => number), ValueError, /^withLabel: fn must be a function; got /, { op: 'withLabel', arg: 'fn' });
  });
  it('detectAnomaly rejects fn that is not a function', () => {
    expectError(() => detectAnomaly(bad as () => number), ValueError, /^detectAnomaly: fn must be a function; got /, { op: 'detectAnomaly', arg: 'fn' });
  });
  it('unfused rejects fn that is not a function', () => {
    expectError(() => unfused(bad as () => number), ValueError, /^unfused: fn must be a function; got /, { op: 'unfused', arg: 'fn' });
  });
});

describe('labels and unfused', () => {
  it('nest labels with " / " and restore the outer one, also after a throw', () => {
    const x = tensor([1, 2]);
    const tape = new GradientTape();
    tape.record(() =>
      withLabel('outer', () => {
        x.exp();
        expect(() => withLabel('inner', () => { throw new Error('boom'); })).toThrow('boom');
        withLabel('inner', () => x.tanh());
        x.neg();
      }),
    );
    x.sin();
    expect(tape.records.map((r) => r.label)).toEqual(['outer', 'outer / inner', 'outer']);
  });

  it('unfused turns fusion off inside, nested, and back on after, also after a throw', () => {
    expect(fusionEnabled()).toBe(true);
    unfused(() => {
      expect(fusionEnabled()).toBe(false);
      unfused(() => expect(fusionEnabled()).toBe(false));
      expect(fusionEnabled()).toBe(false);
    });
    expect(() => unfused(() => { throw new Error('x'); })).toThrow('x');
    expect(fusionEnabled()).toBe(true);
  });
});

describe('anomaly messages', () => {
  it('name NaN, the op, the flat index and the shape in forward, and the caller’s file', () => {
    let caught: unknown;
    try {
      detectAnomaly(() => tensor([[1, 2], [-1, 3]]).log());
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(AnomalyError);
    const e = caught as AnomalyError;
    expect(e.message).toMatch(/^log: produced NaN in forward at flat index 2 of a tensor of shape \[2, 2\]; called at .*autodiff-bind\.test\.ts:\d+:\d+\)?$/);
    // the site is the caller's frame, without the stack's leading "at"
    const site = e.message.split('; called at ')[1] ?? '';
    expect(site).toMatch(/^(?!at\s)(?:[\w.<>$ ]+ \()?(?:file:\/\/)?\/[^\s()]*autodiff-bind\.test\.ts:\d+:\d+\)?$/);
    expect(e.op).toBe('log');
    expect(e.shapes).toEqual([[2, 2]]);
  });

  it('tell Infinity from -Infinity and carry the label', () => {
    expectError(() => detectAnomaly(() => withLabel('big', () => tensor([1, 1000]).exp())), AnomalyError, /^exp: produced Infinity in forward at flat index 1 of a tensor of shape \[2\] \(big\); called at /, { op: 'exp', shapes: [[2]] });
    expectError(() => detectAnomaly(() => tensor([1, 0]).log()), AnomalyError, /^log: produced -Infinity in forward at flat index 1 /, { op: 'log' });
  });

  it('after a backward pass, report a forward anomaly as the forward op’s own (the rule site is restored)', () => {
    const f = (x: Tensor): Tensor => x.mul(x).sum();
    expectError(
      () => detectAnomaly(() => {
        grad(f)(tensor([1, 2]));
        return tensor([-1]).sqrt();
      }),
      AnomalyError,
      /^sqrt: produced NaN in forward at flat index 0/,
      { op: 'sqrt' },
    );
  });

  it('name the primitive whose vjp produced an infinity in backward', () => {
    expectError(() => detectAnomaly(() => grad((x: Tensor) => x.sqrt().sum())(tensor([0, 1]))), AnomalyError, /^sqrt: produced Infinity in backward/, { op: 'sqrt' });
  });
});
