/**
 * The functional transforms: customGradient, stopGradient, jacobian in its three modes, vjp and
 * jvp over trees, and valueAndGrad.
 */
import { describe, it, expect } from 'vitest';
import { GradientTape } from '../../src/autodiff/tape.js';
import { customGradient, grad, jacobian, jvp, stopGradient, valueAndGrad, vjp } from '../../src/autodiff/index.js';
import { add, clip, exp, log, matmul, mul, sigmoid, sin, sum, tanh } from '../../src/ops/index.js';
import { randn, scalar, tensor } from '../../src/tensor/creation.js';
import type { Tensor } from '../../src/tensor/tensor.js';
import { assertAllClose } from '../../src/testing/allClose.js';
import { TOL } from '../helpers/tolerances.js';

const x = tensor([0.5, -1.5, 2]);

describe('customGradient', () => {
  it('uses the given vjp in reverse mode instead of differentiating the body', () => {
    const clipGrad = customGradient((z: Tensor) => z, { vjp: (ct) => [clip(ct, -1, 1)] });
    expect(grad((z: Tensor) => sum(mul(clipGrad(z), 10)))(x).toArray()).toEqual([1, 1, 1]);
    expect(grad((z: Tensor) => sum(mul(clipGrad(z), 0.25)))(x).toArray()).toEqual([0.25, 0.25, 0.25]);
  });

  it('returns the body’s value and passes the rule the inputs and the output', () => {
    let seen: { inputs: readonly Tensor[]; output: Tensor } | undefined;
    const sq = customGradient((z: Tensor) => mul(z, z), {
      vjp: (ct, ctx) => {
        seen = ctx;
        return [mul(ct, mul(ctx.inputs[0]!, 2))];
      },
    });
    const y = sq(x);
    expect(y.toArray()).toEqual([0.25, 2.25, 4]);
    grad((z: Tensor) => sum(sq(z)))(x);
    expect(seen!.inputs[0]!.toArray()).toEqual(x.toArray());
    expect(seen!.output.toArray()).toEqual([0.25, 2.25, 4]);
  });

  it('falls back to differentiating the body in forward mode when no jvp is given', () => {
    // a deliberately different vjp shows which rule forward mode used
    const sq = customGradient((z: Tensor) => mul(z, z), { vjp: (ct) => [ct] });
    const v = tensor([1, 2, 3]);
    const [, t] = jvp(sq, [x], [v]);
    assertAllClose(t, [2 * 0.5 * 1, 2 * -1.5 * 2, 2 * 2 * 3], TOL.exact);
  });

  it('uses the given jvp in forward mode', () => {
    const f = customGradient((z: Tensor) => mul(z, z), { vjp: (ct) => [ct], jvp: ([t]) => mul(t!, 7) });
    expect(jvp(f, [x], [tensor([1, 1, 1])])[1].toArray()).toEqual([7, 7, 7]);
  });

  it('supports several inputs, a null cotangent, and a stable rule where the body’s own gradient would overflow', () => {
    // softplus(a)·b with the stable derivative σ(a) instead of exp(a)/(1 + exp(a))
    const softplusTimes = customGradient((a: Tensor, b: Tensor) => mul(log(add(exp(a), 1)), b), {
      vjp: (ct, { inputs: [a] }) => [mul(ct, sigmoid(a!)), null],
    });
    const a = tensor([-2, 0, 3]);
    const b = tensor([1, 2, 3]);
    const [ga, gb] = grad((p: Tensor, q: Tensor) => sum(softplusTimes(p, q)), { argnums: [0, 1] })(a, b);
    assertAllClose(ga, Array.from(a.data, (v) => 1 / (1 + Math.exp(-v))), TOL.exact);
    expect(gb.toArray()).toEqual([0, 0, 0]);
  });

  it('can be differentiated twice when its rule is written with ops', () => {
    const cube = customGradient((z: Tensor) => mul(mul(z, z), z), { vjp: (ct, { inputs: [z] }) => [mul(ct, mul(mul(z!, z!), 3))] });
    const d2 = grad((z: Tensor) => sum(grad((w: Tensor) => sum(cube(w)))(z)))(x);
    assertAllClose(d2, Array.from(x.data, (v) => 6 * v), TOL.exact);
  });
});

describe('stopGradient', () => {
  it('passes values through and blocks the derivative: d/dx [stop(x)·x] = x', () => {
    expect(stopGradient(x).toArray()).toEqual(x.toArray());
    expect(grad((z: Tensor) => sum(mul(stopGradient(z), z)))(x).toArray()).toEqual(x.toArray());
  });

  it('has a zero tangent in forward mode and leaves its input unconnected on a tape', () => {
    expect(jvp((z: Tensor) => stopGradient(z), [x], [tensor([1, 1, 1])])[1].toArray()).toEqual([0, 0, 0]);
    const tape = new GradientTape();
    const y = tape.record(() => sum(stopGradient(tanh(x))));
    expect(() => tape.gradient(y, x, { unconnected: 'error' })).toThrow(/does not depend on a source/);
  });
});

describe('jacobian', () => {
  const W = randn([4, 3], { seed: 11 });
  const f = (z: Tensor): Tensor => tanh(matmul(W, sin(z)));

  it('agrees in forward, reverse and auto modes and has shape [...out, ...in]', () => {
    const z = randn([3, 2], { seed: 12 });
    const modes = (['forward', 'reverse', 'auto'] as const).map((mode) => jacobian(f, { mode })(z));
    for (const j of modes) expect(j.shape).toEqual([4, 2, 3, 2]);
    assertAllClose(modes[1]!, modes[0]!, TOL.exact);
    assertAllClose(modes[2]!, modes[0]!, TOL.exact);
  });

  it('matches finite differences entry by entry, and its rows are pullbacks of unit cotangents', () => {
    const z = randn([3, 1], { seed: 13 });
    const j = jacobian(f)(z);
    expect(j.shape).toEqual([4, 1, 3, 1]);
    const eps = TOL.fd.eps;
    const cols = [0, 1, 2].map((k) => {
      const e = tensor(
        [0, 1, 2].map((i) => (i === k ? eps : 0)),
        [3, 1],
      );
      return Array.from(f(add(z, e)).data, (p, o) => (p - f(add(z, mul(e, -1))).data[o]!) / (2 * eps));
    });
    const fdJ = [0, 1, 2, 3].map((o) => cols.map((c) => c[o]!));
    assertAllClose(j.reshape([4, 3]), fdJ, TOL.fdClose);
    const [, pullback] = vjp(f, z);
    assertAllClose(j.reshape([4, 3]).toArray()[2] as number[], pullback(tensor([[0], [0], [1], [0]]))[0].reshape([3]), TOL.exact);
  });

  it('gives shape [...in] for a scalar output and [...out] for a scalar input', () => {
    expect(jacobian((z: Tensor) => sum(mul(z, z)))(tensor([[1, 2]])).toArray()).toEqual([[2, 4]]);
    expect(jacobian((s: Tensor) => mul(tensor([1, 2, 3]), s))(scalar(5)).toArray()).toEqual([1, 2, 3]);
  });

  it('differentiates with respect to the argument argnums picks', () => {
    const g = (a: Tensor, b: Tensor): Tensor => mul(a, b);
    expect(jacobian(g, { argnums: 1 })(tensor([2, 3]), tensor([5, 7])).toArray()).toEqual([
      [2, 0],
      [0, 3],
    ]);
  });
});

describe('vjp and jvp over trees', () => {
  const params = { w: tensor([1, 2]), b: scalar(0.5) };
  const xs = [tensor([3, 4]), tensor([-1, 1])];
  const model = (p: { w: Tensor; b: Tensor }, inputs: Tensor[]): Tensor => add(mul(p.w, add(inputs[0]!, inputs[1]!)), p.b);

  it('vjp returns one cotangent per primal, each in its primal’s structure', () => {
    const [y, pullback] = vjp(model, params, xs);
    expect(y.toArray()).toEqual([2.5, 10.5]);
    const [gp, gx] = pullback(tensor([1, 10]));
    expect(Object.keys(gp)).toEqual(['w', 'b']);
    expect(gp.w.toArray()).toEqual([2, 50]);
    expect(gp.b.toArray()).toEqual(11);
    expect(gx.map((g) => g.toArray())).toEqual([
      [1, 20],
      [1, 20],
    ]);
  });

  it('jvp takes tangents in the primals’ structure and returns the directional derivative', () => {
    const tangents = [{ w: tensor([1, 0]), b: scalar(1) }, [tensor([0, 1]), tensor([0, 0])]] as const;
    const [y, t] = jvp(model, [params, xs], tangents as unknown as [typeof params, Tensor[]]);
    expect(y.toArray()).toEqual([2.5, 10.5]);
    // d = dw·(x0 + x1) + w·(dx0 + dx1) + db
    expect(t.toArray()).toEqual([1 * 2 + 0 + 1, 0 + 2 * 1 + 1]);
  });

  it('valueAndGrad returns the value and a tuple of gradients for several argnums', () => {
    const [v, [ga, gb]] = valueAndGrad((a: Tensor, b: Tensor) => sum(mul(a, b)), { argnums: [0, 1] })(tensor([1, 2]), tensor([3, 4]));
    expect(v.item()).toBe(11);
    expect(ga.toArray()).toEqual([3, 4]);
    expect(gb.toArray()).toEqual([1, 2]);
  });

  it('grad of a record argument returns a record', () => {
    const g = grad((p: { w: Tensor; b: Tensor }) => sum(model(p, xs)))(params);
    expect(g.w.toArray()).toEqual([2, 5]);
    expect(g.b.item()).toBe(2);
  });

  it('leave their inputs unchanged', () => {
    const before = [params.w, params.b, ...xs].map((t) => [...t.data]);
    vjp(model, params, xs)[1](tensor([1, 1]));
    jvp(model, [params, xs], [params, xs]);
    expect([params.w, params.b, ...xs].map((t) => [...t.data])).toEqual(before);
  });
});
