/** The backend chooser in Node: webgpu and webgl are refused with reasons, wasm is taken. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { chooseBackend, type BackendName } from '../../src/lib/compass/index.ts';

test('in Node, chooseBackend refuses webgpu and webgl with reasons and takes wasm', async () => {
  const choice = await chooseBackend();
  assert.equal(choice.backend, 'wasm');
  assert.equal(tf.getBackend(), 'wasm');
  assert.deepEqual(choice.refused.map((r) => r.backend), ['webgpu', 'webgl']);
  assert.match(choice.refused[0].reason, /navigator\.gpu/);
  assert.match(choice.refused[1].reason, /WebGL/);
});

test('a given order is followed', async () => {
  assert.deepEqual(await chooseBackend({ order: ['cpu', 'wasm'] }), { backend: 'cpu', refused: [] });
  assert.equal(tf.getBackend(), 'cpu');
  const onlyBrowser = chooseBackend({ order: ['webgl', 'webgpu'] });
  await assert.rejects(onlyBrowser, /no backend could be initialised \(webgl: .*; webgpu: .*\)/);
});

test('an empty or unknown order is a RangeError', async () => {
  await assert.rejects(chooseBackend({ order: [] }), { name: 'RangeError', message: /option order must be a non-empty list/ });
  await assert.rejects(chooseBackend({ order: ['tpu' as BackendName] }), { name: 'RangeError', message: /got \["tpu"\]/ });
});
