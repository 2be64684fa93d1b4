/**
 * Bad-input specs for the public ops (`src/ops`).
 */
import { expect } from 'vitest';
import * as G from '../../../src/index.js';
import { DTypeError, ShapeError, tensor } from '../../../src/index.js';
import type { Tensor } from '../../../src/index.js';
import { empty, isT, loose, nonFinite, t, vals } from '../fixtures.js';
import type { EntrySpec } from '../spec.js';

const numbers = ['negative number', 'fraction', 'huge number', 'NaN', 'Infinity', '-Infinity'];

const binaryNames = ['add', 'sub', 'mul', 'div', 'pow', 'maximum', 'minimum', 'greater', 'greaterEqual', 'less', 'lessEqual', 'equal', 'notEqual'] as const;
const reference: Record<(typeof binaryNames)[number], (a: number, b: number) => number> = {
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
  pow: (a, b) => a ** b,
  maximum: (a, b) => Math.max(a, b),
  minimum: (a, b) => Math.min(a, b),
  greater: (a, b) => Number(a > b),
  greaterEqual: (a, b) => Number(a >= b),
  less: (a, b) => Number(a < b),
  lessEqual: (a, b) => Number(a <= b),
  equal: (a, b) => Number(a === b),
  notEqual: (a, b) => Number(a !== b),
};

function binarySpec(name: (typeof binaryNames)[number]): EntrySpec {
  const f = loose(G[name]);
  const ref = reference[name];
  return {
    name,
    valid: () => [t([2, 3]), t([3], 'float64', 1)],
    call: f,
    check: (r) => {
      const a = vals(t([2, 3]));
      const b = vals(t([3], 'float64', 1));
      isT([2, 3], a.map((v, i) => ref(v, b[i % 3]!)))(r);
    },
    accepts: { 0: numbers, 1: numbers },
    cases: [
      { label: 'shapes that do not broadcast', args: () => [t([2, 3]), t([2])], kind: ShapeError },
      { label: 'float64 with float32', args: () => [t([2]), t([2], 'float32')], kind: DTypeError },
      { label: 'two numbers', args: () => [1, 2] },
      { label: 'an empty tensor broadcasts to an empty result', args: () => [empty([0, 3]), t([3])], expect: isT([0, 3], []) },
      { label: 'an empty tensor with a size-2 axis does not broadcast', args: () => [empty([0, 3]), t([2, 3])], kind: ShapeError },
      {
        label: 'NaN and infinities follow IEEE rules',
        args: () => [nonFinite(), tensor([1, 2, 3])],
        expect: (r) => {
          const a = vals(nonFinite());
          const got = vals(r);
          a.forEach((v, i) => expect(got[i]).toEqual(ref(v, i + 1)));
        },
      },
      { label: 'a rank-6 tensor against a rank-1 tensor', args: () => [t([1, 1, 1, 1, 2, 1]), t([3])], expect: isT([1, 1, 1, 1, 2, 3]) },
    ],
  };
}

const unaryRef: Record<string, (x: number) => number> = {
  neg: (x) => -x,
  abs: Math.abs,
  sqrt: Math.sqrt,
  square: (x) => x * x,
  exp: Math.exp,
  log: Math.log,
  tanh: Math.tanh,
  sigmoid: (x) => 1 / (1 + Math.exp(-x)),
  relu: (x) => (x > 0 || Number.isNaN(x) ? x : 0),
  sin: Math.sin,
  cos: Math.cos,
  sign: Math.sign,
};

function unarySpec(name: keyof typeof unaryRef): EntrySpec {
  const ref = unaryRef[name]!;
  return {
    name,
    valid: () => [t([2, 2])],
    call: loose((G as unknown as Record<string, unknown>)[name]),
    check: (r) => isT([2, 2], vals(t([2, 2])).map(ref))(r),
    cases: [
      { label: 'an empty tensor', args: () => [empty()], expect: isT([0, 3], []) },
      { label: 'a float32 tensor keeps its dtype', args: () => [t([2], 'float32')], expect: (r) => expect((r as Tensor).dtype).toBe('float32') },
      {
        label: 'NaN and infinities follow Math',
        args: () => [nonFinite()],
        expect: (r) => vals(r).forEach((v, i) => expect(Object.is(v, ref(vals(nonFinite())[i]!)) || Math.abs(v - ref(vals(nonFinite())[i]!)) < 1e-15).toBe(true)),
      },
      { label: 'a number instead of a tensor', args: () => [2] },
    ],
  };
}

const axisJunk = { 1: ['undefined'] } as const;

function reduceSpec(name: 'sum' | 'mean' | 'max' | 'min' | 'logSumExp'): EntrySpec {
  return {
    name,
    valid: () => [t([2, 3]), 1],
    call: loose(G[name]),
    check: (r) => isT([2])(r),
    accepts: { ...axisJunk, 2: ['undefined'] },
    cases: [
      { label: 'axis out of range', args: () => [t([2, 3]), 2] },
      { label: 'axis below -rank', args: () => [t([2, 3]), -3] },
      { label: 'repeated axes', args: () => [t([2, 3]), [0, 0]] },
      { label: 'keepDims a number', args: () => [t([2, 3]), 0, 1] },
      { label: 'axes as a list', args: () => [t([2, 3]), [0, 1]], expect: name === 'logSumExp' ? 'either' : isT([]) },
      { label: 'a scalar with axis 0', args: () => [G.scalar(1), 0] },
      {
        label: 'an empty tensor',
        args: () => [empty([0, 3]), 0],
        expect: name === 'sum' ? isT([3], [0, 0, 0]) : name === 'logSumExp' ? isT([3], [-Infinity, -Infinity, -Infinity]) : 'throws',
      },
    ],
  };
}

export const opsSpecs: readonly EntrySpec[] = [
  ...binaryNames.map(binarySpec),
  ...Object.keys(unaryRef).map(unarySpec),
  ...(['sum', 'mean', 'max', 'min', 'logSumExp'] as const).map(reduceSpec),
  {
    name: 'clip',
    valid: () => [t([4]), 0.15, 0.3],
    call: loose(G.clip),
    check: isT([4], [0.15, 0.2, 0.3, 0.3]),
    accepts: { 1: ['negative number', 'fraction', '-Infinity'], 2: ['fraction', 'huge number', 'Infinity'] },
    cases: [
      { label: 'lo > hi', args: () => [t([2]), 1, 0] },
      { label: 'infinite bounds clip nothing', args: () => [t([2]), -Infinity, Infinity], expect: isT([2], [0.1, 0.2]) },
    ],
  },
  {
    name: 'where',
    valid: () => [tensor([1, 0]), t([2]), 9],
    call: loose(G.where),
    check: isT([2], [0.1, 9]),
    accepts: { 1: numbers, 2: numbers },
    cases: [
      { label: 'cond float32 with float64 branches', args: () => [tensor([1, 0], [2], { dtype: 'float32' }), t([2]), t([2])], kind: DTypeError },
      { label: 'branches of different dtypes', args: () => [tensor([1, 0]), t([2]), t([2], 'float32')], kind: DTypeError },
      { label: 'cond that does not broadcast', args: () => [tensor([1, 0, 1]), t([2]), t([2])], kind: ShapeError },
      { label: 'NaN in cond counts as true', args: () => [tensor([Number.NaN]), t([1]), 0], expect: isT([1], [0.1]) },
    ],
  },
  {
    name: 'astype',
    valid: () => [t([2]), 'float32'],
    call: loose(G.astype),
    check: (r) => expect((r as Tensor).dtype).toBe('float32'),
    cases: [
      { label: 'unknown dtype', args: () => [t([2]), 'int32'], kind: DTypeError },
      { label: 'dtype in capitals', args: () => [t([2]), 'FLOAT32'] },
      { label: 'overflow to float32 gives Infinity', args: () => [tensor([1e300]), 'float32'], expect: (r) => expect(vals(r)).toEqual([Infinity]) },
    ],
  },
  {
    name: 'reshape',
    valid: () => [t([2, 3]), [3, -1]],
    call: loose(G.reshape),
    check: isT([3, 2]),
    accepts: { 1: ['plain array'] },
    cases: [
      { label: 'wrong total size', args: () => [t([2, 3]), [4]], kind: ShapeError },
      { label: 'two -1 entries', args: () => [t([2, 3]), [-1, -1]] },
      { label: 'a -2 entry', args: () => [t([2, 3]), [-2, -3]] },
      { label: 'a fractional entry', args: () => [t([2, 3]), [1.5, 4]] },
      { label: 'a NaN entry', args: () => [t([2, 3]), [Number.NaN, 6]] },
      { label: '-1 with an empty tensor is ambiguous', args: () => [empty([0, 3]), [0, -1]] },
    ],
  },
  { name: 'flatten', valid: () => [t([2, 3])], call: loose(G.flatten), check: isT([6]), cases: [{ label: 'a scalar', args: () => [G.scalar(2)], expect: isT([1], [2]) }] },
  {
    name: 'squeeze',
    valid: () => [t([2, 1]), 1],
    call: loose(G.squeeze),
    check: isT([2]),
    accepts: axisJunk,
    cases: [{ label: 'an axis whose size is not 1', args: () => [t([2, 1]), 0] }],
  },
  {
    name: 'expandDims',
    valid: () => [t([2]), 0],
    call: loose(G.expandDims),
    check: isT([1, 2]),
    accepts: { 1: ['negative number'] },
    cases: [{ label: 'axis past rank', args: () => [t([2]), 3] }],
  },
  {
    name: 'broadcastTo',
    valid: () => [t([2, 1]), [2, 3]],
    call: loose(G.broadcastTo),
    check: isT([2, 3], [0.1, 0.1, 0.1, 0.2, 0.2, 0.2]),
    accepts: { 1: ['plain array'] },
    cases: [
      { label: 'a smaller rank', args: () => [t([2, 3]), [3]], kind: ShapeError },
      { label: 'an incompatible size', args: () => [t([2, 3]), [2, 4]], kind: ShapeError },
      { label: 'a negative size', args: () => [t([1]), [-1]] },
    ],
  },
  {
    name: 'slice',
    valid: () => [t([3, 4]), [1, 1], [2, 2]],
    call: loose(G.slice),
    check: isT([2, 2], [0.6, 0.7, 1.0, 1.1]),
    accepts: { 2: ['undefined'] },
    cases: [
      { label: 'begin shorter than the rank takes trailing axes whole', args: () => [t([3, 4]), [1]], expect: isT([2, 4]) },
      { label: 'begin longer than the rank', args: () => [t([3, 4]), [0, 0, 0]] },
      { label: 'size past the end', args: () => [t([3, 4]), [2, 0], [2, 4]] },
      { label: 'negative begin', args: () => [t([3, 4]), [-1, 0], [1, 1]] },
      { label: 'fractional size', args: () => [t([3, 4]), [0, 0], [1.5, 1]] },
      { label: 'size -1 means to the end', args: () => [t([3, 4]), [1, 2], [-1, -1]], expect: 'either' },
      { label: 'a zero-size slice', args: () => [t([3, 4]), [1, 1], [0, 2]], expect: isT([0, 2], []) },
    ],
  },
  {
    name: 'concat',
    valid: () => [[t([2, 3]), t([1, 3])], 0],
    call: loose(G.concat),
    check: isT([3, 3]),
    accepts: { 1: ['undefined'] },
    cases: [
      { label: 'an empty list', args: () => [[], 0] },
      { label: 'a non-tensor in the list', args: () => [[t([2]), [1, 2]], 0] },
      { label: 'sizes that disagree off the axis', args: () => [[t([2, 3]), t([2, 2])], 0], kind: ShapeError },
      { label: 'ranks that disagree', args: () => [[t([2, 3]), t([3])], 0], kind: ShapeError },
      { label: 'mixed dtypes', args: () => [[t([2]), t([2], 'float32')], 0], kind: DTypeError },
      { label: 'a sparse list', args: () => [new Array<Tensor>(2), 0] },
    ],
  },
  {
    name: 'stack',
    valid: () => [[t([2]), t([2])], 0],
    call: loose(G.stack),
    check: isT([2, 2]),
    accepts: { 1: ['undefined', 'negative number'] },
    cases: [
      { label: 'an empty list', args: () => [[], 0] },
      { label: 'shapes that differ', args: () => [[t([2]), t([3])], 0], kind: ShapeError },
      { label: 'mixed dtypes', args: () => [[t([2]), t([2], 'float32')], 0], kind: DTypeError },
      { label: 'axis past rank', args: () => [[t([2]), t([2])], 2] },
    ],
  },
  {
    name: 'split',
    valid: () => [t([4, 3]), [1, 3], 0],
    call: loose(G.split),
    check: (r) => {
      expect((r as Tensor[]).map((x) => x.shape)).toEqual([[1, 3], [3, 3]]);
    },
    accepts: { 1: ['undefined'], 2: ['undefined'] },
    cases: [
      { label: 'sections that do not divide the axis', args: () => [t([5]), 2, 0] },
      { label: 'sizes that do not add up', args: () => [t([4]), [1, 2], 0] },
      { label: 'a negative size', args: () => [t([4]), [5, -1], 0] },
      { label: 'zero sections', args: () => [t([4]), 0, 0] },
    ],
  },
  {
    name: 'matmul',
    valid: () => [t([2, 3]), t([3, 2])],
    call: loose(G.matmul),
    check: isT([2, 2]),
    cases: [
      { label: 'inner dimensions disagree', args: () => [t([2, 3]), t([2, 3])], kind: ShapeError },
      { label: 'a rank-0 operand', args: () => [G.scalar(1), t([1, 1])] },
      { label: 'batch dimensions that do not broadcast', args: () => [t([2, 2, 3]), t([3, 3, 2])], kind: ShapeError },
      { label: 'mixed dtypes', args: () => [t([2, 2]), t([2, 2], 'float32')], kind: DTypeError },
      { label: 'an empty inner dimension gives zeros', args: () => [empty([2, 0]), empty([0, 2])], expect: isT([2, 2], [0, 0, 0, 0]) },
      { label: 'vectors give their dot product', args: () => [t([3]), t([3])], expect: 'either' },
    ],
  },
  {
    name: 'permute',
    valid: () => [t([2, 3, 4]), [2, 0, 1]],
    call: loose(G.permute),
    check: isT([4, 2, 3]),
    cases: [
      { label: 'a repeated axis', args: () => [t([2, 3]), [0, 0]] },
      { label: 'too few axes', args: () => [t([2, 3]), [0]] },
      { label: 'an axis out of range', args: () => [t([2, 3]), [0, 2]] },
    ],
  },
  {
    name: 'transpose',
    valid: () => [t([2, 3])],
    call: loose(G.transpose),
    check: isT([3, 2], [0.1, 0.4, 0.2, 0.5, 0.3, 0.6]),
    cases: [
      { label: 'a bad permutation', args: () => [t([2, 3]), [1, 1]] },
      { label: 'a permutation that is not an array', args: () => [t([2, 3]), 'ab'] },
    ],
  },
  ...(['softmax', 'logSoftmax'] as const).map(
    (name): EntrySpec => ({
      name,
      valid: () => [t([2, 3]), -1],
      call: loose(G[name]),
      check: (r) => {
        isT([2, 3])(r);
        const v = vals(r).map((x) => (name === 'softmax' ? x : Math.exp(x)));
        expect(v[0]! + v[1]! + v[2]!).toBeCloseTo(1, 12);
      },
      accepts: axisJunk,
      cases: [
        { label: 'axis out of range', args: () => [t([2, 3]), 2] },
        { label: 'huge logits stay finite', args: () => [tensor([1000, 0, -1000]), 0], expect: (r) => expect(vals(r).every((v) => !Number.isNaN(v))).toBe(true) },
        { label: 'an empty axis', args: () => [empty([2, 0]), 1], expect: 'either' },
      ],
    }),
  ),
];
