/** BatchedCompass equals separate Compass runs, on cpu and wasm; bad input is refused clearly. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { BatchedCompass, chooseBackend } from '../../src/lib/compass/index.ts';
import { runBatchedCases } from './batched-cases.ts';
import { assertAgree } from './agreement.ts';

for (const backend of ['cpu', 'wasm'] as const) {
  test(`a batched sweep on ${backend} equals each model trained separately (6 x 6 grid, mixed options)`, async () => {
    await chooseBackend({ order: [backend] });
    const before = tf.memory().numTensors;
    const results = await runBatchedCases();
    assert.equal(results.length, 2 * 36 + 2 * 5);
    assertAgree(results);
    assert.equal(tf.memory().numTensors, before, 'no tensors left behind');
  });
}

test('BatchedCompass refuses an empty model list, a bad option (naming the model) and a wrong leading dimension', async () => {
  await chooseBackend({ order: ['cpu'] });
  assert.throws(() => new BatchedCompass([]), /BatchedCompass: models must be a non-empty array/);
  assert.throws(() => new BatchedCompass([{}, { beta1: 1 }]), /BatchedCompass model 1: option beta1 must be a finite number in \[0, 1\); got 1/);
  const optimizer = new BatchedCompass([{}, {}, {}]);
  const w = tf.variable(tf.zeros([2, 3]));
  assert.throws(() => optimizer.applyGradients({ [w.name]: tf.onesLike(w) }), /variable ".*" has shape \[2, 3\]; its leading dimension must be the number of models, 3/);
  tf.dispose(w);
  optimizer.dispose();
});
