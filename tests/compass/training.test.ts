/** Training: model.fit with Compass lowers the loss; SGD's two decay modes agree. */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { Compass, SGD } from '../../src/lib/compass/index.ts';

before(async () => {
  await tf.setBackend('cpu');
});

test('model.fit with Compass lowers the loss of a small model', async () => {
  const xs = tf.randomUniform([64, 2], -1, 1, 'float32', 3);
  const ys = tf.tidy(() => tf.sin(tf.mul(xs.slice([0, 0], [-1, 1]), 2)).add(tf.mul(xs.slice([0, 1], [-1, 1]), 0.5)));
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ units: 16, inputShape: [2], activation: 'tanh', kernelInitializer: tf.initializers.glorotUniform({ seed: 4 }) }),
      tf.layers.dense({ units: 1, kernelInitializer: tf.initializers.glorotUniform({ seed: 5 }) }),
    ],
  });
  model.compile({ optimizer: new Compass({ learningRate: 1e-2, weightDecay: 1e-3 }), loss: 'meanSquaredError' });
  const history = await model.fit(xs, ys, { epochs: 60, batchSize: 16, shuffle: false, verbose: 0 });
  const losses = history.history.loss as number[];
  assert.ok(losses.every(Number.isFinite));
  assert.ok(losses.at(-1)! < 0.2 * losses[0], `loss ${losses[0]} -> ${losses.at(-1)}`);
  model.optimizer.dispose();
  model.dispose();
  tf.dispose([xs, ys]);
});

test("SGD's l2 and decoupled decay give the same trajectory", async () => {
  const x = tf.randomNormal([16, 3], 0, 1, 'float32', 6);
  const trajectories: number[][][] = [];
  for (const decay of ['l2', 'decoupled'] as const) {
    const w = tf.variable(tf.randomNormal([3, 2], 0, 1, 'float32', 9));
    const optimizer = new SGD({ learningRate: 0.05, weightDecay: 0.2, decay });
    const trajectory: number[][] = [];
    for (let step = 0; step < 50; step++) {
      optimizer.minimize(() => tf.mean(tf.square(tf.sub(tf.matMul(x, w), 1))) as tf.Scalar);
      trajectory.push(Array.from(await w.data()));
    }
    trajectories.push(trajectory);
    optimizer.dispose();
    w.dispose();
  }
  const [l2, decoupled] = trajectories;
  const worst = Math.max(...l2.flatMap((step, i) => step.map((v, j) => Math.abs(v - decoupled[i][j]))));
  assert.ok(worst < 1e-5, `largest difference ${worst}`);
  assert.notDeepEqual(l2[0], l2[49], 'the weights did move');
  x.dispose();
});
