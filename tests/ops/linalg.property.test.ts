import { describe, it } from 'vitest';
import { matmul, permute, transpose } from '../../src/index.js';
import { matmulPair, shape, tensor as tensorArb } from '../../src/arbitraries/index.js';
import { fc } from '../helpers/fc.js';
import { TOL } from '../helpers/tolerances.js';
import { expectClose, expectSame, naiveMatmul, naivePermute } from './reference.js';

const sameShape = (got: readonly number[], want: readonly number[]): void => {
  if (got.join() !== want.join()) throw new Error(`shape [${got.join(', ')}], expected [${want.join(', ')}]`);
};

/** A tensor of rank ≥ 1 with a random permutation of its axes. */
const withPerm = tensorArb({ shape: shape({ minRank: 1, maxRank: 4 }) }).chain((x) =>
  fc.tuple(
    fc.constant(x),
    fc.shuffledSubarray(
      x.shape.map((_, k) => k),
      { minLength: x.rank, maxLength: x.rank },
    ),
  ),
);

describe('matmul against the textbook triple loop', () => {
  it('2-D products agree', () => {
    fc.assert(
      fc.property(matmulPair({ maxDim: 6 }), ([a, b]) => {
        const got = matmul(a, b);
        const want = naiveMatmul(a, b);
        sameShape(got.shape, want.shape);
        expectClose(got.data, want.data, TOL.exact);
      }),
    );
  });

  it('batched products with broadcast batch axes agree', () => {
    fc.assert(
      fc.property(matmulPair({ batch: true }), ([a, b]) => {
        const got = matmul(a, b);
        const want = naiveMatmul(a, b);
        sameShape(got.shape, want.shape);
        expectClose(got.data, want.data, TOL.exact);
      }),
    );
  });

  it('float32 products stay float32 and agree with the loop to float32 accuracy', () => {
    fc.assert(
      fc.property(matmulPair({ batch: true, dtype: 'float32', min: -2, max: 2 }), ([a, b]) => {
        const got = matmul(a, b);
        if (got.dtype !== 'float32') throw new Error(`dtype ${got.dtype}`);
        expectClose(got.data, naiveMatmul(a, b).data, TOL.f32);
      }),
    );
  });

  it('(AB)ᵀ = BᵀAᵀ', () => {
    fc.assert(
      fc.property(matmulPair(), ([a, b]) => {
        expectClose(transpose(matmul(a, b)).data, matmul(transpose(b), transpose(a)).data, TOL.exact);
      }),
    );
  });
});

describe('permute and transpose', () => {
  it('permute matches the index-by-index reference', () => {
    fc.assert(
      fc.property(withPerm, ([x, perm]) => {
        const got = permute(x, perm);
        const want = naivePermute(x, perm);
        sameShape(got.shape, want.shape);
        expectSame(got.data, want.data);
      }),
    );
  });

  it('permuting by perm and then by its inverse gives back the tensor', () => {
    fc.assert(
      fc.property(withPerm, ([x, perm]) => {
        const inverse = new Array<number>(perm.length);
        perm.forEach((p, k) => (inverse[p] = k));
        const back = permute(permute(x, perm), inverse);
        sameShape(back.shape, x.shape);
        expectSame(back.data, x.data);
      }),
    );
  });

  it('transpose twice is the identity and transpose reverses the shape', () => {
    fc.assert(
      fc.property(tensorArb({ shape: shape({ maxRank: 4 }) }), (x) => {
        const t = transpose(x);
        sameShape(t.shape, [...x.shape].reverse());
        const back = transpose(t);
        sameShape(back.shape, x.shape);
        expectSame(back.data, x.data);
      }),
    );
  });
});
