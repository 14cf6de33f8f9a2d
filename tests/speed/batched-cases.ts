/**
 * A sweep trained by `BatchedCompass` against the same models trained one by one with `Compass`
 * (the unfused reference rule), on the active backend. The model: a small dense layer
 * `x @ w + b` (per model `w` is [4, 3], `b` is [3]) fitted to fixed targets.
 */
import * as tf from '@tensorflow/tfjs';
import { BatchedCompass, Compass, type ModelOptions } from '../../src/lib/compass/index.ts';
import type { Steps } from './fused-cases.ts';
import type { Compared } from './agreement.ts';

/** A 6 x 6 grid of learning rate x weight decay (stepweight decay). */
export const GRID: ModelOptions[] = [1e-3, 3e-3, 1e-2, 3e-2, 0.1, 0.3].flatMap((learningRate) =>
  [0, 0.01, 0.1, 0.3, 1, 3].map((weightDecay) => ({ learningRate, weightDecay })),
);

/** Models that differ in every option: decay mode, centralization, betas, ampFac, epsilon. */
export const MIXED: ModelOptions[] = [
  { learningRate: 1e-2, weightDecay: 0.5, decay: 'l2', centralization: 1 },
  { learningRate: 3e-2, weightDecay: 0.1, decay: 'decoupled' },
  { learningRate: 1e-2, weightDecay: 0.2, decay: 'stepweight', centralization: 0.5, beta1: 0.9 },
  { learningRate: 2e-2, beta2: 0.99, ampFac: 1, epsilon: 1e-6 },
  { learningRate: 1e-2, weightDecay: 1, decay: 'l2' },
];

const STEPS = 12;

function data() {
  return tf.tidy(() => ({
    x: tf.randomNormal([5, 4], 0, 1, 'float32', 31),
    target: tf.randomNormal([5, 3], 0, 1, 'float32', 32),
    w0: tf.randomNormal([4, 3], 0, 1, 'float32', 33),
    b0: tf.randomNormal([3], 0, 1, 'float32', 34),
  }));
}

/** Each model's parameters (w then b, flattened) after each step, trained separately. */
async function separately(models: ModelOptions[]): Promise<Steps[]> {
  const { x, target, w0, b0 } = data();
  const result: Steps[] = [];
  for (const options of models) {
    const [w, b] = tf.tidy(() => [tf.variable(w0.clone()), tf.variable(b0.clone())]);
    const optimizer = new Compass({ ...options, fused: false });
    const steps: Steps = [];
    for (let t = 0; t < STEPS; t++) {
      optimizer.minimize(() => tf.mean(tf.square(tf.sub(tf.add(tf.matMul(x, w), b), target))) as tf.Scalar);
      steps.push([...(await w.data()), ...(await b.data())]);
    }
    result.push(steps);
    optimizer.dispose();
    tf.dispose([w, b]);
  }
  tf.dispose([x, target, w0, b0]);
  return result;
}

/** The same, all models in one `BatchedCompass`: per model, the rows of the batched variables. */
async function batched(models: ModelOptions[], fused: boolean): Promise<Steps[]> {
  const { x, target, w0, b0 } = data();
  const B = models.length;
  const [w, b] = tf.tidy(() => [tf.variable(tf.tile(w0.expandDims(0), [B, 1, 1])), tf.variable(tf.tile(b0.expandDims(0), [B, 1]))]);
  const optimizer = new BatchedCompass(models, { fused });
  // Sum over models of each model's mean squared error: each row's gradient is its own model's.
  const loss = () => tf.sum(tf.mean(tf.square(tf.sub(tf.add(tf.matMul(x, w), b.expandDims(1)), target)), [1, 2])) as tf.Scalar;
  const result: Steps[] = models.map(() => []);
  for (let t = 0; t < STEPS; t++) {
    optimizer.minimize(loss);
    const [wv, bv] = [await w.data(), await b.data()];
    for (let m = 0; m < B; m++) result[m].push([...wv.slice(12 * m, 12 * m + 12), ...bv.slice(3 * m, 3 * m + 3)]);
  }
  optimizer.dispose();
  tf.dispose([w, b, x, target, w0, b0]);
  return result;
}

/** For each sweep and fused on/off: per model, the batched (actual) and the separate (reference) trajectories. */
export async function runBatchedCases(): Promise<Compared[]> {
  const results: Compared[] = [];
  for (const [sweep, models] of [['grid', GRID], ['mixed', MIXED]] as const) {
    const reference = await separately(models);
    for (const fused of [true, false]) {
      const trained = await batched(models, fused);
      trained.forEach((steps, m) => results.push({ name: `${sweep} ${fused ? 'fused' : 'unfused'} model ${m}`, actual: steps, reference: reference[m] }));
    }
  }
  return results;
}
