/**
 * The stepweight decay explainer in headless Chromium, served from dist/ (run `npm run build`
 * first): every experiment's figure and passed check is on the page before any JavaScript runs,
 * in both languages, with the page's number format; and a reader who moves the hazard cell's
 * weight-decay slider back across the line re-runs it on the GPU (WebGL) and is told the new outcome.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serveBuiltSite } from '../runtime/served-site.ts';

const site = serveBuiltSite({ webgpu: false });

/** The cells the page embeds with a figure, and how many checks each carries. */
const FIGURE_CELLS: Record<string, number> = {
  'adaptive-normalisation/fit': 1,
  'decay-alone/versus-decoupled': 3,
  'decay-alone/hazard': 1,
  'decay-alone/size': 3,
  'sgd-vs-l2/compass': 2,
  'adaptive-normalisation/shrinkage': 3,
  'decay-alone/step-size': 1,
};
const cell = (key: string) => {
  const [notebook, id] = key.split('/');
  return `[data-nb-cell][data-notebook="${notebook}"][data-cell="${id}"]`;
};

for (const lang of ['en', 'hu'] as const) {
  test(`${lang}: without JavaScript every figure and passed check of the experiments is on the page`, async () => {
    const context = await site.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${site.server.url}/${lang}/stepweight-decay/`);
    for (const [key, checks] of Object.entries(FIGURE_CELLS)) {
      const svg = page.locator(`${cell(key)} .nb-figure svg[aria-label]`);
      assert.equal(await svg.count(), 1, `${key}: one figure with an accessible label`);
      assert.ok(await svg.getAttribute('aria-description'), `${key}: the figure has a description`);
      assert.equal(await page.locator(`${cell(key)} .nb-check.nb-pass`).count(), checks, `${key}: ${checks} passed checks`);
    }
    assert.equal(await page.locator('.nb-check.nb-fail').count(), 0, 'no failed check anywhere');
    const ticks = await page.locator(`${cell('adaptive-normalisation/shrinkage')} .nb-figure svg[aria-label]`).textContent();
    assert.ok(ticks?.includes(lang === 'hu' ? '0,5' : '0.5'), 'tick labels use the language\'s decimal separator');
    await context.close();
  });
}

test('en: moving the hazard cell\'s weight decay below the line re-runs it on WebGL and reports that the weights keep their sign', async () => {
  const page = await site.browser.newPage();
  await page.goto(`${site.server.url}/en/stepweight-decay/`);
  const hazard = cell('decay-alone/hazard');
  assert.match((await page.locator(`${hazard} .nb-outputs`).textContent()) ?? '', /changed sign/, 'the default setting flips the sign');
  await page.locator('[data-nb-bar][data-notebook="decay-alone"] [data-nb-backend]').selectOption('webgl');
  await page.locator(`${hazard} input[type=range]`).evaluate((input: HTMLInputElement) => {
    input.value = '0.5'; // lr * wd / (1 - beta1) = 0.5: below the line
    input.dispatchEvent(new Event('input', { bubbles: true }));
    input.dispatchEvent(new Event('change', { bubbles: true }));
  });
  await page.waitForFunction((selector) => document.querySelector<HTMLElement>(selector)?.dataset.state === 'done', hazard, {
    timeout: 180_000,
    polling: 50,
  });
  const outputs = (await page.locator(`${hazard} .nb-outputs`).textContent()) ?? '';
  assert.match(outputs, /keep their sign/, 'the cell reports the new outcome');
  assert.equal(await page.locator(`${hazard} .nb-check.nb-pass`).count(), 1, 'its check passes at the new setting');
  assert.match((await page.locator('[data-nb-bar][data-notebook="decay-alone"] [data-nb-backend-status]').textContent()) ?? '', /webgl/);
  await page.close();
});
