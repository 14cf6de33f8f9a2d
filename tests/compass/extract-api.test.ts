/** The API reference extracted from the Compass module's TSDoc. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as compass from '../../src/lib/compass/index.ts';
import { extractApi, parseDoc } from '../../scripts/extract-api.ts';

const api = extractApi();
const byName = new Map(api.exports.map((e) => [e.name, e]));

test('every runtime export of the module and the contract types appear, each with a description', () => {
  const expected = [...Object.keys(compass), 'BackendName', 'CompassOptions', 'SGDOptions', 'BackendChoice', 'DecayMode'];
  for (const name of expected) {
    const entry = byName.get(name);
    assert.ok(entry, `${name} is missing from the reference`);
    assert.ok(entry.summary.length > 10, `${name} has no description`);
    assert.ok(entry.signature.includes(name), `${name}: ${entry.signature}`);
  }
  assert.equal(byName.get('Compass')?.kind, 'class');
  assert.equal(byName.get('BackendName')?.signature, "type BackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu'");
  assert.equal(byName.get('chooseBackend')?.signature, 'async function chooseBackend(options: ChooseBackendOptions = {}): Promise<BackendChoice>');
  assert.equal(
    byName.get('compassRule')?.signature,
    'function compassRule(p: tf.Tensor, g: tf.Tensor, state: CompassMoments, k: CompassCoefficients): { p: tf.Tensor } & CompassMoments',
  );
});

test('classes list their public members, inherited ones included, and no private ones', () => {
  const members = new Map(byName.get('Compass')!.members.map((m) => [m.name, m]));
  for (const name of ['applyGradients', 'getWeights', 'setWeights', 'dispose', 'getConfig', 'fromConfig', 'hyper']) {
    assert.ok(members.get(name)?.summary, `Compass.${name} is missing or undocumented`);
  }
  assert.equal(members.get('applyGradients')!.signature, 'applyGradients(gradients: tf.NamedTensorMap | NamedTensor[]): void');
  assert.equal(members.get('hyper')!.signature, 'readonly hyper: Readonly<CompassHyper>');
  assert.equal(members.get('hyper')!.inheritedFrom, 'ConfiguredOptimizer');
  assert.equal(members.get('fromConfig')!.static, true);
  assert.match(members.get('applyGradients')!.throws[0], /both shapes/);
  for (const hidden of ['slots', 'unclaimed', 'slotFor', 'warnIfFirstStepWipes', 'disposeSlots']) assert.ok(!members.has(hidden), hidden);
  assert.deepEqual(byName.get('Compass')!.throws.map((t) => t.split(' ')[0]), ['RangeError', 'TypeError']);
});

test('options carry their defaults, ranges and choices', () => {
  const options = Object.fromEntries(api.options.Compass.map((o) => [o.name, o]));
  assert.deepEqual(
    ['learningRate', 'beta1', 'beta2', 'ampFac', 'epsilon', 'weightDecay', 'centralization', 'decay'].map((n) => options[n]?.default),
    [1e-3, 0.99, 0.999, 2, 1e-8, 0, 0, 'stepweight'],
  );
  assert.equal(options.learningRate.range, '(0, ∞)');
  assert.equal(options.beta1.range, '[0, 1)');
  assert.deepEqual(options.decay.choices, ['stepweight', 'decoupled', 'l2']);
  for (const option of [...api.options.Compass, ...api.options.SGD]) assert.ok(option.description, option.name);
  const sgd = Object.fromEntries(api.options.SGD.map((o) => [o.name, o]));
  assert.equal(sgd.learningRate.default, undefined, 'required, so no default');
  assert.deepEqual(sgd.decay.choices, ['l2', 'decoupled']);
});

test('TSDoc parsing: summary, description, @throws and {@link}', () => {
  const doc = parseDoc(`/**
   * Does a thing with {@link Compass}.
   * Second line.
   *
   * More detail.
   *
   * @throws RangeError when
   *   it is bad.
   * @param x ignored
   */`);
  assert.equal(doc.summary, 'Does a thing with `Compass`. Second line.');
  assert.equal(doc.description, 'Does a thing with `Compass`.\nSecond line.\n\nMore detail.');
  assert.deepEqual(doc.throws, ['RangeError when it is bad.']);
});
