/**
 * fast-check properties over wrong shapes: random ranks and sizes that do not fit together
 * (non-broadcastable operands, mismatched inner dimensions, wrong reshape sizes, cell inputs
 * and states with the wrong batch, input or hidden size, bad shape entries) must throw a
 * GradscopeError naming the op; the fitting ones must give the right shape.
 */
import { afterAll, describe, expect, it } from 'vitest';
import * as G from '../../src/index.js';
import { GRUCell, LSTMCell, RNNCell, ShapeError } from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { fc, runs } from '../helpers/fc.js';
import { t } from './fixtures.js';
import { probe, writeLedger } from './harness.js';
import type { BadCase } from './harness.js';

const dim = fc.integer({ min: 1, max: 4 });
const shapeArb = fc.array(dim, { minLength: 1, maxLength: 4 });

/** A shape that does not broadcast against `s`: one axis changed to a size ≠ 1 and ≠ the original. */
const clash = (s: readonly number[]) =>
  fc.tuple(fc.nat(s.length - 1), fc.integer({ min: 2, max: 5 })).map(([axis, d]) => {
    const out = [...s];
    out[axis] = d === s[axis] ? d + 1 : d;
    if (s[axis] === 1) out[axis] = 1; // 1 broadcasts: clash on the other operand instead
    return out;
  });

function run(entry: string, label: string, args: () => readonly unknown[], call: BadCase['call'], expectOutcome: BadCase['expect'] = 'throws', kind?: BadCase['kind']): void {
  probe(entry, { label, args, call, expect: expectOutcome, kind });
}

const binary = ['add', 'sub', 'mul', 'div', 'maximum', 'minimum', 'pow', 'equal', 'less'] as const;

describe('wrong shapes, drawn by fast-check', () => {
  it.each(binary)('%s rejects operands that do not broadcast, naming itself, and broadcasts those that do', (name) => {
    const f = G[name] as (a: Tensor, b: Tensor) => Tensor;
    fc.assert(
      fc.property(
        shapeArb.chain((s) => fc.tuple(fc.constant(s), clash(s))),
        ([a, b]) => {
          const clashes = a.some((d, i) => d !== b[i] && d !== 1 && b[i] !== 1);
          run(name, 'fc: random shapes that do not broadcast', () => [t(a), t(b)], (x, y) => f(x as Tensor, y as Tensor), clashes ? 'throws' : (r) => expect((r as Tensor).shape).toEqual(G.broadcastShapes('test', a, b)), clashes ? ShapeError : undefined);
        },
      ),
      { numRuns: runs(40) },
    );
  });

  it('matmul rejects random inner-dimension mismatches and gives [M, N] otherwise', () => {
    fc.assert(
      fc.property(dim, dim, dim, dim, (m, k, k2, n) => {
        const ok = k === k2;
        run('matmul', 'fc: random inner dimensions', () => [t([m, k]), t([k2, n])], (a, b) => G.matmul(a as Tensor, b as never), ok ? (r) => expect((r as Tensor).shape).toEqual([m, n]) : 'throws', ok ? undefined : ShapeError);
      }),
      { numRuns: runs(60) },
    );
  });

  it('reshape rejects a target whose size differs and keeps the data otherwise', () => {
    fc.assert(
      fc.property(shapeArb, shapeArb, (s, target) => {
        const same = s.reduce((a, b) => a * b, 1) === target.reduce((a, b) => a * b, 1);
        run('reshape', 'fc: random target sizes', () => [t(s)], (x) => G.reshape(x as Tensor, target), same ? (r) => expect([...(r as Tensor).data]).toEqual([...t(s).data]) : 'throws', same ? undefined : ShapeError);
      }),
      { numRuns: runs(60) },
    );
  });

  it('creation functions reject a bad entry anywhere in the shape, naming themselves', () => {
    const bad = fc.oneof(fc.integer({ min: -5, max: -1 }), fc.double({ min: 0.1, max: 5, noInteger: true }), fc.constantFrom(Number.NaN, Infinity, '2', null));
    fc.assert(
      fc.property(shapeArb, fc.nat(4), bad, fc.constantFrom('zeros', 'ones', 'rand', 'randn'), (s, at, v, name) => {
        const shape: unknown[] = [...s];
        shape.splice(at % (s.length + 1), 0, v);
        run(name, 'fc: a bad entry at a random place in the shape', () => [shape], (x) => (G[name] as (s: unknown) => Tensor)(x), 'throws', ShapeError);
      }),
      { numRuns: runs(60) },
    );
  });

  const cells = { RNNCell, LSTMCell, GRUCell } as const;
  it.each(Object.keys(cells) as (keyof typeof cells)[])('%s.step rejects an input or a state whose batch, input or hidden size is off, and steps otherwise', (name) => {
    const keys = name === 'LSTMCell' ? ['h', 'c'] : ['h'];
    fc.assert(
      fc.property(dim, dim, dim, fc.constantFrom('none', 'batch', 'input', 'hidden', 'rank'), (B, I, H, off) => {
        const cell = new cells[name]({ inputSize: I, hiddenSize: H, seed: 1 });
        const x = off === 'batch' ? t([B + 1, I]) : off === 'input' ? t([B, I + 1]) : off === 'rank' ? t([1, B, I]) : t([B, I]);
        const state = Object.fromEntries(keys.map((k) => [k, t([B, off === 'hidden' ? H + 1 : H])]));
        run(
          `${name}.step`,
          'fc: random sizes with one of batch, input, hidden or rank off',
          () => [cell, x, state],
          (c, xx, s) => (c as RNNCell).step(xx as Tensor, s as never),
          off === 'none' ? (r) => expect((r as Record<string, Tensor>).h!.shape).toEqual([B, H]) : 'throws',
        );
      }),
      { numRuns: runs(40) },
    );
  });

  it('traceGradients rejects inputs whose feature size or rank is off, and targets whose shape is off', () => {
    fc.assert(
      fc.property(dim, dim, dim, dim, fc.constantFrom('none', 'input', 'rank', 'targets'), (T, B, I, H, off) => {
        const cell = new RNNCell({ inputSize: I, hiddenSize: H, seed: 2 });
        const inputs = off === 'input' ? t([T, B, I + 1]) : off === 'rank' ? t([T, B * I]) : t([T, B, I]);
        const targets = t([B, off === 'targets' ? H + 1 : H]);
        run(
          'traceGradients',
          'fc: random sizes with the input size, rank or targets off',
          () => [cell, inputs, targets],
          (c, x, y) => G.traceGradients(c as RNNCell, x as Tensor, { targets: y as Tensor }),
          off === 'none' ? (r) => expect((r as G.GradientTrace).hiddenGradNorms).toHaveLength(T + 1) : 'throws',
        );
      }),
      { numRuns: runs(25) },
    );
  });
});

afterAll(() => writeLedger('shapes'));
