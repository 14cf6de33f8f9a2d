/**
 * The training experiments run in the reader's browser (headless Chromium, software WebGL2 and
 * WebGPU, served from dist/): Run, or changing a control, runs a cell on the chosen backend; it
 * trains without an error and its figures are redrawn in the page's language. The landscape runs
 * at its defaults on webgl, where its checks must pass as they do in Node.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { serveBuiltSite } from '../runtime/served-site.ts';

const site = serveBuiltSite();
const RUN_TIMEOUT = 300_000;
const cell = (id: string) => `[data-nb-cell][data-cell="${id}"]`;

async function open(path: string, backend: 'webgl' | 'webgpu'): Promise<{ page: Page; errors: string[] }> {
  const page = await site.browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  await page.goto(`${site.server.url}${path}`);
  await page.locator('[data-nb-backend]').selectOption(backend);
  await page.waitForFunction((name) => (document.querySelector('[data-nb-backend-status]')?.textContent ?? '').includes(`${name}.`), backend, { timeout: 60_000 });
  // Mark the pre-rendered figures, to see that the run replaced them.
  await page.evaluate(() => document.querySelectorAll('.nb-figure svg').forEach((svg) => svg.setAttribute('data-prerendered', '')));
  return { page, errors };
}

/** Sets a control of a cell (which re-runs it) and waits until the cell has finished. */
async function setControlAndRun(page: Page, id: string, label: string, value: string): Promise<number> {
  const control = page.locator(`${cell(id)} label.nb-control`).filter({ hasText: label }).locator('[data-nb-control]');
  if ((await control.evaluate((el) => el.tagName)) === 'SELECT') await control.selectOption(value);
  else await control.fill(value);
  return waitUntilDone(page, id);
}

/** Waits until a cell that was started has ended (the earlier cells it needs run first); returns the ms waited. */
async function waitUntilDone(page: Page, id: string): Promise<number> {
  const started = Date.now();
  await page.waitForFunction(
    (selector) => ['done', 'error', 'stopped'].includes(document.querySelector<HTMLElement>(selector)?.dataset.state ?? ''),
    cell(id),
    { timeout: RUN_TIMEOUT },
  );
  assert.equal(await page.locator(cell(id)).getAttribute('data-state'), 'done', await page.locator(`${cell(id)} .nb-error`).allTextContents().then((e) => e.join('\n')));
  return Date.now() - started;
}

test('en: the overfitting cell re-runs on webgl with fewer steps and redraws its three figures', async (t) => {
  const { page, errors } = await open('/en/experiments/', 'webgl');
  const ms = await setControlAndRun(page, 'overfit', 'Steps', '500');
  t.diagnostic(`overfit, 500 steps, webgl: ${ms} ms`);
  const figures = page.locator(`${cell('overfit')} .nb-figure`);
  assert.equal(await figures.count(), 3);
  assert.equal(await page.locator(`${cell('overfit')} .nb-figure svg[data-prerendered]`).count(), 0, 'every figure was redrawn');
  assert.match((await figures.first().textContent()) ?? '', /500 steps|Training loss/);
  assert.equal(await page.locator(`${cell('overfit')} .nb-check`).count(), 2, 'both checks ran');
  assert.deepEqual(errors, []);
  await page.close();
});

test('hu: the overfitting cell re-runs on webgpu with fewer steps, in Hungarian', async (t) => {
  const { page, errors } = await open('/hu/experiments/', 'webgpu');
  const ms = await setControlAndRun(page, 'overfit', 'Lépések száma', '250');
  t.diagnostic(`overfit, 250 steps, webgpu: ${ms} ms`);
  assert.equal(await page.locator(`${cell('overfit')} .nb-figure`).count(), 3);
  assert.equal(await page.locator(`${cell('overfit')} .nb-figure svg[data-prerendered]`).count(), 0, 'every figure was redrawn');
  assert.match((await page.locator(`${cell('overfit')} .nb-figure`).first().textContent()) ?? '', /Tanítási hiba/);
  assert.equal(await page.locator(`${cell('overfit')} .nb-check`).count(), 2, 'both checks ran');
  assert.deepEqual(errors, []);
  await page.close();
});

/** The texts of a cell's figures (tick labels, the loss printed in each heatmap cell, legends). */
function figureTexts(page: Page, id: string): Promise<string[]> {
  return page.locator(`${cell(id)} .nb-figure svg text`).evaluateAll((nodes) => nodes.map((node) => (node.textContent ?? '').trim()));
}

test('en: the landscape runs on webgl at its defaults, redraws the heatmaps with the pre-rendered numbers, and every check passes there too', async (t) => {
  const { page, errors } = await open('/en/experiments/', 'webgl');
  const prerendered = await figureTexts(page, 'landscape');
  await page.click(`${cell('landscape')} [data-nb-action="run"]`);
  const ms = await waitUntilDone(page, 'landscape');
  t.diagnostic(`landscape at 1,000 steps per cell (after the overfitting cell it needs), webgl: ${ms} ms`);
  const map = page.locator(`${cell('landscape')} .nb-figure`);
  assert.equal(await map.count(), 1);
  assert.equal(await page.locator(`${cell('landscape')} .nb-figure svg[data-prerendered]`).count(), 0, 'the heatmaps were redrawn');
  assert.match((await map.textContent()) ?? '', /1,000 steps per cell/);
  assert.equal(await page.locator(`${cell('landscape')} .nb-check.nb-pass`).count(), 8, 'all eight checks pass on webgl');
  // Determinism: the same seeded run on another backend prints the same losses, up to rounding
  // of the last printed digit (the pre-rendered figure came from wasm in Node).
  const rerun = await figureTexts(page, 'landscape');
  assert.equal(rerun.length, prerendered.length, 'the redrawn heatmaps have as many labels as the pre-rendered ones');
  const number = /^-?\d+(\.\d+)?$/;
  let compared = 0;
  rerun.forEach((text, i) => {
    const before = prerendered[i];
    if (number.test(text) && number.test(before)) {
      compared++;
      const step = 10 ** -(before.split('.')[1]?.length ?? 0);
      assert.ok(Math.abs(Number(text) - Number(before)) <= step * 1.01, `label ${i}: ${text} on webgl, ${before} pre-rendered`);
    } else assert.equal(text, before, `label ${i}`);
  });
  assert.ok(compared >= 48, `expected a printed loss for each of the 48 cells at least, compared ${compared} numbers`);
  assert.deepEqual(errors, []);
  await page.close();
});

test('en: the Compass paths re-run on webgl with another amp_fac', async (t) => {
  const { page, errors } = await open('/en/compass/', 'webgl');
  const ms = await setControlAndRun(page, 'paths', 'amp_fac', '8');
  t.diagnostic(`paths with amp_fac 8, webgl: ${ms} ms`);
  assert.equal(await page.locator(`${cell('paths')} .nb-figure svg[data-prerendered]`).count(), 0, 'the paths were redrawn');
  assert.match((await page.locator(`${cell('paths')} .nb-figure`).textContent()) ?? '', /Compass, amp_fac 8/);
  assert.equal(await page.locator(`${cell('paths')} .nb-check`).count(), 5, 'all five checks ran');
  assert.deepEqual(errors, []);
  await page.close();
});
