/** Golden trajectories on the two browser backends, webgl and webgpu, in headless Chromium. */
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { openHarness, type HarnessSession } from '../../tools/compass-harness/session.ts';
import { disagreements, loadGolden } from './agreement.ts';

const golden = loadGolden();
let harness: HarnessSession;

before(async () => {
  harness = await openHarness({ timeoutMs: 50_000 });
});
after(async () => {
  await harness?.close();
});

for (const backend of ['webgl', 'webgpu'] as const) {
  for (const fused of [true, false]) {
    test(`every golden case agrees with the reference on ${backend} in Chromium, ${fused ? 'fused kernel' : 'stock-op rule'}`, async () => {
      await harness.useBackend(backend);
      const output = await harness.replay(golden, { fused });
      assert.equal(output.backend, backend);
      assert.equal(output.cases.length, golden.cases.length);
      assert.deepEqual(disagreements(output, golden).slice(0, 10), []);
    });
  }
}

test('in Chromium, chooseBackend takes webgpu first, as the site does', async () => {
  assert.deepEqual(await harness.chooseDefault(), { backend: 'webgpu', refused: [] });
});
