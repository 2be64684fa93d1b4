/**
 * Anomaly mode: the first NaN or infinity, forward or backward, throws an AnomalyError naming
 * the primitive, the phase and the user's call site.
 */
import { describe, it, expect } from 'vitest';
import { detectAnomaly, withLabel } from '../../src/autodiff/bind.js';
import { GradientTape } from '../../src/autodiff/tape.js';
import { grad, jvp } from '../../src/autodiff/transforms.js';
import { AnomalyError, GradscopeError } from '../../src/errors.js';
import { div, log, mul, sqrt, sum } from '../../src/ops/index.js';
import { tensor } from '../../src/tensor/creation.js';
import type { Tensor } from '../../src/tensor/tensor.js';

/** The AnomalyError `fn` throws. */
function anomaly(fn: () => unknown): AnomalyError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(AnomalyError);
    expect(e).toBeInstanceOf(GradscopeError);
    return e as AnomalyError;
  }
  throw new Error('expected an AnomalyError');
}

const thisFile = /anomaly\.test\.ts:\d+:\d+/;

describe('detectAnomaly', () => {
  it('names log of a negative number in the forward pass, with the element and the call site', () => {
    const e = anomaly(() => detectAnomaly(() => log(tensor([1, -1]))));
    expect(e.op).toBe('log');
    expect(e.message).toMatch(/^log: produced NaN in forward at flat index 1 of a tensor of shape \[2\]; called at /);
    expect(e.message).toMatch(thisFile);
  });

  it('names sqrt when its derivative at 0 is infinite in the backward pass, with the line that called sqrt', () => {
    const x = tensor([4, 0]);
    const f = (z: Tensor): Tensor => sum(sqrt(z));
    const e = anomaly(() => detectAnomaly(() => grad(f)(x)));
    expect(e.op).toBe('sqrt');
    expect(e.message).toMatch(/^sqrt: produced Infinity in backward \(its vjp, computing div\) at flat index 1 of a tensor of shape \[2\]; called at /);
    expect(e.message).toMatch(thisFile);
  });

  it('reports the label of the recorded call in a backward anomaly', () => {
    const x = tensor([0]);
    const tape = new GradientTape();
    const e = anomaly(() =>
      detectAnomaly(() => {
        const y = tape.record(() => withLabel('step 3 / output gate', () => sum(mul(sqrt(x), 2))));
        return tape.gradient(y, x);
      }),
    );
    expect(e.message).toMatch(/^sqrt: produced Infinity in backward .*\(step 3 \/ output gate\); called at /);
  });

  it('names the primitive whose jvp goes non-finite in forward mode', () => {
    const e = anomaly(() => detectAnomaly(() => jvp((z: Tensor) => sqrt(z), [tensor([0])], [tensor([1])])));
    expect(e.message).toMatch(/^sqrt: produced Infinity in forward mode \(its jvp, computing div\)/);
    expect(e.message).toMatch(thisFile);
  });

  it('stays silent outside anomaly mode and for finite values inside it', () => {
    expect(log(tensor([-1])).data[0]).toBeNaN();
    expect(grad((z: Tensor) => sum(sqrt(z)))(tensor([0])).data[0]).toBe(Infinity);
    expect(detectAnomaly(() => div(tensor([1]), 2).item())).toBe(0.5);
    expect(detectAnomaly(() => grad((z: Tensor) => sum(sqrt(z)))(tensor([4])).item())).toBe(0.25);
  });
});
