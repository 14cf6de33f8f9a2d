/**
 * Runs a whole notebook once in one language and records each cell's outputs: the core of the
 * headless runner (Node) and of the runtime tests. The caller provides the modules (tfjs with its
 * backend already chosen, Plot with a document, the Compass module, the cell API).
 */
import { parseNotebook } from './parse.ts';
import { Kernel, type KernelEvent } from './kernel.ts';
import { createTranslator } from './i18n.ts';
import type { ModuleName } from './parse.ts';
import type { CellRecord, Lang } from './outputs.ts';
import type * as tfTypes from '@tensorflow/tfjs';

export interface NotebookRunOptions {
  source: string;
  /** File name used in messages. */
  file: string;
  lang: Lang;
  modules: Record<ModuleName, object>;
  /** Called on every kernel event (progress bars). */
  onEvent?: (event: KernelEvent) => void;
}

export interface NotebookRunResult {
  cells: { id: string; title: string; code: string; record: CellRecord; ms: number }[];
  /** One line per failed check, error or leak: "cell [id]: …". Empty when the run passed. */
  failures: string[];
}

export async function runNotebook(options: NotebookRunOptions): Promise<NotebookRunResult> {
  const notebook = parseNotebook(options.source, options.file);
  const tf = options.modules.tf as typeof tfTypes;
  const records = new Map<string, CellRecord & { ms: number }>(notebook.cells.map((c) => [c.id, { outputs: [], controls: [], ms: 0 }]));
  const kernel = new Kernel({
    modules: options.modules,
    imports: notebook.imports,
    lang: options.lang,
    t: createTranslator(options.lang),
    onEvent: (event) => {
      const record = records.get(event.cell)!;
      if (event.type === 'output') record.outputs[event.index] = event.output;
      if (event.type === 'controls') record.controls = event.controls;
      if (event.type === 'end') record.ms = event.ms;
      options.onEvent?.(event);
    },
  });
  const baseline = tf.memory().numTensors;
  await kernel.run(notebook.cells.map(({ id, code }) => ({ id, code })), 'all');
  kernel.reset();
  const failures: string[] = [];
  for (const [id, record] of records) {
    for (const output of record.outputs) {
      if (output.kind === 'error') failures.push(`cell [${id}]: ${output.message}`);
      if (output.kind === 'check' && !output.ok) failures.push(`cell [${id}]: check failed: ${output.label}${output.detail ? ` (${output.detail})` : ''}`);
    }
  }
  const leaked = tf.memory().numTensors - baseline;
  if (leaked !== 0) failures.push(`${leaked} tensors left after the kernel was reset (numTensors ${baseline} -> ${baseline + leaked})`);
  return {
    cells: notebook.cells.map(({ id, title, code }) => {
      const { ms, ...record } = records.get(id)!;
      return { id, title, code, record, ms };
    }),
    failures,
  };
}
