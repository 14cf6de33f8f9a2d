import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseNotebook, NotebookFormatError } from '../../src/lib/runtime/parse.ts';

const PREAMBLE = `// Notebook: example
/* a block
   comment */
import * as tf from '@tensorflow/tfjs';
import * as Plot from '@observablehq/plot';
import { Compass, SGD as PlainSGD, type BackendName } from '../src/lib/compass/index.ts';
import { display, check } from '../src/lib/runtime/cell-api.ts';
import type { Rng } from '../src/lib/runtime/cell-api.ts';
`;

test('splits the preamble imports and the cells with ids, titles, code and first lines', () => {
  const notebook = parseNotebook(`${PREAMBLE}\n// %% [first-cell] The first one\nconst a = 1;\n\n\n// %%  [second]\ndisplay(a);\n`);
  assert.deepEqual(notebook.imports, [
    { module: 'tf', namespace: 'tf', named: [] },
    { module: 'plot', namespace: 'Plot', named: [] },
    { module: 'compass', named: [['Compass', 'Compass'], ['SGD', 'PlainSGD']] },
    { module: 'cellApi', named: [['display', 'display'], ['check', 'check']] },
  ]);
  assert.deepEqual(notebook.cells, [
    { id: 'first-cell', title: 'The first one', code: 'const a = 1;', firstLine: 11 },
    { id: 'second', title: '', code: 'display(a);', firstLine: 15 },
  ]);
});

test('rejects an import of a module the runtime does not provide, naming file, line and what is allowed', () => {
  assert.throws(
    () => parseNotebook(`import fs from 'node:fs';\n// %% [a]\n`, 'notebooks/bad.ts'),
    (error: unknown) =>
      error instanceof NotebookFormatError && error.line === 1 && /notebooks\/bad\.ts:1: .*"node:fs".*allowed: '@tensorflow\/tfjs'/.test(error.message),
  );
});

test('rejects code before the first cell, a marker without a kebab-case id, duplicate ids and a file without cells', () => {
  assert.throws(() => parseNotebook(`const x = 1;\n// %% [a]\n`), /1: only comments and import lines/);
  assert.throws(() => parseNotebook(`// %% [Bad_Id]\n`), /1: a cell marker needs a kebab-case id/);
  assert.throws(() => parseNotebook(`// %% no id\n`), /a cell marker needs a kebab-case id/);
  assert.throws(() => parseNotebook(`// %% [a]\n1;\n// %% [a]\n2;\n`), /3: duplicate cell id "a"/);
  assert.throws(() => parseNotebook(`// just a comment\n`), /no cells/);
  assert.throws(() => parseNotebook(`import { x } from 'somewhere';\n// %% [a]\n`), /does not provide "somewhere"/);
});

test('every notebook of the site parses', async () => {
  const { readdirSync, readFileSync } = await import('node:fs');
  const files = readdirSync('notebooks').filter((name) => name.endsWith('.ts'));
  assert.ok(files.includes('demo.ts'));
  for (const name of files) {
    const notebook = parseNotebook(readFileSync(`notebooks/${name}`, 'utf8'), `notebooks/${name}`);
    assert.ok(notebook.cells.length > 0, name);
  }
});
