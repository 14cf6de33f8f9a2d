/**
 * Timing one optimizer step on the active tfjs backend, in Node or in the browser harness.
 * A repetition runs `steps` steps back to back and then reads a value back, which forces the
 * backend (GPU queues included) to finish; its time / steps is one ms-per-step sample.
 */
import * as tf from '@tensorflow/tfjs';
import { Compass } from '../src/lib/compass/index.ts';

/** The optimizers compared. */
export type BenchOptimizer = 'compass' | 'adam';

/** One measurement: an optimizer on `params` parameters split into `variables` equal tensors. */
export interface BenchCase {
  optimizer: BenchOptimizer;
  params: number;
  variables: number;
  /** Untimed steps first (kernel compilation, allocation). */
  warmup: number;
  /** Timed steps per repetition. */
  steps: number;
  repetitions: number;
}

/** The result of one {@link BenchCase}. */
export interface BenchTiming {
  backend: string;
  /** Median over repetitions of the mean ms per step. */
  medianMsPerStep: number;
  /** Every repetition's mean ms per step. */
  samples: number[];
  /** Steps timed in all (`steps * repetitions`). */
  timedSteps: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function makeOptimizer(name: BenchOptimizer): tf.Optimizer {
  return name === 'compass' ? new Compass({ learningRate: 1e-3, weightDecay: 0.01 }) : tf.train.adam(1e-3);
}

/** Runs `c` on the active backend and frees everything it made. */
export async function benchCase(c: BenchCase): Promise<BenchTiming> {
  const size = Math.round(c.params / c.variables);
  const variables = Array.from({ length: c.variables }, () => tf.variable(tf.randomNormal([size], 0, 1, 'float32', 1)));
  const gradients = variables.map((v) => ({ name: v.name, tensor: tf.randomNormal([size], 0, 1e-2, 'float32', 2) }));
  const optimizer = makeOptimizer(c.optimizer);
  try {
    for (let i = 0; i < c.warmup; i++) optimizer.applyGradients(gradients);
    await variables[0].data();
    const samples: number[] = [];
    for (let r = 0; r < c.repetitions; r++) {
      const start = performance.now();
      for (let i = 0; i < c.steps; i++) optimizer.applyGradients(gradients);
      await variables[c.variables - 1].data();
      samples.push((performance.now() - start) / c.steps);
    }
    return { backend: tf.getBackend(), medianMsPerStep: median(samples), samples, timedSteps: c.steps * c.repetitions };
  } finally {
    optimizer.dispose();
    tf.dispose([...variables, ...gradients.map((g) => g.tensor)]);
  }
}
