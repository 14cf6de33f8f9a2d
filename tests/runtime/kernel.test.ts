/** The kernel in Node on tfjs wasm: shared scope, run order, errors with TS positions, tensor disposal. */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import type { KernelCell } from '../../src/lib/runtime/kernel.ts';
import type { NodeKernelModules } from '../../src/lib/runtime/node-modules.ts';
import { loadKernelModules, testKernel } from './test-kernel.ts';
import { runNotebook } from '../../src/lib/runtime/run-notebook.ts';
import type { CellOutput, Lang } from '../../src/lib/runtime/outputs.ts';

const PREAMBLE = `import * as tf from '@tensorflow/tfjs';
import * as Plot from '@observablehq/plot';
import { Compass } from '../src/lib/compass/index.ts';
import { display, check, input, train, fmt, lang, t } from '../src/lib/runtime/cell-api.ts';
`;

let loaded: NodeKernelModules;
before(async () => {
  loaded = await loadKernelModules();
});

const kernel = (lang: Lang = 'en') => testKernel(PREAMBLE, lang);

const texts = (outputs: CellOutput[]) => outputs.map((o) => (o.kind === 'text' ? o.text : o.kind === 'error' ? `error: ${o.message}` : o.kind));

test('cells share a scope; running a later cell first runs the earlier cells that have not run or changed', async () => {
  const k = kernel();
  const cells: KernelCell[] = [
    { id: 'a', code: 'const x: number = 2;\nlet total = 0;' },
    { id: 'b', code: 'total += x;\ndisplay(total);' },
    { id: 'c', code: 'display(`${x * 10}/${total}`);' },
  ];
  assert.equal(await k.kernel.run(cells, 'c'), true);
  assert.deepEqual(k.started(), ['a', 'b', 'c']);
  assert.deepEqual(texts(k.outputs('c')), ['20/2'], 'c sees a\'s const and b\'s assignment to a\'s let');
  k.events.length = 0;
  await k.kernel.run(cells, 'c');
  assert.deepEqual(k.started(), ['c'], 'up-to-date earlier cells are not re-run');
  k.events.length = 0;
  cells[0] = { id: 'a', code: 'const x = 3;\nlet total = 100;' };
  await k.kernel.run(cells, 'c');
  assert.deepEqual(k.started(), ['a', 'b', 'c'], 'a changed cell re-runs, and so do the cells after it');
  assert.deepEqual(texts(k.outputs('c')), ['30/103']);
  k.events.length = 0;
  await k.kernel.run(cells, 'all');
  assert.deepEqual(k.started(), ['a', 'b', 'c'], "'all' runs every cell afresh");
  k.kernel.reset();
});

test('a syntax error is reported at its line and column in the cell, in the kernel language; later cells do not run', async () => {
  const k = kernel('hu');
  const ok = await k.kernel.run([{ id: 'a', code: 'const a = 1;\nconst b = (;' }, { id: 'b', code: 'display(1);' }], 'b');
  assert.equal(ok, false);
  const [error] = k.outputs('a');
  assert.equal(error.kind, 'error');
  assert.equal(error.kind === 'error' && `${error.line}:${error.column}`, '2:12');
  assert.match(error.kind === 'error' ? error.message : '', /^Szintaktikai hiba a\(z\) 2\. sor 12\. oszlopában/);
  assert.match(texts(k.outputs('b'))[0], /korábbi „a” cella/);
});

test('an exception is reported at its line and column in the TypeScript, although types were stripped before it', async () => {
  const k = kernel();
  const line2 = "const value: Record<string, { deep: number }> = {} as Record<string, { deep: number }>; const n = (value as any).missing.deep;";
  await k.kernel.run([{ id: 'a', code: `const first: number = 1;\n${line2}` }], 'a');
  const [error] = k.outputs('a');
  assert.ok(error.kind === 'error' && error.line === 2, JSON.stringify(error));
  const column = error.kind === 'error' ? error.column! : 0;
  assert.equal(line2.slice(column - 1, column - 1 + 'deep'.length), 'deep', `column ${column} points at the property read that failed`);
  assert.match(error.kind === 'error' ? error.message : '', /^Error at line 2, column \d+: Cannot read properties of undefined/);
});

test('an error thrown deep inside a tfjs op after an await still names the cell line', async () => {
  const k = kernel();
  await k.kernel.run([{ id: 'a', code: 'await new Promise((resolve) => setTimeout(resolve, 1));\n\ntf.tensor([1, 2]).reshape([3]);' }], 'a');
  const [error] = k.outputs('a');
  assert.ok(error.kind === 'error' && error.line === 3, JSON.stringify(error));
});

test('tensors and variables a cell leaves are disposed; declared ones live until the cell re-runs or the kernel resets', async () => {
  const k = kernel();
  const baseline = tf.memory().numTensors;
  const cells: KernelCell[] = [
    { id: 'temporary', code: 'const sum = tf.zeros([5]).add(1).sum().arraySync();\ntf.tidy(() => tf.ones([2]));\nconst local = tf.variable(tf.ones([3]));' },
    { id: 'kept', code: 'const kept = tf.ones([3]);\nconst w = tf.variable(tf.ones([3]));\nconst optimizer = new Compass({ learningRate: 0.1 });\noptimizer.minimize(() => w.square().sum());' },
    { id: 'failing', code: 'const lost = tf.ones([4]);\nconst v = tf.variable(tf.ones([2]));\nthrow new Error("boom");' },
  ];
  await k.kernel.run(cells, 'temporary');
  // `local` is declared but a plain Variable without an owner object: the rule keeps declared variables.
  const afterTemporary = tf.memory().numTensors;
  assert.equal(afterTemporary, baseline + 1, 'only the declared variable `local` is left');
  await k.kernel.run(cells, 'kept');
  const afterKept = tf.memory().numTensors;
  assert.ok(afterKept > afterTemporary + 2, 'kept tensor, variable w and the optimizer state stay alive');
  await k.kernel.run(cells, 'failing');
  assert.equal(tf.memory().numTensors, afterKept, 'a failing cell leaves nothing behind');
  await k.kernel.run(cells, 'kept');
  assert.equal(tf.memory().numTensors, afterKept, 're-running a cell disposes what its previous run kept');
  k.kernel.reset();
  assert.equal(tf.memory().numTensors, baseline, 'reset returns numTensors to the baseline');
});

test('tensors inside declared arrays and objects live on; an alias of an earlier cell\'s tensor stays that cell\'s', async () => {
  const k = kernel();
  const baseline = tf.memory().numTensors;
  const cells: KernelCell[] = [
    { id: 'first', code: 'const kept = tf.ones([3]);' },
    { id: 'nested', code: 'const data = { xs: [tf.ones([2]), tf.zeros([2])], model: { w: tf.variable(tf.ones([2])) } };\nconst alias = kept;' },
    { id: 'uses', code: 'display(data.xs[0].add(data.model.w).add(alias.sum()).arraySync().join(","));' },
  ];
  await k.kernel.run(cells, 'uses');
  assert.deepEqual(texts(k.outputs('uses')), ['5,5']);
  assert.equal(tf.memory().numTensors, baseline + 4, 'kept, the two nested tensors and the nested variable');
  await k.kernel.run(cells, 'nested');
  assert.equal(tf.memory().numTensors, baseline + 4, 're-running the cell replaced its tensors; the aliased `kept` survived');
  await k.kernel.run(cells, 'uses');
  assert.deepEqual(texts(k.outputs('uses')), ['5,5', '5,5']);
  k.kernel.reset();
  assert.equal(tf.memory().numTensors, baseline);
});

test('train() stops on a NaN loss naming the step and the value; the figure keeps its last drawing', async () => {
  const k = kernel('hu');
  const code = [
    'const view = display("before");',
    'await train({ steps: 20, every: 5, step: (i) => tf.scalar(i < 7 ? 1 : NaN), onLog: (step) => view.update(`step ${step}`) });',
  ].join('\n');
  assert.equal(await k.kernel.run([{ id: 'a', code }], 'a'), false);
  const outputs = k.outputs('a');
  const last = outputs.filter((o) => o.kind === 'text').at(-1);
  assert.deepEqual(last, { kind: 'text', text: 'step 5' }, 'the last update before the NaN stays');
  const error = outputs.find((o) => o.kind === 'error');
  assert.match(error && error.kind === 'error' ? error.message : '', /a veszteség NaN a\(z\) 10\. lépésben/);
  assert.equal(error && error.kind === 'error' ? error.line : 0, 2);
  k.kernel.reset();
});

test('controls report their specs and return the values the page sends; bad arguments give clear errors', async () => {
  const k = kernel();
  const code = "const rate = input.range([0, 1], { value: 0.25, step: 0.05, label: 'Rate' });\nconst kind = input.select(['a', 'b'], { value: 'a', label: 'Kind' });\nconst on = input.checkbox({ value: false, label: 'On' });\ndisplay(`${rate} ${kind} ${on}`);";
  await k.kernel.run([{ id: 'a', code, controls: [0.5, 'b', true] }], 'a');
  assert.deepEqual(texts(k.outputs('a')), ['0.5 b true']);
  const specs = k.events.filter((e) => e.type === 'controls').at(-1);
  assert.deepEqual(specs && specs.type === 'controls' && specs.controls.map((c) => [c.kind, c.label, c.value]), [['range', 'Rate', 0.5], ['select', 'Kind', 'b'], ['checkbox', 'On', true]]);
  await k.kernel.run([{ id: 'a', code }], 'a');
  assert.deepEqual(texts(k.outputs('a')).at(-1), '0.25 a false', 'without values from the page, the defaults');
  const bad = kernel();
  await bad.kernel.run([{ id: 'a', code: "input.range([0, 1], { value: 2, label: 'Rate' });" }], 'a');
  assert.match(texts(bad.outputs('a'))[0], /input\.range "Rate": value 2 is outside \[0, 1\]/);
});

test('runNotebook lists failed checks and exceptions per cell, and formats numbers and texts per language', async () => {
  const source = `${PREAMBLE}// %% [a]\ncheck(t('figures.demoCheckLossFell'), 1 > 2, fmt(0.5));\ndisplay(lang);\n// %% [b]\ndisplay(fmt(1.5));\n`;
  const result = await runNotebook({ source, file: 'notebooks/test.ts', lang: 'hu', modules: loaded.modules });
  assert.deepEqual(result.failures, ['cell [a]: check failed: A tanítás a kiinduló érték tizede alá vitte a veszteséget (0,5)']);
  assert.deepEqual(texts(result.cells[1].record.outputs), ['1,5']);
  assert.deepEqual(texts(result.cells[0].record.outputs), ['check', 'hu']);
});
