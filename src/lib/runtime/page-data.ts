/**
 * What a page needs to show one cell at build time: its code and its outputs and controls
 * in the page's language, computed by the headless runner. Errors name the notebook and cell and
 * say what is allowed, so a typo in an MDX page fails the build with a clear message.
 */
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseNotebook } from './parse.ts';
import { NOTEBOOK_OUTPUT_DIR, type NotebookOutputs } from './notebook-outputs.ts';
import type { CellRecord, Lang } from './outputs.ts';

export interface CellView {
  notebook: string;
  id: string;
  code: string;
  record: CellRecord;
  /** tfjs backend the pre-rendered outputs were computed on. */
  backend: string;
}

export function cellView(notebook: string, id: string, lang: Lang): CellView {
  const file = join('notebooks', `${notebook}.ts`);
  if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(notebook) || !existsSync(file)) {
    throw new Error(`<Cell notebook="${notebook}">: no notebook file ${file}`);
  }
  const { cells } = parseNotebook(readFileSync(file, 'utf8'), file);
  const cell = cells.find((c) => c.id === id);
  if (!cell) throw new Error(`<Cell notebook="${notebook}" id="${id}">: no such cell; cells: ${cells.map((c) => c.id).join(', ')}`);
  const outputsFile = join(NOTEBOOK_OUTPUT_DIR, `${notebook}.json`);
  if (!existsSync(outputsFile)) throw new Error(`${outputsFile} is missing: run "npm run notebooks" (npm run build does)`);
  const outputs = JSON.parse(readFileSync(outputsFile, 'utf8')) as NotebookOutputs;
  const record = outputs.cells.find((c) => c.id === id)?.outputs[lang];
  if (!record) throw new Error(`${outputsFile} has no ${lang} outputs for cell "${id}": run "npm run notebooks -- ${file}"`);
  return { notebook, id, code: cell.code, record, backend: outputs.backend };
}

const barsShown = new WeakMap<object, Set<string>>();

/**
 * True for the first cell of `notebook` rendered on a page (keyed by the page's `Astro.locals`):
 * that cell carries the notebook's bar (Run all, backend choice), so each notebook gets one.
 */
export function isFirstCellOnPage(pageLocals: object, notebook: string): boolean {
  const shown = barsShown.get(pageLocals) ?? new Set<string>();
  barsShown.set(pageLocals, shown);
  if (shown.has(notebook)) return false;
  shown.add(notebook);
  return true;
}
