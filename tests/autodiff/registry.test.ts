/**
 * The table-driven property suite over the primitive registry: every primitive has a spec in
 * primitiveSpecs.ts, and every differentiable one is checked against finite differences, for
 * jvp/vjp consistency, and for the invariants of a backward pass.
 */
import { describe, it, expect } from 'vitest';
import { bind } from '../../src/autodiff/bind.js';
import * as L from '../../src/autodiff/lax.js';
import type { AnyPrimitive } from '../../src/autodiff/primitive.js';
import { nonDifferentiable, primitives } from '../../src/autodiff/registry.js';
import { GradientTape } from '../../src/autodiff/tape.js';
import { jvp, vjp } from '../../src/autodiff/transforms.js';
import { TapeError } from '../../src/errors.js';
import { randn } from '../../src/tensor/creation.js';
import type { Tensor } from '../../src/tensor/tensor.js';
import { checkGrad } from '../../src/testing/checkGrad.js';
import { fc, runs } from '../helpers/fc.js';
import { absDot, dot } from '../helpers/dot.js';
import { TOL } from '../helpers/tolerances.js';
import type { Case, PrimitiveSpec } from './primitiveSpecs.js';
import { specs } from './primitiveSpecs.js';

const names = Object.keys(primitives) as (keyof typeof primitives)[];
const prim = (name: string): AnyPrimitive => (primitives as Record<string, AnyPrimitive>)[name]!;

/** The call as a function of its differentiable inputs (the others held fixed). */
function callOf(name: string, spec: PrimitiveSpec, c: Case): { f: (...xs: Tensor[]) => Tensor; xs: Tensor[] } {
  const diff = spec.diff ?? c.inputs.map(() => true);
  const xs = c.inputs.filter((_, i) => diff[i]);
  const f = (...ys: Tensor[]): Tensor => {
    let k = 0;
    return bind(
      prim(name),
      c.inputs.map((x, i) => (diff[i] ? ys[k++]! : x)),
      c.params as never,
    );
  };
  return { f, xs };
}

function expectNear(actual: number, expected: number, scale: number, tol: { atol: number; rtol: number }, what: string): void {
  const err = Math.abs(actual - expected);
  if (!(err <= tol.atol * (1 + scale) + tol.rtol * Math.abs(expected))) {
    throw new Error(`${what}: ${actual} vs ${expected} (error ${err}, scale ${scale})`);
  }
}

/** Central difference of f along directions vs: (f(x + εv) − f(x − εv)) / 2ε, in float64. */
function directional(f: (...xs: Tensor[]) => Tensor, xs: readonly Tensor[], vs: readonly Tensor[], eps: number): Tensor {
  const plus = f(...xs.map((x, i) => L.add(x, L.mul(vs[i]!, eps))));
  const minus = f(...xs.map((x, i) => L.sub(x, L.mul(vs[i]!, eps))));
  return L.div(L.sub(L.astype(plus, 'float64'), L.astype(minus, 'float64')), 2 * eps);
}

/** Every element is 0 (of either sign). */
function allZero(t: Tensor): boolean {
  return Array.prototype.every.call(t.data, (v: number) => v === 0);
}

describe('the registry', () => {
  it('has a spec for every primitive', () => {
    expect(names.filter((n) => specs[n] === undefined)).toEqual([]);
    expect(Object.keys(specs).filter((n) => !(n in primitives))).toEqual([]);
  });

  it('marks exactly the primitives whose specs have no differentiable input as non-differentiable', () => {
    const specified = names.filter((n) => specs[n] !== undefined);
    const noDiff = specified.filter((n) => (specs[n]!.diff ?? [true]).every((d) => !d));
    expect(new Set(noDiff)).toEqual(new Set(nonDifferentiable.filter((n) => specs[n] !== undefined)));
  });
});

// a primitive without a spec fails the completeness test above, not the collection of this file
const differentiable = names.filter((n) => !(nonDifferentiable as readonly string[]).includes(n) && specs[n] !== undefined);

describe.each(differentiable)('primitive %s', (name) => {
  const spec = specs[name]!;
  const fd = spec.fd ?? TOL.fd;

  it('has a vjp that matches central differences along random directions, and the full Jacobian on small inputs', () => {
    fc.assert(
      fc.property(spec.cases, fc.integer({ min: 1, max: 2 ** 30 }), (c, seed) => {
        const { f, xs } = callOf(name, spec, c);
        const [y, pullback] = vjp(f, ...xs);
        const u = randn(y.shape, { seed, dtype: y.dtype });
        const vs = xs.map((x, i) => randn(x.shape, { seed: seed + 1 + i, dtype: x.dtype }));
        const gs = pullback(u);
        const jv = directional(f, xs, vs, fd.eps);
        const lhs = dot(L.astype(u, 'float64'), jv);
        const rhs = gs.reduce((s, g, i) => s + dot(g, vs[i]!), 0);
        const scale = absDot(L.astype(u, 'float64'), jv) + gs.reduce((s, g, i) => s + absDot(g, vs[i]!), 0);
        expectNear(rhs, lhs, scale, fd, `⟨Jᵀu, v⟩ vs ⟨u, J·v⟩ (finite differences) for ${name}`);
        const inSize = xs.reduce((n, x) => n + x.size, 0);
        if (inSize <= 30 && y.size <= 30) {
          const r = checkGrad(f, xs, { ...fd, mode: 'reverse' });
          if (!r.ok) throw new Error(`checkGrad failed for ${name}: ${JSON.stringify(r.worst)}`);
        }
      }),
      { numRuns: runs(30) },
    );
  });

  it('has a jvp consistent with its vjp: ⟨u, J·v⟩ = ⟨Jᵀu, v⟩', () => {
    fc.assert(
      fc.property(spec.cases, fc.integer({ min: 1, max: 2 ** 30 }), (c, seed) => {
        const { f, xs } = callOf(name, spec, c);
        const [y, pullback] = vjp(f, ...xs);
        const u = randn(y.shape, { seed, dtype: y.dtype });
        const vs = xs.map((x, i) => randn(x.shape, { seed: seed + 1 + i, dtype: x.dtype }));
        const [y2, t] = jvp(f, xs, vs);
        expect([...y2.data]).toEqual([...y.data]);
        expect(t.shape).toEqual(y.shape);
        expect(t.dtype).toBe(y.dtype);
        const gs = pullback(u);
        const fwd = dot(u, t);
        const rev = gs.reduce((s, g, i) => s + dot(g, vs[i]!), 0);
        const scale = absDot(u, t) + gs.reduce((s, g, i) => s + absDot(g, vs[i]!), 0);
        const tol = y.dtype === 'float32' || xs.some((x) => x.dtype === 'float32') ? TOL.f32 : TOL.exact;
        expectNear(fwd, rev, scale, tol, `forward vs reverse for ${name}`);
      }),
      { numRuns: runs(30) },
    );
  });

  it('gives the same vjp when its backward pass is itself recorded (the form higher-order derivatives use)', () => {
    fc.assert(
      fc.property(spec.cases, fc.integer({ min: 1, max: 2 ** 30 }), (c, seed) => {
        const { f, xs } = callOf(name, spec, c);
        const [y, pullback] = vjp(f, ...xs);
        const u = randn(y.shape, { seed, dtype: y.dtype });
        const plain = pullback(u);
        const outer = new GradientTape();
        const recorded = outer.record(() => pullback(u));
        recorded.forEach((g, i) => {
          const scale = Math.max(1, ...Array.from(plain[i]!.data, Math.abs));
          for (let k = 0; k < g.size; k++) expectNear(g.data[k]!, plain[i]!.data[k]!, scale, TOL.exact, `recorded vs plain vjp of ${name}`);
        });
      }),
      { numRuns: runs(15) },
    );
  });

  it('gives zero gradients for a zero cotangent, the same gradients when run twice, each of its input’s shape and dtype', () => {
    fc.assert(
      fc.property(spec.cases, fc.integer({ min: 1, max: 2 ** 30 }), (c, seed) => {
        const { f, xs } = callOf(name, spec, c);
        const [y, pullback] = vjp(f, ...xs);
        const zero = pullback(L.filledLike(y, 0));
        zero.forEach((g, i) => {
          expect(g.shape).toEqual(xs[i]!.shape);
          expect(g.dtype).toBe(xs[i]!.dtype);
          expect(allZero(g)).toBe(true);
        });
        const u = randn(y.shape, { seed, dtype: y.dtype });
        const first = pullback(u).map((g) => [...g.data]);
        const second = pullback(u).map((g) => [...g.data]);
        expect(second).toEqual(first);
        const before = xs.map((x) => [...x.data]);
        f(...xs);
        expect(xs.map((x) => [...x.data])).toEqual(before);
      }),
      { numRuns: runs(15) },
    );
  });
});

describe.each(nonDifferentiable.filter((n) => specs[n] !== undefined))('non-differentiable primitive %s', (name) => {
  const spec = specs[name]!;

  it('has rules that give no derivative: null or zero cotangents, zero tangents', () => {
    fc.assert(
      fc.property(spec.cases, fc.integer({ min: 1, max: 2 ** 30 }), (c, seed) => {
        const p = prim(name);
        const out = bind(p, c.inputs, c.params as never);
        const ct = randn(out.shape, { seed, dtype: out.dtype });
        const ctx = { inputs: c.inputs, ans: out, params: c.params as never, needs: c.inputs.map(() => true) };
        for (const g of p.vjp(ct as never, ctx, L)) expect(g === null || allZero(g)).toBe(true);
        const tans = c.inputs.map((x, i) => randn(x.shape, { seed: seed + 1 + i, dtype: x.dtype }));
        expect(allZero(p.jvp(tans, ctx, L))).toBe(true);
        const [, t] = jvp((...xs: Tensor[]) => bind(p, xs, c.params as never), [...c.inputs], tans);
        expect(allZero(t)).toBe(true);
      }),
      { numRuns: runs(15) },
    );
  });

  it('passes no gradient through a tape: zeros by default', () => {
    fc.assert(
      fc.property(spec.cases, (c) => {
        const p = prim(name);
        const tape = new GradientTape();
        const target = tape.record(() => {
          const y = L.mul(bind(p, c.inputs, c.params as never), 3);
          return L.sum(y, y.shape.map((_, k) => k));
        });
        const gs = tape.gradient(target, [...c.inputs]);
        gs.forEach((g, i) => {
          expect(g.shape).toEqual(c.inputs[i]!.shape);
          expect(allZero(g)).toBe(true);
        });
      }),
      { numRuns: runs(10) },
    );
  });
});

describe('non-differentiable outputs on a tape', () => {
  it('report their inputs as unconnected when asked to', () => {
    const x = randn([3], { seed: 1 });
    const tape = new GradientTape();
    const y = tape.record(() => L.sum(L.greater(x, 0), [0]));
    expect(() => tape.gradient(y, x, { unconnected: 'error' })).toThrow(TapeError);
  });
});
