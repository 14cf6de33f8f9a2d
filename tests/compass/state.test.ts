/** State per variable name: weights, config round trips, and save/load of a model with its optimizer. */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { Compass, SGD } from '../../src/lib/compass/index.ts';
import { matchLoadedName } from '../../src/lib/compass/state-names.ts';

before(async () => {
  await tf.setBackend('cpu');
});

const HYPER = { learningRate: 0.01, weightDecay: 0.1, centralization: 0.5 } as const;

/** A fixed pseudo-random gradient for step `step` of a tensor of `shape`. */
function gradient(shape: number[], step: number): tf.Tensor {
  return tf.tidy(() => tf.sin(tf.add(tf.mul(tf.range(0, tf.util.sizeFromShape(shape)), 1.7), step)).reshape(shape));
}

function stepOnce(optimizer: tf.Optimizer, variables: tf.Variable[], step: number): void {
  tf.tidy(() => optimizer.applyGradients(variables.map((v) => ({ name: v.name, tensor: gradient(v.shape, step) }))));
}

test('state follows the variable name, not its position, and each variable counts its own steps', async () => {
  const w = tf.variable(tf.ones([2, 3]), true, 'by-name/w');
  const b = tf.variable(tf.ones([3]), true, 'by-name/b');
  const together = new Compass(HYPER);
  stepOnce(together, [w, b], 1);
  stepOnce(together, [b], 2); // b alone: positions shift
  stepOnce(together, [b, w], 3); // reversed order
  // The same steps, each variable with an optimizer of its own.
  const w2 = tf.variable(tf.ones([2, 3]), true, 'by-name/w2');
  const b2 = tf.variable(tf.ones([3]), true, 'by-name/b2');
  const alone = [new Compass(HYPER), new Compass(HYPER)];
  stepOnce(alone[0], [w2], 1);
  stepOnce(alone[0], [w2], 3);
  for (const step of [1, 2, 3]) stepOnce(alone[1], [b2], step);
  assert.deepEqual(await w.array(), await w2.array());
  assert.deepEqual(await b.array(), await b2.array());
  const weights = await together.getWeights();
  const steps = Object.fromEntries(await Promise.all(weights.map(async (x) => [x.name, (await x.tensor.data())[0]])));
  assert.equal(steps['iter'], 3);
  assert.equal(steps['by-name/w/t'], 2);
  assert.equal(steps['by-name/b/t'], 3);
  tf.dispose(weights.map((x) => x.tensor));
  for (const o of [together, ...alone]) o.dispose();
  tf.dispose([w, b, w2, b2]);
});

test('setWeights(getWeights()) into a new optimizer continues the trajectory exactly', async () => {
  const w = tf.variable(tf.ones([4, 2]), true, 'resume/w');
  const original = new Compass(HYPER);
  for (let s = 1; s <= 3; s++) stepOnce(original, [w], s);
  const saved = await original.getWeights();
  assert.deepEqual(saved.map((x) => x.name), ['iter', 'resume/w/m', 'resume/w/v', 'resume/w/t']);
  const checkpoint = tf.clone(w);
  const resumed = new Compass(HYPER);
  await resumed.setWeights(saved);
  tf.dispose(saved.map((x) => x.tensor)); // the optimizer keeps its own copies
  for (let s = 4; s <= 6; s++) stepOnce(original, [w], s);
  const expected = await w.array();
  w.assign(checkpoint);
  for (let s = 4; s <= 6; s++) stepOnce(resumed, [w], s);
  assert.equal(resumed.iterations, 6);
  assert.deepEqual(await w.array(), expected);
  // The control: fresh state does not land on the same weights, so the comparison can fail.
  w.assign(checkpoint);
  const fresh = new Compass(HYPER);
  for (let s = 4; s <= 6; s++) stepOnce(fresh, [w], s);
  assert.notDeepEqual(await w.array(), expected);
  for (const o of [original, resumed, fresh]) o.dispose();
  tf.dispose([w, checkpoint]);
});

test('setWeights rejects incomplete or foreign state with a message naming what is missing', async () => {
  const optimizer = new Compass();
  const m = tf.zeros([2]);
  const iter = tf.scalar(1, 'int32');
  await assert.rejects(optimizer.setWeights([{ name: 'x/m', tensor: m }]), /needs an "iter" entry; got x\/m/);
  await assert.rejects(optimizer.setWeights([{ name: 'iter', tensor: iter }, { name: 'x/m', tensor: m }]), /needs "x\/m", "x\/v" and "x\/t"/);
  await assert.rejects(optimizer.setWeights([{ name: 'iter', tensor: iter }, { name: 'x/momentum', tensor: m }]), /got "x\/momentum"/);
  tf.dispose([m, iter]);
});

test('getConfig/fromConfig round-trip through tf.serialization for Compass and SGD', () => {
  const map = tf.serialization.SerializationMap.getMap().classNameMap;
  for (const optimizer of [new Compass({ ...HYPER, decay: 'decoupled', beta1: 0.9 }), new SGD({ learningRate: 0.1, weightDecay: 0.01, decay: 'decoupled' })]) {
    const [cls, fromConfig] = map[optimizer.getClassName()];
    const copy = fromConfig(cls, optimizer.getConfig());
    assert.equal(copy.constructor, optimizer.constructor);
    assert.deepEqual(copy.getConfig(), optimizer.getConfig());
  }
  // tfjs's own SGD keeps its registration: ours is registered under a different name.
  assert.equal(map['SGD'][0], tf.SGDOptimizer);
});

function smallModel(): tf.LayersModel {
  const model = tf.sequential();
  model.add(tf.layers.dense({ units: 4, inputShape: [3], activation: 'tanh', kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }));
  model.add(tf.layers.dense({ units: 1, kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }));
  return model;
}

const xs = tf.tensor2d([[0, 1, 2], [1, -1, 0.5], [2, 0, -1], [-1, 1, 1], [0.5, 0.5, -2], [1, 2, 1]]);
const ys = tf.tensor2d([[1], [0], [-1], [2], [0.5], [1.5]]);
const fitEpochs = (model: tf.LayersModel, epochs: number) => model.fit(xs, ys, { epochs, batchSize: 3, shuffle: false, verbose: 0 });

test('a model saved and loaded with its optimizer continues on the same trajectory', async () => {
  const model = smallModel();
  model.compile({ optimizer: new Compass({ ...HYPER, learningRate: 0.05 }), loss: 'meanSquaredError' });
  await fitEpochs(model, 3);
  let artifacts: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      artifacts = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
    { includeOptimizer: true },
  );
  assert.ok(artifacts?.weightSpecs?.some((spec) => spec.group === 'optimizer' && spec.name.endsWith('/m')));
  const loaded = await tf.loadLayersModel(tf.io.fromMemory(artifacts!));
  assert.ok(loaded.optimizer instanceof Compass, 'the optimizer comes back as a Compass');
  assert.deepEqual(loaded.optimizer.getConfig(), model.optimizer.getConfig());
  // Without its saved state (the control), the loaded model would take other steps.
  const control = await tf.loadLayersModel(tf.io.fromMemory(artifacts!));
  control.compile({ optimizer: new Compass({ ...HYPER, learningRate: 0.05 }), loss: 'meanSquaredError' });
  for (const m of [model, loaded, control]) await fitEpochs(m, 2);
  const weightsOf = (m: tf.LayersModel) => Promise.all(m.getWeights().map((w) => w.array()));
  assert.deepEqual(await weightsOf(loaded), await weightsOf(model));
  assert.notDeepEqual(await weightsOf(control), await weightsOf(model));
  for (const m of [model, loaded, control]) {
    m.optimizer.dispose();
    m.dispose();
  }
});

test('loaded state matches by exact name first, then up to the tfjs-layers _<n> suffix, never ambiguously', () => {
  const loaded = new Set(['dense/kernel', 'dense/kernel_1', 'out/bias']);
  const alone = (name: string) => new Set([name]);
  assert.equal(matchLoadedName('dense/kernel_1', loaded, alone('dense/kernel_1')), 'dense/kernel_1');
  assert.equal(matchLoadedName('out/bias_3', loaded, alone('out/bias_3')), 'out/bias');
  assert.equal(matchLoadedName('dense/kernel_2', loaded, alone('dense/kernel_2')), undefined, 'two candidates: none is guessed');
  assert.equal(matchLoadedName('other/kernel', loaded, alone('other/kernel')), undefined);
  const together = new Set(['out/bias', 'out/bias_3']);
  assert.equal(matchLoadedName('out/bias_3', loaded, together), undefined, 'out/bias, stepped too, keeps its own state');
});
