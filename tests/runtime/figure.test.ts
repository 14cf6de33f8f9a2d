/** figure() and okabeIto of the cell API, run through the kernel in Node as notebooks run them. */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { loadKernelModules, testKernel } from './test-kernel.ts';
import type { Lang } from '../../src/lib/runtime/outputs.ts';

const CELL_API = "import { display, figure, okabeIto } from '../src/lib/runtime/cell-api.ts';\n";
const WITH_PLOT = `import * as tf from '@tensorflow/tfjs';\nimport * as Plot from '@observablehq/plot';\n${CELL_API}`;

before(async () => {
  await loadKernelModules();
});

/** Runs one cell and returns its outputs as HTML (figures) or "error: message". */
async function outputsOf(code: string, options: { lang?: Lang; preamble?: string } = {}): Promise<string[]> {
  const { lang = 'en', preamble = WITH_PLOT } = options;
  const k = testKernel(preamble, lang);
  await k.kernel.run([{ id: 'x', code }], 'x');
  return k.outputs('x').map((output) => (output.kind === 'html' ? output.html : output.kind === 'error' ? `error: ${output.message}` : output.kind));
}

/** The tick labels of one axis of a figure's HTML. */
function tickLabels(html: string, axis: 'x' | 'y'): string[] {
  const group = new RegExp(`aria-label="${axis}-axis tick label">(.*?)</g>`).exec(html);
  assert.ok(group, `the figure has ${axis} tick labels`);
  return [...group[1].matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
}

const LINE = `const rows = [0, 0.5, 1, 1.5].map((x) => ({ x, y: x / 2, s: 'a' }));\n`;

test('figure() defaults: transparent background, locale ticks on x and y, grid, legend from series', async () => {
  const code = `${LINE}display(figure({ series: [{ label: 'a', color: okabeIto.vermillion }], marks: [Plot.line(rows, { x: 'x', y: 'y', stroke: 's' })] }));`;
  const [hu] = await outputsOf(code, { lang: 'hu' });
  assert.match(hu, /background: ?transparent/);
  assert.deepEqual(tickLabels(hu, 'x').slice(0, 3), ['0', '0,2', '0,4'], 'x ticks with a decimal comma in Hungarian');
  assert.deepEqual(tickLabels(hu, 'y').slice(0, 3), ['0', '0,1', '0,2'], 'y ticks with a decimal comma in Hungarian');
  assert.match(hu, /aria-label="x-grid"/);
  assert.match(hu, /aria-label="y-grid"/);
  assert.match(hu, /<figure[\s\S]*swatch[\s\S]*>a</, 'a legend with the series label');
  assert.match(hu, new RegExp(`stroke="${'#D55E00'}"`, 'i'), 'the line in the colour the series gave');
  const [en] = await outputsOf(code, { lang: 'en' });
  assert.deepEqual(tickLabels(en, 'x').slice(0, 3), ['0', '0.2', '0.4'], 'a decimal point in English');
});

test("figure(): the caller's own options override the defaults; no series, no legend", async () => {
  const code = `${LINE}display(figure({ grid: false, style: { color: 'red' }, x: { tickFormat: (d: number) => 'x' + d }, marks: [Plot.line(rows, { x: 'x', y: 'y' })] }));`;
  const [html] = await outputsOf(code, { lang: 'hu' });
  assert.doesNotMatch(html, /-grid"/, 'grid: false turns the grid off');
  assert.match(html, /background: ?transparent/, 'a style object is merged into the default');
  assert.match(html, /color: ?red/);
  assert.deepEqual(tickLabels(html, 'x').slice(0, 3), ['x0', 'x0.2', 'x0.4'], "the caller's x tick format wins");
  assert.deepEqual(tickLabels(html, 'y').slice(0, 3), ['0', '0,1', '0,2'], 'y keeps the locale format');
  assert.doesNotMatch(html, /swatch/, 'no legend without series');
});

test('figure() in a notebook that does not import Plot fails with a message saying what to import', async () => {
  const [output] = await outputsOf('display(figure({ marks: [] }));', { preamble: CELL_API });
  assert.match(output, /^error: .*figure\(\) draws with Plot: add `import \* as Plot from '@observablehq\/plot';`/);
});

test('okabeIto holds the seven Okabe–Ito colours other than black', async () => {
  const { okabeIto } = await import('../../src/lib/runtime/cell-api.ts');
  assert.deepEqual(Object.values(okabeIto).map((c) => c.toUpperCase()), ['#E69F00', '#56B4E9', '#009E73', '#F0E442', '#0072B2', '#D55E00', '#CC79A7']);
});
