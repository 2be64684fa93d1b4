/**
 * Bad-input specs for the autodiff layer: GradientTape, the transforms, anomaly mode and labels.
 */
import { expect } from 'vitest';
import * as G from '../../../src/index.js';
import { AnomalyError, GradientTape, ShapeError, TapeError, mul, sum, tensor } from '../../../src/index.js';
import type { Tensor } from '../../../src/index.js';
import { isT, loose, t, vals } from '../fixtures.js';
import type { EntrySpec } from '../spec.js';

const sq = (x: Tensor): Tensor => sum(mul(x, x));
const twice = (x: Tensor): Tensor => mul(x, 2);

/** Records sq(x) on a tape and returns [tape, x, y]. */
function recorded(persistent = false): [GradientTape, Tensor, Tensor] {
  const tape = new GradientTape({ persistent });
  const x = t([3]);
  const y = tape.record(() => sq(x));
  return [tape, x, y];
}

const gradOf = (args: readonly unknown[]): unknown => {
  const [tape, target, sources, options] = args as [GradientTape, unknown, unknown, unknown];
  return loose(tape.gradient.bind(tape))(target, sources, options);
};

export const autodiffSpecs: readonly EntrySpec[] = [
  {
    name: 'GradientTape',
    valid: () => [{ persistent: true }],
    call: (o) => new (GradientTape as unknown as new (o: unknown) => GradientTape)(o),
    check: (r) => expect(r).toBeInstanceOf(GradientTape),
    accepts: { 0: ['undefined'] },
    options: 0,
    cases: [{ label: 'persistent not a boolean', args: () => [{ persistent: 'yes' }] }],
  },
  {
    name: 'GradientTape.record',
    valid: () => [new GradientTape(), () => sq(t([2]))],
    call: (tape, fn) => loose((tape as GradientTape).record.bind(tape))(fn),
    check: isT([]),
    positions: [1],
    accepts: { 1: ['function'] },
    cases: [
      { label: 'recording after the tape was used', args: () => [recorded()[0], () => sq(t([2]))], call: (tape, fn) => { const tp = tape as GradientTape; tp.gradient(tp.record(() => sq(t([1]))), t([1]), { unconnected: 'zero' }); return tp.record(fn as () => Tensor); }, expect: 'either' },
      { label: 'fn throws: the tape stops recording', args: () => [new GradientTape()], call: (tape) => { const tp = tape as GradientTape; try { tp.record(() => { throw new G.ValueError('user: boom here, got nothing', { op: 'user' }); }); } catch { /* expected */ } const x = t([2]); const y = sq(x); return tp.records.length === 0 && y.size === 1; }, expect: (r) => expect(r).toBe(true) },
    ],
  },
  {
    name: 'GradientTape.gradient',
    valid: () => [...recorded()],
    call: (...a) => {
      const [tape, x, y] = a as [GradientTape, Tensor, Tensor];
      return tape.gradient(y, x);
    },
    check: (r) => isT([3], vals(t([3])).map((v) => 2 * v))(r),
    positions: [],
    names: ['GradientTape.gradient', 'gradient'],
    cases: [
      { label: 'a tape used after it was consumed', args: () => [...recorded()], call: (tape, x, y) => { const tp = tape as GradientTape; tp.gradient(y as Tensor, x as Tensor); return tp.gradient(y as Tensor, x as Tensor); }, kind: TapeError },
      { label: 'a persistent tape can be used twice', args: () => [...recorded(true)], call: (tape, x, y) => { const tp = tape as GradientTape; tp.gradient(y as Tensor, x as Tensor); return tp.gradient(y as Tensor, x as Tensor); }, expect: isT([3]) },
      { label: 'a target not recorded on this tape', args: () => { const [tape, x] = recorded(); return [tape, sq(x), x]; }, call: (...a) => gradOf(a), kind: TapeError },
      { label: 'a target that is not a tensor', args: () => { const [tape, x] = recorded(); return [tape, 3, x]; }, call: (...a) => gradOf(a) },
      { label: 'a non-scalar target without outputGradient', args: () => { const tape = new GradientTape(); const x = t([3]); const y = tape.record(() => twice(x)); return [tape, y, x]; }, call: (...a) => gradOf(a) },
      { label: 'an outputGradient of the wrong shape', args: () => { const tape = new GradientTape(); const x = t([3]); const y = tape.record(() => twice(x)); return [tape, y, x, { outputGradient: t([2]) }]; }, call: (...a) => gradOf(a) },
      { label: 'an outputGradient of the wrong dtype', args: () => { const tape = new GradientTape(); const x = t([3]); const y = tape.record(() => twice(x)); return [tape, y, x, { outputGradient: t([3], 'float32') }]; }, call: (...a) => gradOf(a) },
      { label: 'an outputGradient that is not a tensor', args: () => { const tape = new GradientTape(); const x = t([3]); const y = tape.record(() => twice(x)); return [tape, y, x, { outputGradient: [1, 1, 1] }]; }, call: (...a) => gradOf(a) },
      { label: 'sources that are not tensors', args: () => { const [tape, , y] = recorded(); return [tape, y, 'x']; }, call: (...a) => gradOf(a) },
      { label: 'sources null', args: () => { const [tape, , y] = recorded(); return [tape, y, null]; }, call: (...a) => gradOf(a) },
      { label: 'a record of sources with a non-tensor entry', args: () => { const [tape, x, y] = recorded(); return [tape, y, { x, w: 3 }]; }, call: (...a) => gradOf(a) },
      { label: 'an unconnected source with unconnected error', args: () => { const [tape, , y] = recorded(); return [tape, y, t([2]), { unconnected: 'error' }]; }, call: (...a) => gradOf(a), kind: TapeError },
      { label: 'an unconnected source gets zeros by default', args: () => { const [tape, , y] = recorded(); return [tape, y, t([2])]; }, call: (...a) => gradOf(a), expect: isT([2], [0, 0]) },
      { label: 'unconnected an unknown value', args: () => { const [tape, x, y] = recorded(); return [tape, y, x, { unconnected: 'ignore' }]; }, call: (...a) => gradOf(a) },
      { label: 'an unknown option name', args: () => { const [tape, x, y] = recorded(); return [tape, y, x, { outputGrad: t([]) }]; }, call: (...a) => gradOf(a) },
      { label: 'a gradient taken while still recording is right', args: () => [new GradientTape()], call: (tape) => { const tp = tape as GradientTape; const x = t([2]); return tp.record(() => tp.gradient(sq(x), x)); }, expect: isT([2], [0.2, 0.4]) },
    ],
  },
  ...(['grad', 'valueAndGrad'] as const).map(
    (name): EntrySpec => ({
      name,
      valid: () => [sq, undefined, t([2])],
      call: (f, o, ...xs) => loose(loose(G[name])(f, o))(...xs),
      check: (r) => {
        const g = name === 'grad' ? r : (r as [Tensor, Tensor])[1];
        isT([2], [0.2, 0.4])(g);
      },
      accepts: { 1: ['undefined'] },
      options: 1,
      // an argument that is a tree of no tensors reaches f, whose own ops then name themselves
      names: [name, 'mul', 'sum'],
      cases: [
        { label: 'argnums out of range', args: () => [sq, { argnums: 1 }, t([2])] },
        { label: 'argnums negative', args: () => [sq, { argnums: -1 }, t([2])] },
        { label: 'argnums fractional', args: () => [sq, { argnums: 0.5 }, t([2])] },
        { label: 'argnums a repeated list', args: () => [(a: Tensor, b: Tensor) => sum(mul(a, b)), { argnums: [0, 0] }, t([2]), t([2])], expect: 'either' },
        { label: 'f returns a non-scalar', args: () => [twice, undefined, t([2])] },
        { label: 'f returns a number', args: () => [() => 3, undefined, t([2])] },
        { label: 'f returns nothing', args: () => [() => undefined, undefined, t([2])] },
        { label: 'f ignores its argument, unconnected error', args: () => [() => sum(t([1])), { unconnected: 'error' }, t([2])], kind: TapeError },
        { label: 'unconnected an unknown value', args: () => [sq, { unconnected: 'maybe' }, t([2])] },
        { label: 'no arguments at all', args: () => [sq, undefined] },
        { label: 'a float32 argument gives a float32 gradient', args: () => [sq, undefined, t([2], 'float32')], expect: (r) => expect((name === 'grad' ? (r as Tensor) : (r as [Tensor, Tensor])[1]).dtype).toBe('float32') },
      ],
    }),
  ),
  {
    name: 'vjp',
    valid: () => [twice, t([2]), t([2])],
    call: (f, x, ct) => {
      const [, pull] = loose(G.vjp)(f, x) as [Tensor, (c: unknown) => Tensor[]];
      return pull(ct);
    },
    check: (r) => isT([2], [0.2, 0.4])((r as Tensor[])[0]),
    names: ['vjp', 'mul'],
    cases: [
      { label: 'a cotangent of the wrong shape', args: () => [twice, t([2]), t([3])], kind: ShapeError },
      { label: 'a cotangent of the wrong dtype', args: () => [twice, t([2]), t([2], 'float32')] },
      { label: 'f returns a number', args: () => [() => 1, t([2]), t([2])] },
      { label: 'the pullback called twice gives the same answer', args: () => [twice, t([2])], call: (f, x) => { const [, pull] = loose(G.vjp)(f, x) as [Tensor, (c: unknown) => Tensor[]]; const a = pull(t([2])); const b = pull(t([2])); return [...vals(a[0]), ...vals(b[0])]; }, expect: (r) => expect(r).toEqual([0.2, 0.4, 0.2, 0.4]) },
    ],
  },
  {
    name: 'jvp',
    valid: () => [twice, [t([2])], [t([2])]],
    call: loose(G.jvp),
    check: (r) => isT([2], [0.2, 0.4])((r as [Tensor, Tensor])[1]),
    cases: [
      { label: 'tangents shorter than primals', args: () => [(a: Tensor, b: Tensor) => mul(a, b), [t([2]), t([2])], [t([2])]] },
      { label: 'a tangent of the wrong shape', args: () => [twice, [t([2])], [t([3])]], kind: ShapeError },
      { label: 'a tangent of the wrong dtype', args: () => [twice, [t([2])], [t([2], 'float32')]] },
      { label: 'a primal that is not a tensor', args: () => [twice, [[1, 2]], [t([2])]] },
    ],
  },
  ...(['jacobian', 'hessian'] as const).map(
    (name): EntrySpec => ({
      name,
      valid: () => [name === 'jacobian' ? twice : sq, undefined, t([2])],
      call: (f, o, ...xs) => loose(loose(G[name])(f, o))(...xs),
      check: isT([2, 2], [2, 0, 0, 2]),
      accepts: { 1: ['undefined'] },
      options: 1,
      cases: [
        { label: 'an unknown mode', args: () => [twice, { mode: 'sideways' }, t([2])] },
        { label: 'argnums out of range', args: () => [twice, { argnums: 3 }, t([2])] },
        { label: 'f returns a string', args: () => [() => 'x', undefined, t([2])] },
        { label: 'an empty input', args: () => [name === 'jacobian' ? twice : sq, undefined, tensor([], [0])], expect: 'either' },
      ],
    }),
  ),
  {
    name: 'stopGradient',
    valid: () => [t([2])],
    call: loose(G.stopGradient),
    check: isT([2], [0.1, 0.2]),
    cases: [{ label: 'the gradient through it is zero', args: () => [t([2])], call: (x) => G.grad((u: Tensor) => sum(G.stopGradient(mul(u, u))), { unconnected: 'zero' })(x as Tensor), expect: isT([2], [0, 0]) }],
  },
  {
    name: 'customGradient',
    valid: () => [twice, { vjp: (ct: Tensor) => [mul(ct, 2)] }, t([2])],
    call: (fn, rules, ...xs) => loose(loose(G.customGradient)(fn, rules))(...xs),
    check: isT([2], [0.2, 0.4]),
    positions: [0, 1, 2],
    names: ['customGradient', 'customGradient('],
    cases: [
      { label: 'rules without vjp', args: () => [twice, {}, t([2])] },
      { label: 'vjp not a function', args: () => [twice, { vjp: 3 }, t([2])] },
      { label: 'fn returns a number', args: () => [() => 1, { vjp: (ct: Tensor) => [ct] }, t([2])] },
      {
        label: 'a vjp returning the wrong number of cotangents',
        args: () => [twice, { vjp: () => [] }, t([2])],
        call: (fn, rules, x) => G.grad((u: Tensor) => sum((G.customGradient(fn as (u: Tensor) => Tensor, rules as never) as (u: Tensor) => Tensor)(u)))(x as Tensor),
        names: ['customGradient', 'vjp', 'grad'],
      },
      {
        label: 'a vjp returning a cotangent of the wrong shape',
        args: () => [twice, { vjp: () => [t([3])] }, t([2])],
        call: (fn, rules, x) => G.grad((u: Tensor) => sum((G.customGradient(fn as (u: Tensor) => Tensor, rules as never) as (u: Tensor) => Tensor)(u)))(x as Tensor),
        names: ['customGradient', 'vjp', 'grad'],
      },
    ],
  },
  {
    name: 'detectAnomaly',
    valid: () => [() => sq(t([2]))],
    call: loose(G.detectAnomaly),
    check: isT([]),
    accepts: { 0: ['function'] },
    cases: [
      { label: 'a NaN produced inside', args: () => [() => G.log(tensor([-1]))], kind: AnomalyError, names: ['log', 'detectAnomaly'] },
      { label: 'an infinity produced inside', args: () => [() => G.div(tensor([1]), tensor([0]))], kind: AnomalyError, names: ['div', 'detectAnomaly'] },
    ],
  },
  {
    name: 'unfused',
    valid: () => [() => sq(t([2]))],
    call: (fn) => loose((G as Record<string, unknown>).unfused)(fn),
    check: isT([], [0.05]),
    accepts: { 0: ['function'] },
  },
  {
    name: 'withLabel',
    valid: () => ['step 1', () => sq(t([2]))],
    call: loose(G.withLabel),
    check: isT([]),
    accepts: { 0: ['string', 'empty string'], 1: ['function'] },
  },
];
