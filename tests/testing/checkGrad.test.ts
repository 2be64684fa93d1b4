import { describe, it, expect } from 'vitest';
import { customGradient } from '../../src/autodiff/index.js';
import { ValueError } from '../../src/errors.js';
import { add, matmul, mul, sin, sum, tanh } from '../../src/ops/index.js';
import { randn, tensor } from '../../src/tensor/creation.js';
import type { Tensor } from '../../src/tensor/tensor.js';
import { assertGrad, checkGrad } from '../../src/testing/checkGrad.js';
import { TOL } from '../helpers/tolerances.js';

/** f(a, b) = a·sin(b), with a vjp that is wrong for b only (it forgets the cos). */
const wrongVjp = customGradient((a: Tensor, b: Tensor) => mul(a, sin(b)), {
  vjp: (ct, { inputs: [a, b] }) => [mul(ct, sin(b!)), mul(ct, a!)],
});
/** The same f with a correct vjp and a jvp that is wrong for a (doubles it). */
const wrongJvp = customGradient((a: Tensor, b: Tensor) => mul(a, sin(b)), {
  vjp: (ct, { inputs: [a, b] }) => [mul(ct, sin(b!)), mul(ct, mul(a!, b!.cos()))],
  jvp: ([ta, tb], { inputs: [a, b] }) => add(mul(mul(ta!, 2), sin(b!)), mul(tb!, mul(a!, b!.cos()))),
});

const a = tensor([0.5, -2, 1.5]);
const b = tensor([0.3, 1.1, -0.7]);

describe('checkGrad', () => {
  it('passes a correct function in both modes, comparing every Jacobian entry', () => {
    const W = randn([3, 2], { seed: 1 });
    const r = checkGrad((x) => tanh(matmul(x, W)), [randn([2, 3], { seed: 2 })], TOL.fd);
    expect(r.ok).toBe(true);
    // 4 outputs × 6 inputs, once per mode
    expect(r.entries).toBe(2 * 4 * 6);
    expect(r.maxAbsError).toBeLessThan(TOL.fd.atol);
  });

  it('catches a deliberately wrong vjp and points at the wrong input and element', () => {
    const r = checkGrad((x, y) => wrongVjp(x!, y!), [a, b], TOL.fd);
    expect(r.ok).toBe(false);
    const w = r.worst!;
    expect(w.mode).toBe('reverse');
    expect(w.input).toBe(1);
    expect(w.inputIndex).toBe(w.outputIndex);
    // the rule says a, the truth is a·cos(b)
    const i = w.inputIndex;
    expect(w.analytic).toBeCloseTo(a.data[i]!, 12);
    expect(w.numeric).toBeCloseTo(a.data[i]! * Math.cos(b.data[i]!), 8);
    // the element with the largest error is the one where a(1 − cos b) is largest
    const errs = [0, 1, 2].map((k) => Math.abs(a.data[k]! * (1 - Math.cos(b.data[k]!))));
    expect(i).toBe(errs.indexOf(Math.max(...errs)));
  });

  it('sees a wrong vjp only in reverse mode (forward mode differentiates the body)', () => {
    expect(checkGrad((x, y) => wrongVjp(x!, y!), [a, b], { ...TOL.fd, mode: 'forward' }).ok).toBe(true);
    expect(checkGrad((x, y) => wrongVjp(x!, y!), [a, b], { ...TOL.fd, mode: 'reverse' }).ok).toBe(false);
  });

  it('catches a deliberately wrong jvp in forward mode', () => {
    expect(checkGrad((x, y) => wrongJvp(x!, y!), [a, b], { ...TOL.fd, mode: 'reverse' }).ok).toBe(true);
    const r = checkGrad((x, y) => wrongJvp(x!, y!), [a, b], { ...TOL.fd, mode: 'forward' });
    expect(r.ok).toBe(false);
    expect(r.worst!.mode).toBe('forward');
    expect(r.worst!.input).toBe(0);
    expect(r.worst!.analytic).toBeCloseTo(2 * r.worst!.numeric, 8);
  });

  it('honours its tolerances', () => {
    // a rule off by 1e-4 relative passes a loose check and fails a tight one
    const off = customGradient((x: Tensor) => mul(x, 3), { vjp: (ct) => [mul(ct, 3 * (1 + 1e-4))] });
    expect(checkGrad((x) => off(x!), [a], { mode: 'reverse', atol: 0, rtol: 1e-3 }).ok).toBe(true);
    const tight = checkGrad((x) => off(x!), [a], { mode: 'reverse', atol: 0, rtol: 1e-5 });
    expect(tight.ok).toBe(false);
    expect(tight.maxRelError).toBeCloseTo(1e-4, 6);
  });

  it('casts float32 inputs up to float64 before differencing', () => {
    const r = checkGrad((x) => sum(tanh(x)), [tensor([0.25, -1], undefined, { dtype: 'float32' })], TOL.fd);
    expect(r.ok).toBe(true);
    expect(r.maxAbsError).toBeLessThan(1e-9);
  });

  it('rejects bad arguments with ValueErrors', () => {
    expect(() => checkGrad(3 as never, [a])).toThrow(/^checkGrad: f must be a function; got 3/);
    expect(() => checkGrad((x) => x, [a, 3] as never)).toThrow(/^checkGrad: inputs must be an array of tensors; got an array of length 2/);
    expect(() => checkGrad((x) => x, [a], { eps: 0 })).toThrow(/^checkGrad: eps must be a positive finite number; got 0/);
    expect(() => checkGrad((x) => x, [a], { atol: -1 })).toThrow(ValueError);
    expect(() => checkGrad((x) => x, [a], { mode: 'sideways' as never })).toThrow(/mode must be 'reverse', 'forward' or 'both'/);
    expect(() => checkGrad((x) => x, [a], { tol: 1 } as never)).toThrow(/^checkGrad: unknown option 'tol'/);
    expect(() => checkGrad(() => 3 as never, [a])).toThrow(/^checkGrad: f must return a tensor; got 3/);
  });
});

describe('assertGrad', () => {
  it('returns the result for a correct function', () => {
    expect(assertGrad((x) => sum(mul(x, x)), [a], TOL.fd).ok).toBe(true);
  });

  it('throws a ValueError naming the mode, the input, the elements and both values', () => {
    let message = '';
    try {
      assertGrad((x, y) => wrongVjp(x!, y!), [a, b], TOL.fd);
    } catch (e) {
      expect(e).toBeInstanceOf(ValueError);
      message = (e as Error).message;
    }
    expect(message).toMatch(
      /^assertGrad: reverse-mode derivative disagrees with finite differences at input 1, element \d, output element \d: analytic -?[\d.e-]+, numeric -?[\d.e-]+ \(max abs error [\d.e-]+, max rel error [\d.e-]+; atol 0.000001, rtol 0.00001\)$/,
    );
  });
});
