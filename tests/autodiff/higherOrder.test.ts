/**
 * Higher-order derivatives: rules are written with primitive ops, so a backward pass (or a
 * tangent computation) is itself recorded by an outer tape or forward trace.
 */
import { describe, it, expect } from 'vitest';
import { programWithInputs } from '../../src/arbitraries/index.js';
import { GradientTape } from '../../src/autodiff/tape.js';
import { grad, hessian, jvp } from '../../src/autodiff/index.js';
import { add, exp, mul, pow, sigmoid, sin, square, sub, sum, tanh } from '../../src/ops/index.js';
import { randn, tensor } from '../../src/tensor/creation.js';
import type { Tensor } from '../../src/tensor/tensor.js';
import { assertAllClose } from '../../src/testing/allClose.js';
import { fc, runs } from '../helpers/fc.js';
import { TOL } from '../helpers/tolerances.js';

const xs = tensor([-2.5, -0.7, 0, 0.3, 1.9]);
const map = (t: Tensor, f: (v: number) => number): number[] => Array.from(t.data, f);

/** d/dx of an element-wise f, as a function of x (the gradient of Σ f). */
const d = (f: (x: Tensor) => Tensor) => (x: Tensor): Tensor => grad((z: Tensor) => sum(f(z)))(x);

/** Hessian–vector product by central differences of the gradient. */
function fdHvp(g: (x: Tensor) => Tensor, x: Tensor, v: Tensor, eps = TOL.fd.eps): Tensor {
  return mul(sub(g(add(x, mul(v, eps))), g(sub(x, mul(v, eps)))), 1 / (2 * eps));
}

describe('second derivatives of scalar functions (grad of grad)', () => {
  it("tanh'' = −2 tanh (1 − tanh²)", () => {
    const t = map(xs, Math.tanh);
    assertAllClose(d(d(tanh))(xs), t.map((v) => -2 * v * (1 - v * v)), TOL.exact);
  });

  it("sigmoid'' = σ(1 − σ)(1 − 2σ)", () => {
    const s = map(xs, (v) => 1 / (1 + Math.exp(-v)));
    assertAllClose(d(d(sigmoid))(xs), s.map((v) => v * (1 - v) * (1 - 2 * v)), TOL.exact);
  });

  it("(x³)'' = 6x and (x³)''' = 6, with x³ as pow and as x·x·x", () => {
    const cube = (x: Tensor): Tensor => mul(mul(x, x), x);
    assertAllClose(d(d(cube))(xs), map(xs, (v) => 6 * v), TOL.exact);
    assertAllClose(d(d(d(cube)))(xs), map(xs, () => 6), TOL.exact);
    const pos = tensor([0.5, 1, 2.5]);
    assertAllClose(d(d((x) => pow(x, 3)))(pos), map(pos, (v) => 6 * v), TOL.exact);
  });

  it("sin'''' = sin, four levels deep", () => {
    assertAllClose(d(d(d(d(sin))))(xs), map(xs, Math.sin), TOL.exact);
  });
});

describe('Hessian–vector products', () => {
  const f = (x: Tensor): Tensor => sum(mul(tanh(mul(x, x)), exp(mul(x, 0.3))));

  it('forward over reverse (jvp of grad) matches finite differences of the gradient', () => {
    const x = randn([4], { seed: 3 });
    const v = randn([4], { seed: 4 });
    const [, hv] = jvp(grad(f), [x], [v]);
    assertAllClose(hv, fdHvp(grad(f), x, v), TOL.fdClose);
  });

  it('reverse over reverse (nested tapes) matches forward over reverse', () => {
    const x = randn([4], { seed: 5 });
    const v = randn([4], { seed: 6 });
    const outer = new GradientTape();
    const gv = outer.record(() => {
      const inner = new GradientTape();
      const y = inner.record(() => f(x));
      return sum(mul(inner.gradient(y, x), v));
    });
    const hv = outer.gradient(gv, x);
    assertAllClose(hv, jvp(grad(f), [x], [v])[1], TOL.exact);
    assertAllClose(hv, fdHvp(grad(f), x, v), TOL.fdClose);
  });

  it('agree with each other and with finite differences on random scalar programs', () => {
    fc.assert(
      fc.property(programWithInputs({ scalar: true, maxInputs: 1, maxRank: 2 }), fc.integer({ min: 1, max: 2 ** 30 }), ({ program, inputs: [x] }, seed) => {
        const p = (z: Tensor): Tensor => program.apply(z);
        const v = randn(x!.shape, { seed });
        const [, fwd] = jvp(grad(p), [x!], [v]);
        const outer = new GradientTape();
        const gv = outer.record(() => sum(mul(grad(p)(x!), v)));
        const rev = outer.gradient(gv, x!);
        try {
          assertAllClose(rev, fwd, TOL.exact);
          assertAllClose(fwd, fdHvp(grad(p), x!, v), TOL.fdClose);
        } catch (e) {
          throw new Error(`${(e as Error).message} on\n${program.toString()}`);
        }
      }),
      { numRuns: runs(30) },
    );
  });
});

describe('hessian', () => {
  it('has shape [...in, ...in] and matches finite differences of the gradient, column by column', () => {
    const x = randn([2, 2], { seed: 8 });
    const f = (z: Tensor): Tensor => sum(mul(square(sin(z)), sum(z)));
    const h = hessian(f)(x);
    expect(h.shape).toEqual([2, 2, 2, 2]);
    const cols = [0, 1, 2, 3].map((j) => {
      const e = tensor(
        [0, 1, 2, 3].map((i) => (i === j ? 1 : 0)),
        [2, 2],
      );
      return fdHvp(grad(f), x, e).toArray();
    });
    // h[i…, j…] = ∂²f/∂x_i∂x_j, so column j of the flattened Hessian is H·e_j
    const flat = h.reshape([4, 4]).toArray() as number[][];
    const fd = cols.map((c) => (c as number[][]).flat());
    assertAllClose(
      tensor(flat),
      tensor(fd[0]!.map((_, i) => fd.map((col) => col[i]!))),
      TOL.fdClose,
    );
  });

  it('is symmetric and exact for a quadratic form', () => {
    const A = tensor([
      [2, 1, 0],
      [1, 3, -1],
      [0, -1, 4],
    ]);
    const f = (z: Tensor): Tensor => mul(sum(mul(z, z.reshape([1, 3]).matmul(A).reshape([3]))), 0.5);
    const h = hessian(f)(tensor([0.3, -1, 2]));
    assertAllClose(h, A, TOL.exact);
  });
});
