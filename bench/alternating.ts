/**
 * Timing several runs against each other on the active tfjs backend. Each run is warmed up
 * (kernel compilation, allocation); then each repetition runs `steps` steps back to back and reads
 * a value back, which forces the backend (GPU queues included) to finish; its time / steps is one
 * ms-per-step sample. The runs' repetitions alternate, in alternating order, so a busy machine
 * slows all alike.
 */

/** Something to time: one step, and a read-back that waits for the work queued so far. */
export interface TimedRun<N extends string> {
  name: N;
  step(): void;
  finish(): Promise<unknown>;
}

/** Untimed steps first, then repetitions of `steps` steps. */
export interface TimingPlan {
  warmup: number;
  steps: number;
  repetitions: number;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Every repetition's mean ms per step, per run. */
export async function timeAlternating<N extends string>(runs: readonly TimedRun<N>[], plan: TimingPlan): Promise<Record<N, number[]>> {
  for (const run of runs) {
    for (let i = 0; i < plan.warmup; i++) run.step();
    await run.finish();
  }
  const samples = Object.fromEntries(runs.map((run) => [run.name, [] as number[]])) as Record<N, number[]>;
  for (let r = 0; r < plan.repetitions; r++) {
    for (const run of r % 2 ? [...runs].reverse() : runs) {
      const start = performance.now();
      for (let i = 0; i < plan.steps; i++) run.step();
      await run.finish();
      samples[run.name].push((performance.now() - start) / plan.steps);
    }
  }
  return samples;
}
