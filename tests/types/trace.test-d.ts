import { expectTypeOf, it } from 'vitest';
import { GradientTrace, LSTMCell, RNNCell, traceGradients, zeros } from '../../src/index.js';
import type { LSTMState } from '../../src/index.js';

it('a trace of a concrete cell is a GradientTrace, and a union of cells can be traced', () => {
  const lstm = traceGradients(new LSTMCell({ inputSize: 1, hiddenSize: 2 }), zeros([3, 1, 1]), { targets: zeros([1, 2]) });
  expectTypeOf(lstm).toEqualTypeOf<GradientTrace<LSTMState>>();
  const take = (t: GradientTrace) => t.steps;
  take(lstm);
  const cells = [new RNNCell({ inputSize: 1, hiddenSize: 2 }), new LSTMCell({ inputSize: 1, hiddenSize: 2 })];
  for (const c of cells) expectTypeOf(traceGradients(c, zeros([3, 1, 1]), { targets: zeros([1, 2]) }).hiddenGradNormsLog10).toEqualTypeOf<number[]>();
});
