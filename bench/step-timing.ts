/**
 * Timing one optimizer step, Compass against Adam, on the active tfjs backend (in Node or in the
 * browser harness), by `timeAlternating` (warm-up, then alternating repetitions each ended by a
 * read-back).
 */
import * as tf from '@tensorflow/tfjs';
import { Compass } from '../src/lib/compass/index.ts';
import { median, timeAlternating, type TimingPlan } from './alternating.ts';

/** The optimizers compared: Compass as it runs by default (fused kernel), Compass on stock tfjs ops, Adam. */
export const BENCH_OPTIMIZERS = ['compass', 'compassStockOps', 'adam'] as const;
export type BenchOptimizer = (typeof BENCH_OPTIMIZERS)[number];

/** One measurement: `params` parameters split into `variables` equal tensors. */
export interface BenchCase extends TimingPlan {
  params: number;
  variables: number;
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
    const samples = await timeAlternating(runs, c);
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
