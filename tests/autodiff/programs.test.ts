/**
 * The random-program fuzzer: on programs from `differentiableProgram()` (random DAGs of smooth
 * ops with reuse and broadcasting), reverse mode, forward mode and finite differences agree.
 */
import { describe, it, expect } from 'vitest';
import { programWithInputs } from '../../src/arbitraries/index.js';
import { GradientTape } from '../../src/autodiff/tape.js';
import { grad, jacobian, jvp, vjp } from '../../src/autodiff/index.js';
import { randn } from '../../src/tensor/creation.js';
import type { Tensor } from '../../src/tensor/tensor.js';
import { checkGrad } from '../../src/testing/checkGrad.js';
import { compareClose } from '../../src/testing/allClose.js';
import { fc, runs } from '../helpers/fc.js';
import { absDot, dot } from '../helpers/dot.js';
import { TOL } from '../helpers/tolerances.js';


describe('random differentiable programs', () => {
  it('have reverse-mode and forward-mode Jacobians equal to finite differences', () => {
    fc.assert(
      fc.property(programWithInputs({ maxRank: 2 }), ({ program, inputs }) => {
        const r = checkGrad((...xs) => program.apply(...xs), inputs, TOL.fd);
        if (!r.ok) throw new Error(`checkGrad disagrees (${JSON.stringify(r.worst)}) on\n${program.toString()}`);
      }),
      { numRuns: runs(60) },
    );
  });

  it('have jvp and vjp that agree along random directions, on bigger programs', () => {
    fc.assert(
      fc.property(programWithInputs({ maxNodes: 12, maxDim: 4 }), fc.integer({ min: 1, max: 2 ** 30 }), ({ program, inputs }, seed) => {
        const f = (...xs: Tensor[]): Tensor => program.apply(...xs);
        const [y, pullback] = vjp(f, ...inputs);
        const u = randn(y.shape, { seed });
        const vs = inputs.map((x, i) => randn(x.shape, { seed: seed + 1 + i }));
        const [, t] = jvp(f, inputs, vs);
        const gs = pullback(u);
        const rev = gs.reduce((s, g, i) => s + dot(g, vs[i]!), 0);
        const fwd = dot(u, t);
        const scale = absDot(u, t) + gs.reduce((s, g, i) => s + absDot(g, vs[i]!), 0);
        const tol = TOL.exact.atol * (1 + scale) + TOL.exact.rtol * Math.abs(fwd);
        if (!(Math.abs(rev - fwd) <= tol)) throw new Error(`⟨Jᵀu, v⟩ = ${rev} but ⟨u, J·v⟩ = ${fwd} on\n${program.toString()}`);
      }),
      { numRuns: runs(60) },
    );
  });

  it('give the same gradients through a tape, grad, and both jacobian modes', () => {
    fc.assert(
      fc.property(programWithInputs({ scalar: true, maxInputs: 1, maxRank: 2 }), ({ program, inputs: [x] }) => {
        const f = (z: Tensor): Tensor => program.apply(z);
        const tape = new GradientTape();
        const viaTape = tape.gradient(tape.record(() => f(x!)), x!);
        const viaGrad = grad(f)(x!);
        const rev = jacobian(f, { mode: 'reverse' })(x!);
        const fwd = jacobian(f, { mode: 'forward' })(x!);
        for (const other of [viaGrad, rev, fwd]) {
          expect(other.shape).toEqual(x!.shape);
          const c = compareClose(other, viaTape, TOL.exact);
          if (!c.ok) throw new Error(`gradients differ at [${c.index}]: ${c.actual} vs ${c.expected} on\n${program.toString()}`);
        }
      }),
      { numRuns: runs(40) },
    );
  });
});
