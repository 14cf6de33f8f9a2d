/**
 * The speed parts of `npm run bench` (issue "Speed"): effective bandwidth and targets for the
 * step table, the sweep bench (6 x 6 grid against one configuration) on all four backends, and
 * the PyTorch CPU step of the reference algorithm when PyTorch is installed.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { chooseBackend, type BackendName } from '../src/lib/compass/index.ts';
import { openPage } from './open-page.ts';
import type { SweepPage } from './sweep-page.ts';
import { sweepBench, type SweepPlan, type SweepTiming } from './sweep-timing.ts';

/**
 * Bytes one step must move per parameter: read p, g, m, v and write p, m, v, 7 float32s. Both
 * optimizers need at least this; "effective bandwidth" is this over the measured time (what the
 * implementations actually move is more: see the README's bytes per pass).
 */
export const BYTES_PER_PARAMETER = 28;

/** Effective bandwidth in GB/s of a step over `params` parameters taking `ms`. */
export function effectiveGBps(params: number, ms: number): number {
  return (BYTES_PER_PARAMETER * params) / (ms * 1e6);
}

/** `12.345 ms (2.27 GB/s)`. */
export function msWithBandwidth(params: number, ms: number): string {
  return `${ms.toFixed(3)} (${effectiveGBps(params, ms).toFixed(2)} GB/s)`;
}

/** The targets for Compass (fused) / Adam at 1e6 parameters: 0.8 on GPUs, 1.0 on CPUs. */
export function stepTarget(backend: BackendName): number {
  return backend === 'webgpu' || backend === 'webgl' ? 0.8 : 1.0;
}

/** `met (<= 0.8)` or `missed by 23% (<= 0.8)`; empty below 1e6 parameters, where no target is set. */
export function targetCell(backend: BackendName, params: number, ratio: number): string {
  if (params < 1e6) return '';
  const target = stepTarget(backend);
  return ratio <= target ? `met (<= ${target})` : `missed by ${Math.round((ratio / target - 1) * 100)}% (<= ${target})`;
}

/** The sweep target: the grid's step at most this many times a single configuration's. */
export const SWEEP_TARGET = 3;

const SWEEP_PLAN: SweepPlan = { warmup: 5, steps: 40, repetitions: 5 };

/** The sweep bench on each backend asked for: cpu and wasm here, webgl and webgpu in Chromium. */
export async function benchSweeps(backends: readonly BackendName[]): Promise<SweepTiming[]> {
  const timings: SweepTiming[] = [];
  for (const backend of backends.filter((b) => b === 'cpu' || b === 'wasm')) {
    await chooseBackend({ order: [backend] });
    timings.push(await sweepBench(SWEEP_PLAN));
  }
  const inBrowser = backends.filter((b) => b === 'webgl' || b === 'webgpu');
  if (inBrowser.length === 0) return timings;
  const opened = await openPage(fileURLToPath(new URL('./sweep-page.ts', import.meta.url)), 'sweepPage');
  try {
    for (const backend of inBrowser) {
      const active = await opened.page.evaluate((b) => (globalThis as unknown as { sweepPage: SweepPage }).sweepPage.useBackend(b), backend);
      if (active !== backend) throw new Error(`sweep bench: Chromium is on ${active}, not ${backend}`);
      timings.push(await opened.page.evaluate((plan) => (globalThis as unknown as { sweepPage: SweepPage }).sweepPage.sweepBench(plan), SWEEP_PLAN));
    }
  } finally {
    await opened.close();
  }
  return timings;
}

export function sweepTable(timings: SweepTiming[]): string {
  const lines = [
    `| backend | one model ms/step | ${timings[0]?.models ?? 36} models, fused ms/step | same, stock ops ms/step | grid / one | target (<= ${SWEEP_TARGET}) |`,
    '|---|---:|---:|---:|---:|---|',
  ];
  for (const t of timings) {
    const ratio = t.ms.grid / t.ms.single;
    const verdict = ratio <= SWEEP_TARGET ? 'met' : `missed by ${Math.round((ratio / SWEEP_TARGET - 1) * 100)}%`;
    lines.push(`| ${t.backend} | ${t.ms.single.toFixed(3)} | ${t.ms.grid.toFixed(3)} | ${t.ms.gridStockOps.toFixed(3)} | ${ratio.toFixed(2)} | ${verdict} |`);
  }
  return lines.join('\n');
}

/** PyTorch's CPU step, per case. */
export interface TorchTiming {
  torch: string;
  threads: number;
  cases: { params: number; variables: number; compassMs: number; adamMs: number }[];
}

/** The Python interpreters tried for PyTorch: the one on PATH, then Debian's (python3-torch). */
const PYTHONS = ['python3', '/usr/bin/python3'];

/**
 * Times the reference Compass step and torch.optim.Adam with PyTorch on the CPU
 * (bench/torch_step.py), or returns why it could not.
 */
export function benchTorch(cases: readonly { params: number; variables: number }[]): TorchTiming | { skipped: string } {
  const script = fileURLToPath(new URL('./torch_step.py', import.meta.url));
  const args = cases.flatMap((c) => [String(c.params), String(c.variables)]);
  const failures: string[] = [];
  for (const python of PYTHONS) {
    try {
      execFileSync(python, ['-c', 'import torch'], { stdio: 'ignore' });
    } catch {
      failures.push(`${python}: no torch`);
      continue;
    }
    return JSON.parse(execFileSync(python, [script, ...args], { encoding: 'utf8', timeout: 600_000 })) as TorchTiming;
  }
  return { skipped: `PyTorch not found (${failures.join('; ')}); install Debian's python3-torch to include it` };
}

/** The PyTorch table, with tfjs Compass (fused) on the Node backends beside it. */
export function torchTable(torch: TorchTiming, tfjsCompassMs: (backend: BackendName, params: number, variables: number) => number | undefined): string {
  const lines = [
    `PyTorch ${torch.torch} on the CPU (${torch.threads} thread${torch.threads === 1 ? '' : 's'}), reference Compass rule vs torch.optim.Adam; not a test.`,
    '',
    '| params | variables | PyTorch Compass ms/step | PyTorch Adam ms/step | Compass / Adam | tfjs wasm Compass / PyTorch Compass | tfjs cpu Compass / PyTorch Compass |',
    '|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const c of torch.cases) {
    const vs = (backend: BackendName) => {
      const ms = tfjsCompassMs(backend, c.params, c.variables);
      return ms === undefined ? 'n/a' : (ms / c.compassMs).toFixed(2);
    };
    lines.push(
      `| ${c.params.toExponential(0)} | ${c.variables} | ${msWithBandwidth(c.params, c.compassMs)} | ${msWithBandwidth(c.params, c.adamMs)} | ${(c.compassMs / c.adamMs).toFixed(2)} | ${vs('wasm')} | ${vs('cpu')} |`,
    );
  }
  return lines.join('\n');
}
