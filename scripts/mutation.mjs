// npm run test:mutation -- <folder> [...]: Stryker on one source folder at a time (tensor,
// autodiff, nn, inspect), each against its own suites (vitest.stryker.config.ts). Reports go to
// reports/mutation/<folder>.html and .json. Slow (tens of minutes per folder); not part of CI.
import { spawnSync } from 'node:child_process';

const FOLDERS = ['tensor', 'autodiff', 'nn', 'inspect'];
const asked = process.argv.slice(2);
const bad = asked.filter((f) => !FOLDERS.includes(f));
if (asked.length === 0 || bad.length > 0) {
  console.error(`usage: npm run test:mutation -- <${FOLDERS.join('|')}> [...]${bad.length ? ` (unknown: ${bad.join(', ')})` : ''}`);
  process.exit(2);
}
for (const folder of asked) {
  console.log(`\n· mutation testing src/${folder}`);
  const r = spawnSync('npx', ['stryker', 'run'], { stdio: 'inherit', env: { ...process.env, GRADSCOPE_MUTATE: folder } });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
