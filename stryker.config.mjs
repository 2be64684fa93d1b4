// Mutation testing (slow, not in CI). Run one folder at a time, against its own suites:
//   npm run test:mutation -- tensor        (scripts/mutation.mjs sets GRADSCOPE_MUTATE)
// Scores and the exact commands of the latest runs are in docs/mutation.md.
const folder = process.env.GRADSCOPE_MUTATE;
const report = `reports/mutation/${folder ?? 'all'}`;
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.stryker.config.ts' },
  plugins: ['@stryker-mutator/vitest-runner'],
  mutate: [
    ...(folder ? [`src/${folder}/**/*.ts`] : ['src/tensor/**/*.ts', 'src/autodiff/**/*.ts', 'src/nn/**/*.ts', 'src/inspect/**/*.ts']),
    '!src/**/index.ts',
  ],
  coverageAnalysis: 'perTest',
  concurrency: 2,
  // a mutant that loops forever (a Jacobi sweep that never converges) costs the dry-run time of
  // its tests × 1.5 + 5 s, not a minute
  timeoutMS: 5_000,
  timeoutFactor: 1.5,
  ignoreStatic: true,
  checkers: [],
  reporters: ['clear-text', 'progress-append-only', 'html', 'json'],
  htmlReporter: { fileName: `${report}.html` },
  jsonReporter: { fileName: `${report}.json` },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
