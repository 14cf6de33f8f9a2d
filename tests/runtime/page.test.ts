/**
 * The demonstration page in real headless Chromium (software WebGL2 and WebGPU), served from dist/:
 * pre-rendered figures without JavaScript, Run all on webgl and webgpu, Stop on an endless loop,
 * a syntax error's line, controls that re-run their cell, the Hungarian UI, no console errors,
 * and nothing of the runtime loaded before interaction. One browser for the whole file.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { measurePageJs } from '../site/page-js.ts';
import { DIST, serveBuiltSite } from './served-site.ts';

const site = serveBuiltSite();
const consoleErrors: string[] = [];
const RUN_TIMEOUT = 180_000;

async function openDemo(lang: 'en' | 'hu', javaScriptEnabled = true, colorScheme: 'light' | 'dark' = 'light'): Promise<Page> {
  const context = await site.browser.newContext({ javaScriptEnabled, colorScheme });
  const page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(`${lang}: ${message.text()}`);
  });
  page.on('pageerror', (error) => consoleErrors.push(`${lang}: ${error.message}`));
  await page.goto(`${site.server.url}/${lang}/notebooks-demo/`);
  return page;
}

const cell = (id: string) => `[data-nb-cell][data-cell="${id}"]`;

/** Waits until the cell's data-state is one of `states`. */
async function waitForState(page: Page, id: string, states: string[], timeout = RUN_TIMEOUT): Promise<void> {
  await page.waitForFunction(
    ({ selector, states }) => states.includes(document.querySelector<HTMLElement>(selector)?.dataset.state ?? ''),
    { selector: cell(id), states },
    { timeout, polling: 20 },
  );
}

async function chooseBackend(page: Page, backend: string): Promise<string> {
  await page.locator('[data-nb-backend]').selectOption(backend);
  const status = page.locator('[data-nb-backend-status]');
  await page.waitForFunction((name) => (document.querySelector('[data-nb-backend-status]')?.textContent ?? '').includes(`${name}.`), backend, { timeout: 60_000 });
  return (await status.textContent()) ?? '';
}

/** Replaces a cell's code through the CodeMirror editor, as a reader would. */
async function editCode(page: Page, id: string, code: string): Promise<void> {
  await page.click(`${cell(id)} [data-nb-action="edit"]`);
  const content = page.locator(`${cell(id)} .cm-content`);
  await content.waitFor({ timeout: 60_000 });
  await content.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(code);
}

for (const lang of ['en', 'hu'] as const) {
  test(`${lang}: with JavaScript disabled the pre-rendered figures, controls and checks are on the page`, async () => {
    const page = await openDemo(lang, false);
    assert.equal(await page.locator('.nb-figure').count(), 3, 'three figures');
    assert.equal(await page.locator('.nb-figure svg[aria-label]').count(), 3, 'each an accessible SVG plot');
    assert.equal(await page.locator(`${cell('fit')} [data-nb-control]`).count(), 3, 'three controls with defaults');
    assert.equal(await page.locator(`${cell('fit')} input[type=checkbox]`).isChecked(), false);
    assert.equal(await page.locator(`${cell('fit')} input[type=range]`).inputValue(), '0.1');
    assert.equal(await page.locator('.nb-check.nb-pass').count(), 2, 'both checks passed at build time');
    assert.equal(await page.locator('.nb-code .line').first().isVisible(), true, 'code is shown with its lines');
    const ticks = await page.locator(`${cell('data')} .nb-figure svg`).textContent();
    assert.ok(ticks?.includes(lang === 'hu' ? '0,5' : '0.5'), 'tick labels use the language\'s decimal separator');
    await page.context().close();
  });

  test(`${lang}: before any interaction no runtime code is requested, and the page's JavaScript stays within budget`, async (t) => {
    const context = await site.browser.newContext();
    const page = await context.newPage();
    const requested: string[] = [];
    page.on('request', (request) => requested.push(new URL(request.url()).pathname));
    await page.goto(`${site.server.url}/${lang}/notebooks-demo/`);
    await page.waitForLoadState('networkidle');
    assert.deepEqual(requested.filter((path) => /notebook-ui|worker|editor|\.wasm$/.test(path)), []);
    const demo = measurePageJs(DIST, `${DIST}/${lang}/notebooks-demo/index.html`);
    const plain = measurePageJs(DIST, `${DIST}/${lang}/compass/index.html`);
    t.diagnostic(`JS before interaction (gzip): demo page ${demo.gzipBytes} B, page without cells ${plain.gzipBytes} B`);
    assert.ok(demo.gzipBytes - plain.gzipBytes <= 20 * 1024, `the cells add ${demo.gzipBytes - plain.gzipBytes} B`);
    await context.close();
  });
}

/** axe-core's violations on the page as it is now, one line each. */
async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: 'node_modules/axe-core/axe.min.js' });
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document): Promise<{ violations: { id: string; nodes: { target: unknown }[] }[] }> } }).axe;
    return (await axe.run(document)).violations.map((v) => `${v.id} on ${v.nodes.length} element(s), e.g. ${JSON.stringify(v.nodes[0]?.target)}`);
  });
}

test('en: Run all completes on webgl and redraws every figure; outputs and the editor pass axe (dark theme)', async (t) => {
  const page = await openDemo('en', true, 'dark');
  const status = await chooseBackend(page, 'webgl');
  assert.match(status, /Running on webgl\./);
  await page.evaluate(() => document.querySelectorAll('.nb-figure svg').forEach((svg) => svg.setAttribute('data-prerendered', '')));
  const started = Date.now();
  await page.click('[data-nb-action="run-all"]');
  for (const id of ['data', 'fit', 'decay-rule']) await waitForState(page, id, ['done']);
  t.diagnostic(`Run all on webgl: ${Date.now() - started} ms`);
  assert.equal(await page.locator('.nb-figure svg[data-prerendered]').count(), 0, 'no pre-rendered figure is left');
  assert.equal(await page.locator('.nb-figure').count(), 3);
  assert.equal(await page.locator('.nb-check.nb-pass').count(), 2);
  assert.equal(await page.locator('[data-nb-note]').count(), 0, 'the "computed at build time" notes are gone');
  await page.click(`${cell('fit')} [data-nb-action="edit"]`);
  await page.locator(`${cell('fit')} .cm-content`).waitFor();
  assert.deepEqual(await axeViolations(page), []);
  await page.context().close();
});

test('hu: Run all completes on webgpu, the UI is Hungarian, and the figures are redrawn', async (t) => {
  const page = await openDemo('hu');
  const buttons = await page.locator(`${cell('fit')} .nb-buttons button`).allTextContents();
  assert.deepEqual(buttons, ['Futtatás', 'Leállítás', 'Visszaállítás', 'Szerkesztés']);
  assert.equal(await page.locator('[data-nb-action="run-all"]').textContent(), 'Összes futtatása');
  const status = await chooseBackend(page, 'webgpu');
  assert.match(status, /^Futás itt: webgpu\./);
  await page.evaluate(() => document.querySelectorAll('.nb-figure svg').forEach((svg) => svg.setAttribute('data-prerendered', '')));
  const started = Date.now();
  await page.click('[data-nb-action="run-all"]');
  for (const id of ['data', 'fit', 'decay-rule']) await waitForState(page, id, ['done']);
  t.diagnostic(`Run all on webgpu: ${Date.now() - started} ms`);
  assert.equal(await page.locator('.nb-figure svg[data-prerendered]').count(), 0);
  assert.equal(await page.locator('.nb-check.nb-pass').count(), 2);
  assert.match((await page.locator(`${cell('fit')} [data-nb-message]`).textContent()) ?? '', /^Kész, \d+,\d mp alatt\.$/);
  assert.match((await page.locator(`${cell('fit')} .nb-check`).textContent()) ?? '', /Az ellenőrzés teljesült/);
  await page.context().close();
});

test('en: Stop ends `while (true) {}` within one second, the page keeps answering, and the next run works', async (t) => {
  const page = await openDemo('en');
  await editCode(page, 'data', 'while (true) {}');
  await page.click(`${cell('data')} [data-nb-action="run"]`);
  await waitForState(page, 'data', ['running']);
  await page.waitForTimeout(300); // the loop is spinning in the worker
  const typed = Date.now();
  await page.locator(`${cell('data')} .cm-content`).press('End');
  await page.keyboard.type(' // still typing');
  t.diagnostic(`typing into the page while the loop runs took ${Date.now() - typed} ms`);
  const stopped = Date.now();
  await page.click(`${cell('data')} [data-nb-action="stop"]`);
  await waitForState(page, 'data', ['stopped'], 1000);
  const elapsed = Date.now() - stopped;
  t.diagnostic(`Stop took ${elapsed} ms`);
  assert.ok(elapsed < 1000, `stopped after ${elapsed} ms`);
  assert.match((await page.locator(`${cell('data')} [data-nb-message]`).textContent()) ?? '', /Stopped/);
  const answered = Date.now();
  assert.equal(await page.evaluate(() => document.title.length > 0), true);
  assert.ok(Date.now() - answered < 500, 'the page answers at once');
  await page.click(`${cell('data')} [data-nb-action="reset"]`);
  await page.waitForFunction((selector) => document.querySelector(`${selector} .cm-content`)?.textContent?.startsWith('const rng'), cell('data'));
  await page.click(`${cell('data')} [data-nb-action="run"]`);
  await waitForState(page, 'data', ['done']);
  assert.equal(await page.locator(`${cell('data')} .nb-figure`).count(), 1, 'a fresh worker ran the original code');
  await page.context().close();
});

test('hu: the runtime loads on the first click with a visible loading state', async () => {
  const page = await openDemo('hu');
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(/notebook-ui[^/]*\.js$/, async (route) => {
    await held; // hold the runtime chunk back so the loading state can be seen
    await route.continue();
  });
  await page.click(`${cell('data')} [data-nb-action="run"]`);
  const message = page.locator(`${cell('data')} [data-nb-message]`);
  await page.waitForFunction((selector) => document.querySelector(selector)?.textContent?.startsWith('A futtatókörnyezet betöltése'), `${cell('data')} [data-nb-message]`);
  assert.equal(await page.locator(cell('data')).getAttribute('data-state'), 'loading');
  release();
  await waitForState(page, 'data', ['done']);
  assert.match((await message.textContent()) ?? '', /^Kész/);
  await page.context().close();
});

test('hu: a syntax error is shown at its cell with its line and column, in Hungarian; after Reset the cell runs', async () => {
  const page = await openDemo('hu');
  await editCode(page, 'data', 'const a = 1;\nconst b = (;');
  await page.keyboard.press('Shift+Enter');
  await waitForState(page, 'data', ['error']);
  const error = page.locator(`${cell('data')} .nb-error`);
  assert.match((await error.textContent()) ?? '', /^Szintaktikai hiba a\(z\) 2\. sor 12\. oszlopában/);
  assert.equal(await error.getAttribute('data-line'), '2');
  await page.click(`${cell('data')} [data-nb-action="reset"]`);
  await page.click(`${cell('data')} [data-nb-action="run"]`);
  await waitForState(page, 'data', ['done']);
  assert.equal(await page.locator(`${cell('data')} .nb-error`).count(), 0);
  await page.context().close();
});

test('en: changing a control re-runs its cell with the new value, redrawing the figure while it trains', async () => {
  const page = await openDemo('en');
  const table = page.locator(`${cell('fit')} .nb-table`);
  const before = await table.textContent();
  // Count figures drawn into the cell while it is still running (live updates, not only the end result).
  await page.evaluate((selector) => {
    const root = document.querySelector<HTMLElement>(selector)!;
    const counter = window as unknown as { liveDraws: number };
    counter.liveDraws = 0;
    new MutationObserver((records) => {
      for (const record of records) {
        for (const node of record.addedNodes) if (node instanceof Element && node.matches('.nb-figure') && root.dataset.state === 'running') counter.liveDraws++;
      }
    }).observe(root.querySelector('[data-nb-outputs]')!, { childList: true });
    const progress = root.querySelector<HTMLElement>('[data-nb-progress]')!;
    const seen = (window as unknown as { progressSeen: string[] }).progressSeen = [] as string[];
    new MutationObserver(() => {
      if (!progress.hidden) seen.push(progress.textContent ?? '');
    }).observe(progress, { subtree: true, childList: true, characterData: true, attributes: true });
  }, cell('fit'));
  const range = page.locator(`${cell('fit')} input[type=range]`);
  await range.evaluate((input: HTMLInputElement) => {
    input.value = '0.5'; // what a reader's drag does: a new value, then input and change events
    input.dispatchEvent(new Event('input', { bubbles: true }));
    input.dispatchEvent(new Event('change', { bubbles: true }));
  });
  await waitForState(page, 'fit', ['running']);
  assert.equal(await page.locator(`${cell('fit')} .nb-control output`).textContent(), '0.5', 'the value shown beside the slider');
  await waitForState(page, 'fit', ['done']);
  assert.equal(await range.inputValue(), '0.5', 'the control keeps the reader\'s value');
  const after = await table.textContent();
  assert.notEqual(after, before, 'the fitted values changed with the stronger weight decay');
  const liveDraws = await page.evaluate(() => (window as unknown as { liveDraws: number }).liveDraws);
  assert.ok(liveDraws >= 5, `the loss figure was drawn ${liveDraws} times during training`);
  await page.locator(`${cell('fit')} input[type=checkbox]`).check(); // decoupled decay instead of stepweight
  await waitForState(page, 'fit', ['running']);
  await waitForState(page, 'fit', ['done']);
  assert.notEqual(await table.textContent(), after, 'the checkbox re-ran the cell with the other decay');
  const progress = await page.evaluate(() => (window as unknown as { progressSeen: string[] }).progressSeen);
  assert.ok(progress.some((text) => /^Step \d+ of 300$/.test(text)), `a progress bar "Step k of 300" was shown: ${progress.slice(0, 3).join(' | ')}`);
  await page.context().close();
});

test('en: a lost WebGL context makes the notebook fall back to the next backend and say so', async () => {
  const page = await openDemo('en');
  await chooseBackend(page, 'webgl');
  const loseContext = [
    'const gl = (tf.backend() as any).gpgpu.gl as WebGL2RenderingContext;',
    "gl.getExtension('WEBGL_lose_context')!.loseContext();",
    'await new Promise((resolve) => setTimeout(resolve, 5000));',
  ].join('\n');
  await editCode(page, 'data', loseContext);
  await page.click(`${cell('data')} [data-nb-action="run"]`);
  await page.waitForFunction(() => /stopped working.*Running on webgpu\./.test(document.querySelector('[data-nb-backend-status]')?.textContent ?? ''), null, { timeout: 60_000 });
  assert.match((await page.locator('[data-nb-backend-status]').textContent()) ?? '', /^The webgl backend stopped working \(webglcontextlost\); falling back to the next one\. Running on webgpu\./);
  await page.click(`${cell('data')} [data-nb-action="reset"]`);
  await page.click(`${cell('data')} [data-nb-action="run"]`);
  await waitForState(page, 'data', ['done']);
  await page.context().close();
});

test('hu: the reader can choose the wasm backend, and cells run on it', async () => {
  const page = await openDemo('hu');
  assert.match(await chooseBackend(page, 'wasm'), /^Futás itt: wasm\./);
  await page.click(`${cell('decay-rule')} [data-nb-action="run"]`);
  for (const id of ['data', 'fit', 'decay-rule']) await waitForState(page, id, ['done']);
  assert.equal(await page.locator(`${cell('decay-rule')} .nb-check.nb-pass`).count(), 1);
  await page.context().close();
});

test('no console errors on the demonstration pages', () => {
  assert.deepEqual(consoleErrors, []);
});
