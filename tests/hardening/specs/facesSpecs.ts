/**
 * Bad-input specs for the side faces: `gradscope/testing`, `gradscope/plot` and
 * `gradscope/arbitraries`.
 */
import fc from 'fast-check';
import { expect } from 'vitest';
import * as A from '../../../src/arbitraries/index.js';
import { mul, sum, tensor, zeros } from '../../../src/index.js';
import type { Tensor } from '../../../src/index.js';
import * as P from '../../../src/plot/index.js';
import * as T from '../../../src/testing/index.js';
import { allJunk } from '../harness.js';
import { loose, t } from '../fixtures.js';
import type { EntrySpec } from '../spec.js';

const sq = (x: Tensor): Tensor => sum(mul(x, x));
const tolJunk = ['undefined', 'null', 'fraction', 'huge number'];
const textJunk = ['undefined', 'null', 'string', 'empty string'];
const sizeJunk = ['undefined', 'null', 'huge number'];

/** Draws one value from an arbitrary (what a fast-check run does first). */
const sample1 = (arb: unknown): unknown => fc.sample(arb as fc.Arbitrary<unknown>, { numRuns: 3, seed: 1 });

const isSvg = (r: unknown): void => {
  expect(typeof r).toBe('string');
  expect((r as string).startsWith('<svg')).toBe(true);
  expect(r as string).not.toContain('NaN');
};

export const testingSpecs: readonly EntrySpec[] = [
  ...(['checkGrad', 'assertGrad'] as const).map(
    (name): EntrySpec => ({
      name,
      valid: () => [sq, [t([2])], { mode: 'both' }],
      call: loose(T[name]),
      check: (r) => expect((r as T.CheckGradResult).ok).toBe(true),
      accepts: { 2: ['undefined', 'null'] },
      options: 2,
      optionFields: { eps: ['undefined', 'null', 'fraction', 'huge number'], atol: tolJunk, rtol: tolJunk, mode: ['undefined', 'null'] },
      cases: [
        { label: 'inputs not an array', args: () => [sq, t([2])] },
        { label: 'an empty input list', args: () => [sq, []] },
        { label: 'a non-tensor input', args: () => [sq, [[1, 2]]] },
        { label: 'f returns a non-scalar', args: () => [(x: Tensor) => mul(x, 2), [t([2])]], expect: 'either' },
        { label: 'f returns a number', args: () => [() => 1, [t([2])]] },
        { label: 'a float32 input', args: () => [sq, [t([2], 'float32')]], expect: 'either' },
        { label: 'an empty tensor input', args: () => [sq, [zeros([0])]], expect: 'either' },
        { label: 'eps 0', args: () => [sq, [t([2])], { eps: 0 }] },
        { label: 'a NaN input', args: () => [sq, [tensor([Number.NaN])]], expect: name === 'checkGrad' ? (r) => expect((r as T.CheckGradResult).ok).toBe(false) : 'throws' },
      ],
    }),
  ),
  ...(['allClose', 'assertAllClose', 'compareClose'] as const).map(
    (name): EntrySpec => ({
      name,
      valid: () => [t([2]), t([2])],
      call: loose(T[name]),
      check: (r) => (name === 'allClose' ? expect(r).toBe(true) : name === 'compareClose' ? expect((r as T.CloseReport).ok).toBe(true) : expect(r).toBeUndefined()),
      accepts: { 0: ['negative number', 'fraction', 'huge number', 'NaN', 'Infinity', '-Infinity', 'plain array', 'nested array'], 1: ['negative number', 'fraction', 'huge number', 'NaN', 'Infinity', '-Infinity', 'plain array', 'nested array'] },
      optionFields: { atol: ['undefined', 'fraction', 'huge number'], rtol: ['undefined', 'fraction', 'huge number'], equalNaN: ['undefined', 'null', 'boolean'] },
      options: 2,
      names: [name, 'assertAllClose', 'allClose', 'compareClose'],
      cases: [
        { label: 'shapes that do not broadcast', args: () => [t([2]), t([3])] },
        { label: 'a negative atol', args: () => [t([2]), t([2]), { atol: -1 }] },
        { label: 'NaN against NaN without equalNaN', args: () => [tensor([Number.NaN]), tensor([Number.NaN])], expect: name === 'assertAllClose' ? 'throws' : name === 'allClose' ? (r) => expect(r).toBe(false) : (r) => expect((r as T.CloseReport).ok).toBe(false) },
      ],
    }),
  ),
];

const series = () => [{ name: 'a', values: [-3, -2, -1, 0] }];

export const plotSpecs: readonly EntrySpec[] = [
  {
    name: 'lineChart',
    valid: () => [{ series: series(), log10: true }],
    call: loose(P.lineChart),
    check: isSvg,
    options: 0,
    optionFields: { series: [], x: ['undefined', 'null'], log10: ['undefined', 'null', 'boolean'], title: textJunk, xLabel: textJunk, yLabel: textJunk, width: sizeJunk, height: sizeJunk },
    cases: [
      { label: 'an empty series list draws empty axes', args: () => [{ series: [] }], expect: isSvg },
      { label: 'series of different lengths', args: () => [{ series: [{ name: 'a', values: [1, 2] }, { name: 'b', values: [1] }] }], expect: 'either' },
      { label: 'values with NaN and Infinity', args: () => [{ series: [{ name: 'a', values: [1, Number.NaN, Infinity, 2] }] }], expect: 'either' },
      { label: 'x of another length than the values', args: () => [{ series: series(), x: [0, 1] }] },
      { label: 'a series name with markup is escaped', args: () => [{ series: [{ name: '<script>', values: [1, 2] }] }], expect: (r) => expect(r as string).not.toContain('<script>') },
    ],
  },
  {
    name: 'heatmap',
    valid: () => [{ matrix: [[1, 2], [3, 4]] }],
    call: loose(P.heatmap),
    check: isSvg,
    options: 0,
    optionFields: { matrix: [], log10: ['undefined', 'null', 'boolean'], scale: ['undefined', 'null'], title: textJunk, rowLabels: ['undefined', 'null'], colLabels: ['undefined', 'null'], width: sizeJunk, height: sizeJunk },
    cases: [
      { label: 'a ragged matrix', args: () => [{ matrix: [[1, 2], [3]] }] },
      { label: 'an empty matrix', args: () => [{ matrix: [] }] },
      { label: 'row labels of the wrong length', args: () => [{ matrix: [[1, 2], [3, 4]], rowLabels: ['a'] }] },
      { label: 'all values zero on a log scale', args: () => [{ matrix: [[0, 0]], scale: 'log' }], expect: 'either' },
    ],
  },
  {
    name: 'spectrumChart',
    valid: () => [{ values: [3, 2, 1] }],
    call: loose(P.spectrumChart),
    check: isSvg,
    options: 0,
    optionFields: { values: ['plain array'], log10: ['undefined', 'null', 'boolean'], scale: ['undefined', 'null'], title: textJunk, width: sizeJunk, height: sizeJunk },
    cases: [
      { label: 'negative singular values', args: () => [{ values: [1, -1] }] },
      { label: 'an empty list draws empty axes', args: () => [{ values: [] }], expect: isSvg },
    ],
  },
  {
    name: 'terminalChart',
    valid: () => [series(), { width: 40, height: 8, log10: true }],
    call: loose(P.terminalChart),
    check: (r) => {
      expect(typeof r).toBe('string');
      expect((r as string).split('\n').length).toBeGreaterThanOrEqual(8);
    },
    accepts: { 1: ['undefined', 'null'] },
    options: 1,
    optionFields: { width: ['undefined', 'null'], height: ['undefined', 'null'], log10: ['undefined', 'null', 'boolean'], color: ['undefined', 'null', 'boolean'], title: textJunk, style: ['undefined', 'null'] },
    cases: [
      { label: 'a width too small to draw', args: () => [series(), { width: 3 }] },
      { label: 'an unknown style', args: () => [series(), { style: 'ascii-art' }] },
    ],
  },
  {
    name: 'toVegaLite',
    valid: () => [{ label: 'rnn', hiddenGradNormsLog10: [-2, -1, null, 0] }],
    call: loose(P.toVegaLite),
    check: (r) => expect((r as P.VegaLiteSpec).data.values.length).toBe(3),
    accepts: { 1: ['undefined', 'null'] },
    options: 1,
    optionFields: { title: textJunk, width: ['undefined', 'null', 'string', 'fraction', 'huge number'], height: ['undefined', 'null', 'fraction', 'huge number'] },
    cases: [
      { label: 'a trace without norms', args: () => [{ label: 'x' }] },
      { label: 'norms that are strings', args: () => [{ hiddenGradNormsLog10: ['a'] }] },
      { label: 'an empty list of traces', args: () => [[]], expect: 'either' },
    ],
  },
  {
    name: 'htmlReport',
    valid: () => [{ title: 'Report', sections: [{ heading: 'A', text: 'x < y' }] }],
    call: loose(P.htmlReport),
    check: (r) => {
      expect(r as string).toContain('<!DOCTYPE html>');
      expect(r as string).toContain('x &lt; y');
    },
    options: 0,
    optionFields: { title: ['string', 'empty string'], intro: textJunk, sections: [], lang: ['undefined', 'null', 'string', 'empty string'] },
    cases: [
      { label: 'a section without a heading', args: () => [{ title: 'R', sections: [{}] }] },
      { label: 'an svg that is not an svg', args: () => [{ title: 'R', sections: [{ heading: 'A', svg: '<script>alert(1)</script>' }] }] },
      { label: 'a table with a ragged row', args: () => [{ title: 'R', sections: [{ heading: 'A', table: { columns: ['a', 'b'], rows: [[1]] } }] }] },
    ],
  },
  {
    name: 'escapeXml',
    valid: () => ['<a & "b">'],
    call: loose(P.escapeXml),
    check: (r) => expect(r).toBe('&lt;a &amp; &quot;b&quot;&gt;'),
    accepts: { 0: ['string', 'empty string'] },
  },
  {
    name: 'viridis',
    valid: () => [0.5],
    call: loose(P.viridis),
    check: (r) => expect(r).toMatch(/^#[0-9a-f]{6}$/),
    accepts: { 0: ['negative number', 'fraction', 'huge number', 'Infinity', '-Infinity', 'NaN'] },
  },
];

export const arbitrariesSpecs: readonly EntrySpec[] = [
  {
    name: 'shape',
    valid: () => [{ minRank: 1, maxRank: 2, maxDim: 3 }],
    call: (o) => sample1(loose(A.shape)(o)),
    check: (r) => expect((r as number[][]).every((s) => s.length >= 1 && s.length <= 2)).toBe(true),
    accepts: { 0: ['undefined', 'null'] },
    options: 0,
    optionFields: { minRank: ['undefined', 'null'], maxRank: ['undefined', 'null'], minDim: ['undefined', 'null'], maxDim: ['undefined', 'null', 'huge number'] },
    cases: [{ label: 'minRank > maxRank', args: () => [{ minRank: 3, maxRank: 1 }] }],
  },
  {
    name: 'tensor',
    valid: () => [{ shape: [2], min: -1, max: 1 }],
    call: (o) => sample1(loose(A.tensor)(o)),
    check: (r) => expect((r as Tensor[]).every((x) => x.shape[0] === 2)).toBe(true),
    accepts: { 0: ['undefined', 'null'] },
    options: 0,
    optionFields: { shape: ['undefined', 'null', 'plain array'], min: ['undefined', 'null', 'negative number', 'fraction', '-Infinity'], max: ['undefined', 'null', 'fraction', 'huge number', 'Infinity'], dtype: ['undefined', 'null'], noNaN: ['undefined', 'null', 'boolean'], noInfinity: ['undefined', 'null', 'boolean'] },
    cases: [{ label: 'min > max', args: () => [{ min: 2, max: 1 }] }],
  },
  {
    name: 'broadcastableShapes',
    valid: () => [2],
    call: (n, o) => sample1(loose(A.broadcastableShapes)(n, o)),
    check: (r) => expect((r as unknown[]).length).toBe(3),
    accepts: { 0: ['undefined'], 1: ['undefined', 'null'] },
    positions: [0, 1],
    cases: [{ label: 'n = 0', args: () => [0] }],
  },
  {
    name: 'matmulPair',
    valid: () => [{ maxDim: 3 }],
    call: (o) => sample1(loose(A.matmulPair)(o)),
    check: (r) => expect((r as [Tensor, Tensor][]).every(([a, b]) => a.shape[a.rank - 1] === b.shape[b.rank - 2])).toBe(true),
    accepts: { 0: ['undefined', 'null'] },
    options: 0,
  },
  {
    name: 'sequence',
    valid: () => [{ T: 3, B: 1, I: 2 }],
    call: (o) => sample1(loose(A.sequence)(o)),
    check: (r) => expect((r as Tensor[]).every((x) => x.rank === 3)).toBe(true),
    accepts: { 0: ['undefined', 'null'] },
    options: 0,
    optionFields: { T: ['undefined', 'null'], B: ['undefined', 'null'], I: ['undefined', 'null'] },
  },
  ...(['differentiableProgram', 'programWithInputs'] as const).map(
    (name): EntrySpec => ({
      name,
      valid: () => [{ maxNodes: 4 }],
      call: (o) => sample1(loose(A[name])(o)),
      check: (r) => expect((r as unknown[]).length).toBe(3),
      accepts: { 0: ['undefined', 'null'] },
      options: 0,
      optionFields: { maxNodes: ['undefined', 'null'], ops: ['undefined', 'null'] },
      cases: [{ label: 'an unknown op', args: () => [{ ops: ['fft'] }] }],
    }),
  ),
  {
    name: 'cell',
    valid: () => [{ kind: 'lstm', inputSize: 2, hiddenSize: 3 }],
    call: (o) => sample1(loose((A as Record<string, unknown>).cell)(o)),
    check: (r) => expect((r as { hiddenSize: number }[]).every((c) => c.hiddenSize === 3)).toBe(true),
    accepts: { 0: ['undefined', 'null'] },
    options: 0,
    optionFields: { kind: ['undefined', 'null'], inputSize: ['undefined', 'null'], hiddenSize: ['undefined', 'null'], activation: ['undefined', 'null'], spectralRadius: ['undefined', 'null', 'fraction', 'huge number'], dtype: ['undefined', 'null'] },
    cases: [
      { label: 'an unknown kind', args: () => [{ kind: 'transformer' }] },
      { label: 'a hidden size too big to draw', args: () => [{ hiddenSize: 1e6 }] },
    ],
  },
  {
    name: 'gradCheckProperty',
    valid: () => [sq, [A.tensor({ shape: [2], min: -1, max: 1 })]],
    call: (f, arbs, o) => {
      const run = fc.check(loose(A.gradCheckProperty)(f, arbs, o) as fc.IProperty<[readonly Tensor[]]>, { numRuns: 3, seed: 1 });
      if (run.failed) throw run.errorInstance; // the error the property threw, not fast-check's wrapper
      return true;
    },
    check: (r) => expect(r).toBe(true),
    accepts: { 2: ['undefined', 'null'] },
    names: ['gradCheckProperty', 'checkGrad'],
    cases: [{ label: 'an empty list of arbitraries', args: () => [sq, []] }],
  },
  {
    name: 'toBeAllClose',
    valid: () => [t([2]), t([2])],
    call: loose(A.toBeAllClose),
    check: (r) => expect((r as A.MatcherResult).pass).toBe(true),
    // a matcher reports a mismatch with pass: false rather than throwing
    accepts: { 0: allJunk, 1: allJunk, 2: ['undefined', 'null'] },
    cases: [{ label: 'a received value that is not numeric', args: () => ['abc', t([1])], expect: (r) => expect((r as A.MatcherResult).pass).toBe(false) }],
  },
];
