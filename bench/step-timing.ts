/**
 * Timing one optimizer step, Compass against Adam, on the active tfjs backend (in Node or in the
 * browser harness). A repetition runs `steps` steps back to back and then reads a value back,
 * which forces the backend (GPU queues included) to finish; its time / steps is one ms-per-step
 * sample. The two optimizers' repetitions alternate, so a busy machine slows both alike.
 */
import * as tf from '@tensorflow/tfjs';
import { Compass } from '../src/lib/compass/index.ts';

/** The optimizers compared: Compass as it runs by default (fused kernel), Compass on stock tfjs ops, Adam. */
export const BENCH_OPTIMIZERS = ['compass', 'compassStockOps', 'adam'] as const;
export type BenchOptimizer = (typeof BENCH_OPTIMIZERS)[number];

/** One measurement: `params` parameters split into `variables` equal tensors. */
export interface BenchCase {
  params: number;
  variables: number;
  /** Untimed steps first (kernel compilation, allocation). */
  warmup: number;
  /** Timed steps per repetition. */
  steps: number;
  repetitions: number;
}

/** One optimizer's result. */
export interface OptimizerTiming {
  /** Median over repetitions of the mean ms per step. */
  medianMsPerStep: number;
  /** Every repetition's mean ms per step. */
  samples: number[];
}

/** The result of one {@link BenchCase}. */
export interface BenchTiming {
  backend: string;
  /** Steps timed per optimizer (`steps * repetitions`). */
  timedSteps: number;
  optimizers: Record<BenchOptimizer, OptimizerTiming>;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function makeOptimizer(name: BenchOptimizer): tf.Optimizer {
  if (name === 'adam') return tf.train.adam(1e-3);
  return new Compass({ learningRate: 1e-3, weightDecay: 0.01, fused: name === 'compass' });
}

/** An optimizer with variables of its own; all share the same fixed gradients' values. */
function makeRun(name: BenchOptimizer, c: BenchCase, gradientValues: tf.Tensor[]) {
  const size = Math.round(c.params / c.variables);
  const variables = tf.tidy(() => gradientValues.map(() => tf.variable(tf.randomNormal([size], 0, 1, 'float32', 1))));
  const gradients = variables.map((v, i) => ({ name: v.name, tensor: gradientValues[i] }));
  const optimizer = makeOptimizer(name);
  return {
    name,
    step: () => optimizer.applyGradients(gradients),
    finish: () => variables[variables.length - 1].data(),
    dispose: () => {
      optimizer.dispose();
      tf.dispose(variables);
    },
  };
}

/** Runs `c` for both optimizers on the active backend and frees everything it made. */
export async function benchCase(c: BenchCase): Promise<BenchTiming> {
  const size = Math.round(c.params / c.variables);
  const gradientValues = Array.from({ length: c.variables }, (_, i) => tf.randomNormal([size], 0, 1e-2, 'float32', 2 + i));
  const runs = BENCH_OPTIMIZERS.map((name) => makeRun(name, c, gradientValues));
  try {
    for (const run of runs) {
      for (let i = 0; i < c.warmup; i++) run.step();
      await run.finish();
    }
    const samples = Object.fromEntries(BENCH_OPTIMIZERS.map((name) => [name, [] as number[]])) as Record<BenchOptimizer, number[]>;
    for (let r = 0; r < c.repetitions; r++) {
      for (const run of r % 2 ? [...runs].reverse() : runs) { // alternate the order too
        const start = performance.now();
        for (let i = 0; i < c.steps; i++) run.step();
        await run.finish();
        samples[run.name].push((performance.now() - start) / c.steps);
      }
    }
    const timing = (name: BenchOptimizer) => ({ medianMsPerStep: median(samples[name]), samples: samples[name] });
    return {
      backend: tf.getBackend(),
      timedSteps: c.steps * c.repetitions,
      optimizers: Object.fromEntries(BENCH_OPTIMIZERS.map((name) => [name, timing(name)])) as Record<BenchOptimizer, OptimizerTiming>,
    };
  } finally {
    for (const run of runs) run.dispose();
    tf.dispose(gradientValues);
  }
}
