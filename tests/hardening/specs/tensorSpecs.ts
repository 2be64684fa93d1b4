/**
 * Bad-input specs for the tensor layer: creation functions, `rng`, the `Tensor` class and its
 * methods, `broadcastShapes`, `isTensor`, and the error helpers.
 */
import { expect } from 'vitest';
import * as G from '../../../src/index.js';
import { ShapeError } from '../../../src/index.js';
import type { Tensor } from '../../../src/index.js';
import { allJunk } from '../harness.js';
import { isT, loose, looseNew, t, vals } from '../fixtures.js';
import type { EntrySpec } from '../spec.js';

const badShapes: readonly [string, unknown][] = [
  ['negative dimension', [2, -1]],
  ['fractional dimension', [2, 1.5]],
  ['NaN dimension', [Number.NaN]],
  ['Infinity dimension', [Number.POSITIVE_INFINITY]],
  ['string dimension', [2, '3']],
  ['null dimension', [null]],
  ['too many elements', [1e6, 1e6, 1e6]],
  ['sparse array shape', new Array<number>(2)],
];

function shapeCases(make: (shape: unknown) => readonly unknown[]): EntrySpec['cases'] {
  return badShapes.map(([label, shape]) => ({ label: `shape: ${label}`, args: () => make(shape) }));
}

const dtypeCases = (make: (options: unknown) => readonly unknown[]): EntrySpec['cases'] => [
  { label: 'unknown dtype', args: () => make({ dtype: 'int32' }) },
  { label: 'dtype not a string', args: () => make({ dtype: 64 }) },
];

const randomOptionCases = (make: (options: unknown) => readonly unknown[]): EntrySpec['cases'] => [
  ...(dtypeCases(make) ?? []),
  { label: 'seed NaN', args: () => make({ seed: Number.NaN }) },
  { label: 'seed a string', args: () => make({ seed: 'abc' }) },
  { label: 'seed an object', args: () => make({ seed: {} }) },
];

const num = ['negative number', 'fraction', 'huge number'];

export const tensorSpecs: readonly EntrySpec[] = [
  {
    name: 'tensor',
    valid: () => [[[1, 2], [3, 4]]],
    call: loose(G.tensor),
    check: isT([2, 2], [1, 2, 3, 4]),
    positions: [0],
    accepts: { 0: ['negative number', 'fraction', 'huge number', 'plain array', 'NaN', 'Infinity', '-Infinity'] },
    cases: [
      { label: 'ragged nested array', args: () => [[[1, 2], [3]]] },
      { label: 'string element', args: () => [[1, 'a']] },
      { label: 'null element', args: () => [[1, null]] },
      { label: 'values/shape size mismatch', args: () => [[1, 2, 3], [2, 2]], kind: ShapeError },
      { label: 'shape not an array', args: () => [[1, 2], 'ab'] },
      ...(shapeCases((s) => [[1, 2], s]) ?? []),
      ...(dtypeCases((o) => [[1, 2], undefined, o]) ?? []),
      { label: 'unknown option name', args: () => [[1], undefined, { dtyp: 'float32' }] },
      { label: 'NaN and Infinity values are kept', args: () => [[Number.NaN, Number.POSITIVE_INFINITY]], expect: (r) => expect(vals(r)).toEqual([Number.NaN, Number.POSITIVE_INFINITY]) },
      { label: 'empty values with shape [0]', args: () => [[], [0]], expect: isT([0], []) },
      { label: 'typed array input is copied', args: () => [new Float64Array([1, 2])], expect: isT([2], [1, 2]) },
      { label: 'typed array of another dtype', args: () => [new Int32Array([1, 2])] },
    ],
  },
  {
    name: 'scalar',
    valid: () => [2.5],
    call: loose(G.scalar),
    check: isT([], [2.5]),
    accepts: { 0: ['negative number', 'fraction', 'huge number', 'NaN', 'Infinity', '-Infinity'] },
    options: 1,
    cases: dtypeCases((o) => [1, o]),
  },
  {
    name: 'zeros',
    valid: () => [[2, 3]],
    call: loose(G.zeros),
    check: isT([2, 3], [0, 0, 0, 0, 0, 0]),
    accepts: { 0: ['plain array'] },
    options: 1,
    cases: [...(shapeCases((s) => [s]) ?? []), ...(dtypeCases((o) => [[2], o]) ?? []), { label: 'empty dimension', args: () => [[0, 3]], expect: isT([0, 3], []) }],
  },
  {
    name: 'ones',
    valid: () => [[2]],
    call: loose(G.ones),
    check: isT([2], [1, 1]),
    accepts: { 0: ['plain array'] },
    options: 1,
    cases: [...(shapeCases((s) => [s]) ?? []), ...(dtypeCases((o) => [[2], o]) ?? [])],
  },
  {
    name: 'full',
    valid: () => [[2], 7],
    call: loose(G.full),
    check: isT([2], [7, 7]),
    accepts: { 0: ['plain array'], 1: [...num, 'NaN', 'Infinity', '-Infinity'] },
    options: 2,
    cases: [...(shapeCases((s) => [s, 1]) ?? []), ...(dtypeCases((o) => [[2], 1, o]) ?? [])],
  },
  {
    name: 'eye',
    valid: () => [2],
    call: loose(G.eye),
    check: isT([2, 2], [1, 0, 0, 1]),
    accepts: { 1: ['undefined', 'null'] },
    positions: [0, 1],
    options: 2,
    cases: [
      { label: 'm given', args: () => [2, 3], expect: isT([2, 3], [1, 0, 0, 0, 1, 0]) },
      { label: 'n zero', args: () => [0], expect: isT([0, 0], []) },
      ...(dtypeCases((o) => [2, undefined, o]) ?? []),
    ],
  },
  {
    name: 'arange',
    valid: () => [0, 3],
    call: loose(G.arange),
    check: isT([3], [0, 1, 2]),
    positions: [0, 1],
    accepts: { 0: ['negative number', 'fraction', 'huge number'], 1: ['undefined', 'negative number', 'fraction'] },
    cases: [
      { label: 'step zero', args: () => [0, 3, 0] },
      { label: 'step NaN', args: () => [0, 3, Number.NaN] },
      { label: 'step a string', args: () => [0, 3, 'a'] },
      { label: 'step of the wrong sign gives an empty range', args: () => [0, 3, -1], expect: isT([0], []) },
      { label: 'a billion elements', args: () => [0, 1e12] },
      { label: 'unknown option name', args: () => [0, 3, 1, { colour: 1 }] },
      ...(dtypeCases((o) => [0, 3, 1, o]) ?? []),
    ],
  },
  {
    name: 'linspace',
    valid: () => [0, 1, 3],
    call: loose(G.linspace),
    check: isT([3], [0, 0.5, 1]),
    accepts: { 0: num, 1: num },
    options: 3,
    cases: [
      { label: 'num zero', args: () => [0, 1, 0], expect: isT([0], []) },
      { label: 'num one', args: () => [0, 1, 1], expect: isT([1], [0]) },
      ...(dtypeCases((o) => [0, 1, 2, o]) ?? []),
    ],
  },
  ...(['rand', 'randn'] as const).map(
    (name): EntrySpec => ({
      name,
      valid: () => [[2, 2], { seed: 1 }],
      call: loose(G[name]),
      check: (r) => {
        isT([2, 2])(r);
        expect(vals(r).every(Number.isFinite)).toBe(true);
      },
      accepts: { 0: ['plain array'], 1: ['undefined'] },
      options: 1,
      cases: [...(shapeCases((s) => [s, { seed: 1 }]) ?? []), ...(randomOptionCases((o) => [[2], o]) ?? [])],
    }),
  ),
  {
    name: 'uniform',
    valid: () => [[3], -1, 1, { seed: 2 }],
    call: loose(G.uniform),
    check: (r) => {
      isT([3])(r);
      expect(vals(r).every((v) => v >= -1 && v < 1)).toBe(true);
    },
    accepts: { 0: ['plain array'], 1: num, 2: num, 3: ['undefined'] },
    options: 3,
    cases: [
      { label: 'lo > hi', args: () => [[2], 1, -1] },
      { label: 'lo = hi', args: () => [[2], 1, 1], expect: 'either' },
      ...(shapeCases((s) => [s, 0, 1]) ?? []),
      ...(randomOptionCases((o) => [[2], 0, 1, o]) ?? []),
    ],
  },
  {
    name: 'rng',
    valid: () => [42],
    call: loose(G.rng),
    check: (r) => expect(typeof r).toBe('object'),
    accepts: { 0: ['negative number', 'fraction', 'huge number'] },
  },
  {
    name: 'Tensor',
    valid: () => [new Float64Array([1, 2]), [2]],
    call: looseNew(G.Tensor),
    check: isT([2], [1, 2]),
    cases: [
      { label: 'data length does not match shape', args: () => [new Float64Array(3), [2]] },
      { label: 'plain array data', args: () => [[1, 2], [2]] },
      { label: 'Int32Array data', args: () => [new Int32Array(2), [2]] },
      { label: 'negative dimensions whose product matches the data', args: () => [new Float64Array(2), [-1, -2]] },
      ...(shapeCases((s) => [new Float64Array(2), s]) ?? []),
    ],
  },
  {
    name: 'Tensor methods',
    valid: () => [t([2, 3])],
    call: (x) => (x as Tensor).get(1, 2),
    check: (r) => expect(r).toBeCloseTo(0.6, 12),
    positions: [],
    names: ['get', 'item', 'reshape', 'add', 'matmul', 'sum', 'slice', 'astype', 'permute', 'split', 'clip', 'broadcastTo', 'Tensor'],
    cases: [
      { label: 'get with too few indices', args: () => [t([2, 3])], call: (x) => (x as Tensor).get(1) },
      { label: 'get out of range', args: () => [t([2, 3])], call: (x) => (x as Tensor).get(2, 0) },
      { label: 'get with a negative index counts from the end', args: () => [t([2, 3])], call: (x) => (x as Tensor).get(-1, 0), expect: (r) => expect(r).toBeCloseTo(0.4, 12) },
      { label: 'get with an index below -size', args: () => [t([2, 3])], call: (x) => (x as Tensor).get(-3, 0) },
      { label: 'get with a fractional index', args: () => [t([2, 3])], call: (x) => (x as Tensor).get(0.5, 0) },
      { label: 'get with NaN', args: () => [t([2, 3])], call: (x) => (x as Tensor).get(Number.NaN, 0) },
      { label: 'get with a string', args: () => [t([2, 3])], call: (x) => loose((x as Tensor).get.bind(x))('0', 0) },
      { label: 'item on a tensor of size 6', args: () => [t([2, 3])], call: (x) => (x as Tensor).item() },
      { label: 'item on an empty tensor', args: () => [G.zeros([0])], call: (x) => (x as Tensor).item() },
      { label: 'reshape to a wrong size', args: () => [t([2, 3])], call: (x) => (x as Tensor).reshape([4]) },
      { label: 'add a string', args: () => [t([2])], call: (x) => loose((x as Tensor).add.bind(x))('a') },
      { label: 'add a float32 tensor', args: () => [t([2]), t([2], 'float32')], call: (x, y) => (x as Tensor).add(y as Tensor) },
      { label: 'matmul with mismatched inner sizes', args: () => [t([2, 3]), t([2, 3])], call: (x, y) => loose((x as Tensor).matmul.bind(x as Tensor))(y) },
      { label: 'sum over a missing axis', args: () => [t([2, 3])], call: (x) => (x as Tensor).sum(5) },
      { label: 'slice past the end', args: () => [t([2, 3])], call: (x) => (x as Tensor).slice([1, 0], [2, 3]) },
      { label: 'astype to an unknown dtype', args: () => [t([2])], call: (x) => loose((x as Tensor).astype.bind(x))('int8') },
      { label: 'permute with a repeated axis', args: () => [t([2, 3])], call: (x) => (x as Tensor).permute([0, 0]) },
      { label: 'split into unequal sections', args: () => [t([5])], call: (x) => (x as Tensor).split(2) },
      { label: 'clip with lo > hi', args: () => [t([2])], call: (x) => (x as Tensor).clip(1, 0) },
      { label: 'broadcastTo a smaller shape', args: () => [t([2, 3])], call: (x) => (x as Tensor).broadcastTo([3]) },
      { label: 'toArray of an empty tensor', args: () => [G.zeros([0, 2])], call: (x) => (x as Tensor).toArray(), expect: (r) => expect(r).toEqual([]) },
      { label: 'toString of a tensor with NaN', args: () => [G.tensor([Number.NaN])], call: (x) => String(x), expect: (r) => expect(r).toContain('NaN') },
    ],
  },
  {
    name: 'isTensor',
    valid: () => [t([1])],
    call: loose(G.isTensor),
    check: (r) => expect(r).toBe(true),
    accepts: { 0: allJunk },
    cases: [{ label: 'a look-alike object', args: () => [{ shape: [1], dtype: 'float64', data: new Float64Array(1) }], expect: (r) => expect(r).toBe(false) }],
  },
  {
    name: 'broadcastShapes',
    valid: () => ['op', [2, 1], [3]],
    call: loose(G.broadcastShapes),
    check: (r) => expect(r).toEqual([2, 3]),
    positions: [1, 2],
    accepts: { 1: ['plain array'], 2: ['plain array'] },
    names: ['op', 'broadcastShapes'],
    cases: [
      { label: 'incompatible shapes', args: () => ['op', [2], [3]], kind: ShapeError },
      { label: 'negative dimension', args: () => ['op', [-1], [3]] },
    ],
  },
  ...(['GradscopeError', 'ShapeError', 'DTypeError', 'TapeError', 'ValueError', 'AnomalyError'] as const).map(
    (name): EntrySpec => ({
      name,
      valid: () => ['op: msg', { op: 'op' }],
      call: looseNew(G[name]),
      check: (r) => {
        expect(r).toBeInstanceOf(G.GradscopeError);
        expect((r as G.GradscopeError).op).toBe('op');
        expect((r as Error).name).toBe(name);
      },
      positions: [],
      cases: [
        { label: 'details missing', args: () => ['op: msg'], expect: 'either' },
        { label: 'message not a string', args: () => [42, { op: 'op' }], expect: 'either' },
      ],
    }),
  ),
  {
    name: 'describe',
    valid: () => [t([2])],
    call: loose(G.describe),
    check: (r) => expect(r).toBe('a float64 tensor of shape [2]'),
    accepts: { 0: allJunk },
    cases: [
      { label: 'a function is not dumped', args: () => [function secret() { return 'x'.repeat(50); }], expect: (r) => expect(r).toBe('a function') },
      { label: 'an object without a prototype', args: () => [Object.create(null)], expect: (r) => expect(typeof r).toBe('string') },
      { label: 'an object with a shape that is not an array', args: () => [{ shape: 3, dtype: 'x' }], expect: (r) => expect(r).toBe('an object') },
    ],
  },
  {
    name: 'fmtShape',
    valid: () => [[2, 3]],
    call: loose(G.fmtShape),
    check: (r) => expect(r).toBe('[2, 3]'),
    accepts: { 0: allJunk },
  },
  {
    name: 'internal',
    valid: () => ['op', 'what'],
    call: loose(G.internal),
    check: 'throws',
    positions: [],
    names: 'gradscope internal',
    cases: [{ label: 'always throws an internal error', args: () => ['op', 'an invariant is broken'], kind: G.GradscopeError }],
  },
];
