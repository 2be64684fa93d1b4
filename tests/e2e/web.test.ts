import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import { resolve } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain .mjs script without types
import { serve } from '../../scripts/serve.mjs';
import { simdModuleBytes } from '../../src/tensor/kernels/simd.js';

const root = resolve(import.meta.dirname, '../..');
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'];

let server: Server;
let url: string;
let browser: Browser;
let page: Page;
const consoleErrors: string[] = [];

async function rendered(p: Page): Promise<number> {
  return Number(await p.evaluate(() => document.body.dataset.rendered ?? '0'));
}

beforeAll(async () => {
  if (!existsSync(resolve(root, 'dist/index.js'))) throw new Error('dist/ is missing: run npm run build first (npm run test:e2e does)');
  ({ server, url } = (await serve(root, 0)) as { server: Server; url: string });
  browser = await chromium.launch({ executablePath, args: FLAGS });
  page = await browser.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  await page.goto(`${url}/examples/web/index.html`);
  await page.waitForFunction(() => Number(document.body.dataset.rendered ?? '0') >= 1, undefined, { timeout: 60_000 });
});

afterAll(async () => {
  await browser?.close();
  await new Promise((ok) => server?.close(ok));
});

describe('the browser demo', () => {
  it('runs in a browser that compiles the float64 SIMD matmul kernel', async () => {
    const bytes = Array.from(simdModuleBytes());
    expect(await page.evaluate((b) => WebAssembly.validate(new Uint8Array(b)), bytes)).toBe(true);
  });

  it('loads the ESM build and draws the norm curves and the gradient-flow heatmap', async () => {
    expect(await page.locator('#norms svg').count()).toBe(1);
    expect(await page.locator('#flow svg').count()).toBe(1);
    expect(await page.locator('#summary').textContent()).toMatch(/of the gradient is left/);
    expect(consoleErrors).toEqual([]);
  });

  it('recomputes when a control moves: the chart changes', async () => {
    const before = await page.locator('#norms').innerHTML();
    const n = await rendered(page);
    await page.locator('#activation').selectOption('tanh');
    await page.waitForFunction((k) => Number(document.body.dataset.rendered ?? '0') > k, n);
    const after = await page.locator('#norms').innerHTML();
    expect(after).not.toBe(before);
    expect(after).toContain('tanh RNN');
    expect(consoleErrors).toEqual([]);
  });

  it('shows the forget-gate path for an LSTM and reacts to the forget bias', async () => {
    let n = await rendered(page);
    await page.locator('#cell').selectOption('lstm');
    await page.waitForFunction((k) => Number(document.body.dataset.rendered ?? '0') > k, n);
    expect(await page.locator('#forgetSection').isVisible()).toBe(true);
    const before = await page.locator('#forgetChart').innerHTML();
    n = await rendered(page);
    await page.locator('#forget').fill('6');
    await page.waitForFunction((k) => Number(document.body.dataset.rendered ?? '0') > k, n);
    const after = await page.locator('#forgetChart').innerHTML();
    expect(after).not.toBe(before);
    expect(consoleErrors).toEqual([]);
  });
});
