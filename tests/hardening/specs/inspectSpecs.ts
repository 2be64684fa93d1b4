/**
 * Bad-input specs for the inspection layer: traceGradients, GradientTrace and its methods.
 */
import { expect } from 'vitest';

import { GradientTrace, LSTMCell, RNNCell, tensor, traceGradients, zeros } from '../../../src/index.js';
import type { Tensor } from '../../../src/index.js';
import { isT, loose, looseNew, t } from '../fixtures.js';
import type { CaseSpec, EntrySpec } from '../spec.js';

const T = 3;
const B = 1;
const I = 2;
const H = 2;
const rnn = (): RNNCell => new RNNCell({ inputSize: I, hiddenSize: H, seed: 1 });
const lstm = (): LSTMCell => new LSTMCell({ inputSize: I, hiddenSize: H, seed: 1 });
const inputs = (): Tensor => t([T, B, I], 'float64', -0.3);
const trace = (): GradientTrace => traceGradients(rnn(), inputs(), { targets: zeros([B, H]) });

/** A method of a fresh trace called with the given arguments. */
function method(name: keyof GradientTrace, valid: () => unknown[], check: EntrySpec['check'], cases: readonly CaseSpec[], accepts: EntrySpec['accepts'] = {}, make = trace): EntrySpec {
  return {
    name: `GradientTrace.${name}`,
    valid: () => [make(), ...valid()],
    call: (tr, ...a) => loose(((tr as GradientTrace)[name] as (...x: unknown[]) => unknown).bind(tr))(...a),
    check,
    positions: valid().map((_, i) => i + 1),
    accepts,
    names: [`GradientTrace.${name}`, name, 'GradientTrace'],
    cases: cases.map((c) => ({ ...c, args: () => [c.label.includes('RNN') ? trace() : make(), ...c.args()] })),
  };
}

const stepIndexCases = (n: number, valid: readonly unknown[]): CaseSpec[] =>
  valid.map((_, i) => ({ label: `index ${i} past T`, args: () => valid.map((v, k) => (k === i ? T + 1 : v)) })).slice(0, n);

export const inspectSpecs: readonly EntrySpec[] = [
  {
    name: 'traceGradients',
    valid: () => [rnn(), inputs(), { lossAt: 'last', targets: zeros([B, H]) }],
    call: loose(traceGradients),
    check: (r) => {
      const tr = r as GradientTrace;
      expect(tr.steps).toBe(T);
      expect(tr.hiddenGradNorms.length).toBe(T + 1);
      expect(tr.hiddenGradNorms[0]).toBeGreaterThan(0);
    },
    options: 2,
    optionFields: { loss: ['undefined', 'null'], lossAt: ['undefined', 'null'], targets: [], initialState: ['undefined'] },
    cases: [
      { label: 'inputs of rank 2', args: () => [rnn(), t([T, I])] },
      { label: 'inputs with the wrong feature size', args: () => [rnn(), t([T, B, I + 1])] },
      { label: 'T = 0', args: () => [rnn(), zeros([0, B, I])] },
      { label: 'targets of the wrong shape for lossAt last', args: () => [rnn(), inputs(), { targets: t([B, H + 1]) }] },
      { label: 'targets [B, H] with lossAt all', args: () => [rnn(), inputs(), { targets: t([B, H]), lossAt: 'all' }] },
      { label: 'targets of another dtype', args: () => [rnn(), inputs(), { targets: t([B, H], 'float32') }] },
      { label: 'inputs of another dtype than the cell', args: () => [rnn(), t([T, B, I], 'float32')] },
      { label: 'a loss function returning a non-scalar', args: () => [rnn(), inputs(), { loss: (outs: Tensor[]) => outs[0]! }] },
      { label: 'a loss function returning a number', args: () => [rnn(), inputs(), { loss: () => 1 }] },
      { label: 'an initial state missing c', args: () => [lstm(), inputs(), { initialState: { h: zeros([B, H]) } }] },
      { label: 'an initial state with an extra key', args: () => [rnn(), inputs(), { initialState: { h: zeros([B, H]), c: zeros([B, H]) } }] },
      { label: 'an initial state of the wrong batch', args: () => [rnn(), inputs(), { initialState: { h: zeros([B + 1, H]) } }] },
      { label: 'NaN inputs give NaN norms, not an exception', args: () => [rnn(), tensor(new Array<number>(T * B * I).fill(Number.NaN), [T, B, I])], expect: 'either' },
      { label: 'a cell-like object that is not a cell', args: () => [{ inputSize: I }, inputs()] },
    ],
  },
  {
    name: 'GradientTrace',
    valid: () => [],
    call: () => trace(),
    check: (r) => expect(r).toBeInstanceOf(GradientTrace),
    cases: [
      { label: 'constructed from nothing', args: () => [undefined], call: looseNew(GradientTrace) },
      { label: 'constructed from an empty object', args: () => [{}], call: looseNew(GradientTrace) },
    ],
  },
  method('stepJacobian', () => [1], isT([B, H, H]), [{ label: 't = 0 has no step', args: () => [0] }, { label: 't past T', args: () => [T + 1] }]),
  method('jacobianProduct', () => [1, 3], isT([B, H, H]), [...stepIndexCases(2, [1, 3]), { label: 's > t', args: () => [3, 1] }, { label: 's = t is the identity', args: () => [2, 2], expect: isT([B, H, H], [1, 0, 0, 1]) }]),
  method('jacobianProductScaled', () => [1, 3], (r) => expect(typeof r).toBe('object'), [{ label: 's > t', args: () => [3, 1] }]),
  method('jacobianProductNorms', () => [T, { norm: 'frobenius' }], (r) => expect((r as number[]).length).toBe(T + 1), [
    { label: 'an unknown norm', args: () => [T, { norm: 'nuclear' }] },
    { label: 'sample out of range', args: () => [T, { sample: 5 }] },
    { label: 'log10 not a boolean', args: () => [T, { log10: 'yes' }] },
    { label: 'an unknown option name', args: () => [T, { nrm: 'frobenius' }] },
  ], { 1: ['undefined'], 2: ['undefined'] }),
  method('singularValues', () => [0, T], (r) => expect((r as number[]).length).toBe(H), [{ label: 's > t', args: () => [T, 0] }, { label: 'sample negative', args: () => [0, T, { sample: -1 }] }], { 3: ['undefined'] }),
  method('paramGradsByStep', () => ['weightHh', 1], isT([H, H]), [{ label: 'an unknown parameter', args: () => ['weight_hh', 1] }, { label: 't past T', args: () => ['weightHh', T + 1] }]),
  method('vjpThrough', () => [0, 2, t([B, H])], isT([B, H]), [{ label: 'v of the wrong shape', args: () => [0, 2, t([B, H + 1])] }, { label: 'v of another dtype', args: () => [0, 2, t([B, H], 'float32')] }]),
  method('jvpThrough', () => [0, 2, t([B, H])], isT([B, H]), [{ label: 'v of the wrong shape', args: () => [0, 2, t([H])] }]),
  method(
    'forgetGatePath',
    () => [T, { log10: true }],
    (r) => {
      expect((r as number[]).length).toBe(T + 1);
      expect((r as number[])[T]).toBe(0);
    },
    [{ label: 'on an RNN, which has no forget gate', args: () => [] }, { label: 'log10 a string', args: () => [T, { log10: 'no' }] }],
    { 1: ['undefined'], 2: ['undefined'] },
    () => traceGradients(lstm(), inputs(), { targets: zeros([B, H]) }),
  ),
  method(
    'gradientFlow',
    () => [{ log10: false }],
    (r) => {
      const flow = r as number[][];
      expect(flow.length).toBe(T + 1);
      expect(flow.slice(0, T).flat().every((v) => v === 0)).toBe(true); // with lossAt 'last' only E_T is non-zero
    },
    [
      { label: 'log10 a string', args: () => [{ log10: 'yes' }] },
      { label: 'an unknown option name', args: () => [{ log: true }] },
    ],
    { 1: ['undefined'] },
  ),
];
