#!/usr/bin/env node
/**
 * The demo's unit of work in a browser: headless Chromium (Debian's `chromium`, or CHROMIUM_PATH)
 * loads the ESM build from a local server and times an LSTM trace (H = 64, T = 200, B = 1), all
 * 200 step Jacobians and the norm curve on the same weights as `bench/run.mjs --only demo`.
 * Each page load warms up 30 runs, then reports the median of 15 and of each part.
 *
 * With `--first`, the first-trace measurement of `bench/run.mjs --only first` instead (the same
 * function, lib/gradscope.mjs's firstTrace): each switch of cell type, and the change of shape,
 * in a browser of its own (pages of one origin share a renderer, whose engine would have run
 * the code already), [page loads] browsers per switch, medians.
 *
 *   npm run build && node bench/browser.mjs [page loads, default 3]
 *   npm run build && node bench/browser.mjs --first [browsers per switch, default 3]
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serve } from '../scripts/serve.mjs';
import { describeSwitch, firstTrace, SWITCHES } from './lib/gradscope.mjs';
import { problem } from './lib/problem.mjs';
import { median } from './lib/timing.mjs';

const root = resolve(fileURLToPath(import.meta.url), '..', '..');
const first = process.argv.includes('--first');
const loads = Number(process.argv.filter((a) => a !== '--first')[2] ?? 3);
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];
const p = problem({ cell: 'lstm', B: 1, I: 1, H: 64, T: 200 });
const weights = { wih: [...p.wih], whh: [...p.whh], bih: [...p.bih], bhh: [...p.bhh], x: [...p.x], y: [...p.y] };

const { server, url } = await serve(root, 0);
const launch = () => chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: FLAGS });

if (first) {
  try {
    for (const [before, after] of SWITCHES) {
      const runs = [];
      for (let l = 0; l < loads; l++) {
        const browser = await launch();
        try {
          const page = await browser.newPage();
          await page.goto(`${url}/package.json`);
          runs.push(await page.evaluate(async ([src, b, a]) => (0, eval)(`(${src})`)(b, a, await import('/dist/index.js')), [firstTrace.toString(), before, after]));
        } finally {
          await browser.close();
        }
      }
      const f = (v) => v.toFixed(1);
      const ratios = runs.map((r) => r.first / r.warm);
      console.log(`${describeSwitch(before, after)}: first ${f(median(runs.map((r) => r.first)))} ms vs warm ${f(median(runs.map((r) => r.warm)))} (×${median(ratios).toFixed(2)}; ×${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)})`);
    }
  } finally {
    server.close();
  }
  process.exit(0);
}

const browser = await launch();
try {
  for (let l = 0; l < loads; l++) {
    const page = await browser.newPage();
    await page.goto(`${url}/package.json`); // any page of the server's origin, to import from
    const r = await page.evaluate(async (w) => {
      const gs = await import('/dist/index.js');
      const cell = new gs.LSTMCell({ inputSize: 1, hiddenSize: 64, seed: 0 });
      cell.setParameters({ weightIh: gs.tensor(w.wih, [256, 1]), weightHh: gs.tensor(w.whh, [256, 64]), biasIh: gs.tensor(w.bih, [256]), biasHh: gs.tensor(w.bhh, [256]) });
      const x = gs.tensor(w.x, [200, 1, 1]);
      const y = gs.tensor(w.y, [1, 64]);
      const once = () => {
        const t0 = performance.now();
        const trace = gs.traceGradients(cell, x, { targets: y });
        const t1 = performance.now();
        trace.stepJacobians();
        const t2 = performance.now();
        trace.jacobianProductNorms(undefined, { log10: true });
        const t3 = performance.now();
        return [t3 - t0, t1 - t0, t2 - t1, t3 - t2];
      };
      const first = once()[0];
      for (let i = 0; i < 30; i++) once();
      const runs = Array.from({ length: 15 }, once);
      const median = (k) => runs.map((v) => v[k]).sort((a, b) => a - b)[7];
      return { first, total: median(0), trace: median(1), jacobians: median(2), norms: median(3), agent: navigator.userAgent };
    }, weights);
    const f = (v) => v.toFixed(1);
    console.log(`page load ${l + 1}: demo unit ${f(r.total)} ms — trace ${f(r.trace)}, step Jacobians ${f(r.jacobians)}, norm curve ${f(r.norms)} (first run of the page: ${f(r.first)} ms)`);
    if (l === 0) console.log(`  ${r.agent}`);
    await page.close();
  }
} finally {
  await browser.close();
  server.close();
}
