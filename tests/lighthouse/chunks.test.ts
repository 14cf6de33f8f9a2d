/**
 * The notebook runtime's chunks in the build (issue 7): nothing heavy loads with the page, the
 * editor loads only on Edit, and the large libraries sit in chunks of their own so that a Run
 * downloads only what it uses (no WebGPU backend for a WebGL run, no editor, ...).
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { analyseChunks, loadedWhen, type ChunkReport } from '../../scripts/chunk-sizes.ts';

/** Libraries that must each sit in their own chunk (no two of them in one). */
const SEPARATE = ['tfjs-core', 'webgpu backend', 'wasm backend', 'Plot', 'CodeMirror', 'sucrase'];

let chunks: ChunkReport[];

before(() => {
  chunks = analyseChunks();
});

test('chunks loaded with a page hold none of the recognised libraries', () => {
  const heavy = chunks.filter((chunk) => chunk.chain?.length === 0 && chunk.holds.length > 0);
  assert.deepEqual(heavy.map((chunk) => `${chunk.label} holds ${chunk.holds.join(', ')}`), []);
});

test('the libraries are in the build, so the checks below see them', () => {
  const found = new Set(chunks.flatMap((chunk) => chunk.holds));
  assert.deepEqual(SEPARATE.filter((library) => !found.has(library)), []);
});

test('CodeMirror loads only through the editor chunk (not on Run)', () => {
  const early = chunks.filter((chunk) => chunk.holds.includes('CodeMirror') && !chunk.chain?.includes('editor'));
  assert.deepEqual(early.map((chunk) => `${chunk.label} (${loadedWhen(chunk)})`), []);
});

test('tfjs-core, the webgpu and wasm backends, Plot, CodeMirror and sucrase are separate chunks', () => {
  const shared = chunks
    .map((chunk) => ({ chunk, together: chunk.holds.filter((library) => SEPARATE.includes(library)) }))
    .filter(({ together }) => together.length > 1)
    .map(({ chunk, together }) => `${chunk.label} (${(chunk.gzipBytes / 1024).toFixed(0)} KB gzip) holds ${together.join(', ')}`);
  if (shared.length > 0) assert.fail(`a Run downloads libraries it may not use, bundled together:\n${shared.join('\n')}`);
});
