/**
 * The product chain behind every Jacobian-product query: P_s = P_{s+1}·J_{s+1}, each product
 * rescaled by a power of two. Columns of J with few non-zeros (an LSTM's c columns) are summed
 * over their non-zeros alone and the dense rest goes through the matmul kernel; the result must
 * be, bit for bit, the plain product chain, whatever the pattern does along the chain.
 */
import { describe, it, expect } from 'vitest';
import { traceGradients } from '../../src/inspect/index.js';
import { bandHints, scaledProducts, visitProducts } from '../../src/inspect/jacobians.js';
import { GRUCell } from '../../src/nn/gruCell.js';
import { LSTMCell } from '../../src/nn/lstmCell.js';
import { RNNCell } from '../../src/nn/rnnCell.js';
import { randn, zeros } from '../../src/tensor/index.js';
import { setSimd } from '../../src/tensor/kernels/simd.js';
import { rng } from '../../src/tensor/rng.js';
import { fc, runs } from '../helpers/fc.js';
import { fromFlat, matmul, toFlat } from '../helpers/linalg.js';

/** P·J by the definition (k order from +0), then the chain's rescaling: the reference. */
function referenceChain(js: readonly Float64Array[], n: number, first: number, count: number): { m: Float64Array; e: number }[] {
  const t = js.length;
  const out = new Array<{ m: Float64Array; e: number }>(t + 1);
  const eye = new Float64Array(count * n);
  for (let i = 0; i < count; i++) eye[i * n + first + i] = 1;
  out[t] = { m: eye, e: 0 };
  let bits = 0;
  let base = 0;
  for (let s = t - 1; s >= 0; s--) {
    const p = out[s + 1]!.m;
    const j = js[s]!;
    const m = toFlat(matmul(fromFlat(p, count, n), fromFlat(j, n))); // sums in k order from 0
    let top = 0;
    for (const v of m) if (Math.abs(v) > top || v !== v) top = Math.abs(v);
    if (top > 0 && Number.isFinite(top) && (top > 2 ** 64 || top < 2 ** -64)) {
      const k = Math.floor(Math.log2(top));
      if (Math.abs(k) < 1000) {
        for (let i = 0; i < m.length; i++) m[i]! *= 2 ** -k;
        bits += k;
      } else {
        for (let i = 0; i < m.length; i++) m[i]! /= top;
        base += Math.log10(top);
      }
    }
    out[s] = { m, e: base + bits * Math.log10(2) };
  }
  return out;
}

/** An LSTM-shaped step Jacobian over [h; c] (H units): dense h columns, c columns [diag(a); diag(f)]. */
function lstmLike(H: number, g: { next(): number }): Float64Array {
  const n = 2 * H;
  const j = new Float64Array(n * n);
  for (let k = 0; k < n; k++) for (let c = 0; c < H; c++) j[k * n + c] = (g.next() * 2 - 1) * 0.5;
  for (let q = 0; q < H; q++) {
    j[q * n + H + q] = g.next() * 0.3; // ∂h′/∂c
    j[(H + q) * n + H + q] = 0.5 + g.next() * 0.5; // ∂c′/∂c = f
  }
  return j;
}

function dense(n: number, g: { next(): number }): Float64Array {
  return Float64Array.from({ length: n * n }, () => (g.next() * 2 - 1) * 0.6);
}

/** Same mantissas and scales, and the largest |entry| each product reports is its own. */
function expectSameChain(got: readonly { m: Float64Array; e: number; top?: number }[], want: readonly { m: Float64Array; e: number }[]): void {
  expect(got.length).toBe(want.length);
  got.forEach((g, s) => {
    expect(g.e, `e at s = ${s}`).toBe(want[s]!.e);
    let top = 0;
    for (const v of g.m) if (Math.abs(v) > top || v !== v) top = Math.abs(v);
    expect(g.top, `top at s = ${s}`).toBe(top);
    for (let i = 0; i < g.m.length; i++) {
      if (!Object.is(g.m[i], want[s]!.m[i])) throw new Error(`s = ${s}, entry ${i}: ${g.m[i]} vs ${want[s]!.m[i]}`);
    }
  });
}

/** Both ways the chain runs: with the SIMD kernel and in TypeScript only. */
const MODES = [
  ['with the SIMD kernel', true],
  ['in TypeScript only', false],
] as const;

/** Runs f with the SIMD kernel switched on or off. */
function simdSetTo<R>(simd: boolean, f: () => R): R {
  const was = setSimd(simd);
  try {
    return f();
  } finally {
    setSimd(was);
  }
}

describe.each(MODES)('scaledProducts %s', (_, simd) => {
  const withSimd = <R>(f: () => R): R => simdSetTo(simd, f);

  it('gives the plain product chain bit for bit for LSTM-shaped factors (property: sizes, lengths, block rows)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 12 }), fc.nat(10_000), fc.boolean(), (H, t, seed, block) => {
        const g = rng(seed);
        const n = 2 * H;
        const js = Array.from({ length: t }, () => lstmLike(H, g));
        const [first, count] = block ? [H, H] : [0, n];
        expectSameChain(
          withSimd(() => scaledProducts(js, n, [first, count])),
          referenceChain(js, n, first, count),
        );
      }),
      { numRuns: runs(60) },
    );
  });

  it('keeps its bits when a sparse column fills up along the chain, or every column is dense (an RNN)', () => {
    const g = rng(7);
    const H = 16;
    const n = 2 * H;
    const js = Array.from({ length: 10 }, () => lstmLike(H, g));
    // (the chain runs from the last factor down) factor 7: c column 6 gains a third entry;
    // factor 5: c column 3 a dense column's worth; factor 2: the c columns turn dense
    js[7]![0 * n + H + 6] = 0.2;
    for (let k = 0; k < n; k++) js[5]![k * n + H + 3] = 0.01 * (k + 1);
    js[2] = dense(n, g);
    expectSameChain(withSimd(() => scaledProducts(js, n)), referenceChain(js, n, 0, n));
    // two entries per sparse column, but not on two shifted diagonals (the general form)
    const twisted = Array.from({ length: 8 }, () => {
      const j = lstmLike(H, g);
      for (let q = 0; q < H; q++) {
        const v = j[(H + q) * n + H + q]!;
        j[(H + q) * n + H + q] = 0;
        j[(H + ((q + 3) % H)) * n + H + q] = v;
      }
      return j;
    });
    expectSameChain(withSimd(() => scaledProducts(twisted, n)), referenceChain(twisted, n, 0, n));
    const rnn = Array.from({ length: 6 }, () => dense(12, g));
    expectSameChain(withSimd(() => scaledProducts(rnn, 12)), referenceChain(rnn, 12, 0, 12));
  });

  it('gives the plain chain bit for bit for dense factors of any size, odd ones and single rows included (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 19 }), fc.integer({ min: 1, max: 8 }), fc.nat(10_000), fc.nat(), (n, t, seed, pick) => {
        const g = rng(seed);
        const js = Array.from({ length: t }, () => dense(n, g));
        const first = pick % n;
        const count = 1 + (Math.floor(pick / n) % (n - first));
        expectSameChain(withSimd(() => scaledProducts(js, n, [first, count])), referenceChain(js, n, first, count));
      }),
      { numRuns: runs(60) },
    );
  });

  it('takes the full product once a factor is not finite (0·∞ must stay NaN), as the plain chain does', () => {
    const g = rng(9);
    const H = 8;
    const n = 2 * H;
    const js = Array.from({ length: 6 }, () => lstmLike(H, g));
    js[3]![5] = Infinity;
    js[1]![2 * n + H + 2] = NaN; // a NaN in a sparse column is one of its non-zeros
    const got = withSimd(() => scaledProducts(js, n));
    const want = referenceChain(js, n, 0, n);
    got.forEach((c, s) => {
      for (let i = 0; i < c.m.length; i++) expect(Number.isNaN(c.m[i]!)).toBe(Number.isNaN(want[s]!.m[i]!));
    });
    expect(got[0]!.m.some((v) => Number.isNaN(v))).toBe(true);
  });

  it('takes a factor’s band hint (the closed-form LSTM Jacobian’s) instead of looking, with the same bits', () => {
    const g = rng(13);
    const H = 10;
    const n = 2 * H;
    // state order [h, c] (c columns last) and [c, h] (c columns first, its diagonal rows first)
    const hc = Array.from({ length: 9 }, () => lstmLike(H, g));
    hc.forEach((j) => bandHints.set(j, { first: H, count: H, rowA: 0, rowB: H }));
    expectSameChain(withSimd(() => scaledProducts(hc, n)), referenceChain(hc, n, 0, n));
    const ch = hc.map((j) => {
      const m = new Float64Array(n * n); // swap the two halves of rows and of columns
      for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) m[((r + H) % n) * n + ((c + H) % n)] = j[r * n + c]!;
      bandHints.set(m, { first: 0, count: H, rowA: 0, rowB: H });
      return m;
    });
    expectSameChain(withSimd(() => scaledProducts(ch, n, [H, H])), referenceChain(ch, n, H, H));
    // a hinted factor between unhinted ones, and an unhinted chain after a hinted one
    const mixed = [lstmLike(H, g), hc[0]!, lstmLike(H, g), lstmLike(H, g)];
    expectSameChain(withSimd(() => scaledProducts(mixed, n)), referenceChain(mixed, n, 0, n));
  });

  it('keeps mantissas within [2^−64, 2^64] by powers of two, and mantissa·10^e is the product itself', () => {
    const g = rng(11);
    const H = 6;
    const n = 2 * H;
    const js = Array.from({ length: 60 }, () => lstmLike(H, g).map((v) => v * 0.1));
    const chain = withSimd(() => scaledProducts(js, n));
    expectSameChain(chain, referenceChain(js, n, 0, n));
    for (const { m } of chain) {
      const top = Math.max(...m.map(Math.abs));
      expect(top).toBeLessThanOrEqual(2 ** 64);
      expect(top).toBeGreaterThanOrEqual(2 ** -64);
    }
    // the chain contracts: it was rescaled on the way (e < 0), and right after a rescale the
    // largest entry is in [1, 2)
    expect(chain[0]!.e).toBeLessThan(-30);
    let after = -1;
    for (let s = 0; s < chain.length - 1; s++) if (chain[s]!.e !== chain[s + 1]!.e) after = s;
    expect(after).toBeGreaterThanOrEqual(0);
    const topAfter = Math.max(...chain[after]!.m.map(Math.abs));
    expect(topAfter).toBeGreaterThanOrEqual(1);
    expect(topAfter).toBeLessThan(2);
    // against the unscaled product (still far from underflow after 60 factors of ~0.1)
    for (const s of [50, 30, 0]) {
      const plain = referenceChain(js.slice(s), n, 0, n)[0]!;
      const at = chain[s]!;
      for (let i = 0; i < at.m.length; i++) {
        const v = at.m[i]! * 10 ** at.e;
        const w = plain.m[i]! * 10 ** plain.e;
        expect(Math.abs(v - w)).toBeLessThanOrEqual(1e-12 * Math.abs(w) + 1e-300);
      }
    }
  });
});

describe.each(MODES)('visitProducts %s', (_, simd) => {
  const withSimd = <R>(f: () => R): R => simdSetTo(simd, f);

  it('hands over the stored chain’s products from s = t down, and vector products with each that equal the plain loops’', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 13 }), fc.integer({ min: 1, max: 9 }), fc.nat(10_000), fc.constantFrom('lstm', 'hinted', 'dense', 'tiny'), (H, t, seed, kind) => {
        const g = rng(seed);
        const n = kind === 'dense' ? H + 1 : 2 * H;
        const js = Array.from({ length: t }, () => {
          if (kind === 'dense') return dense(n, g);
          const j = lstmLike(H, g);
          if (kind === 'tiny') for (let i = 0; i < j.length; i++) j[i]! *= 1e-9; // rescaled on the way
          if (kind === 'hinted') bandHints.set(j, { first: H, count: H, rowA: 0, rowB: H });
          return j;
        });
        const want = scaledProducts(js, n);
        const seen: number[] = [];
        withSimd(() =>
          visitProducts(js, n, (s, p, held) => {
            seen.push(s);
            expectSameChain([p], [want[s]!]);
            expect(p.top).toBe(want[s]!.top);
            if (!held) return;
            const x = Float64Array.from({ length: n }, (_, i) => Math.cos(i + s) * 3);
            const y = new Float64Array(n);
            const yT = new Float64Array(n);
            held.mul(x, y);
            held.mulT(x, yT);
            for (let i = 0; i < n; i++) {
              let a = 0;
              let b = 0;
              for (let k = 0; k < n; k++) a += p.m[i * n + k]! * x[k]!;
              for (let k = 0; k < n; k++) b += x[k]! * p.m[k * n + i]!;
              if (!Object.is(y[i], a) || !Object.is(yT[i], b)) throw new Error(`s = ${s}, row ${i}: ${y[i]} vs ${a}, ${yT[i]} vs ${b}`);
            }
          }),
        );
        expect(seen).toEqual(Array.from({ length: t + 1 }, (_, i) => t - i));
        if (!simd) return;
        // with the kernel, every finite product after the identity is held there
        let heldCount = 0;
        visitProducts(js, n, (s, _p, held) => void (held && heldCount++));
        expect(heldCount).toBe(t);
      }),
      { numRuns: runs(40) },
    );
  });

  it('jacobianProductNorms: a fresh trace (products visited) and one whose chain is cached give the same bits, for every cell', () => {
    const x = randn([40, 2, 3], { seed: 5 });
    for (const make of [() => new LSTMCell({ inputSize: 3, hiddenSize: 9, seed: 4 }), () => new GRUCell({ inputSize: 3, hiddenSize: 7, seed: 4 }), () => new RNNCell({ inputSize: 3, hiddenSize: 11, seed: 4 })]) {
      const cell = make();
      const targets = zeros([2, cell.hiddenSize]);
      for (const norm of ['spectral', 'frobenius'] as const) {
        const fresh = withSimd(() => traceGradients(cell, x, { targets }));
        const cached = withSimd(() => traceGradients(cell, x, { targets }));
        cached.jacobianProductScaled(3, 40); // fills the chain for t = 40, sample 0
        const a = withSimd(() => fresh.jacobianProductNorms(40, { norm, log10: true }));
        const b = withSimd(() => cached.jacobianProductNorms(40, { norm, log10: true }));
        expect(a.length).toBe(41);
        a.forEach((v, s) => expect(Object.is(v, b[s]), `${cell.constructor.name} ${norm} s = ${s}: ${v} vs ${b[s]}`).toBe(true));
        // a repeated query is answered from the curve kept, as a copy the caller may change
        a[0] = 123;
        expect(fresh.jacobianProductNorms(40, { norm, log10: true })).toEqual(b);
        expect(withSimd(() => fresh.jacobianProductNorms(40, { norm, sample: 1 }))).toEqual(withSimd(() => cached.jacobianProductNorms(40, { norm, sample: 1 })));
      }
    }
  });
});

