import { describe, expect, it } from 'vitest';
import type { Tensor } from '../../src/index.js';
import { DTypeError, GradscopeError, ValueError, randn } from '../../src/index.js';
import { TOL } from '../helpers/tolerances.js';
import type { OpCase } from './opTable.js';
import { opNames, opTable } from './opTable.js';

function inputs(c: OpCase, dtype: 'float64' | 'float32', seed = 1): Tensor[] {
  return c.shapes.map((s, i) => {
    const x = randn(s, { seed: seed + i, dtype });
    return c.positive === true ? x.abs().add(0.5) : x;
  });
}

const outputs = (r: Tensor | readonly Tensor[]): readonly Tensor[] => (Array.isArray(r) ? r : [r as Tensor]);

describe('the op table', () => {
  it('has a row for every public op', () => {
    expect([...opTable.map((c) => c.name)].sort()).toEqual([...opNames].sort());
  });
});

describe('no op changes its inputs', () => {
  it.each(opTable.map((c) => [c.name, c] as const))('%s leaves the data and shape of every input as they were', (_, c) => {
    const xs = inputs(c, 'float64');
    const before = xs.map((x) => ({ data: Array.from(x.data), shape: [...x.shape] }));
    const out = outputs(c.run(xs));
    // a second call must see the same inputs and so give the same answer
    const again = outputs(c.run(xs));
    xs.forEach((x, i) => {
      expect(Array.from(x.data)).toEqual(before[i]!.data);
      expect([...x.shape]).toEqual(before[i]!.shape);
    });
    out.forEach((o, i) => expect(Array.from(o.data)).toEqual(Array.from(again[i]!.data)));
  });
});

describe('float32 in, float32 out', () => {
  it.each(opTable.map((c) => [c.name, c] as const))('%s keeps float32 and agrees with float64 on the same values', (_, c) => {
    const xs = inputs(c, 'float32');
    const out = outputs(c.run(xs));
    const ref = outputs(c.run(xs.map((x) => x.astype('float64'))));
    expect(out.length).toBe(ref.length);
    out.forEach((o, i) => {
      const r = ref[i]!;
      expect(o.dtype).toBe(c.casts === true ? 'float64' : 'float32');
      expect(o.shape).toEqual(r.shape);
      const want = c.casts === true ? Array.from(xs[0]!.data) : Array.from(r.data);
      Array.from(o.data).forEach((v, k) => {
        expect(Math.abs(v - want[k]!)).toBeLessThanOrEqual(TOL.f32.atol + TOL.f32.rtol * Math.abs(want[k]!));
      });
    });
  });
});

describe('mixed dtypes are rejected', () => {
  const multi = opTable.filter((c) => c.shapes.length > 1);
  it('covers every op that takes two or more tensors', () => {
    expect(multi.map((c) => c.name).sort()).toEqual(
      ['add', 'sub', 'mul', 'div', 'pow', 'maximum', 'minimum', 'greater', 'greaterEqual', 'less', 'lessEqual', 'equal', 'notEqual', 'where', 'concat', 'stack', 'matmul'].sort(),
    );
  });

  const rows = multi.flatMap((c) => c.shapes.map((_, k) => [c.name, k, c] as const));
  it.each(rows)('%s with input %i in float32 and the rest float64 throws a DTypeError naming the op', (name, k, c) => {
    const xs = inputs(c, 'float64').map((x, i) => (i === k ? x.astype('float32') : x));
    let caught: unknown;
    try {
      c.run(xs);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(DTypeError);
    const err = caught as DTypeError;
    expect(err.op).toBe(name);
    expect(err.message).toMatch(new RegExp(`^${name}: dtypes must match \\(cast with astype\\); got .*(float64.*float32|float32.*float64)$`));
  });

  it('a number operand takes the dtype of the tensor operand, so float32 with a number stays float32', () => {
    const x = randn([3], { seed: 1, dtype: 'float32' });
    expect(x.add(0.1).dtype).toBe('float32');
    expect(x.add(0.1).data[0]).toBe(Math.fround(x.data[0]! + Math.fround(0.1)));
  });
});

describe('non-tensor arguments are rejected', () => {
  it.each(opTable.map((c) => [c.name, c] as const))('%s given a plain array for a tensor throws a ValueError naming the op', (name, c) => {
    const xs: unknown[] = inputs(c, 'float64');
    xs[0] = [[1, 2, 3]];
    let caught: unknown;
    try {
      c.run(xs as Tensor[]);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(GradscopeError);
    expect(caught).toBeInstanceOf(ValueError);
    const err = caught as ValueError;
    expect(err.op).toBe(name);
    expect(err.message).toMatch(new RegExp(`^${name}: \\S+ must be a tensor.*; got an array of length 1$`));
  });
});
