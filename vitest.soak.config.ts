import { defineConfig } from 'vitest/config';

// npm run test:soak: the long versions of tests/soak (100,000 recorded steps, a 10,000-step
// training loop), started with --expose-gc so every heap sample follows a full collection.
export default defineConfig({
  test: {
    include: ['tests/soak/**/*.test.ts'],
    env: { GRADSCOPE_SOAK: '1' },
    pool: 'forks',
    execArgv: ['--expose-gc'],
    testTimeout: 600_000,
    typecheck: { enabled: false },
    coverage: { enabled: false },
  },
});
