import { defineConfig } from 'vitest/config';

/** The layers whose coverage `npm test` enforces (issue 9): ≥ 95% of lines, ≥ 90% of branches each. */
const covered = ['src/tensor', 'src/autodiff', 'src/nn', 'src/inspect'];

// A run narrowed to some test files or names (`npx vitest run tests/nn`, `-t …`) cannot reach
// the thresholds, so it skips coverage; the whole suite (`npm test`) always measures it.
const narrowed = process.argv.slice(2).some((a) => /^(tests\/|-t$|--testNamePattern)/.test(a) || /\.test(-d)?\.ts$/.test(a));

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    exclude: ['tests/e2e/**', 'node_modules/**'],
    testTimeout: 60_000,
    typecheck: {
      enabled: true,
      include: ['tests/**/*.test-d.ts'],
      tsconfig: './tsconfig.json',
    },
    coverage: {
      enabled: !narrowed,
      provider: 'v8',
      include: covered.map((dir) => `${dir}/**/*.ts`),
      reporter: ['text-summary', ['text', { skipFull: true }], 'json-summary', 'json'],
      reportsDirectory: 'coverage',
      reportOnFailure: true,
      thresholds: Object.fromEntries(covered.map((dir) => [`${dir}/**/*.ts`, { lines: 95, branches: 90 }])),
    },
  },
});
