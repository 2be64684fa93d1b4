import { defineConfig } from 'vitest/config';

// Browser tests: the live demo in headless Chromium (Debian's package, driven by playwright-core).
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    reporters: ['default', 'json'],
    outputFile: { json: 'reports/e2e.json' },
  },
});
