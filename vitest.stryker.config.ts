import { defineConfig } from 'vitest/config';

// The suites Stryker runs against mutants (npm run test:mutation -- <folder>). Each folder is
// checked by the tests written for it — its own tests, its part of the bad-input suite and the
// arbitraries that exercise it: a mutant of src/tensor must be caught by tests of tensors, not
// by a training run that happens to drift (and running every suite per mutant would take hours).
// GRADSCOPE_MUTATE (set by scripts/mutation.mjs) names the folder; without it, all of them run.
const suites: Record<string, string[]> = {
  tensor: [
    'tests/tensor/**',
    'tests/ops/**',
    // the matmul kernels, and the fused cells' gate kernels (kernels/cells.ts) against the op-by-op cells
    'tests/perf/**',
    'tests/autodiff/registry.test.ts',
    'tests/nn/referenceValues.test.ts',
    'tests/determinism/seeds.test.ts',
    'tests/hardening/tensor.test.ts',
    'tests/hardening/ops.test.ts',
    'tests/hardening/shapes.test.ts',
    'tests/arbitraries/shape.test.ts',
    'tests/arbitraries/tensor.test.ts',
    'tests/arbitraries/broadcastableShapes.test.ts',
    'tests/arbitraries/matmulPair.test.ts',
  ],
  autodiff: [
    'tests/autodiff/**',
    'tests/ops/**',
    'tests/hardening/autodiff.test.ts',
    'tests/arbitraries/differentiableProgram.test.ts',
    'tests/arbitraries/gradCheckProperty.test.ts',
  ],
  nn: ['tests/nn/**', 'tests/examples/custom-cell.test.ts', 'tests/hardening/nn.test.ts', 'tests/arbitraries/cell.test.ts', 'tests/arbitraries/sequence.test.ts'],
  inspect: ['tests/inspect/**', 'tests/hardening/inspect.test.ts'],
};
// tests written against one folder's survivors: tests/mutation/<folder>-*.test.ts
for (const [name, globs] of Object.entries(suites)) globs.push(`tests/mutation/${name}-*.test.ts`);
const folder = process.env['GRADSCOPE_MUTATE'];
const own = folder === undefined ? [...new Set(Object.values(suites).flat())] : suites[folder];
if (own === undefined) throw new Error(`GRADSCOPE_MUTATE: unknown folder '${folder}' (expected ${Object.keys(suites).join(', ')})`);

export default defineConfig({
  test: {
    include: own.map((p) => (p.endsWith('**') ? `${p}/*.test.ts` : p)),
    // the 500-step learning test (~30 s) and the 100,000-step heap test (~8 s) cover nearly
    // every mutant; the faster gradient and reference-value tests see the same code
    testNamePattern: /^(?!.*(learns the adding problem|keeps the heap flat))/,
    // a fifth of the fast-check runs: a mutant that breaks a property breaks it early
    env: { FC_RUNS: '0.2' },
    testTimeout: 60_000,
    typecheck: { enabled: false },
    coverage: { enabled: false },
  },
});
