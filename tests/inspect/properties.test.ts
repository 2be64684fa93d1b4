import { describe, expect, it } from 'vitest';
import { cell as cellArbitrary, sequence } from '../../src/arbitraries/index.js';
import type { CellArbitraryOptions } from '../../src/arbitraries/cell.js';
import { GradientTape } from '../../src/autodiff/tape.js';
import { traceGradients } from '../../src/inspect/index.js';
import type { GradientTrace } from '../../src/inspect/index.js';
import type { State } from '../../src/nn/cell.js';
import { unroll } from '../../src/nn/cell.js';
import { add, matmul, mean, mul, reshape, slice, sub } from '../../src/ops/index.js';
import { randn } from '../../src/tensor/index.js';
import type { Tensor } from '../../src/tensor/tensor.js';
import { assertAllClose } from '../../src/testing/index.js';
import { fc, runs } from '../helpers/fc.js';
import type { Mat } from '../helpers/linalg.js';
import { fromFlat, identity, matmul as matmulRef, singularValuesRef } from '../helpers/linalg.js';
import { TOL } from '../helpers/tolerances.js';
import type { BuiltinCell } from './reference.js';
import { asBuiltin, asCell, expectClose, expectLog10Close, handJacobians, norm2, sampleMat, setupOf } from './reference.js';

interface Case {
  readonly cell: BuiltinCell;
  readonly seed: number;
  readonly lossAt: 'last' | 'all';
  readonly x: Tensor;
}

/** Random cells from the `cell` arbitrary (H ≤ 4, I ≤ 3), with T ≤ 12, B ≤ 3 input sequences from `sequence`. */
function cases(options: CellArbitraryOptions = {}): fc.Arbitrary<Case> {
  return fc
    .record({
      cell: cellArbitrary(options),
      T: fc.integer({ min: 1, max: 12 }),
      B: fc.integer({ min: 1, max: 3 }),
      seed: fc.integer({ min: 0, max: 1_000_000 }),
      lossAt: fc.constantFrom('last' as const, 'all' as const),
    })
    .chain((c) => sequence({ T: c.T, B: c.B, I: c.cell.inputSize, min: -2, max: 2 }).map((x) => ({ cell: asBuiltin(c.cell), seed: c.seed, lossAt: c.lossAt, x })));
}

function run(c: Case): { cell: BuiltinCell; trace: GradientTrace<State>; targets: Tensor; H: number } {
  const { cell } = c;
  const H = cell.hiddenSize;
  const [T, B] = c.x.shape as [number, number, number];
  const targets = randn(c.lossAt === 'last' ? [B, H] : [T, B, H], { seed: c.seed + 1 });
  return { cell, targets, H, trace: traceGradients(asCell(cell), c.x, { targets, lossAt: c.lossAt }) };
}

/** Two indices 0 ≤ s ≤ t ≤ T from two fractions. */
function span(T: number, a: number, b: number): [number, number] {
  const [p, q] = [Math.floor(a * (T + 1)), Math.floor(b * (T + 1))].map((v) => Math.min(v, T)) as [number, number];
  return p <= q ? [p, q] : [q, p];
}

const fraction = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });

/** Sigmoid RNNs with PyTorch's init or W_hh = r·Q (Q orthogonal): per-step bound factors r/4 from 1/8 to 2. */
const sigmoidCases = fc.oneof(
  cases({ kind: 'rnn', activation: 'sigmoid' }),
  fc.constantFrom(0.5, 2, 4, 8).chain((r) => cases({ kind: 'rnn', activation: 'sigmoid', spectralRadius: r })),
);

describe('GradientTrace properties on random cells', () => {
  it('per-step contributions sum to the total gradient, which is the plain tape gradient', () => {
    fc.assert(
      fc.property(cases(), (c) => {
        const { cell, trace, targets, H } = run(c);
        const T = trace.steps;
        const tape = new GradientTape();
        const E = tape.record(() => {
          const { outputs } = unroll(asCell(cell), c.x);
          const term = (h: Tensor, y: Tensor): Tensor => mean(mul(sub(h, y), sub(h, y)));
          if (c.lossAt === 'last') return term(outputs[T - 1]!, targets);
          const [, B] = c.x.shape as [number, number, number];
          return outputs.reduce<Tensor>((acc, h, k) => add(acc, term(h, reshape(slice(targets, [k, 0, 0], [1, B, H]), [B, H]))), mul(mean(outputs[0]!), 0));
        });
        const g = tape.gradient(E, cell.parameters());
        expectClose(trace.loss, E.item());
        for (const name of Object.keys(g)) {
          let sum = trace.paramGradsByStep(name, 0);
          for (let t = 1; t <= T; t++) sum = add(sum, trace.paramGradsByStep(name, t));
          assertAllClose(sum, trace.paramGrads[name]!, TOL.exact);
          assertAllClose(trace.paramGrads[name]!, g[name]!, TOL.exact);
          trace.paramGradNormsByStep[name]!.forEach((n, t) => expectClose(n, norm2(trace.paramGradsByStep(name, t).data)));
        }
      }),
      { numRuns: runs(25) },
    );
  });

  it('step Jacobians equal the hand-built ones and jacobianProduct(s, t) equals their product', () => {
    fc.assert(
      fc.property(cases(), fraction, fraction, (c, a, b) => {
        const { cell, trace } = run(c);
        const T = trace.steps;
        const S = trace.stateSize;
        const [s, t] = span(T, a, b);
        const su = setupOf(cell, c.x, {});
        let viaEngine: Tensor | undefined;
        for (let k = t; k > s; k--) viaEngine = viaEngine ? matmul(viaEngine, trace.stepJacobian(k)) : trace.stepJacobian(k);
        const P = trace.jacobianProduct(s, t);
        if (viaEngine) assertAllClose(P, viaEngine, TOL.exact);
        for (let bb = 0; bb < trace.batch; bb++) {
          const js = handJacobians(su, bb);
          let want: Mat = identity(S);
          for (let k = t; k > s; k--) {
            assertAllClose(sampleMat(trace.stepJacobian(k), bb).flat(), js[k]!.flat(), TOL.exact);
            want = matmulRef(want, js[k]!);
          }
          assertAllClose(sampleMat(P, bb).flat(), want.flat(), TOL.exact);
        }
      }),
      { numRuns: runs(25) },
    );
  });

  it('vjpThrough(s, t, v) is vᵀ·∂s_t/∂s_s and jvpThrough(s, t, v) is ∂s_t/∂s_s·v', () => {
    fc.assert(
      fc.property(cases(), fraction, fraction, fc.integer({ min: 0, max: 1000 }), (c, a, b, vs) => {
        const { trace } = run(c);
        const [s, t] = span(trace.steps, a, b);
        const B = trace.batch;
        const S = trace.stateSize;
        const v = randn([B, S], { seed: vs });
        const P = trace.jacobianProduct(s, t);
        const left = reshape(matmul(reshape(v, [B, 1, S]), P), [B, S]);
        const right = reshape(matmul(P, reshape(v, [B, S, 1])), [B, S]);
        assertAllClose(trace.vjpThrough(s, t, v), left, TOL.exact);
        assertAllClose(trace.jvpThrough(s, t, v), right, TOL.exact);
      }),
      { numRuns: runs(25) },
    );
  });

  it('state gradient norms equal the plain tape gradient norms of every s_t part', () => {
    fc.assert(
      fc.property(cases(), (c) => {
        const { cell, trace, targets, H } = run(c);
        const T = trace.steps;
        const [, B] = c.x.shape as [number, number, number];
        const tape = new GradientTape({ persistent: true });
        const { E, states } = tape.record(() => {
          const u = unroll(asCell(cell), c.x);
          const term = (h: Tensor, y: Tensor): Tensor => mean(mul(sub(h, y), sub(h, y)));
          const loss =
            c.lossAt === 'last'
              ? term(u.outputs[T - 1]!, targets)
              : u.outputs.reduce<Tensor>((acc, h, k) => add(acc, term(h, reshape(slice(targets, [k, 0, 0], [1, B, H]), [B, H]))), mul(mean(u.outputs[0]!), 0));
          return { E: loss, states: u.states };
        });
        for (const key of cell.stateKeys) {
          const gs = tape.gradient(
            E,
            states.map((st) => (st as Record<string, Tensor>)[key]!),
          );
          const got = trace.stateGradNorms[key]!;
          const lg = trace.stateGradNormsLog10[key]!;
          gs.forEach((g, t) => {
            const want = norm2(g.data);
            expect(Math.abs(got[t]! - want)).toBeLessThanOrEqual(TOL.exact.atol + TOL.exact.rtol * want);
            if (want > 0) expectClose(lg[t]!, Math.log10(want));
          });
        }
      }),
      { numRuns: runs(20) },
    );
  });

  it('a sigmoid RNN never exceeds the bound ‖∂h_t/∂h_s‖ ≤ (‖W_hh‖₂/4)^(t−s), and summary().bound says so', () => {
    fc.assert(
      fc.property(sigmoidCases, (c) => {
        const { cell, trace, H } = run(c);
        const T = trace.steps;
        const w = cell.parameters().weightHh!;
        const wn = singularValuesRef(fromFlat(w.data, H))[0]!;
        const factor = wn / 4;
        for (let b = 0; b < trace.batch; b++) {
          for (let t = 0; t <= T; t++) {
            trace.jacobianProductNorms(t, { sample: b, log10: true }).forEach((m, s) => {
              expect(m).toBeLessThanOrEqual((t - s) * Math.log10(factor) + TOL.log10);
            });
          }
        }
        const bound = trace.summary().bound!;
        expect(bound.holds).toBe(true);
        expect(bound.gamma).toBe(0.25);
        expectClose(bound.weightHhNorm, wn);
        expectClose(bound.factorPerStep, factor);
        bound.log10Bound.forEach((v, s) => expectClose(v, (T - s) * Math.log10(factor)));
        let worst = -Infinity;
        for (let b = 0; b < trace.batch; b++) {
          trace.jacobianProductNorms(T, { sample: b, log10: true }).forEach((m, s) => {
            if (s < T) worst = Math.max(worst, m - (T - s) * Math.log10(factor));
          });
        }
        expect(bound.worstLog10Ratio).toBeLessThanOrEqual(0);
        expectLog10Close(bound.worstLog10Ratio, worst);
      }),
      { numRuns: runs(25) },
    );
  });
});
