import { defineConfig } from 'vitest/config';

// The suites Stryker runs against mutants of src/tensor, src/autodiff, src/nn and src/inspect:
// everything except the build/package checks and what runs the built files (examples, the CLI end to end), docs, the
// browser, plots, type tests, timing and
// the long runs (soak, extremes).
export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    exclude: [
      'node_modules/**',
      'tests/e2e/**',
      'tests/package/**',
      'tests/docs/**',
      'tests/types/**',
      'tests/plot/**',
      'tests/perf/**',
      'tests/soak/**',
      'tests/extremes/**',
      'tests/examples/examples.test.ts',
      'tests/determinism/builds.test.ts',
      'tests/cli/e2e.test.ts',
    ],
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
