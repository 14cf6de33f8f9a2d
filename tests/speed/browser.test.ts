/**
 * In headless Chromium, on webgl and webgpu: the fused Compass kernels agree with the stock-op rule,
 * and a batched sweep equals its models trained separately.
 */
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { openPage, type OpenPage } from '../../bench/open-page.ts';
import type { SpeedPage } from './page.ts';
import { assertAgree, assertOneKernelPerVariable } from './agreement.ts';

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
    assertAgree(await page.evaluate(() => speedPage.runFusedCases()));
    assertOneKernelPerVariable(await page.evaluate(() => speedPage.kernelsPerStep(20, 500)), 20);
    assert.deepEqual(errors, []);
  });

  test(`a batched sweep on ${backend} equals each model trained separately (6 x 6 grid, mixed options)`, async () => {
    const { page, errors } = opened;
    assert.equal((await page.evaluate((b) => speedPage.useBackend(b), backend)).active, backend);
    assertAgree(await page.evaluate(() => speedPage.runBatchedCases()));
    assert.deepEqual(errors, []);
  });
}
