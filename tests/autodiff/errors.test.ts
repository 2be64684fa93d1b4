/**
 * Every misuse of the tape and the transforms gets a GradscopeError that says what went wrong
 * and what to do instead.
 */
import { describe, it, expect } from 'vitest';
import { GradientTape } from '../../src/autodiff/tape.js';
import { customGradient, grad, hessian, jacobian, jvp, valueAndGrad, vjp } from '../../src/autodiff/index.js';
import { GradscopeError, ShapeError, TapeError, ValueError } from '../../src/errors.js';
import { mul, sum, tanh } from '../../src/ops/index.js';
import { tensor } from '../../src/tensor/creation.js';
import type { Tensor } from '../../src/tensor/tensor.js';

const x = tensor([1, 2, 3]);

/** The error `fn` throws (fails the test when it throws none). */
function thrown(fn: () => unknown): GradscopeError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(GradscopeError);
    return e as GradscopeError;
  }
  throw new Error('expected an error');
}

describe('GradientTape misuse', () => {
  it('a non-persistent tape used a second time says to create a new one or make it persistent', () => {
    const tape = new GradientTape();
    const y = tape.record(() => sum(tanh(x)));
    tape.gradient(y, x);
    const e = thrown(() => tape.gradient(y, x));
    expect(e).toBeInstanceOf(TapeError);
    expect(e.message).toMatch(/^GradientTape\.gradient: this tape has already given its gradient and was released; create a new tape, or use new GradientTape\(\{ persistent: true \}\)/);
    expect(() => tape.record(() => tanh(x))).toThrow(/^GradientTape\.record: this tape has already given its gradient/);
  });

  it('a target computed outside record() is named with its shape', () => {
    const tape = new GradientTape();
    tape.record(() => tanh(x));
    const outside = sum(x);
    const e = thrown(() => tape.gradient(outside, x));
    expect(e).toBeInstanceOf(TapeError);
    expect(e.message).toBe(
      'GradientTape.gradient: the target was not recorded by this tape; compute it inside tape.record(() => …) (got a float64 tensor of shape [])',
    );
    expect(e.arg).toBe('target');
  });

  it('leaves a tape usable after rejecting a bad call', () => {
    const tape = new GradientTape();
    const y = tape.record(() => sum(tanh(x)));
    expect(() => tape.gradient(sum(x), x)).toThrow(TapeError);
    expect(tape.gradient(y, x).shape).toEqual([3]);
  });

  it('an unconnected source gets zeros by default and a TapeError with unconnected: "error"', () => {
    const other = tensor([5, 6]);
    const tape = new GradientTape({ persistent: true });
    const y = tape.record(() => sum(tanh(x)));
    expect([...tape.gradient(y, [x, other])[1]!.data]).toEqual([0, 0]);
    const e = thrown(() => tape.gradient(y, [x, other], { unconnected: 'error' }));
    expect(e).toBeInstanceOf(TapeError);
    expect(e.message).toBe(
      'GradientTape.gradient: the target does not depend on a source of shape [2]; check that the target is computed from it inside record()',
    );
  });

  it('a non-scalar target without outputGradient says how to fix it', () => {
    const tape = new GradientTape();
    const y = tape.record(() => tanh(x));
    const e = thrown(() => tape.gradient(y, x));
    expect(e).toBeInstanceOf(TapeError);
    expect(e.message).toBe(
      'GradientTape.gradient: the target is not a scalar; got shape [3]; pass { outputGradient } of that shape, or reduce the target (e.g. .sum())',
    );
  });

  it('an outputGradient of the wrong shape or dtype is rejected', () => {
    const tape = new GradientTape({ persistent: true });
    const y = tape.record(() => tanh(x));
    const e = thrown(() => tape.gradient(y, x, { outputGradient: tensor([1, 1]) }));
    expect(e).toBeInstanceOf(TapeError);
    expect(e.message).toBe('GradientTape.gradient: outputGradient must match the target (float64 [3]); got a float64 tensor of shape [2]');
    expect(() => tape.gradient(y, x, { outputGradient: tensor([1, 1, 1], undefined, { dtype: 'float32' }) })).toThrow(
      /outputGradient must match the target \(float64 \[3\]\); got a float32 tensor of shape \[3\]/,
    );
  });

  it('sources that are not tensors, a bad unconnected value and unknown options are ValueErrors', () => {
    const tape = new GradientTape({ persistent: true });
    const y = tape.record(() => sum(tanh(x)));
    expect(() => tape.gradient(y, [x, 3] as never)).toThrow(/GradientTape\.gradient: sources must be a tensor or an array or record of tensors; got 3/);
    expect(() => tape.gradient(y, x, { unconnected: 'ignore' as never })).toThrow(ValueError);
    expect(() => tape.gradient(y, x, { outputGradeint: x } as never)).toThrow(/GradientTape\.gradient: unknown option 'outputGradeint'; expected one of 'outputGradient', 'unconnected'/);
    expect(() => new GradientTape({ persist: true } as never)).toThrow(/GradientTape: unknown option 'persist'; expected one of 'persistent'/);
    expect(() => tape.record(3 as never)).toThrow(/GradientTape\.record: expects a function; got 3/);
  });
});

describe('transform misuse', () => {
  it('grad of a non-scalar f is a TapeError pointing to vjp and jacobian', () => {
    const e = thrown(() => grad((z: Tensor) => tanh(z))(x));
    expect(e).toBeInstanceOf(TapeError);
    expect(e.message).toBe('grad: f must return a scalar; got shape [3]; use vjp or jacobian for other outputs');
    expect(() => valueAndGrad((z: Tensor) => tanh(z))(x)).toThrow(/^valueAndGrad: f must return a scalar/);
  });

  it('bad argnums are ValueErrors naming the valid range', () => {
    const f = (a: Tensor, b: Tensor): Tensor => sum(mul(a, b));
    for (const argnums of [2, -1, 0.5, [], [0, 5]]) {
      const e = thrown(() => grad(f, { argnums: argnums as never })(x, x));
      expect(e).toBeInstanceOf(ValueError);
      expect(e.message).toMatch(/^grad: argnums must be argument indices in \[0, 1\]; got /);
    }
    expect(() => jacobian((z: Tensor) => z, { argnums: 1 })(x)).toThrow(/^jacobian: argnums must be argument indices in \[0, 0\]; got 1/);
  });

  it('grad with unconnected: "error" names the argument that f ignores', () => {
    const e = thrown(() => grad((a: Tensor, _b: Tensor) => sum(a), { argnums: [0, 1], unconnected: 'error' })(x, x));
    expect(e).toBeInstanceOf(TapeError);
    expect(e.message).toBe('grad: the output does not depend on an argument in argnums [0, 1]; check that f uses it');
  });

  it('unknown option names are ValueErrors listing the known ones', () => {
    const f = (z: Tensor): Tensor => sum(z);
    expect(() => grad(f, { argnum: 1 } as never)).toThrow(/^grad: unknown option 'argnum'; expected one of 'argnums', 'unconnected'/);
    expect(() => valueAndGrad(f, { mode: 'x' } as never)).toThrow(/^valueAndGrad: unknown option 'mode'/);
    expect(() => jacobian(f, { mdoe: 'forward' } as never)).toThrow(/^jacobian: unknown option 'mdoe'; expected one of 'mode', 'argnums'/);
    expect(() => jacobian(f, { mode: 'sideways' as never })).toThrow(/^jacobian: mode must be 'auto', 'reverse' or 'forward'; got "sideways"/);
    expect(() => hessian(f, { mode: 'forward' } as never)).toThrow(/^hessian: unknown option 'mode'; expected one of 'argnums'/);
    expect(() => customGradient(f, { vjp: (ct: Tensor) => [ct], jpv: () => x } as never)).toThrow(/^customGradient: unknown option 'jpv'/);
  });

  it('f that is not a function is a ValueError', () => {
    const transforms: ((f: never) => unknown)[] = [grad, valueAndGrad, jacobian, hessian];
    for (const t of transforms) expect(() => t(3 as never)).toThrow(/f must be a function; got 3/);
    expect(() => vjp(3 as never, x)).toThrow(/^vjp: f must be a function; got 3/);
  });

  it('a cotangent or a tangent of the wrong shape is a ShapeError', () => {
    const [, pullback] = vjp((z: Tensor) => tanh(z), x);
    expect(() => pullback(tensor([1]))).toThrow(ShapeError);
    expect(() => pullback(tensor([1]))).toThrow(/^vjp: the cotangent must have the output's .*\[3\]\)?; got a float64 tensor of shape \[1\]/);
    expect(() => jvp((z: Tensor) => z, [x], [tensor([1, 2])])).toThrow(/^jvp: tangent 0 must match its primal \(float64 \[3\]\); got a float64 tensor of shape \[2\]/);
    expect(() => jvp((z: Tensor) => z, [x], [] as never)).toThrow(/^jvp: primals and tangents must be arrays of the same length/);
  });

  it('a custom vjp that returns the wrong cotangents is caught and named', () => {
    const bad = customGradient((z: Tensor) => mul(z, 2), { vjp: (ct) => [ct, ct] });
    expect(() => grad((z: Tensor) => sum(bad(z)))(x)).toThrow(/vjp must return one cotangent per input \(1\); got an array of length 2/);
    const badShape = customGradient((z: Tensor) => sum(z), { vjp: (ct) => [ct] });
    expect(() => grad((z: Tensor) => badShape(z))(x)).toThrow(ShapeError);
  });
});
