import { describe, expectTypeOf, it } from 'vitest';
import type { InnerDimensionMismatch, Shape, Tensor } from '../../src/index.js';
import type { MatmulCheck } from '../../src/ops/linalg.js';
import { add, matmul, max, mean, min, mul, reshape, sigmoid, softmax, sub, sum, tanh, transpose, zeros } from '../../src/index.js';

declare const a23: Tensor<[2, 3]>;
declare const b34: Tensor<[3, 4]>;
declare const b45: Tensor<[4, 5]>;
declare const a3: Tensor<[3]>;
declare const dyn: Tensor<[number, number]>;
declare const dyn3: Tensor<[number, 3]>;
declare const anyShape: Tensor;
declare const x523: Tensor<[5, 2, 3]>;
declare const y534: Tensor<[5, 3, 4]>;

describe('element-wise ops', () => {
  it('keep the shape when both operands have the same shape', () => {
    expectTypeOf(add(a23, a23)).toEqualTypeOf<Tensor<[2, 3]>>();
    expectTypeOf(mul(zeros([2, 3]), zeros([2, 3]))).toEqualTypeOf<Tensor<[2, 3]>>();
    expectTypeOf(sub(a23, 1)).toEqualTypeOf<Tensor<[2, 3]>>();
    expectTypeOf(sub(1, a23)).toEqualTypeOf<Tensor<[2, 3]>>();
  });

  it('widen to Shape when the shapes differ (broadcasting is checked at run time)', () => {
    expectTypeOf(add(a23, a3)).toEqualTypeOf<Tensor<Shape>>();
    expectTypeOf(mul(a23, anyShape)).toEqualTypeOf<Tensor<Shape>>();
  });

  it('unary ops keep the shape', () => {
    expectTypeOf(tanh(a23)).toEqualTypeOf<Tensor<[2, 3]>>();
    expectTypeOf(sigmoid(a3)).toEqualTypeOf<Tensor<[3]>>();
    expectTypeOf(softmax(a23)).toEqualTypeOf<Tensor<[2, 3]>>();
  });
});

describe('matmul', () => {
  it('of [2, 3] and [3, 4] is [2, 4]', () => {
    expectTypeOf(matmul(a23, b34)).toEqualTypeOf<Tensor<[2, 4]>>();
    expectTypeOf(matmul(zeros([2, 3]), zeros([3, 4]))).toEqualTypeOf<Tensor<[2, 4]>>();
  });

  it('rejects literal inner dimensions that differ at compile time', () => {
    // @ts-expect-error inner dimensions 3 and 4 differ
    matmul(a23, b45);
    // @ts-expect-error inner dimensions 3 and 4 differ
    matmul(zeros([2, 3]), zeros([4, 5]));
  });

  it('names the mismatch in the type error', () => {
    expectTypeOf<MatmulCheck<[2, 3], [4, 5]>>().toEqualTypeOf<InnerDimensionMismatch<3, 4>>();
    expectTypeOf<MatmulCheck<[2, 3], [3, 5]>>().toEqualTypeOf<unknown>();
    expectTypeOf<MatmulCheck<[2, number], [4, 5]>>().toEqualTypeOf<unknown>();
  });

  it('lets number dimensions through (the run-time check decides)', () => {
    expectTypeOf(matmul(dyn, b45)).toEqualTypeOf<Tensor<[number, 5]>>();
    expectTypeOf(matmul(a23, dyn)).toEqualTypeOf<Tensor<[2, number]>>();
    expectTypeOf(matmul(dyn3, b34)).toEqualTypeOf<Tensor<[number, 4]>>();
    expectTypeOf(matmul(anyShape, anyShape)).toEqualTypeOf<Tensor<Shape>>();
  });

  it('keeps batch axes that agree', () => {
    expectTypeOf(matmul(x523, b34)).toEqualTypeOf<Tensor<[5, 2, 4]>>();
    expectTypeOf(matmul(x523, y534)).toEqualTypeOf<Tensor<[5, 2, 4]>>();
    // @ts-expect-error inner dimensions 3 and 2 differ in a batched product too
    matmul(x523, x523);
  });
});

describe('layout', () => {
  it('transpose of [2, 3] is [3, 2]', () => {
    expectTypeOf(transpose(a23)).toEqualTypeOf<Tensor<[3, 2]>>();
  });

  it('reshape to a literal shape is that shape, and a −1 widens to Shape', () => {
    expectTypeOf(reshape(a23, [3, 2])).toEqualTypeOf<Tensor<[3, 2]>>();
    expectTypeOf(reshape(a23, [6])).toEqualTypeOf<Tensor<[6]>>();
    expectTypeOf(reshape(a23, [-1])).toEqualTypeOf<Tensor<Shape>>();
    expectTypeOf(reshape(a23, [3, -1])).toEqualTypeOf<Tensor<Shape>>();
  });
});

describe('reductions', () => {
  it('over everything give a scalar', () => {
    expectTypeOf(sum(a23)).toEqualTypeOf<Tensor<[]>>();
    expectTypeOf(mean(a23)).toEqualTypeOf<Tensor<[]>>();
    expectTypeOf(sum(a23, undefined, true)).toEqualTypeOf<Tensor<[1, 1]>>();
  });

  it('over one literal axis drop it, or keep it as 1', () => {
    expectTypeOf(sum(a23, 0)).toEqualTypeOf<Tensor<[3]>>();
    expectTypeOf(max(a23, 1)).toEqualTypeOf<Tensor<[2]>>();
    expectTypeOf(sum(a23, 1, true)).toEqualTypeOf<Tensor<[2, 1]>>();
    expectTypeOf(min(a23, 0, true)).toEqualTypeOf<Tensor<[1, 3]>>();
  });

  it('over a negative axis or several axes widen to Shape', () => {
    expectTypeOf(sum(a23, -1)).toEqualTypeOf<Tensor<Shape>>();
    expectTypeOf(sum(a23, [0, 1])).toEqualTypeOf<Tensor<Shape>>();
  });
});

describe('covariance', () => {
  it('a Tensor<[2, 3]> is assignable to Tensor and to Tensor<Shape>', () => {
    expectTypeOf(a23).toMatchTypeOf<Tensor>();
    const t: Tensor = a23;
    const ts: Tensor[] = [a23, a3, b34];
    expectTypeOf(t).toEqualTypeOf<Tensor>();
    expectTypeOf(ts).toEqualTypeOf<Tensor[]>();
  });

  it('a Tensor of one literal shape is not assignable to another', () => {
    // @ts-expect-error [2, 3] is not [3, 2]
    const wrong: Tensor<[3, 2]> = a23;
    expectTypeOf(wrong).toEqualTypeOf<Tensor<[3, 2]>>();
  });
});
