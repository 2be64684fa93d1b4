import { describe, it, expect } from 'vitest';
import { differentiableProgram, programOps, programWithInputs } from '../../src/arbitraries/index.js';
import { ShapeError, ValueError } from '../../src/errors.js';
import { zeros } from '../../src/tensor/creation.js';
import { broadcastShapes } from '../../src/tensor/shape.js';
import { checkGrad } from '../../src/testing/checkGrad.js';
import { fc, runs } from '../helpers/fc.js';
import { TOL } from '../helpers/tolerances.js';

describe('differentiableProgram', () => {
  it('describes inputs that broadcast together and nodes that refer only to earlier values', () => {
    fc.assert(
      fc.property(differentiableProgram(), (p) => {
        expect(p.inputShapes.length >= 1 && p.inputShapes.length <= 3).toBe(true);
        expect(p.nodes.length).toBeGreaterThanOrEqual(1);
        // at most 6 drawn steps, then adds that gather unread values
        for (const n of p.nodes.slice(6)) expect(n.op).toBe('add');
        p.inputShapes.reduce<number[]>((r, s) => broadcastShapes('test', r, s), []);
        p.nodes.forEach((n, j) => {
          for (const a of n.args) expect(a >= 0 && a < p.inputShapes.length + j).toBe(true);
          expect(programOps).toContain(n.op);
        });
      }),
    );
  });

  it('runs to finite values of the stated output shape for inputs within the bound', () => {
    fc.assert(
      fc.property(programWithInputs(), ({ program, inputs }) => {
        const y = program.apply(...inputs);
        expect(y.shape).toEqual(program.outputShape);
        expect(y.shape).toEqual(program.nodes.at(-1)!.shape);
        for (const v of y.data) expect(Number.isFinite(v)).toBe(true);
      }),
    );
  });

  it('reuses intermediate values and covers every op form over many draws', () => {
    const all = fc.sample(differentiableProgram({ minNodes: 4 }), { numRuns: 300, seed: 9 });
    const used = new Set(all.flatMap((p) => p.nodes.map((n) => n.op)));
    expect([...programOps].filter((op) => !used.has(op))).toEqual([]);
    const reuse = all.some((p) => {
      const counts = new Map<number, number>();
      for (const n of p.nodes) for (const a of new Set(n.args)) counts.set(a, (counts.get(a) ?? 0) + 1);
      return [...counts].some(([v, c]) => v >= p.inputShapes.length && c > 1);
    });
    expect(reuse).toBe(true);
  });

  it('uses only the requested ops, apart from documented fallbacks', () => {
    fc.assert(
      fc.property(differentiableProgram({ ops: ['safeLog', 'sum', 'matmul'] }), (p) => {
        for (const n of p.nodes) expect(['safeLog', 'sum', 'matmul', 'tanh', 'sin', 'sigmoid', 'neg', 'mul', 'add']).toContain(n.op);
      }),
    );
    fc.assert(
      fc.property(differentiableProgram({ ops: ['tanh', 'cos'], maxInputs: 1 }), (p) => {
        for (const n of p.nodes) expect(['tanh', 'cos', 'add']).toContain(n.op);
      }),
    );
  });

  it('makes the output depend on every input and every step', () => {
    fc.assert(
      fc.property(differentiableProgram(), (p) => {
        const k = p.inputShapes.length;
        const readers = new Set(p.nodes.flatMap((n) => n.args));
        for (let v = 0; v < k + p.nodes.length - 1; v++) expect(readers.has(v)).toBe(true);
      }),
    );
  });

  it('sums to a scalar when scalar is true', () => {
    fc.assert(
      fc.property(programWithInputs({ scalar: true }), ({ program, inputs }) => {
        expect(program.outputShape).toEqual([]);
        expect(program.apply(...inputs).shape).toEqual([]);
        expect(program.toString()).toMatch(/return sum\(v\d+\);/);
      }),
      { numRuns: runs(30) },
    );
  });

  it('prints every step with its shape', () => {
    const [p] = fc.sample(differentiableProgram({ minNodes: 3, maxNodes: 3 }), { numRuns: 1, seed: 2 });
    const text = p!.toString();
    const lines = text.split('\n');
    const n = p!.nodes.length;
    expect(lines[0]).toMatch(/^\(x0: \[[\d, ]*\].*\) => \{$/);
    for (let j = 0; j < n; j++) expect(text).toMatch(new RegExp(`\\n  v${j} = .+;  // \\[[\\d, ]*\\]`));
    expect(lines.at(-2)).toBe(`  return v${n - 1};`);
    expect(fc.stringify(p)).toBe(text);
  });

  it('is differentiable where it is drawn: checkGrad agrees in both modes', () => {
    fc.assert(
      fc.property(programWithInputs({ maxNodes: 4, maxRank: 2 }), ({ program, inputs }) => {
        const r = checkGrad((...xs) => program.apply(...xs), inputs, TOL.fd);
        if (!r.ok) throw new Error(`${program.toString()}\n${JSON.stringify(r.worst)}`);
      }),
      { numRuns: runs(25) },
    );
  });

  it('shrinks a failing program to a single step', () => {
    const r = fc.check(
      fc.property(differentiableProgram(), (p) => !p.nodes.some((n) => n.op === 'exp')),
      { seed: 21, endOnFailure: false },
    );
    expect(r.failed).toBe(true);
    const p = r.counterexample![0];
    expect(p.nodes.map((n) => n.op)).toEqual(['exp']);
    expect(p.inputShapes).toEqual([[]]);
  });

  it('checks the inputs given to apply', () => {
    const [p] = fc.sample(differentiableProgram({ minInputs: 2, maxInputs: 2, maxRank: 1 }), { numRuns: 1, seed: 3 });
    expect(() => p!.apply(zeros(p!.inputShapes[0]!))).toThrow(/DifferentiableProgram.apply: expects 2 input tensors; got 1/);
    expect(() => p!.apply(zeros([7, 7]), zeros(p!.inputShapes[1]!))).toThrow(ShapeError);
  });

  it('rejects bad options', () => {
    expect(() => differentiableProgram({ ops: [] })).toThrow(/differentiableProgram: ops must be a non-empty list/);
    expect(() => differentiableProgram({ ops: ['relu' as never] })).toThrow(ValueError);
    expect(() => differentiableProgram({ minNodes: 5, maxNodes: 2 })).toThrow(/minNodes must not exceed maxNodes/);
    expect(() => differentiableProgram({ inputBound: 100 })).toThrow(/inputBound must be in \(0, 8\]/);
  });
});
