/**
 * Timing a hyperparameter sweep: a 6 x 6 grid of learning rate x weight decay trained as one
 * `BatchedCompass` against a single configuration trained with `Compass`, on the active backend.
 * The model is the landscape experiment's: a linear model on 40 Gaussian bumps fitted to 20
 * points by mean squared error; one step is the forward and backward pass plus the update.
 */
import * as tf from '@tensorflow/tfjs';
import { BatchedCompass, Compass } from '../src/lib/compass/index.ts';
import { median, timeAlternating, type TimingPlan } from './alternating.ts';

export type SweepPlan = TimingPlan;

/** The runs compared: one model, the 36-model grid fused, the grid on stock ops. */
export const SWEEP_RUNS = ['single', 'grid', 'gridStockOps'] as const;
export type SweepRun = (typeof SWEEP_RUNS)[number];

export interface SweepTiming {
  backend: string;
  models: number;
  /** Median ms per training step of each run. */
  ms: Record<SweepRun, number>;
}

const LEARNING_RATES = [3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 1e-1];
const WEIGHT_DECAYS = [0.01, 0.03, 0.1, 0.3, 1, 3];
const BUMPS = 40;
const POINTS = 20;

/** Features [POINTS, BUMPS] and targets [1, POINTS] of the landscape-like data. */
function landscapeData() {
  const xs = Array.from({ length: POINTS }, (_, i) => -1 + (2 * i + 1) / POINTS);
  const centres = Array.from({ length: BUMPS }, (_, k) => -1 + (2 * k) / (BUMPS - 1));
  const features = tf.tensor2d(xs.map((x) => centres.map((c) => Math.exp(-0.5 * ((x - c) / 0.12) ** 2))));
  const targets = tf.tensor2d([xs.map((x) => Math.sin(Math.PI * x))]);
  return { features, targets };
}

/** A run: `models` rows of weights trained by `optimizer` on the summed per-model losses. */
function makeRun(run: SweepRun, features: tf.Tensor2D, targets: tf.Tensor2D) {
  const grid = LEARNING_RATES.flatMap((learningRate) => WEIGHT_DECAYS.map((weightDecay) => ({ learningRate, weightDecay })));
  const models = run === 'single' ? 1 : grid.length;
  const optimizer = run === 'single' ? new Compass(grid[9]) : new BatchedCompass(grid, { fused: run === 'grid' });
  const w = tf.variable(tf.zeros([models, BUMPS]));
  // No broadcasting in the forward or backward pass (tfjs's cpu backend broadcasts element by
  // element, slowly): the targets are tiled to one row per model once, and each model's mean
  // squared error is a product with a column of 1/POINTS instead of tf.mean (whose gradient broadcasts).
  const rows = tf.tile(targets, [models, 1]);
  const meanColumn = tf.fill([POINTS, 1], 1 / POINTS);
  const loss = () => tf.sum(tf.matMul(tf.square(tf.sub(tf.matMul(w, features, false, true), rows)), meanColumn)) as tf.Scalar;
  return {
    name: run,
    models,
    step: () => optimizer.minimize(loss),
    finish: () => w.data(),
    dispose: () => {
      optimizer.dispose();
      tf.dispose([w, rows, meanColumn]);
    },
  };
}

/** Times the three runs on the active backend and frees what it made. */
export async function sweepBench(plan: SweepPlan): Promise<SweepTiming> {
  const { features, targets } = landscapeData();
  const runs = SWEEP_RUNS.map((run) => makeRun(run, features, targets));
  try {
    const samples = await timeAlternating(runs, plan);
    const ms = Object.fromEntries(SWEEP_RUNS.map((run) => [run, median(samples[run])])) as Record<SweepRun, number>;
    return { backend: tf.getBackend(), models: runs[1].models, ms };
  } finally {
    for (const r of runs) r.dispose();
    tf.dispose([features, targets]);
  }
}
