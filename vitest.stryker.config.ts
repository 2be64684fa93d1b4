import { defineConfig } from 'vitest/config';

// The suites Stryker runs against mutants (npm run test:mutation -- <folder>). Each folder is
// checked by the tests written for it, plus the bad-input suite and the arbitraries, which call
// every public entry: a mutant of src/tensor must be caught by tests of tensors, not by a
// training run that happens to drift. GRADSCOPE_MUTATE (set by scripts/mutation.mjs) names the
// folder; without it, every suite below runs.
const suites: Record<string, string[]> = {
  tensor: ['tests/tensor/**', 'tests/ops/**', 'tests/perf/gemm.test.ts', 'tests/determinism/seeds.test.ts'],
  autodiff: ['tests/autodiff/**', 'tests/ops/**'],
  nn: ['tests/nn/**', 'tests/examples/custom-cell.test.ts'],
  inspect: ['tests/inspect/**'],
};
// tests written against one folder's survivors: tests/mutation/<folder>-*.test.ts
for (const [name, globs] of Object.entries(suites)) globs.push(`tests/mutation/${name}-*.test.ts`);
const shared = ['tests/hardening/**', 'tests/arbitraries/**'];
const folder = process.env['GRADSCOPE_MUTATE'];
const own = folder === undefined ? Object.values(suites).flat() : suites[folder];
if (own === undefined) throw new Error(`GRADSCOPE_MUTATE: unknown folder '${folder}' (expected ${Object.keys(suites).join(', ')})`);

export default defineConfig({
  test: {
    include: [...own, ...shared].map((p) => (p.endsWith('**') ? `${p}/*.test.ts` : p)),
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
