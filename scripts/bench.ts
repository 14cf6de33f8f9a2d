/**
 * `npm run bench [-- --backend cpu,wasm,webgl,webgpu]`
 *
 * Times one optimizer step of Compass against `tf.train.adam` on the same backend (cpu and wasm
 * in Node, webgl and webgpu in headless Chromium), for 1e4, 1e5 and 1e6 parameters held as one
 * variable and as 20 equal variables. Writes bench/results.json and prints a Markdown table.
 * Nothing here asserts a speed.
 */
import { cpus } from 'node:os';
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { BACKEND_ORDER, chooseBackend, type BackendName } from '../src/lib/compass/index.ts';
import { benchCase, type BenchCase, type BenchTiming } from '../bench/step-timing.ts';
import { openHarness, type HarnessSession } from '../tools/compass-harness/session.ts';

const SIZES = [1e4, 1e5, 1e6];
const LAYOUTS = [1, 20];
const RESULTS = new URL('../bench/results.json', import.meta.url);

/** Warm-up and timing plan: 5 repetitions of 10 steps; the plain-JS cpu backend at 1e6 gets 4 x 5. */
function plan(backend: BackendName, params: number): Pick<BenchCase, 'warmup' | 'steps' | 'repetitions'> {
  if (backend === 'cpu' && params >= 1e6) return { warmup: 2, steps: 5, repetitions: 4 };
  return { warmup: 3, steps: 10, repetitions: 5 };
}

interface BenchRow {
  backend: BackendName;
  params: number;
  variables: number;
  compassMs: number;
  adamMs: number;
  ratio: number;
  timedSteps: number;
  samples: { compass: number[]; adam: number[] };
}

function readBackends(argv: string[]): BackendName[] {
  const { values } = parseArgs({ args: argv, options: { backend: { type: 'string' } }, strict: true });
  const backends = (values.backend ?? 'cpu,wasm,webgl,webgpu').split(',') as BackendName[];
  for (const b of backends) {
    if (!BACKEND_ORDER.includes(b)) throw new RangeError(`bench: unknown backend "${b}"; choose from ${BACKEND_ORDER.join(', ')}`);
  }
  return backends;
}

async function benchBackend(backend: BackendName, run: (c: BenchCase) => Promise<BenchTiming>): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const params of SIZES) {
    for (const variables of LAYOUTS) {
      const timing = await run({ params, variables, ...plan(backend, params) });
      if (timing.backend !== backend) throw new Error(`bench ran on ${timing.backend}, not ${backend}`);
      const { compass, adam } = timing.optimizers;
      const row: BenchRow = {
        backend,
        params,
        variables,
        compassMs: compass.medianMsPerStep,
        adamMs: adam.medianMsPerStep,
        ratio: compass.medianMsPerStep / adam.medianMsPerStep,
        timedSteps: timing.timedSteps,
        samples: { compass: compass.samples, adam: adam.samples },
      };
      process.stderr.write(`${backend} ${params} x${variables}: compass ${row.compassMs.toFixed(3)} ms, adam ${row.adamMs.toFixed(3)} ms\n`);
      rows.push(row);
    }
  }
  return rows;
}

function cpuModel(): string {
  try {
    return /model name\s*:\s*(.*)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? cpus()[0]?.model ?? 'unknown';
  } catch {
    return cpus()[0]?.model ?? 'unknown';
  }
}

function table(rows: BenchRow[]): string {
  const lines = [
    '| backend | params | variables | Compass ms/step | Adam ms/step | Compass / Adam | timed steps |',
    '|---|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of rows) {
    lines.push(
      `| ${r.backend} | ${r.params.toExponential(0)} | ${r.variables} | ${r.compassMs.toFixed(3)} | ${r.adamMs.toFixed(3)} | ${r.ratio.toFixed(2)} | ${r.timedSteps} |`,
    );
  }
  return lines.join('\n');
}

const backends = readBackends(process.argv.slice(2));
const started = Date.now();
const rows: BenchRow[] = [];
const browser: { version?: string; webgl?: string; webgpu?: string } = {};
for (const backend of backends.filter((b) => b === 'cpu' || b === 'wasm')) {
  await chooseBackend({ order: [backend] });
  rows.push(...(await benchBackend(backend, benchCase)));
}
const browserBackends = backends.filter((b) => b === 'webgl' || b === 'webgpu');
if (browserBackends.length > 0) {
  const harness: HarnessSession = await openHarness({ timeoutMs: 600_000 });
  try {
    Object.assign(browser, { version: harness.browserVersion, ...(await harness.describeDevices()) });
    for (const backend of browserBackends) {
      await harness.useBackend(backend);
      rows.push(...(await benchBackend(backend, (c) => harness.bench(c))));
    }
  } finally {
    await harness.close();
  }
}
const results = {
  date: new Date().toISOString(),
  machine: { cpu: cpuModel(), logicalCores: cpus().length, node: process.version, chromium: browser },
  method:
    'Per case: warm-up steps, then repetitions of back-to-back optimizer steps (applyGradients with fixed gradients), ' +
    'each ended by reading a value back, Compass and Adam alternating; ms/step = repetition time / steps; ' +
    'reported: median over repetitions.',
  seconds: Math.round((Date.now() - started) / 1000),
  rows,
};
writeFileSync(RESULTS, `${JSON.stringify(results, null, 2)}\n`);
process.stdout.write(`${table(rows)}\n\nWrote bench/results.json (${results.seconds} s).\n`);
