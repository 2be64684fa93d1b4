/**
 * tape.ts: misuse errors with their exact class, message, op, arg and shapes; the tape records
 * nothing of its own backward pass; targets found at record 0 or equal to a source.
 */
import { describe, it, expect } from 'vitest';
import { GradientTape } from '../../src/autodiff/tape.js';
import { TapeError, ValueError } from '../../src/errors.js';
import { tensor } from '../../src/tensor/creation.js';
import type { Tensor } from '../../src/tensor/tensor.js';
import { expectError } from '../helpers/expectError.js';

describe('GradientTape misuse', () => {
  it('rejects a persistent option that is not a boolean', () => {
    expectError(() => new GradientTape({ persistent: 1 as unknown as boolean }), ValueError, /^GradientTape: persistent must be a boolean; got /, { op: 'GradientTape', arg: 'persistent' });
  });
  it('rejects record of a non-function', () => {
    expectError(() => new GradientTape().record(5 as unknown as () => number), ValueError, /^GradientTape\.record: expects a function; got /, { op: 'GradientTape.record' });
  });
  it('rejects a target that is not a tensor', () => {
    const tape = new GradientTape();
    const x = tensor([1]);
    tape.record(() => x.exp());
    expectError(() => tape.gradient(2 as unknown as Tensor, x), ValueError, /^GradientTape\.gradient: target must be a tensor; got /, { op: 'GradientTape.gradient', arg: 'target' });
  });
  it('rejects an unknown unconnected value', () => {
    const tape = new GradientTape();
    const x = tensor([1]);
    const y = tape.record(() => x.exp().sum());
    expectError(() => tape.gradient(y, x, { unconnected: 'nan' as 'zero' }), ValueError, /^GradientTape\.gradient: unconnected must be 'zero' or 'error'; got /, { op: 'GradientTape.gradient', arg: 'unconnected' });
  });
  it('names an unconnected source and its shape with unconnected: error', () => {
    const tape = new GradientTape();
    const x = tensor([1]);
    const z = tensor([[1, 2]]);
    const y = tape.record(() => x.exp().sum());
    expectError(() => tape.gradient(y, [x, z], { unconnected: 'error' }), TapeError, /^GradientTape\.gradient: the target does not depend on a source of shape \[1, 2\]/, { op: 'GradientTape.gradient', arg: 'sources', shapes: [[1, 2]] });
  });
  it('names the method when a used-up tape is used again', () => {
    const tape = new GradientTape();
    const x = tensor([1]);
    const y = tape.record(() => x.exp().sum());
    tape.gradient(y, x);
    expectError(() => tape.gradient(y, x), TapeError, /^GradientTape\.gradient: this tape has already given its gradient/, { op: 'GradientTape.gradient' });
    expectError(() => tape.record(() => 1), TapeError, /^GradientTape\.record: this tape has already given its gradient/, { op: 'GradientTape.record' });
  });
  it('names a target that was not recorded, with its shape', () => {
    const tape = new GradientTape();
    const x = tensor([1, 2]);
    tape.record(() => x.exp());
    expectError(() => tape.gradient(tensor([[3]]), x), TapeError, /^GradientTape\.gradient: the target was not recorded by this tape; .*\(got a float64 tensor of shape \[1, 1\]\)$/, { op: 'GradientTape.gradient', arg: 'target', shapes: [[1, 1]] });
  });
  it('names a non-scalar target without outputGradient, with its shape', () => {
    const tape = new GradientTape();
    const x = tensor([1, 2]);
    const y = tape.record(() => x.exp());
    expectError(() => tape.gradient(y, x), TapeError, /^GradientTape\.gradient: the target is not a scalar; got shape \[2\]/, { op: 'GradientTape.gradient', arg: 'target', shapes: [[2]] });
  });
  it('rejects an outputGradient of the wrong shape', () => {
    const tape = new GradientTape();
    const x = tensor([1, 2]);
    const y = tape.record(() => x.exp());
    expectError(() => tape.gradient(y, x, { outputGradient: tensor([1]) }), TapeError, /^GradientTape\.gradient: outputGradient must match the target \(float64 \[2\]\); got /, { op: 'GradientTape.gradient', arg: 'outputGradient' });
  });
});

describe('GradientTape targets and records', () => {
  it('differentiates a target made by the first record', () => {
    const tape = new GradientTape();
    const x = tensor([1, 2, 3]);
    const y = tape.record(() => x.sum());
    expect(tape.gradient(y, x).toArray()).toEqual([1, 1, 1]);
  });
  it('gives the seed for a target that is itself an unrecorded source', () => {
    const tape = new GradientTape();
    const x = tensor([4]);
    tape.record(() => x.exp());
    expect(tape.gradient(x, x).toArray()).toEqual([1]);
  });
  it('records nothing of its own backward pass, so a persistent tape gives the same gradient twice', () => {
    const tape = new GradientTape({ persistent: true });
    const x = tensor([0.5, -1]);
    const y = tape.record(() => x.tanh().mul(x).sum());
    const n = tape.records.length;
    const g1 = tape.gradient(y, x);
    expect(tape.records.length).toBe(n);
    const g2 = tape.gradient(y, x);
    expect(tape.records.length).toBe(n);
    expect(g2.toArray()).toEqual(g1.toArray());
    tape.record(() => x.exp());
    expect(tape.records.length).toBe(n + 1);
  });
  it('records nothing of a gradient taken inside its own record call', () => {
    const tape = new GradientTape({ persistent: true });
    const x = tensor([0.5, 2]);
    tape.record(() => {
      const y = x.tanh().sum();
      const n = tape.records.length;
      const g = tape.gradient(y, x);
      expect(tape.records.length).toBe(n);
      x.exp();
      expect(tape.records.length).toBe(n + 1);
      expect(g.shape).toEqual([2]);
    });
  });
});
