/**
 * `npm run notebooks [-- FILE...]`: runs notebooks headlessly in Node (tfjs wasm, else cpu), once per
 * language, with a progress bar per notebook, and writes every cell's outputs for the site build to
 * `src/generated/notebook-outputs/<name>.json`. Fails (exit 1) on a failed check(), an exception or
 * leaked tensors, naming notebook, language and cell.
 *
 * Cache: `.cache/notebooks/<name>-<hash>.json`, the hash covering the notebook, the runtime and Compass
 * code it runs, the i18n resources and the versions of tfjs and Plot; an unchanged notebook is not
 * recomputed. The generated folder is not committed: it is derived from code, so the build
 * (`npm run build` starts with this command) regenerates it, and a fresh clone gets fresh outputs.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, writeFileSync, existsSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { JSDOM } from 'jsdom';
import { nodeKernelModules } from '../src/lib/runtime/node-modules.ts';
import { parseNotebook } from '../src/lib/runtime/parse.ts';
import { runNotebook } from '../src/lib/runtime/run-notebook.ts';
import { createSanitizer } from '../src/lib/runtime/sanitize.ts';
import { LANGS, type CellRecord, type Lang } from '../src/lib/runtime/outputs.ts';
import type { KernelEvent } from '../src/lib/runtime/kernel.ts';
import { NOTEBOOK_OUTPUT_DIR, type NotebookOutputs } from '../src/lib/runtime/notebook-outputs.ts';

const CACHE_DIR = '.cache/notebooks';
/** Code a notebook runs besides itself: any change here recomputes every notebook. */
const HASHED_DIRS = ['src/lib/runtime', 'src/lib/compass', 'src/i18n/runtime', 'src/i18n/figures'];
const HASHED_PACKAGES = ['@tensorflow/tfjs', '@tensorflow/tfjs-backend-wasm', '@observablehq/plot', 'linkedom', 'dompurify'];

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile() && !path.includes(`${join('runtime', 'client')}`))
    .sort();
}

function codeHash(): string {
  const hash = createHash('sha256');
  for (const file of HASHED_DIRS.flatMap(filesUnder)) hash.update(file).update(readFileSync(file));
  for (const name of HASHED_PACKAGES) {
    hash.update(name).update(JSON.parse(readFileSync(join('node_modules', name, 'package.json'), 'utf8')).version);
  }
  return hash.digest('hex');
}

/** A one-line progress bar on a terminal; plain lines per cell otherwise (CI logs). */
function progressReporter(name: string, lang: Lang, cellCount: number) {
  const tty = process.stderr.isTTY;
  let cellsDone = 0;
  let cell = '';
  let step = '';
  const draw = () => {
    const width = 24;
    const filled = Math.round((cellsDone / cellCount) * width);
    process.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${name} (${lang}) ${cellsDone}/${cellCount} cells ${cell} ${step}`.padEnd(100).slice(0, 100));
  };
  let lastDraw = 0;
  return (event: KernelEvent) => {
    if (event.type === 'start') {
      cell = `[${event.cell}]`;
      step = '';
    }
    if (event.type === 'progress') step = `step ${event.done}/${event.total}`;
    if (event.type === 'end') {
      cellsDone++;
      if (!tty) process.stderr.write(`  ${name} (${lang}) [${event.cell}] ${event.ok ? 'ok' : 'FAILED'} ${(event.ms / 1000).toFixed(1)} s\n`);
    }
    const now = Date.now();
    if (tty && (event.type !== 'progress' || now - lastDraw > 100)) {
      lastDraw = now;
      draw();
    }
  };
}

async function main(): Promise<void> {
  const requested = process.argv.slice(2);
  const files = requested.length > 0
    ? requested
    : readdirSync('notebooks').filter((f) => f.endsWith('.ts')).map((f) => join('notebooks', f)).sort();
  for (const file of files) if (!existsSync(file) || !file.endsWith('.ts')) throw new Error(`not a notebook file: ${file} (expected notebooks/<name>.ts)`);
  mkdirSync(CACHE_DIR, { recursive: true });
  mkdirSync(NOTEBOOK_OUTPUT_DIR, { recursive: true });
  const shared = codeHash();
  let loaded: Awaited<ReturnType<typeof nodeKernelModules>> | null = null;
  const sanitize = createSanitizer(new JSDOM('').window as unknown as Parameters<typeof createSanitizer>[0]);
  const failed: string[] = [];

  for (const file of files) {
    const name = basename(file, '.ts');
    const source = readFileSync(file, 'utf8');
    const hash = createHash('sha256').update(shared).update(source).digest('hex').slice(0, 16);
    const cached = join(CACHE_DIR, `${name}-${hash}.json`);
    const target = join(NOTEBOOK_OUTPUT_DIR, `${name}.json`);
    if (existsSync(cached)) {
      writeFileSync(target, readFileSync(cached));
      process.stderr.write(`${name}: unchanged (cache ${relative('.', cached)})\n`);
      continue;
    }
    loaded ??= await nodeKernelModules();
    const started = Date.now();
    const cellCount = parseNotebook(source, file).cells.length;
    const output: NotebookOutputs = { notebook: name, hash, backend: loaded.backend, seconds: {}, cells: [] };
    const failures: string[] = [];
    for (const lang of LANGS) {
      const langStarted = Date.now();
      const result = await runNotebook({ source, file, lang, modules: loaded.modules, onEvent: progressReporter(name, lang, cellCount) });
      if (process.stderr.isTTY) process.stderr.write('\n');
      output.seconds[lang] = (Date.now() - langStarted) / 1000;
      failures.push(...result.failures.map((f) => `${file} (${lang}) ${f}`));
      result.cells.forEach((cell, index) => {
        const record: CellRecord = {
          controls: cell.record.controls,
          outputs: cell.record.outputs.map((o) => (o.kind === 'html' ? { kind: 'html', html: sanitize(o.html) } : o)),
        };
        output.cells[index] ??= { id: cell.id, title: cell.title, outputs: {} };
        output.cells[index].outputs[lang] = record;
      });
    }
    if (failures.length > 0) {
      failed.push(...failures);
      continue;
    }
    const json = JSON.stringify(output);
    writeFileSync(cached, json);
    writeFileSync(target, json);
    process.stderr.write(`${name}: ran on ${loaded.backend} in ${((Date.now() - started) / 1000).toFixed(1)} s (en ${output.seconds.en} s, hu ${output.seconds.hu} s)\n`);
  }
  if (failed.length > 0) {
    process.stderr.write(`\nNotebook run failed:\n${failed.map((f) => `  ${f}`).join('\n')}\n`);
    process.exit(1);
  }
}

main().catch((error) => {
  process.stderr.write(`npm run notebooks: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
