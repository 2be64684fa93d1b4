// Prints the per-entry table of distinct bad-input cases for docs/hardening.md from the
// ledgers the hardening tests write (run `npx vitest run tests/hardening` first):
//   node tests/hardening/table.mjs
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const dir = join(process.cwd(), 'reports', 'hardening');
const areas = { tensor: 'tensor', ops: 'ops', autodiff: 'autodiff', nn: 'nn', inspect: 'inspect', faces: 'testing / plot / arbitraries' };
const fuzz = JSON.parse(readFileSync(join(dir, 'fuzz.json'), 'utf8'));
const rows = [];
let total = 0;
for (const [file, area] of Object.entries(areas)) {
  const ledger = JSON.parse(readFileSync(join(dir, `${file}.json`), 'utf8'));
  for (const [entry, labels] of Object.entries(ledger)) {
    const bad = labels.filter((l) => l !== 'valid call');
    const fuzzed = (fuzz[entry] ?? []).length;
    rows.push([area, entry, bad.length, fuzzed]);
    total += bad.length + fuzzed;
  }
}
const unknown = readdirSync(dir).filter((f) => !(f.replace('.json', '') in areas) && f !== 'fuzz.json');
if (unknown.length) console.error(`ledgers not in the table: ${unknown.join(', ')}`);
console.log('| area | entry | distinct bad-input cases | fast-check fuzzed arguments |');
console.log('|---|---|---:|---:|');
for (const [area, entry, n, f] of rows) console.log(`| ${area} | \`${entry}\` | ${n} | ${f} |`);
console.log(`\n${rows.length} entries, ${rows.reduce((a, r) => a + r[2], 0)} distinct bad-input cases, ${rows.reduce((a, r) => a + r[3], 0)} fuzzed argument positions (${total} in all).`);
