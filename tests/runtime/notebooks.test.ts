/**
 * Every notebook runs headlessly (Node, tfjs wasm) in both languages with all its checks passing,
 * through the real command `npm run notebooks`; a second run is served from the cache.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { NOTEBOOK_OUTPUT_DIR, type NotebookOutputs } from '../../src/lib/runtime/notebook-outputs.ts';
import { parseNotebook } from '../../src/lib/runtime/parse.ts';
import { LANGS } from '../../src/lib/runtime/outputs.ts';

const names = readdirSync('notebooks').filter((f) => f.endsWith('.ts')).map((f) => f.slice(0, -3));
const runner = () => spawnSync(process.execPath, ['scripts/run-notebooks.ts'], { encoding: 'utf8', timeout: 15 * 60_000 });

test('npm run notebooks passes and writes every cell\'s outputs in both languages, with no failed check or error', () => {
  const run = runner();
  assert.equal(run.status, 0, run.stderr);
  for (const name of names) {
    const outputs = JSON.parse(readFileSync(`${NOTEBOOK_OUTPUT_DIR}/${name}.json`, 'utf8')) as NotebookOutputs;
    const cells = parseNotebook(readFileSync(`notebooks/${name}.ts`, 'utf8')).cells;
    assert.deepEqual(outputs.cells.map((c) => c.id), cells.map((c) => c.id), `${name}: one record per cell`);
    for (const cell of outputs.cells) {
      for (const lang of LANGS) {
        const record = cell.outputs[lang];
        assert.ok(record, `${name} [${cell.id}] has ${lang} outputs`);
        const bad = record.outputs.filter((o) => o.kind === 'error' || (o.kind === 'check' && !o.ok));
        assert.deepEqual(bad, [], `${name} [${cell.id}] (${lang})`);
      }
    }
    assert.ok(['wasm', 'cpu'].includes(outputs.backend), `${name} ran on ${outputs.backend}`);
  }
});

test('an unchanged notebook is not recomputed: the second run is served from the cache', () => {
  const run = runner();
  assert.equal(run.status, 0, run.stderr);
  for (const name of names) assert.match(run.stderr, new RegExp(`^${name}: unchanged \\(cache `, 'm'));
});

test('a notebook with a failing check fails the command with the notebook, language, cell and label', () => {
  const run = spawnSync(process.execPath, ['scripts/run-notebooks.ts', 'tests/runtime/fixtures/failing.ts'], { encoding: 'utf8' });
  assert.equal(run.status, 1);
  assert.match(run.stderr, /tests\/runtime\/fixtures\/failing\.ts \(en\) cell \[claim\]: check failed: Training lowered the loss/);
  assert.match(run.stderr, /failing\.ts \(hu\) cell \[crash\]: .*sor.*oszlop/);
});
