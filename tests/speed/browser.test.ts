/** The fused Compass kernels of webgl and webgpu agree with the stock-op rule, in headless Chromium. */
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { openPage, type OpenPage } from './browser.ts';
import type { SpeedPage } from './page.ts';
import { assertFusedAgrees, assertOneKernelPerVariable } from './agreement.ts';

declare const speedPage: SpeedPage;
let opened: OpenPage;

before(async () => {
  opened = await openPage(fileURLToPath(new URL('./page.ts', import.meta.url)), 'speedPage');
});
after(async () => {
  await opened?.close();
});

for (const backend of ['webgl', 'webgpu'] as const) {
  test(`fused Compass on ${backend} agrees with the unfused rule, one kernel per variable`, async () => {
    const { page, errors } = opened;
    const state = await page.evaluate((b) => speedPage.useBackend(b), backend);
    assert.equal(state.active, backend, JSON.stringify(state.refused));
    assert.ok(state.fusedKernel);
    assertFusedAgrees(await page.evaluate(() => speedPage.runFusedCases()));
    assertOneKernelPerVariable(await page.evaluate(() => speedPage.kernelsPerStep(20, 500)), 20);
    assert.deepEqual(errors, []);
  });
}
