// Prints the per-entry table of distinct bad-input cases for docs/hardening.md from the
// ledgers the hardening tests write (run `npx vitest run tests/hardening` first):
//   node tests/hardening/table.mjs
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const dir = join(process.cwd(), 'reports', 'hardening');
const areas = { tensor: 'tensor', ops: 'ops', autodiff: 'autodiff', nn: 'nn', inspect: 'inspect', faces: 'testing / plot / arbitraries' };
const read = (name) => JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8'));
const fuzz = read('fuzz');
const shapes = read('shapes');
const known = new Set([...Object.keys(areas), 'fuzz', 'shapes'].map((n) => `${n}.json`));
const unknown = readdirSync(dir).filter((f) => !known.has(f));
if (unknown.length) console.error(`ledgers not in the table: ${unknown.join(', ')}`);

const rows = [];
for (const [file, area] of Object.entries(areas)) {
  for (const [entry, labels] of Object.entries(read(file))) {
    const cases = new Set([...labels, ...(shapes[entry] ?? [])]);
    cases.delete('valid call');
    rows.push({ area, entry, cases: cases.size, fuzzed: (fuzz[entry] ?? []).length });
  }
}
const sum = (k) => rows.reduce((a, r) => a + r[k], 0);
console.log('| area | entry | distinct bad-input cases | fast-check junk at |');
console.log('|---|---|---:|---:|');
for (const r of rows) console.log(`| ${r.area} | \`${r.entry}\` | ${r.cases} | ${r.fuzzed ? `${r.fuzzed} argument${r.fuzzed > 1 ? 's' : ''}` : '—'} |`);
console.log(`\n**${rows.length} entries, ${sum('cases')} distinct bad-input cases, fast-check junk at ${sum('fuzzed')} argument positions.**`);
