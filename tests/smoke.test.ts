import { test, expect } from 'vitest';
import { tensor, grad, GradientTape, jvp, jacobian, hessian, randn, matmul } from '../src/index.js';
test('smoke', () => {
  const x = tensor([1, 2, 3]);
  console.log(x.toString());
  const g = grad((x) => x.mul(x).sum())(x);
  expect(g.toArray()).toEqual([2, 4, 6]);
  const a = randn([3, 4], { seed: 1 }); const b = randn([4, 2], { seed: 2 });
  const tape = new GradientTape();
  const y = tape.record(() => matmul(a, b).tanh().sum());
  const [ga, gb] = tape.gradient(y, [a, b]);
  console.log(ga.toString(), gb.shape);
  const [v, t] = jvp((x) => x.square().sum(), [x], [tensor([1, 0, 0])]);
  expect(t.item()).toBe(2);
  console.log(jacobian((x) => x.square())(tensor([1, 2])).toArray());
  console.log(jacobian((x) => x.square(), {mode: 'forward'})(tensor([1, 2])).toArray());
  console.log(hessian((x) => x.pow(3).sum())(tensor([1, 2])).toArray());
  console.log(x.softmax().toArray(), tensor([[1,2],[3,4]]).sum(0).toArray());
});
