/**
 * A backend that cannot start: Chromium without the software-WebGPU flags has no WebGPU adapter.
 * Choosing webgpu must fall back to the next backend and say why, in the page's language.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serveBuiltSite } from './served-site.ts';

const site = serveBuiltSite({ webgpu: false });

for (const [lang, expected] of [
  ['en', /^Running on webgl\. webgpu was not used: (this browser has no WebGPU|the browser found no WebGPU adapter)/],
  ['hu', /^Futás itt: webgl\. A\(z\) webgpu nem használható: (ebben a böngészőben nincs WebGPU|a böngésző nem talált WebGPU-adaptert)/],
] as const) {
  test(`${lang}: choosing webgpu where it cannot start falls back to webgl and gives the reason`, async () => {
    const page = await site.browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
    await page.goto(`${site.server.url}/${lang}/notebooks-demo/`);
    await page.locator('[data-nb-backend]').selectOption('webgpu');
    const status = page.locator('[data-nb-backend-status]');
    await page.waitForFunction(() => /webgl/.test(document.querySelector('[data-nb-backend-status]')?.textContent ?? ''), null, { timeout: 60_000 });
    assert.match((await status.textContent()) ?? '', expected);
    await page.click('[data-cell="data"] [data-nb-action="run"]');
    await page.waitForFunction(() => document.querySelector<HTMLElement>('[data-cell="data"]')?.dataset.state === 'done', null, { timeout: 60_000 });
    assert.deepEqual(errors, []);
    await page.close();
  });
}
