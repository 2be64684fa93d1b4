// Mutation testing (npm run test:mutation; slow, not in CI). Run one folder at a time:
//   npm run test:mutation -- --mutate 'src/tensor/**/*.ts'
// Scores and the exact commands of the latest runs are in docs/mutation.md.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.stryker.config.ts' },
  plugins: ['@stryker-mutator/vitest-runner'],
  mutate: ['src/tensor/**/*.ts', 'src/autodiff/**/*.ts', 'src/nn/**/*.ts', 'src/inspect/**/*.ts', '!src/**/index.ts'],
  coverageAnalysis: 'perTest',
  concurrency: 2,
  // a mutant that loops forever (a Jacobi sweep that never converges) costs the dry-run time of
  // its tests × 1.5 + 5 s, not a minute
  timeoutMS: 5_000,
  timeoutFactor: 1.5,
  ignoreStatic: true,
  checkers: [],
  reporters: ['clear-text', 'progress-append-only', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
