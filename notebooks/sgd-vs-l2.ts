// Notebook: L2 penalty against decoupled weight decay, under plain SGD and under Compass.
// Under SGD the two are the same update written two ways (Loshchilov & Hutter, "Decoupled Weight
// Decay Regularization", ICLR 2019); under an adaptive optimizer such as Compass they part.
import * as tf from '@tensorflow/tfjs';
import * as Plot from '@observablehq/plot';
import { Compass, SGD } from '../src/lib/compass/index.ts';
import { display, check, input, t, progress, random, fmt, figure, okabeIto } from '../src/lib/runtime/cell-api.ts';

// %% [setup] A small regression task
// Data stay plain arrays here; each cell makes (and frees) its own tensors.
const rng = random(1);
const samples = 64;
const features = 8;
const inputs = Array.from({ length: samples }, () => Array.from({ length: features }, () => rng.normal()));
const trueWeights = Array.from({ length: features }, () => rng.normal());
const targets = inputs.map((x) => [x.reduce((sum, v, j) => sum + v * trueWeights[j], 0) + 0.1 * rng.normal()]);

/**
 * Trains a linear model from zero weights with mean squared error; returns the weights after every
 * step. Reads back with `await data()`, which GPU backends serve without blocking.
 */
async function trajectory(optimizer: tf.Optimizer, steps: number): Promise<number[][]> {
  const xs = tf.tensor2d(inputs);
  const ys = tf.tensor2d(targets);
  const w = tf.variable(tf.zeros([features, 1]));
  const rows: number[][] = [];
  for (let step = 1; step <= steps; step++) {
    tf.tidy(() => {
      optimizer.minimize(() => tf.losses.meanSquaredError(ys, tf.matMul(xs, w)) as tf.Scalar, false, [w]);
    });
    rows.push(Array.from(await w.data()));
    if (step % 25 === 0) progress(step, steps);
  }
  optimizer.dispose();
  tf.dispose([xs, ys, w]);
  return rows;
}

/** Largest difference between two runs' weights, step by step. */
const gapOverSteps = (a: number[][], b: number[][]) => a.map((row, step) => Math.max(...row.map((v, j) => Math.abs(v - b[step][j]))));

/** The largest weight magnitude anywhere in a run: the scale float32 rounding is measured against. */
const largestWeight = (run: number[][]) => Math.max(...run.flat().map(Math.abs));

/**
 * How far float32 rounding alone can move two ways of writing the same update apart: one rounding
 * (2^-23, relative to the largest weight) per step, accumulated over the run.
 */
const roundingBound = (run: number[][]) => run.length * 2 ** -23 * largestWeight(run);

/** Colours by role, from the Okabe–Ito palette. */
const colors = { sgd: okabeIto.blue, compassDecoupled: okabeIto.vermillion, compassStepweight: okabeIto.bluishGreen };

const num = (x: number) => fmt(x, { maximumSignificantDigits: 3 });

// %% [sgd] Plain SGD: L2 penalty and decoupled decay
const lrSgd = input.select([0.01, 0.03, 0.1, 0.3], { value: 0.1, label: t('figures.learningRate') });
const wdSgd = input.range([0.01, 1], { value: 0.1, step: 0.01, label: t('figures.weightDecay') });
const stepsSgd = input.range([50, 1000], { value: 200, step: 50, label: t('figures.steps') });

const sgdL2 = await trajectory(new SGD({ learningRate: lrSgd, weightDecay: wdSgd, decay: 'l2' }), stepsSgd);
const sgdDecoupled = await trajectory(new SGD({ learningRate: lrSgd, weightDecay: wdSgd, decay: 'decoupled' }), stepsSgd);
const sgdGap = gapOverSteps(sgdL2, sgdDecoupled);
const sgdBound = roundingBound(sgdL2);
display(
  t('figures.sgdGapSummary', {
    gap: fmt(Math.max(...sgdGap), { maximumSignificantDigits: 2 }),
    steps: stepsSgd,
    bound: fmt(sgdBound, { maximumSignificantDigits: 2 }),
  }),
);
check(t('figures.checkSgdSame'), Math.max(...sgdGap) <= sgdBound);

// %% [compass] Compass: the two part
const lrCompass = input.select([0.001, 0.003, 0.01, 0.03], { value: 0.01, label: t('figures.learningRate') });
const wdCompass = input.range([0.05, 1], { value: 0.1, step: 0.05, label: t('figures.weightDecay') });
const stepsCompass = input.range([50, 1000], { value: 200, step: 50, label: t('figures.steps') });

const compassRun = (decay: 'l2' | 'decoupled' | 'stepweight') =>
  trajectory(new Compass({ learningRate: lrCompass, weightDecay: wdCompass, decay }), stepsCompass);
const compassL2 = await compassRun('l2');
const compassDecoupledGap = gapOverSteps(compassL2, await compassRun('decoupled'));
const compassStepweightGap = gapOverSteps(compassL2, await compassRun('stepweight'));

const series = [
  { label: t('figures.gapSgd'), gaps: sgdGap, color: colors.sgd, dash: 'none' },
  { label: t('figures.gapCompassDecoupled'), gaps: compassDecoupledGap, color: colors.compassDecoupled, dash: '6 3' },
  { label: t('figures.gapCompassStepweight'), gaps: compassStepweightGap, color: colors.compassStepweight, dash: '2 3' },
];
// A log scale cannot show a gap of exactly zero (identical weights); those steps are left out.
const gapRows = (s: (typeof series)[number]) =>
  s.gaps.flatMap((gap, i) => (gap > 0 ? [{ step: i + 1, gap, pair: s.label }] : []));
display(
  figure({
    title: t('figures.gapTitle'),
    subtitle: t('figures.gapSubtitle', { lrSgd: num(lrSgd), lrCompass: num(lrCompass), wdSgd: num(wdSgd), wdCompass: num(wdCompass) }),
    ariaLabel: t('figures.gapAria'),
    ariaDescription: t('figures.gapDescription', {
      sgd: fmt(Math.max(...sgdGap), { maximumSignificantDigits: 2 }),
      compass: num(Math.max(...compassDecoupledGap)),
      stepweight: num(Math.max(...compassStepweightGap)),
    }),
    x: { label: t('figures.stepAxis') },
    y: { label: t('figures.gapAxis'), type: 'log', tickFormat: (d: number) => fmt(d, { notation: 'scientific', maximumFractionDigits: 0 }) },
    series,
    marks: series.map((s) => Plot.line(gapRows(s), { x: 'step', y: 'gap', stroke: 'pair', strokeWidth: 2, strokeDasharray: s.dash })),
  }),
);
display(t('figures.gapZerosNote', { count: sgdGap.filter((gap) => gap === 0).length }));
// "Clearly part": the Compass gap is more than ten times what float32 rounding could explain.
const partThreshold = 10 * roundingBound(compassL2);
check(
  t('figures.checkCompassDecoupledParts'),
  Math.max(...compassDecoupledGap) >= partThreshold,
  t('figures.gapDetail', { gap: num(Math.max(...compassDecoupledGap)), threshold: fmt(partThreshold, { maximumSignificantDigits: 2 }) }),
);
check(
  t('figures.checkCompassStepweightParts'),
  Math.max(...compassStepweightGap) >= partThreshold,
  t('figures.gapDetail', { gap: num(Math.max(...compassStepweightGap)), threshold: fmt(partThreshold, { maximumSignificantDigits: 2 }) }),
);
