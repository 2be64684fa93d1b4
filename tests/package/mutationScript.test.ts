import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { repoRoot, runNode } from './packed.js';

const script = join(repoRoot, 'scripts/mutation.mjs');

describe('npm run test:mutation (scripts/mutation.mjs)', () => {
  it('without a folder, prints its usage and exits 2 (it never starts Stryker on everything)', () => {
    const r = runNode([script], repoRoot);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^usage: npm run test:mutation -- <tensor\|autodiff\|nn\|inspect> \[\.\.\.\]\n$/);
  });

  it('names a folder it does not know and exits 2', () => {
    const r = runNode([script, 'nn', 'tensr'], repoRoot);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('(unknown: tensr)');
  });
});
