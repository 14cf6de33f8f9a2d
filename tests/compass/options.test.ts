/** Bad input: invalid options, gradients of the wrong shape, the first-step warning, NaN. */
import { test, before, mock } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { Compass, SGD, type CompassOptions } from '../../src/lib/compass/index.ts';

before(async () => {
  await tf.setBackend('cpu');
});

const invalid: [keyof CompassOptions, unknown, string][] = [
  ['learningRate', 0, '(0, ∞)'],
  ['learningRate', -1e-3, '(0, ∞)'],
  ['learningRate', Number.NaN, '(0, ∞)'],
  ['learningRate', Number.POSITIVE_INFINITY, '(0, ∞)'],
  ['beta1', 1, '[0, 1)'],
  ['beta1', -0.1, '[0, 1)'],
  ['beta2', 1.5, '[0, 1)'],
  ['epsilon', -1e-8, '[0, ∞)'],
  ['weightDecay', -0.1, '[0, ∞)'],
  ['ampFac', -2, '[0, ∞)'],
  ['centralization', -1, '[0, ∞)'],
];

for (const [option, value, range] of invalid) {
  test(`Compass rejects ${option} = ${value} with a RangeError naming option, value and range`, () => {
    assert.throws(
      () => new Compass({ [option]: value }),
      (error: Error) => {
        assert.ok(error instanceof RangeError);
        assert.ok(error.message.includes(`option ${option}`), error.message);
        assert.ok(error.message.includes(range), error.message);
        assert.ok(error.message.endsWith(`got ${value}`), error.message);
        return true;
      },
    );
  });
}

test('a number given as a string is rejected and shown as a string', () => {
  assert.throws(() => new Compass({ learningRate: '0.1' as unknown as number }), {
    name: 'RangeError',
    message: 'Compass: option learningRate must be a finite number in (0, ∞); got "0.1" (a string)',
  });
});

test('an unknown decay mode is a RangeError listing the modes', () => {
  assert.throws(() => new Compass({ decay: 'adamw' as CompassOptions['decay'] }), {
    name: 'RangeError',
    message: `Compass: option decay must be one of 'stepweight', 'decoupled', 'l2'; got "adamw" (a string)`,
  });
});

test('a misspelt option name is a TypeError listing the known ones', () => {
  assert.throws(() => new Compass({ lr: 0.1 } as CompassOptions), {
    name: 'TypeError',
    message: /unknown option lr; known options are learningRate, beta1, beta2/,
  });
});

test('SGD requires a learning rate and accepts only l2 or decoupled decay', () => {
  assert.throws(() => new SGD({} as { learningRate: number }), {
    name: 'RangeError',
    message: 'SGD: option learningRate must be a finite number in (0, ∞); got undefined',
  });
  assert.throws(() => new SGD({ learningRate: 0.1, decay: 'stepweight' as 'l2' }), { name: 'RangeError', message: /option decay/ });
});

test('defaults are the reference defaults, and an option given as undefined takes its default', () => {
  // The reference's defaults (compass.py, latest version), written out rather than imported.
  const reference = { learningRate: 1e-3, beta1: 0.99, beta2: 0.999, ampFac: 2, epsilon: 1e-8 };
  assert.deepEqual(new Compass({ beta1: undefined }).getConfig(), { ...reference, weightDecay: 0, centralization: 0, decay: 'stepweight' });
});

test('a gradient of the wrong shape throws naming the variable and both shapes, and changes nothing', async () => {
  const w = tf.variable(tf.ones([2, 3]), true, 'shape-check/w');
  const b = tf.variable(tf.ones([3]), true, 'shape-check/b');
  const optimizer = new Compass();
  const gradB = tf.ones([3]);
  const gradW = tf.ones([3, 2]);
  const before = tf.memory().numTensors;
  assert.throws(() => optimizer.applyGradients({ 'shape-check/b': gradB, 'shape-check/w': gradW }), {
    message: 'Compass: the gradient for variable "shape-check/w" has shape [3, 2], but the variable has shape [2, 3]',
  });
  assert.deepEqual(await b.array(), [1, 1, 1], 'the well-shaped variable was not stepped either');
  assert.equal(tf.memory().numTensors, before, 'no state was created');
  assert.equal(optimizer.iterations, 0);
  assert.throws(() => optimizer.applyGradients({ 'no-such-variable': gradB }), { message: /"no-such-variable".*no tf.Variable/ });
  tf.dispose([w, b, gradB, gradW]);
});

test('a first-step decay factor <= 0 warns once, naming the values, and still flips the weights', async () => {
  const warn = mock.method(console, 'warn', () => {});
  try {
    const w = tf.variable(tf.tensor([1, -2]), true, 'warn-check/w');
    const u = tf.variable(tf.tensor([3]), true, 'warn-check/u');
    const optimizer = new Compass({ learningRate: 0.1, weightDecay: 5, beta1: 0.9 });
    const step = () => tf.tidy(() => optimizer.applyGradients({ 'warn-check/w': tf.zeros([2]), 'warn-check/u': tf.zeros([1]) }));
    step();
    // A zero gradient leaves only the decay: step 1 multiplies by 1 - (0.1 / (1 - 0.9)) * 5 = -4.
    assert.deepEqual(await w.array(), [-4, 8]);
    step();
    step();
    assert.equal(warn.mock.callCount(), 1);
    const message = String(warn.mock.calls[0].arguments[0]);
    assert.match(message, /1 - lr\*wd\/\(1 - beta1\) = 1 - 0\.1\*5\/\(1 - 0\.9\) = -4 /);
    assert.match(message, /flips the sign/);
    optimizer.dispose();
    tf.dispose([w, u]);
  } finally {
    warn.mock.restore();
  }
});

test('no warning when the first-step decay factor is positive', () => {
  const warn = mock.method(console, 'warn', () => {});
  try {
    const w = tf.variable(tf.ones([2]), true, 'nowarn/w');
    const optimizer = new Compass({ learningRate: 1e-3, weightDecay: 0.1 });
    tf.tidy(() => optimizer.applyGradients({ 'nowarn/w': tf.ones([2]) }));
    assert.equal(warn.mock.callCount(), 0);
    optimizer.dispose();
    w.dispose();
  } finally {
    warn.mock.restore();
  }
});

test('NaN and Infinity in a gradient propagate to exactly the elements they touch', async () => {
  const w = tf.variable(tf.tensor([1, 2, 3]), true, 'nan-check/w');
  const optimizer = new Compass({ learningRate: 0.01 });
  tf.tidy(() => optimizer.applyGradients({ 'nan-check/w': tf.tensor([Number.NaN, Number.POSITIVE_INFINITY, 1]) }));
  const [a, b, c] = (await w.array()) as number[];
  assert.ok(Number.isNaN(a), 'NaN gradient -> NaN weight');
  assert.ok(!Number.isFinite(b), 'infinite gradient -> non-finite weight (inf/inf is NaN, as in PyTorch)');
  assert.ok(Number.isFinite(c) && c < 3, 'the finite element still took its step');
  optimizer.dispose();
  w.dispose();
});
