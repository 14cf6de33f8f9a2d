/** Golden trajectories on the two Node backends, cpu and wasm. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { chooseBackend, type BackendName } from '../../src/lib/compass/index.ts';
import { parseReplayFile } from '../../src/lib/compass/replay-format.ts';
import { replayFile } from '../../src/lib/compass/replay.ts';
import { disagreements, loadGolden } from './agreement.ts';

const golden = loadGolden();

for (const backend of ['cpu', 'wasm'] satisfies BackendName[]) {
  for (const fused of [true, false]) {
    test(`every golden case agrees with the reference on ${backend}, ${fused ? 'fused kernel' : 'stock-op rule'}`, async () => {
      const choice = await chooseBackend({ order: [backend] });
      assert.equal(choice.backend, backend);
      assert.equal(tf.getBackend(), backend);
      const before = tf.memory().numTensors;
      const output = await replayFile(parseReplayFile(golden), { fused });
      assert.equal(output.backend, backend);
      assert.equal(output.cases.length, golden.cases.length);
      assert.deepEqual(disagreements(output, golden).slice(0, 10), []);
      assert.equal(tf.memory().numTensors, before, 'replay leaves no tensors behind');
    });
  }
}

test('the agreement check reports an element just outside the tolerance', () => {
  const output = {
    backend: 'none',
    cases: golden.cases.map((c) => ({ name: c.name, trajectory: structuredClone(c.expected) })),
  };
  assert.deepEqual(disagreements(output, golden), []);
  const step = output.cases[1].trajectory[4];
  const e = golden.cases[1].expected[4].w[3];
  step.w[3] = e + 1.01 * (2e-5 + 1e-4 * Math.abs(e));
  const problems = disagreements(output, golden);
  assert.equal(problems.length, 1);
  assert.match(problems[0], new RegExp(`^${golden.cases[1].name} step 5 w\\[3\\]`));
});
