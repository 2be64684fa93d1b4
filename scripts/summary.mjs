#!/usr/bin/env node
// Sums vitest JSON reports into the last line CI prints: `N passed, N failed` (`, N skipped`
// when some were skipped). Usage:
//   node scripts/summary.mjs [--exit-code N] report.json [report.json ...]
// A failure that no single test carries still counts, so the line never reads `0 failed` for a
// run that failed: a test file that could not run counts 1, a missing or unreadable report
// counts 1, and a non-zero --exit-code (the test command's) with nothing else failed counts 1.
// Exits 1 when anything failed.
import { existsSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';

function parseArgs(argv) {
  let exitCode = 0;
  const files = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--exit-code') {
      exitCode = Number(argv[++i]);
      if (!Number.isInteger(exitCode)) throw new Error(`summary: --exit-code needs an integer; got ${argv[i]}`);
    } else {
      files.push(arg);
    }
  }
  return { exitCode, files };
}

function readReport(file) {
  if (!existsSync(file)) return { error: `${file} is missing: the tests did not run to the end` };
  try {
    const report = JSON.parse(readFileSync(file, 'utf8'));
    if (!Array.isArray(report.testResults)) return { error: `${file} is not a vitest JSON report` };
    return { report };
  } catch (e) {
    return { error: `${file} could not be read: ${e instanceof Error ? e.message : String(e)}` };
  }
}

/** Counts tests over the reports; `notes` explain failures that belong to no single test. */
function summarize(files, exitCode) {
  const counts = { passed: 0, failed: 0, skipped: 0 };
  const notes = [];
  if (files.length === 0) notes.push('no report was given');
  for (const file of files) {
    const { report, error } = readReport(file);
    if (error !== undefined) {
      notes.push(error);
      counts.failed += 1;
      continue;
    }
    for (const suite of report.testResults) {
      const tests = suite.assertionResults ?? [];
      for (const t of tests) {
        if (t.status === 'passed') counts.passed += 1;
        else if (t.status === 'failed') counts.failed += 1;
        else counts.skipped += 1;
      }
      if (suite.status === 'failed' && !tests.some((t) => t.status === 'failed')) {
        const firstLine = String(suite.message ?? '').split('\n')[0];
        notes.push(`${relative(process.cwd(), String(suite.name))} failed outside its tests${firstLine ? `: ${firstLine}` : ''}`);
        counts.failed += 1;
      }
    }
  }
  if (exitCode !== 0 && counts.failed === 0) {
    notes.push(`the test command exited with ${exitCode} although no test failed (see its output above)`);
    counts.failed += 1;
  }
  if (files.length === 0 && counts.failed === 0) counts.failed += 1;
  return { ...counts, notes };
}

/** The summary line: `N passed, N failed`, then `, N skipped` when some were skipped. */
function summaryLine({ passed, failed, skipped }) {
  return `${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`;
}

const { exitCode, files } = parseArgs(process.argv.slice(2));
const result = summarize(files, exitCode);
for (const note of result.notes) console.log(`summary: ${note}`);
console.log(summaryLine(result));
process.exitCode = result.failed > 0 ? 1 : 0;
