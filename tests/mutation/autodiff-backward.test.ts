/**
 * backward.ts: the walk checks each cotangent a rule returns against its input (shape and dtype
 * separately; a wrong one is an internal error naming the primitive), and in anomaly mode
 * names the primitive whose vjp produced a NaN. Cotangents of intermediate sources are kept.
 */
import { describe, it, expect } from 'vitest';
import { bind, detectAnomaly } from '../../src/autodiff/bind.js';
import type { Primitive } from '../../src/autodiff/primitive.js';
import { GradientTape } from '../../src/autodiff/tape.js';
import { AnomalyError, GradscopeError } from '../../src/errors.js';
import { tensor } from '../../src/tensor/creation.js';
import type { Tensor } from '../../src/tensor/tensor.js';
import { expectError } from '../helpers/expectError.js';

/** An identity primitive whose vjp returns what `g` makes of the cotangent. */
function identityWith(name: string, g: (ct: Tensor) => Tensor): Primitive<null> {
  return {
    name,
    inputs: ['x'],
    shape: ([s]) => s!,
    forward: ([x]) => x!.data,
    vjp: (ct) => [g(ct)],
    jvp: ([t]) => t!,
  };
}

function gradThrough(prim: Primitive<null>, x: Tensor): Tensor {
  const tape = new GradientTape();
  const y = tape.record(() => bind(prim, [x], null).sum());
  return tape.gradient(y, x);
}

describe('the reverse walk’s checks', () => {
  it('reject a cotangent of the wrong shape as an internal error naming the primitive', () => {
    const prim = identityWith('badShape', (ct) => ct.reshape([1, 2]));
    expectError(() => gradThrough(prim, tensor([1, 2])), GradscopeError, /^gradscope internal: badShape: vjp gave a float64 \[1, 2\] cotangent for a float64 \[2\] input$/, { op: 'badShape' });
  });
  it('reject a cotangent of the wrong dtype alone', () => {
    const prim = identityWith('badDtype', (ct) => ct.astype('float32'));
    expectError(() => gradThrough(prim, tensor([1, 2])), GradscopeError, /^gradscope internal: badDtype: vjp gave a float32 \[2\] cotangent for a float64 \[2\] input$/, { op: 'badDtype' });
  });
  it('pass a correct cotangent through', () => {
    expect(gradThrough(identityWith('fine', (ct) => ct.mul(3)), tensor([1, 2])).toArray()).toEqual([3, 3]);
  });
  it('in anomaly mode, name the primitive whose vjp computed a NaN', () => {
    const prim = identityWith('nanRule', (ct) => ct.mul(NaN));
    expectError(() => detectAnomaly(() => gradThrough(prim, tensor([1, 2]))), AnomalyError, /^nanRule: produced NaN in backward \(its vjp, computing mul\)/, { op: 'nanRule' });
  });
  it('in anomaly mode, name the primitive whose vjp returned a NaN it made without an op', () => {
    const prim = identityWith('rawNaN', () => tensor([1, NaN]));
    expectError(() => detectAnomaly(() => gradThrough(prim, tensor([1, 2]))), AnomalyError, /^rawNaN: produced NaN in backward \(its vjp\) at flat index 1 of a tensor of shape \[2\]/, { op: 'rawNaN', shapes: [[2]] });
  });
});

describe('cotangents in the walk', () => {
  it('keep an intermediate source’s cotangent and sum contributions from several uses', () => {
    const tape = new GradientTape();
    const x = tensor([1, 2]);
    let m: Tensor | undefined;
    const y = tape.record(() => {
      m = x.mul(3);
      return m.mul(m).add(m).sum();
    });
    const [gm, gx] = tape.gradient(y, [m!, x]);
    expect(gm!.toArray()).toEqual([7, 13]);
    expect(gx!.toArray()).toEqual([21, 39]);
  });
});
