/** The fused Compass kernels of cpu and wasm agree with the stock-op rule and run once per variable. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { chooseBackend } from '../../src/lib/compass/index.ts';
import { hasFusedKernel } from '../../src/lib/compass/fused/index.ts';
import { kernelsPerStep, runFusedCases } from './fused-cases.ts';
import { assertAgree, assertOneKernelPerVariable } from './agreement.ts';

for (const backend of ['cpu', 'wasm'] as const) {
  test(`fused Compass on ${backend} agrees with the unfused rule, one kernel per variable`, async () => {
    await chooseBackend({ order: [backend] });
    assert.equal(tf.getBackend(), backend);
    assert.ok(hasFusedKernel());
    const before = tf.memory().numTensors;
    assertAgree(await runFusedCases());
    assertOneKernelPerVariable(await kernelsPerStep(20, 500), 20);
    assert.equal(tf.memory().numTensors, before, 'no tensors left behind');
  });
}

test('a fused option that is not a boolean is refused, naming it', async () => {
  const { Compass } = await import('../../src/lib/compass/index.ts');
  assert.throws(() => new Compass({ fused: 'yes' as unknown as boolean }), /option fused must be true or false; got yes/);
});
