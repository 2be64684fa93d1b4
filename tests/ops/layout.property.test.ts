import { describe, it } from 'vitest';
import type { Tensor } from '../../src/index.js';
import { broadcastTo, concat, expandDims, reshape, slice, split, squeeze, stack } from '../../src/index.js';
import { broadcastableShapes, shape, tensor as tensorArb } from '../../src/arbitraries/index.js';
import { fc } from '../helpers/fc.js';
import { atBroadcast, expectSame, naiveSlice, numel, ravel, unravel } from './reference.js';

const sameShape = (got: readonly number[], want: readonly number[]): void => {
  if (got.join() !== want.join()) throw new Error(`shape [${got.join(', ')}], expected [${want.join(', ')}]`);
};

const anyTensor = tensorArb({ shape: shape({ maxRank: 4 }) });
const ranked = tensorArb({ shape: shape({ minRank: 1, maxRank: 4, minDim: 0 }) });

/** Sizes ≥ 0 that add up to d, from sorted cut points. */
const partition = (d: number): fc.Arbitrary<number[]> =>
  fc.array(fc.integer({ min: 0, max: d }), { maxLength: 4 }).map((cuts) => {
    const pts = [0, ...cuts.sort((p, q) => p - q), d];
    return pts.slice(1).map((p, i) => p - pts[i]!);
  });

describe('reshape', () => {
  it('to any shape of the same size keeps the values in row-major order, and back', () => {
    const cases = anyTensor.chain((x) => fc.tuple(fc.constant(x), fc.shuffledSubarray([...x.shape], { minLength: x.rank, maxLength: x.rank })));
    fc.assert(
      fc.property(cases, ([x, dims]) => {
        const target = [...dims, 1];
        const y = reshape(x, target);
        sameShape(y.shape, target);
        expectSame(y.data, x.data);
        const back = reshape(y, x.shape);
        sameShape(back.shape, x.shape);
        expectSame(back.data, x.data);
      }),
    );
  });

  it('infers a −1 dimension as the missing factor', () => {
    const cases = ranked.filter((x) => x.size > 0).chain((x) => fc.tuple(fc.constant(x), fc.nat(x.rank - 1)));
    fc.assert(
      fc.property(cases, ([x, k]) => {
        const target = x.shape.map((d, i) => (i === k ? -1 : d));
        sameShape(reshape(x, target).shape, x.shape);
      }),
    );
  });

  it('expandDims then squeeze on that axis gives back the tensor', () => {
    const cases = anyTensor.chain((x) => fc.tuple(fc.constant(x), fc.integer({ min: -(x.rank + 1), max: x.rank })));
    fc.assert(
      fc.property(cases, ([x, axis]) => {
        const e = expandDims(x, axis);
        const k = axis < 0 ? axis + x.rank + 1 : axis;
        if (e.rank !== x.rank + 1 || e.shape[k] !== 1) throw new Error(`expandDims(${axis}) gave [${e.shape}]`);
        const back = squeeze(e, axis);
        sameShape(back.shape, x.shape);
        expectSame(back.data, x.data);
      }),
    );
  });
});

describe('split and concat', () => {
  it('concat ∘ split is the identity along any axis, and each part is the matching window', () => {
    const cases = ranked.chain((x) =>
      fc.integer({ min: 0, max: x.rank - 1 }).chain((axis) => fc.tuple(fc.constant(x), fc.constant(axis), partition(x.shape[axis]!))),
    );
    fc.assert(
      fc.property(cases, ([x, axis, sizes]) => {
        const parts = split(x, sizes, axis);
        if (parts.length !== sizes.length) throw new Error('wrong number of parts');
        let at = 0;
        parts.forEach((p, i) => {
          const size = x.shape.map((d, k) => (k === axis ? sizes[i]! : d));
          const begin = x.shape.map((_, k) => (k === axis ? at : 0));
          sameShape(p.shape, size);
          expectSame(p.data, naiveSlice(x, begin, size));
          at += sizes[i]!;
        });
        const back = concat(parts, axis - x.rank);
        sameShape(back.shape, x.shape);
        expectSame(back.data, x.data);
      }),
    );
  });

  it('split into n equal parts gives n parts of size d / n', () => {
    const cases = fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 1, max: 3 })).chain(([n, q, other]) =>
      fc.tuple(tensorArb({ shape: [other, n * q] }), fc.constant(n)),
    );
    fc.assert(
      fc.property(cases, ([x, n]) => {
        const parts = split(x, n, 1);
        if (parts.length !== n) throw new Error(`${parts.length} parts`);
        for (const p of parts) sameShape(p.shape, [x.shape[0]!, x.shape[1]! / n]);
        expectSame(concat(parts, 1).data, x.data);
      }),
    );
  });
});

describe('stack', () => {
  it('puts tensor i at index i of the new axis', () => {
    const cases = fc
      .tuple(shape({ maxRank: 3 }), fc.integer({ min: 1, max: 4 }))
      .chain(([s, n]) =>
        fc.tuple(fc.array(tensorArb({ shape: s }), { minLength: n, maxLength: n }), fc.integer({ min: -(s.length + 1), max: s.length })),
      );
    fc.assert(
      fc.property(cases, ([xs, axis]) => {
        const first = xs[0]!;
        const a = axis < 0 ? axis + first.rank + 1 : axis;
        const got = stack(xs, axis);
        const want = [...first.shape];
        want.splice(a, 0, xs.length);
        sameShape(got.shape, want);
        for (let i = 0; i < numel(want); i++) {
          const idx = unravel(i, want);
          const which = idx[a]!;
          idx.splice(a, 1);
          const src = xs[which]!.data[ravel(idx, first.shape)]!;
          if (got.data[i] !== src) throw new Error(`element ${i}: got ${got.data[i]}, expected ${src}`);
        }
      }),
    );
  });
});

describe('slice and broadcastTo', () => {
  it('slice takes exactly the window begin … begin + size − 1', () => {
    const cases = ranked.chain((x) => {
      const window = x.shape.map((d) => fc.integer({ min: 0, max: d }).chain((b) => fc.tuple(fc.constant(b), fc.integer({ min: 0, max: d - b }))));
      return fc.tuple(fc.constant(x), fc.tuple(...window));
    });
    fc.assert(
      fc.property(cases, ([x, window]) => {
        const begin = window.map(([b]) => b);
        const size = window.map(([, s]) => s);
        const got = slice(x, begin, size);
        sameShape(got.shape, size);
        expectSame(got.data, naiveSlice(x, begin, size));
      }),
    );
  });

  it('broadcastTo repeats values as NumPy does', () => {
    const cases = broadcastableShapes(2).chain(({ shapes: [a], result }) => fc.tuple(tensorArb({ shape: a! }), fc.constant(result)));
    fc.assert(
      fc.property(cases, ([x, target]: [Tensor, number[]]) => {
        const got = broadcastTo(x, target);
        sameShape(got.shape, target);
        const want = Array.from({ length: numel(target) }, (_, i) => atBroadcast(x, unravel(i, target)));
        expectSame(got.data, want);
      }),
    );
  });
});
