/** No tensor leaks: constant tensor count over 1,000 steps, and back to the start after dispose(). */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { Compass, SGD } from '../../src/lib/compass/index.ts';

before(async () => {
  await tf.setBackend('cpu');
});

const optimizers: [string, () => tf.Optimizer][] = [
  ['Compass stepweight + centralization', () => new Compass({ learningRate: 1e-2, weightDecay: 0.1, centralization: 1 })],
  ['Compass stepweight on stock ops', () => new Compass({ learningRate: 1e-2, weightDecay: 0.1, centralization: 1, fused: false })],
  ['Compass decoupled', () => new Compass({ weightDecay: 0.1, decay: 'decoupled' })],
  ['Compass l2', () => new Compass({ weightDecay: 0.1, decay: 'l2' })],
  ['SGD decoupled', () => new SGD({ learningRate: 1e-2, weightDecay: 0.1, decay: 'decoupled' })],
];

for (const [label, make] of optimizers) {
  test(`${label}: the tensor count is the same after each of 1,000 steps and back to the start after dispose()`, () => {
    const start = tf.memory().numTensors;
    const [w, b] = tf.tidy(() => [tf.variable(tf.randomNormal([5, 4], 0, 1, 'float32', 7)), tf.variable(tf.zeros([4]))]);
    const x = tf.randomNormal([8, 5], 0, 1, 'float32', 8);
    const withData = tf.memory().numTensors;
    const optimizer = make();
    const loss = () => tf.mean(tf.square(tf.add(tf.matMul(x, w), b))) as tf.Scalar;
    optimizer.minimize(loss); // the first step creates the optimizer's state
    const afterFirst = tf.memory().numTensors;
    for (let step = 2; step <= 1000; step++) {
      optimizer.minimize(loss);
      if (tf.memory().numTensors !== afterFirst) assert.fail(`step ${step}: ${tf.memory().numTensors} tensors, not ${afterFirst}`);
    }
    optimizer.dispose();
    assert.equal(tf.memory().numTensors, withData, 'dispose() freed every tensor the optimizer made');
    tf.dispose([w, b, x]);
    assert.equal(tf.memory().numTensors, start);
  });
}
