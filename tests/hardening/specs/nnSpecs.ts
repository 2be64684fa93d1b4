/**
 * Bad-input specs for the nn layer: cells and their methods, Linear, SequenceModel, unroll,
 * losses, optimizers, clipping, initialisers, tasks and train.
 */
import { expect } from 'vitest';
import * as G from '../../../src/index.js';
import { DTypeError, GRUCell, LSTMCell, Linear, RNNCell, SequenceModel, ShapeError, tensor, zeros } from '../../../src/index.js';
import type { Cell, Params, State, Tensor } from '../../../src/index.js';
import { isT, loose, looseNew, t, vals } from '../fixtures.js';
import type { CaseSpec, EntrySpec } from '../spec.js';

const I = 2;
const H = 3;
const B = 2;

type AnyCell = Cell<State> & { loadStateDict(d: unknown): void; stateDict(): Record<string, unknown>; setParameters?(p: Params): void };

const cellClasses = { RNNCell, LSTMCell, GRUCell } as const;
type CellName = keyof typeof cellClasses;

function makeCell(name: CellName, extra: object = {}): AnyCell {
  return new (cellClasses[name] as unknown as new (o: object) => AnyCell)({ inputSize: I, hiddenSize: H, seed: 1, ...extra });
}

const sizeJunk = { inputSize: [], hiddenSize: [], seed: ['undefined', 'null', 'negative number', 'huge number'], dtype: ['undefined'] };

function cellSpecs(name: CellName): EntrySpec[] {
  const extraFields: Record<string, readonly string[]> =
    name === 'RNNCell' ? { activation: ['undefined', 'null'], bias: ['undefined', 'null', 'boolean'] } : name === 'LSTMCell' ? { forgetBias: ['undefined', 'negative number', 'fraction', 'huge number'], forgetGate: ['undefined', 'null', 'boolean'] } : {};
  const stateKeys = name === 'LSTMCell' ? ['h', 'c'] : ['h'];
  const goodState = (): Record<string, Tensor> => Object.fromEntries(stateKeys.map((k) => [k, t([B, H])]));
  const step = (cell: unknown, x: unknown, s: unknown): unknown => loose((cell as AnyCell).step.bind(cell))(x, s);
  const stateCases: CaseSpec[] = [
    { label: 'x with the wrong input size', args: () => [makeCell(name), t([B, I + 1]), goodState()], kind: ShapeError },
    { label: 'x of rank 1', args: () => [makeCell(name), t([I]), goodState()] },
    { label: 'x of rank 3', args: () => [makeCell(name), t([1, B, I]), goodState()] },
    { label: 'x and state with different batch sizes', args: () => [makeCell(name), t([B + 1, I]), goodState()] },
    { label: 'state with the wrong hidden size', args: () => [makeCell(name), t([B, I]), Object.fromEntries(stateKeys.map((k) => [k, t([B, H + 1])]))] },
    { label: 'state missing a key', args: () => [makeCell(name), t([B, I]), {}] },
    { label: 'state with an extra key', args: () => [makeCell(name), t([B, I]), { ...goodState(), z: t([B, H]) }] },
    { label: 'state entry not a tensor', args: () => [makeCell(name), t([B, I]), Object.fromEntries(stateKeys.map((k) => [k, [[0, 0, 0]]]))] },
    { label: 'x float32 on a float64 cell', args: () => [makeCell(name), t([B, I], 'float32'), goodState()], kind: DTypeError },
    { label: 'an empty batch gives an empty state', args: () => [makeCell(name), G.zeros([0, I]), Object.fromEntries(stateKeys.map((k) => [k, G.zeros([0, H])]))], expect: 'either' },
    { label: 'NaN in x propagates to h', args: () => [makeCell(name), tensor([Number.NaN, 0, 0, 0], [B, I]), goodState()], expect: (r) => expect(Number.isNaN((r as Record<string, Tensor>).h!.get(0, 0))).toBe(true) },
  ];
  const dict = (): Record<string, unknown> => makeCell(name, { seed: 2 }).stateDict();
  const load = (cell: unknown, d: unknown): unknown => loose((cell as AnyCell).loadStateDict.bind(cell))(d);
  return [
    {
      name,
      valid: () => [{ inputSize: I, hiddenSize: H, seed: 1 }],
      call: looseNew(cellClasses[name]),
      check: (r) => {
        const c = r as AnyCell;
        expect(c.hiddenSize).toBe(H);
        expect(c.stateKeys).toEqual(stateKeys);
      },
      options: 0,
      optionFields: { ...sizeJunk, ...extraFields },
      cases: [
        { label: 'hiddenSize 0', args: () => [{ inputSize: I, hiddenSize: 0 }] },
        { label: 'inputSize 0', args: () => [{ inputSize: 0, hiddenSize: H }] },
        { label: 'options missing hiddenSize', args: () => [{ inputSize: I }] },
        { label: 'hiddenSize a numeric string', args: () => [{ inputSize: I, hiddenSize: '3' }] },
        { label: 'an unknown dtype', args: () => [{ inputSize: I, hiddenSize: H, dtype: 'float16' }] },
        { label: 'weightHh with an unknown init', args: () => [{ inputSize: I, hiddenSize: H, weightHh: { init: 'zeros' } }] },
        { label: 'weightHh gain NaN', args: () => [{ inputSize: I, hiddenSize: H, weightHh: { init: 'identity', gain: Number.NaN } }] },
        { label: 'weightHh with an unknown field', args: () => [{ inputSize: I, hiddenSize: H, weightHh: { init: 'identity', scale: 2 } }] },
        { label: 'a shared rng seed is accepted', args: () => [{ inputSize: I, hiddenSize: H, seed: G.rng(3) }], expect: 'either' },
        ...(name === 'RNNCell' ? [{ label: 'an unknown activation', args: () => [{ inputSize: I, hiddenSize: H, activation: 'gelu' }] }] : []),
        ...(name === 'LSTMCell' ? [{ label: 'forgetBias with forgetGate false', args: () => [{ inputSize: I, hiddenSize: H, forgetBias: 1, forgetGate: false }] }] : []),
      ],
    },
    {
      name: `${name}.step`,
      valid: () => [makeCell(name), t([B, I]), goodState()],
      call: step,
      check: (r) => {
        for (const k of stateKeys) isT([B, H])((r as Record<string, Tensor>)[k]);
      },
      positions: [1, 2],
      names: [`${name}.step`, name, 'step'],
      cases: stateCases,
    },
    {
      name: `${name}.initialState`,
      valid: () => [makeCell(name), B],
      call: (c, n) => loose((c as AnyCell).initialState.bind(c))(n),
      check: (r) => isT([B, H], new Array<number>(B * H).fill(0))((r as Record<string, Tensor>).h),
      positions: [1],
      names: [`${name}.initialState`, name, 'initialState'],
      cases: [{ label: 'batch 0', args: () => [makeCell(name), 0], expect: 'either' }],
    },
    {
      name: `${name}.loadStateDict`,
      valid: () => [makeCell(name), dict()],
      call: load,
      check: () => undefined,
      positions: [1],
      names: [`${name}.loadStateDict`, name, 'loadStateDict'],
      cases: [
        { label: 'a missing entry', args: () => { const d = dict(); delete d.weight_hh; return [makeCell(name), d]; } },
        { label: 'an extra entry', args: () => [makeCell(name), { ...dict(), weight_xx: [[1]] }] },
        { label: 'a misshapen entry', args: () => [makeCell(name), { ...dict(), weight_hh: [[1, 2]] }], kind: ShapeError },
        { label: 'a ragged nested array', args: () => [makeCell(name), { ...dict(), bias_hh: [[1], [2, 3]] }] },
        { label: 'a string entry', args: () => [makeCell(name), { ...dict(), bias_hh: 'zeros' }] },
        { label: 'a float32 tensor entry is cast losslessly', args: () => { const d = dict(); return [makeCell(name), { ...d, bias_hh: tensor([0.5, ...new Array<number>((d.bias_hh as number[]).length - 1).fill(0)], undefined, { dtype: 'float32' }) }]; }, call: (c, d) => { load(c, d); return (c as AnyCell).stateDict().bias_hh; }, expect: (r) => expect((r as number[])[0]).toBe(0.5) },
        { label: 'camelCase names', args: () => { const c = makeCell(name); const p = c.parameters(); return [makeCell(name), p]; } },
        {
          label: 'a failed load leaves the weights as they were',
          args: () => [makeCell(name)],
          call: (c) => {
            const cell = c as AnyCell;
            const before = JSON.stringify(cell.stateDict());
            try {
              cell.loadStateDict({ ...dict(), weight_hh: [[1, 2]] });
            } catch {
              // the error itself is checked by the case above
            }
            return JSON.stringify(cell.stateDict()) === before;
          },
          expect: (r) => expect(r).toBe(true),
        },
      ],
    },
  ];
}

const linear = (): Linear => new Linear({ inFeatures: 2, outFeatures: 1, seed: 1 });
const model = (): SequenceModel => new SequenceModel({ cell: makeCell('RNNCell'), head: new Linear({ inFeatures: H, outFeatures: 1, seed: 1 }) });
const params = (): Params => ({ w: t([2]), b: t([1]) });

const optimizerSpec = (name: 'sgd' | 'momentum' | 'adam', fields: Record<string, readonly string[]>): EntrySpec => ({
  name,
  valid: () => [{ lr: 0.1 }],
  call: loose(G[name]),
  check: (r) => {
    const o = r as G.Optimizer;
    const next = o.step(params(), { w: tensor([1, 1]), b: tensor([1]) });
    expect(vals(next.w!).every((v, i) => v < vals(params().w!)[i]!)).toBe(true);
  },
  accepts: { 0: ['undefined'] },
  options: 0,
  optionFields: fields,
  cases: [
    { label: 'step with a missing gradient', args: () => [{ lr: 0.1 }], call: (o) => (loose(G[name])(o) as G.Optimizer).step(params(), { w: t([2]) }), names: [name, `${name}.step`, 'step'] },
    { label: 'step with a misshapen gradient', args: () => [{ lr: 0.1 }], call: (o) => (loose(G[name])(o) as G.Optimizer).step(params(), { w: t([3]), b: t([1]) }), names: [name, `${name}.step`, 'step'] },
    { label: 'step with a gradient of another dtype', args: () => [{ lr: 0.1 }], call: (o) => (loose(G[name])(o) as G.Optimizer).step(params(), { w: t([2], 'float32'), b: t([1]) }), names: [name, `${name}.step`, 'step'] },
    { label: 'step with params that are not a record', args: () => [{ lr: 0.1 }], call: (o) => loose((loose(G[name])(o) as G.Optimizer).step)(null, {}), names: [name, `${name}.step`, 'step'] },
  ],
});

const lrJunk = ['undefined', 'null', 'fraction', 'huge number'];

export const nnSpecs: readonly EntrySpec[] = [
  ...cellSpecs('RNNCell'),
  ...cellSpecs('LSTMCell'),
  ...cellSpecs('GRUCell'),
  {
    name: 'LSTMCell.forgetGateValues',
    valid: () => [makeCell('LSTMCell'), t([B, I]), { h: t([B, H]), c: t([B, H]) }],
    call: (c, x, s) => loose((c as LSTMCell).forgetGateValues.bind(c))(x, s),
    check: (r) => {
      isT([B, H])(r);
      expect(vals(r).every((v) => v > 0 && v < 1)).toBe(true);
    },
    positions: [1, 2],
    names: ['LSTMCell.forgetGateValues', 'forgetGateValues', 'LSTMCell'],
    cases: [{ label: 'a state missing c', args: () => [makeCell('LSTMCell'), t([B, I]), { h: t([B, H]) }] }],
  },
  {
    name: 'Module',
    valid: () => [],
    call: () => makeCell('RNNCell'),
    check: (r) => expect(r).toBeInstanceOf(G.Module),
    cases: [
      { label: 'the abstract class called directly', args: () => ['x', 'float64', [], {}], call: looseNew(G.Module), expect: 'either' },
      { label: 'setParameters with a missing parameter', args: () => [makeCell('RNNCell')], call: (c) => (c as RNNCell).setParameters({ weight_ih: t([H, I]) }), names: ['RNNCell', 'setParameters', 'RNNCell.setParameters'] },
      { label: 'setParameters with a misshapen parameter', args: () => [makeCell('RNNCell')], call: (c) => { const cell = c as RNNCell; return cell.setParameters({ ...cell.parameters(), weightHh: t([H, H + 1]) }); }, names: ['RNNCell', 'setParameters', 'RNNCell.setParameters'] },
      { label: 'setParameters with an unknown name', args: () => [makeCell('RNNCell')], call: (c) => { const cell = c as RNNCell; return cell.setParameters({ ...cell.parameters(), extra: t([1]) }); }, names: ['RNNCell', 'setParameters', 'RNNCell.setParameters'] },
    ],
  },
  {
    name: 'unroll',
    valid: () => [makeCell('GRUCell'), t([4, B, I])],
    call: loose(G.unroll),
    check: (r) => {
      const u = r as G.Unrolled<State>;
      expect(u.outputs.length).toBe(4);
      expect(u.states.length).toBe(5);
    },
    accepts: { 2: ['undefined'] },
    positions: [0, 1, 2],
    cases: [
      { label: 'inputs of rank 2', args: () => [makeCell('GRUCell'), t([B, I])] },
      { label: 'inputs with the wrong feature size', args: () => [makeCell('GRUCell'), t([4, B, I + 1])] },
      { label: 'inputs with T = 0', args: () => [makeCell('GRUCell'), G.zeros([0, B, I])], expect: (r) => expect((r as G.Unrolled<State>).outputs.length).toBe(0) },
      { label: 'an initial state with the wrong batch', args: () => [makeCell('GRUCell'), t([4, B, I]), { h: t([B + 1, H]) }] },
      { label: 'an initial state with an extra key', args: () => [makeCell('GRUCell'), t([4, B, I]), { h: t([B, H]), c: t([B, H]) }] },
      { label: 'a cell-like object missing step', args: () => [{ inputSize: I, hiddenSize: H, stateKeys: ['h'], initialState: () => ({}), output: () => null, parameters: () => ({}) }, t([4, B, I])] },
    ],
  },
  {
    name: 'Linear',
    valid: () => [{ inFeatures: 2, outFeatures: 1, seed: 1 }],
    call: looseNew(Linear),
    check: (r) => isT([1, 2])((r as Linear).weight),
    options: 0,
    optionFields: { inFeatures: [], outFeatures: [], bias: ['undefined', 'null', 'boolean'], seed: ['undefined', 'null', 'negative number', 'huge number'] },
    cases: [
      { label: 'forward with the wrong feature size', args: () => [linear(), t([3, 3])], call: (l, x) => (l as Linear).forward(x as Tensor), names: ['Linear', 'Linear.forward', 'forward'] },
      { label: 'forward with a non-tensor', args: () => [linear(), [[1, 2]]], call: (l, x) => loose((l as Linear).forward.bind(l))(x), names: ['Linear', 'Linear.forward', 'forward'] },
      { label: 'forward with a [T, B, I] input works', args: () => [linear(), t([2, 3, 2])], call: (l, x) => (l as Linear).forward(x as Tensor), expect: 'either' },
    ],
  },
  {
    name: 'SequenceModel',
    valid: () => [{ cell: makeCell('RNNCell'), head: new Linear({ inFeatures: H, outFeatures: 1, seed: 1 }) }],
    call: looseNew(SequenceModel),
    check: (r) => isT([B, 1])((r as SequenceModel).forward(t([4, B, I]))),
    options: 0,
    optionFields: { cell: [], head: [], readout: ['undefined', 'null'] },
    cases: [
      { label: 'a head whose input size is not H', args: () => [{ cell: makeCell('RNNCell'), head: linear() }] },
      { label: 'readout an unknown value', args: () => [{ cell: makeCell('RNNCell'), head: new Linear({ inFeatures: H, outFeatures: 1 }), readout: 'first' }] },
      { label: 'forward with inputs of the wrong size', args: () => [model(), t([4, B, I + 2])], call: (m, x) => (m as SequenceModel).forward(x as Tensor), names: ['SequenceModel', 'SequenceModel.forward', 'unroll', 'forward'] },
      { label: 'loadStateDict missing the head', args: () => [model()], call: (m) => { const sm = m as SequenceModel; const d = sm.stateDict(); const cellOnly = Object.fromEntries(Object.entries(d).filter(([k]) => !k.startsWith('linear.'))); return sm.loadStateDict(cellOnly); }, names: ['SequenceModel', 'SequenceModel.loadStateDict', 'loadStateDict'] },
    ],
  },
  ...(['mseLoss', 'absLoss'] as const).map(
    (name): EntrySpec => ({
      name,
      valid: () => [t([2, 2]), zeros([2, 2])],
      call: loose(G[name]),
      check: (r) => {
        const v = vals(t([2, 2]));
        isT([], [name === 'mseLoss' ? v.reduce((a, b) => a + b * b, 0) / 4 : v.reduce((a, b) => a + b, 0) / 4])(r);
      },
      cases: [
        { label: 'shapes that differ', args: () => [t([2, 2]), t([2, 3])], kind: ShapeError },
        { label: 'shapes that would broadcast', args: () => [t([2, 2]), t([2])] },
        { label: 'mixed dtypes', args: () => [t([2]), t([2], 'float32')], kind: DTypeError },
        { label: 'empty tensors', args: () => [zeros([0]), zeros([0])] },
      ],
    }),
  ),
  {
    name: 'crossEntropyLoss',
    valid: () => [tensor([[0, 0], [0, 0]]), tensor([0, 1])],
    call: loose(G.crossEntropyLoss),
    check: isT([], [Math.LN2]),
    cases: [
      { label: 'a label out of range', args: () => [tensor([[0, 0]]), tensor([2])] },
      { label: 'a fractional label', args: () => [tensor([[0, 0]]), tensor([0.5])] },
      { label: 'a NaN label', args: () => [tensor([[0, 0]]), tensor([Number.NaN])] },
      { label: 'logits of rank 1', args: () => [tensor([0, 0]), tensor([0])], kind: ShapeError },
      { label: 'labels of the wrong batch', args: () => [tensor([[0, 0]]), tensor([0, 1])], kind: ShapeError },
      { label: 'mixed dtypes', args: () => [tensor([[0, 0]]), tensor([0], [1], { dtype: 'float32' })], kind: DTypeError },
    ],
  },
  optimizerSpec('sgd', { lr: lrJunk }),
  optimizerSpec('momentum', { lr: lrJunk, beta: ['undefined', 'null'] }),
  optimizerSpec('adam', { lr: lrJunk, beta1: ['undefined', 'null'], beta2: ['undefined', 'null'], eps: ['undefined', 'null', 'fraction', 'huge number'] }),
  {
    name: 'clipGradNorm',
    valid: () => [{ a: tensor([3, 4]) }, 1],
    call: loose(G.clipGradNorm),
    check: (r) => {
      const c = r as G.ClipResult;
      expect(c.norm).toBeCloseTo(5, 12);
      vals(c.grads.a!).forEach((v, i) => expect(v).toBeCloseTo([0.6, 0.8][i]!, 6)); // PyTorch's 1e-6 in the denominator
    },
    accepts: { 1: ['fraction', 'huge number', 'Infinity'] },
    cases: [
      { label: 'maxNorm 0', args: () => [{ a: tensor([3, 4]) }, 0] },
      { label: 'a gradient with NaN', args: () => [{ a: tensor([Number.NaN]) }, 1], expect: 'either' },
      { label: 'an entry that is not a tensor', args: () => [{ a: [3, 4] }, 1] },
      { label: 'an empty record', args: () => [{}, 1], expect: 'either' },
    ],
  },
  {
    name: 'globalNorm',
    valid: () => [{ a: tensor([3, 4]), b: tensor([12]) }],
    call: loose(G.globalNorm),
    check: (r) => expect(r).toBeCloseTo(13, 12),
    cases: [
      { label: 'an entry that is not a tensor', args: () => [{ a: 'x' }] },
      { label: 'an empty record is 0', args: () => [{}], expect: (r) => expect(r).toBe(0) },
      { label: 'a huge gradient does not overflow', args: () => [{ a: tensor([1e200, 1e200]) }], expect: (r) => expect(r).toBeCloseTo(Math.SQRT2 * 1e200, -190) },
    ],
  },
  ...(['uniformInit', 'orthogonalInit', 'identityInit'] as const).map(
    (name): EntrySpec => ({
      name,
      valid: () => (name === 'uniformInit' ? [[2, 2], 0.5, { seed: 1 }] : [[2, 2], { seed: 1 }]),
      call: loose(G[name]),
      check: (r) => {
        isT([2, 2])(r);
        if (name === 'identityInit') expect(vals(r)).toEqual([1, 0, 0, 1]);
      },
      accepts: name === 'uniformInit' ? { 0: ['plain array'], 1: ['fraction', 'huge number'], 2: ['undefined'] } : { 0: ['plain array'], 1: ['undefined'] },
      options: name === 'uniformInit' ? 2 : 1,
      cases: [
        { label: 'a NaN dimension', args: () => (name === 'uniformInit' ? [[Number.NaN], 1] : [[Number.NaN, 2]]) },
        { label: 'gain NaN', args: () => (name === 'uniformInit' ? [[2], 1, { gain: Number.NaN }] : [[2, 2], { gain: Number.NaN }]) },
        { label: 'an unknown dtype', args: () => (name === 'uniformInit' ? [[2], 1, { dtype: 'f16' }] : [[2, 2], { dtype: 'f16' }]) },
        ...(name === 'uniformInit' ? [] : [{ label: 'a rank-1 shape', args: () => [[4]] }]),
      ],
    }),
  ),
  ...(['addingProblem', 'copyFirstInput', 'sineWave'] as const).map(
    (name): EntrySpec => {
      const base = name === 'copyFirstInput' ? { batch: 2, lag: 3 } : { batch: 2, T: 4 };
      const lenKey = name === 'copyFirstInput' ? 'lag' : 'T';
      return {
        name,
        valid: () => [base],
        call: loose(G[name]),
        check: (r) => {
          const inputs = (r as { inputs: Tensor }).inputs;
          expect(inputs.shape[0]).toBe(name === 'copyFirstInput' ? 4 : 4);
          expect(inputs.shape[1]).toBe(2);
        },
        options: 0,
        optionFields: {
          batch: [],
          [lenKey]: [],
          seed: ['undefined', 'null', 'negative number', 'huge number'],
          dtype: ['undefined', 'null'],
          ...(name === 'copyFirstInput' ? { classes: ['undefined', 'null'], noise: ['undefined', 'null', 'fraction', 'huge number'] } : {}),
          ...(name === 'sineWave' ? { omega: ['undefined', 'null', 'negative number', 'fraction', 'huge number'] } : {}),
        },
        cases: [{ label: 'batch 0', args: () => [{ ...base, batch: 0 }] }],
      };
    },
  ),
  {
    name: 'train',
    valid: () => [{ model: model(), data: { inputs: t([3, B, I]), targets: zeros([B, 1]) }, optimizer: G.sgd({ lr: 0.1 }), steps: 2 }],
    call: loose(G.train),
    check: (r) => {
      const res = r as G.TrainResult;
      expect(res.losses.length).toBe(2);
      expect(res.losses.every(Number.isFinite)).toBe(true);
    },
    options: 0,
    optionFields: { model: [], data: [], optimizer: [], steps: ['-huge number'], loss: ['undefined', 'null'], clip: ['undefined', 'fraction', 'huge number', 'Infinity'], onStep: ['undefined', 'function'] },
    cases: [
      { label: 'targets of the wrong shape', args: () => [{ model: model(), data: { inputs: t([3, B, I]), targets: zeros([B, 2]) }, optimizer: G.sgd(), steps: 1 }], names: ['train', 'mseLoss'] },
      { label: 'a data function returning null', args: () => [{ model: model(), data: () => null, optimizer: G.sgd(), steps: 1 }] },
      { label: 'an unknown loss name', args: () => [{ model: model(), data: { inputs: t([3, B, I]), targets: zeros([B, 1]) }, optimizer: G.sgd(), steps: 1, loss: 'hinge' }] },
      { label: 'steps 0', args: () => [{ model: model(), data: { inputs: t([3, B, I]), targets: zeros([B, 1]) }, optimizer: G.sgd(), steps: 0 }], expect: 'either' },
      { label: 'an optimizer without step', args: () => [{ model: model(), data: { inputs: t([3, B, I]), targets: zeros([B, 1]) }, optimizer: {}, steps: 1 }] },
    ],
  },
];
