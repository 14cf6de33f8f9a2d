/**
 * `npm run bench [-- --backend cpu,wasm,webgl,webgpu]`
 *
 * Times one optimizer step of Compass (fused kernel, the default, and on stock tfjs ops) against
 * `tf.train.adam` on the same backend (cpu and wasm in Node, webgl and webgpu in headless
 * Chromium), for 1e4, 1e5 and 1e6 parameters held as one variable and as 20 equal variables, with
 * the effective bandwidth of each and the issue's targets at 1e6; then a 6 x 6 hyperparameter
 * grid (BatchedCompass) against one configuration, and PyTorch's CPU step of the reference rule
 * when PyTorch is installed (bench/speed-report.ts). Writes bench/results.json and prints
 * Markdown tables. Nothing here asserts a speed.
 */
import { cpus, loadavg } from 'node:os';
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { BACKEND_ORDER, chooseBackend, type BackendName } from '../src/lib/compass/index.ts';
import { BENCH_OPTIMIZERS, benchCase, type BenchCase, type BenchOptimizer, type BenchTiming } from '../bench/step-timing.ts';
import { openHarness, type HarnessSession } from '../tools/compass-harness/session.ts';
import { benchSweeps, benchTorch, msWithBandwidth, sweepTable, targetCell, torchTable } from '../bench/speed-report.ts';

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
  /** Median ms per step of each optimizer. */
  ms: Record<BenchOptimizer, number>;
  /** Compass (fused kernel) / Adam. */
  ratio: number;
  /** Compass on stock tfjs ops / Adam. */
  stockOpsRatio: number;
  timedSteps: number;
  samples: Record<BenchOptimizer, number[]>;
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
      const ms = Object.fromEntries(BENCH_OPTIMIZERS.map((name) => [name, timing.optimizers[name].medianMsPerStep])) as Record<BenchOptimizer, number>;
      const row: BenchRow = {
        backend,
        params,
        variables,
        ms,
        ratio: ms.compass / ms.adam,
        stockOpsRatio: ms.compassStockOps / ms.adam,
        timedSteps: timing.timedSteps,
        samples: Object.fromEntries(BENCH_OPTIMIZERS.map((name) => [name, timing.optimizers[name].samples])) as Record<BenchOptimizer, number[]>,
      };
      process.stderr.write(`${backend} ${params} x${variables}: ${BENCH_OPTIMIZERS.map((n) => `${n} ${ms[n].toFixed(3)} ms`).join(', ')}\n`);
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
    '| backend | params | variables | Compass ms/step (effective bandwidth) | Compass stock ops ms/step | Adam ms/step (effective bandwidth) | Compass / Adam | target | stock ops / Adam | timed steps |',
    '|---|---:|---:|---:|---:|---:|---:|---|---:|---:|',
  ];
  for (const r of rows) {
    const cells = [msWithBandwidth(r.params, r.ms.compass), r.ms.compassStockOps.toFixed(3), msWithBandwidth(r.params, r.ms.adam)];
    lines.push(
      `| ${r.backend} | ${r.params.toExponential(0)} | ${r.variables} | ${cells.join(' | ')} | ${r.ratio.toFixed(2)} | ${targetCell(r.backend, r.params, r.ratio)} | ${r.stockOpsRatio.toFixed(2)} | ${r.timedSteps} |`,
    );
  }
  return lines.join('\n');
}

const backends = readBackends(process.argv.slice(2));
const started = Date.now();
const loadBefore = loadavg()[0];
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
const sweeps = await benchSweeps(backends);
const torch = benchTorch(LAYOUTS.map((variables) => ({ params: 1e6, variables })));
const compassMs = (backend: BackendName, params: number, variables: number) =>
  rows.find((r) => r.backend === backend && r.params === params && r.variables === variables)?.ms.compass;
const results = {
  date: new Date().toISOString(),
  machine: { cpu: cpuModel(), logicalCores: cpus().length, node: process.version, chromium: browser },
  // One-minute load average before and after: other work on the machine slows every row.
  loadAverage: { before: loadBefore, after: loadavg()[0] },
  method:
    'Per case: warm-up steps, then repetitions of back-to-back optimizer steps (applyGradients with fixed gradients), ' +
    'each ended by reading a value back, the optimizers alternating; ms/step = repetition time / steps; ' +
    'reported: median over repetitions.',
  seconds: Math.round((Date.now() - started) / 1000),
  rows,
  sweeps,
  torch,
};
writeFileSync(RESULTS, `${JSON.stringify(results, null, 2)}\n`);
const torchText = 'skipped' in torch ? `PyTorch CPU step skipped: ${torch.skipped}.` : torchTable(torch, compassMs);
process.stdout.write(
  `${table(rows)}\n\n${sweepTable(sweeps)}\n\n${torchText}\n\n` +
    `GPU rows ran in headless Chromium on SwiftShader (software rendering on the CPU), not on a GPU. Load average ${loadBefore.toFixed(2)} -> ${results.loadAverage.after.toFixed(2)} on ${cpus().length} cores. ` +
    `Wrote bench/results.json (${results.seconds} s).\n`,
);
