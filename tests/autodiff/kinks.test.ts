/**
 * The derivative gradscope picks where a primitive has a kink (the property suite keeps inputs
 * away from these points): relu and abs take 0 at 0, maximum/minimum split a tie ½–½, and max
 * shares the gradient equally among tied maxima (as JAX does).
 */
import { describe, it, expect } from 'vitest';
import { grad, jvp } from '../../src/autodiff/transforms.js';
import { abs, clip, max, maximum, min, minimum, relu, sum } from '../../src/ops/index.js';
import { tensor } from '../../src/tensor/creation.js';
import type { Tensor } from '../../src/tensor/tensor.js';

const g = (f: (x: Tensor) => Tensor, x: Tensor): unknown => grad(f)(x).toArray();

describe('derivatives at kinks', () => {
  it("relu'(0) = 0, and 1 just above, 0 just below", () => {
    expect(g((x) => sum(relu(x)), tensor([0, 1e-300, -1e-300, 2]))).toEqual([0, 1, 0, 1]);
  });

  it("abs'(0) = 0, and ±1 on either side", () => {
    expect(g((x) => sum(abs(x)), tensor([0, -0, 3, -3]))).toEqual([0, 0, 1, -1]);
  });

  it('maximum splits a tie ½–½ between its arguments, in both modes', () => {
    const a = tensor([2, 2, 5]);
    const b = tensor([2, 3, 1]);
    const [ga, gb] = grad((x: Tensor, y: Tensor) => sum(maximum(x, y)), { argnums: [0, 1] })(a, b);
    expect(ga.toArray()).toEqual([0.5, 0, 1]);
    expect(gb.toArray()).toEqual([0.5, 1, 0]);
    const [, t] = jvp((x: Tensor, y: Tensor) => maximum(x, y), [a, b], [tensor([1, 1, 1]), tensor([0, 0, 0])]);
    expect(t.toArray()).toEqual([0.5, 0, 1]);
  });

  it('minimum splits a tie ½–½ too', () => {
    const [ga, gb] = grad((x: Tensor, y: Tensor) => sum(minimum(x, y)), { argnums: [0, 1] })(tensor([4, 0]), tensor([4, 1]));
    expect(ga.toArray()).toEqual([0.5, 1]);
    expect(gb.toArray()).toEqual([0.5, 0]);
  });

  it('a broadcast tie sends each half to the right place', () => {
    const gb = grad((x: Tensor, y: Tensor) => sum(maximum(x, y)), { argnums: 1 })(tensor([1, 1, 0]), tensor([1]));
    expect(gb.toArray()).toEqual([0.5 + 0.5 + 1]);
  });

  it('max shares the gradient equally among tied maxima, per reduced slice', () => {
    expect(g((x) => max(x), tensor([3, 1, 3]))).toEqual([0.5, 0, 0.5]);
    expect(g((x) => sum(max(x, 1)), tensor([[7, 7, 7], [1, 9, 2]]))).toEqual([
      [1 / 3, 1 / 3, 1 / 3],
      [0, 1, 0],
    ]);
    const [, t] = jvp((x: Tensor) => max(x), [tensor([3, 1, 3])], [tensor([1, 0, 0])]);
    expect(t.item()).toBe(0.5);
  });

  it('min (as −max(−x)) shares ties equally as well', () => {
    expect(g((x) => min(x), tensor([0, 0, 5, 0]))).toEqual([1 / 3, 1 / 3, 0, 1 / 3]);
  });

  it('clip passes ½ exactly on an edge, 1 inside and 0 outside', () => {
    expect(g((x) => sum(clip(x, -1, 1)), tensor([-2, -1, 0, 1, 2]))).toEqual([0, 0.5, 1, 0.5, 0]);
  });
});
