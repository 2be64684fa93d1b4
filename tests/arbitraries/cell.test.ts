import { describe, expect, it } from 'vitest';
import { cell } from '../../src/arbitraries/index.js';
import { GradscopeError } from '../../src/errors.js';
import { traceGradients } from '../../src/inspect/index.js';
import { singularValues } from '../../src/inspect/linalg.js';
import { GRUCell } from '../../src/nn/gruCell.js';
import { LSTMCell } from '../../src/nn/lstmCell.js';
import { RNNCell } from '../../src/nn/rnnCell.js';
import { ones, randn } from '../../src/tensor/index.js';
import { fc, runs } from '../helpers/fc.js';

describe('the cell arbitrary', () => {
  it('draws cells of the asked kinds and sizes, in range', () => {
    fc.assert(
      fc.property(cell({ kind: ['rnn', 'gru'], inputSize: { min: 2, max: 3 }, hiddenSize: 5 }), (c) => {
        expect(c instanceof RNNCell || c instanceof GRUCell).toBe(true);
        expect(c.inputSize).toBeGreaterThanOrEqual(2);
        expect(c.inputSize).toBeLessThanOrEqual(3);
        expect(c.hiddenSize).toBe(5);
      }),
      { numRuns: runs(30) },
    );
  });

  it('honours the activation and the dtype', () => {
    fc.assert(
      fc.property(cell({ kind: 'rnn', activation: 'sigmoid', dtype: 'float32' }), (c) => {
        expect((c as RNNCell).activation).toBe('sigmoid');
        expect(c.parameters().weightHh!.dtype).toBe('float32');
      }),
      { numRuns: runs(20) },
    );
  });

  it('gives every W_hh gate block exactly the asked spectral radius (all singular values equal it)', () => {
    fc.assert(
      fc.property(cell({ hiddenSize: { min: 1, max: 5 }, spectralRadius: 0.7 }), (c) => {
        const H = c.hiddenSize;
        const W = c.parameters().weightHh!;
        const G = W.shape[0]! / H;
        expect(G).toBe(c instanceof LSTMCell ? 4 : c instanceof GRUCell ? 3 : 1);
        for (let g = 0; g < G; g++) {
          const block = Float64Array.from(W.data.subarray(g * H * H, (g + 1) * H * H));
          for (const s of singularValues(block, H)) expect(s).toBeCloseTo(0.7, 10);
        }
      }),
      { numRuns: runs(30) },
    );
  });

  it('lets a property ask for the vanishing regime: a sigmoid RNN never beats its bound', () => {
    fc.assert(
      fc.property(cell({ kind: 'rnn', activation: 'sigmoid', hiddenSize: { min: 1, max: 4 }, spectralRadius: 2 }), fc.integer({ min: 0, max: 1000 }), (c, seed) => {
        const x = randn([12, 2, c.inputSize], { seed });
        const trace = traceGradients(c, x, { targets: ones([2, c.hiddenSize]) });
        const bound = trace.summary().bound!;
        expect(bound.factorPerStep).toBeCloseTo(0.5, 10);
        expect(bound.holds).toBe(true);
      }),
      { numRuns: runs(20) },
    );
  });

  it('is reproducible: the same fast-check seed gives the same weights', () => {
    const a = fc.sample(cell({ kind: 'lstm' }), { seed: 42, numRuns: 3 });
    const b = fc.sample(cell({ kind: 'lstm' }), { seed: 42, numRuns: 3 });
    a.forEach((c, i) => expect(Array.from(c.parameters().weightIh!.data)).toEqual(Array.from(b[i]!.parameters().weightIh!.data)));
  });

  it('shrinks toward the smallest sizes', () => {
    const r = fc.check(fc.property(cell({ kind: 'rnn', hiddenSize: { min: 1, max: 6 } }), (c) => c.hiddenSize < 3), { seed: 1 });
    expect(r.failed).toBe(true);
    expect(r.counterexample![0].hiddenSize).toBe(3);
    expect(r.counterexample![0].inputSize).toBe(1);
  });

  it('rejects bad options with a GradscopeError naming cell', () => {
    expect(() => cell({ kind: 'cnn' as never })).toThrow(GradscopeError);
    expect(() => cell({ spectralRadius: -1 })).toThrow(/cell: spectralRadius/);
    expect(() => cell({ hiddenSize: 0 })).toThrow(/cell/);
    expect(() => cell({ colour: 1 } as never)).toThrow(/cell: unknown option 'colour'/);
  });
});
