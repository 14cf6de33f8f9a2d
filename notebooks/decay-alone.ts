// Notebook: Stepweight decay alone.
// No data, no loss: every step gets a zero gradient, so whatever happens to the weights is the
// weight decay's doing. Compares Compass's stepweight decay with its closed form, with AdamW-style
// decoupled decay and with an L2 penalty, and shows the hazard of a first step that is too large.
import * as tf from '@tensorflow/tfjs';
import * as Plot from '@observablehq/plot';
import { Compass } from '../src/lib/compass/index.ts';
import { display, check, input, t, progress, fmt, figure, okabeIto } from '../src/lib/runtime/cell-api.ts';

// %% [setup] Weights of different sizes, decay alone
type CompassOptions = ConstructorParameters<typeof Compass>[0];

/** Nine starting weights, log-spaced from 0.1 to 10. */
const sizes = Array.from({ length: 9 }, (_, i) => 10 ** (-1 + i / 4));

/** One float32 rounding of the decay factor and one of the product: at most 2^-23 relative per step. */
const float32PerStep = 2 ** -23;

/**
 * Runs Compass for `steps` steps on weights `w0` with a zero gradient, so only the decay acts.
 * Returns the weights before the first step (row 0) and after every step (row t). Reads back with
 * `await data()`, which GPU backends serve without blocking.
 */
async function decayAlone(options: CompassOptions, steps: number, w0: number[] = sizes): Promise<number[][]> {
  const w = tf.variable(tf.tensor1d(w0));
  const zero = tf.zerosLike(w);
  const optimizer = new Compass(options);
  const rows = [Array.from(await w.data())];
  for (let step = 1; step <= steps; step++) {
    optimizer.applyGradients({ [w.name]: zero });
    rows.push(Array.from(await w.data()));
    if (step % 50 === 0) progress(step, steps);
  }
  optimizer.dispose();
  tf.dispose([w, zero]);
  return rows;
}

/** The product of `factor(1) … factor(t)` for t = 0 … steps (in float64). */
function cumulativeProduct(steps: number, factor: (step: number) => number): number[] {
  const products = [1];
  for (let step = 1; step <= steps; step++) products.push(products[step - 1] * factor(step));
  return products;
}

/** Compass's stepweight factor at step t: 1 - lr*wd / (1 - beta1^t). */
const stepweightFactor = (lr: number, wd: number, beta1: number) => (step: number) => 1 - (lr * wd) / (1 - beta1 ** step);

/**
 * Largest deviation of measured weights from predicted ones, relative to the larger of the
 * starting weight and the predicted one (so a weight decayed to zero is not divided by zero).
 */
function maxRelativeError(measured: number[][], predicted: (step: number, i: number) => number): number {
  let worst = 0;
  measured.forEach((row, step) =>
    row.forEach((w, i) => {
      const expected = predicted(step, i);
      const scale = Math.max(Math.abs(measured[0][i]), Math.abs(expected));
      worst = Math.max(worst, Math.abs(w - expected) / scale);
    }),
  );
  return worst;
}

/** Colours by role, from the Okabe–Ito palette. */
const colors = { stepweight: okabeIto.vermillion, decoupled: okabeIto.blue, l2: okabeIto.bluishGreen, l2Strong: okabeIto.reddishPurple };

/** Short number for prose: four significant digits in the page's locale. */
const num = (x: number) => fmt(x, { maximumSignificantDigits: 4 });

// %% [closed-form] The code line, measured against its closed form
const lrClosed = input.select([0.0001, 0.001, 0.01], { value: 0.01, label: t('figures.learningRate') });
const wdClosed = input.range([0.01, 0.5], { value: 0.1, step: 0.01, label: t('figures.weightDecay') });
const beta1Closed = input.select([0.9, 0.99, 0.999], { value: 0.99, label: t('figures.beta1') });
const stepsClosed = input.range([10, 1000], { value: 500, step: 10, label: t('figures.steps') });

const closedRun = await decayAlone({ learningRate: lrClosed, weightDecay: wdClosed, beta1: beta1Closed }, stepsClosed);
const closedProduct = cumulativeProduct(stepsClosed, stepweightFactor(lrClosed, wdClosed, beta1Closed));
const closedError = maxRelativeError(closedRun, (step, i) => sizes[i] * closedProduct[step]);

display(
  t('figures.closedFormFirstStep', {
    stepSize: num(lrClosed / (1 - beta1Closed)),
    times: num(1 / (1 - beta1Closed)),
    factor: num(stepweightFactor(lrClosed, wdClosed, beta1Closed)(1)),
  }),
);
display(
  [0, 4, 8].map((i) => ({
    [t('figures.startWeight')]: sizes[i],
    [t('figures.measuredAfter', { steps: stepsClosed })]: closedRun[stepsClosed][i],
    [t('figures.closedFormAfter', { steps: stepsClosed })]: sizes[i] * closedProduct[stepsClosed],
    [t('figures.ratioToStart')]: closedRun[stepsClosed][i] / sizes[i],
  })),
);
check(
  t('figures.checkClosedForm'),
  closedError <= stepsClosed * float32PerStep,
  t('figures.errorBound', { error: fmt(closedError, { maximumSignificantDigits: 2 }), bound: fmt(stepsClosed * float32PerStep, { maximumSignificantDigits: 2 }) }),
);

// %% [versus-decoupled] Bias-corrected step against AdamW's constant one
const lrVs = input.select([0.0001, 0.001, 0.01], { value: 0.01, label: t('figures.learningRate') });
const wdVs = input.range([0.01, 0.5], { value: 0.1, step: 0.01, label: t('figures.weightDecay') });
const beta1Vs = input.select([0.9, 0.95, 0.99, 0.995, 0.999], { value: 0.99, label: t('figures.beta1') });
const stepsVs = input.range([10, 1000], { value: 500, step: 10, label: t('figures.steps') });

const stepweightRun = await decayAlone({ learningRate: lrVs, weightDecay: wdVs, beta1: beta1Vs }, stepsVs, [1]);
const decoupledRun = await decayAlone({ learningRate: lrVs, weightDecay: wdVs, beta1: beta1Vs, decay: 'decoupled' }, stepsVs, [1]);
const stepweightPredicted = cumulativeProduct(stepsVs, stepweightFactor(lrVs, wdVs, beta1Vs));
const decoupledPredicted = cumulativeProduct(stepsVs, () => 1 - lrVs * wdVs);

const stepweightLabel = t('figures.stepweightDecay');
const decoupledLabel = t('figures.decoupledDecay');
const factorRows = (run: number[][], method: string) => run.map((row, step) => ({ step, factor: row[0], method }));
display(
  figure({
    title: t('figures.cumulativeTitle'),
    subtitle: t('figures.cumulativeSubtitle', { lr: num(lrVs), wd: num(wdVs), beta1: num(beta1Vs) }),
    ariaLabel: t('figures.cumulativeAria'),
    ariaDescription: t('figures.cumulativeDescription', {
      steps: stepsVs,
      stepweight: num(stepweightRun[stepsVs][0]),
      decoupled: num(decoupledRun[stepsVs][0]),
    }),
    x: { label: t('figures.stepAxis') },
    y: { label: t('figures.cumulativeAxis') },
    series: [
      { label: stepweightLabel, color: colors.stepweight },
      { label: decoupledLabel, color: colors.decoupled },
    ],
    marks: [
      Plot.ruleY([0]),
      Plot.line(factorRows(stepweightRun, stepweightLabel), { x: 'step', y: 'factor', stroke: 'method', strokeWidth: 2 }),
      Plot.line(factorRows(decoupledRun, decoupledLabel), { x: 'step', y: 'factor', stroke: 'method', strokeWidth: 2, strokeDasharray: '6 3' }),
    ],
  }),
);
display(
  t('figures.cumulativeSummary', {
    stepweight1: num(stepweightRun[1][0]),
    decoupled1: num(decoupledRun[1][0]),
    steps: stepsVs,
    stepweightT: num(stepweightRun[stepsVs][0]),
    decoupledT: num(decoupledRun[stepsVs][0]),
  }),
);
const vsBound = stepsVs * float32PerStep;
check(t('figures.checkStepweightProduct'), maxRelativeError(stepweightRun, (step) => stepweightPredicted[step]) <= vsBound);
check(t('figures.checkDecoupledPower'), maxRelativeError(decoupledRun, (step) => decoupledPredicted[step]) <= vsBound);
// With a first factor in (0, 1) every stepweight factor lies in (0, 1) and below AdamW's 1 - lr*wd,
// so the product must end lower; a first factor at or below zero is the hazard of the last cell.
if (stepweightPredicted[1] > 0) {
  check(t('figures.checkStepweightDecaysMore'), stepweightRun[stepsVs][0] < decoupledRun[stepsVs][0]);
} else {
  display(t('figures.firstFactorNotPositive', { factor: num(stepweightPredicted[1]) }));
}

// %% [size] Weights of different sizes: stepweight decay against an L2 penalty
// Up to lr * (steps + 500) ~ 0.1, so the L2 push does not carry the smallest weight (0.1) past zero.
const lrSize = input.select([0.00003, 0.0001], { value: 0.0001, label: t('figures.learningRate') });
const wdSize = input.range([0.05, 1], { value: 0.1, step: 0.05, label: t('figures.weightDecay') });
const stepsSize = input.range([50, 500], { value: 200, step: 50, label: t('figures.steps') });

/** How far each weight moved in `steps` steps of decay alone. */
const moved = async (options: CompassOptions) => {
  const run = await decayAlone(options, stepsSize);
  return sizes.map((w0, i) => w0 - run[stepsSize][i]);
};
const movedStepweight = await moved({ learningRate: lrSize, weightDecay: wdSize });
const movedL2 = await moved({ learningRate: lrSize, weightDecay: wdSize, decay: 'l2' });
const movedL2Strong = await moved({ learningRate: lrSize, weightDecay: 10 * wdSize, decay: 'l2' });

const sizeSeries = [
  { label: t('figures.stepweightDecay'), values: movedStepweight, color: colors.stepweight, dash: 'none' },
  { label: t('figures.l2Penalty'), values: movedL2, color: colors.l2, dash: '6 3' },
  { label: t('figures.l2PenaltyTenfold'), values: movedL2Strong, color: colors.l2Strong, dash: '2 3' },
];
display(
  figure({
    title: t('figures.sizeTitle'),
    subtitle: t('figures.sizeSubtitle', { lr: num(lrSize), wd: num(wdSize), steps: stepsSize }),
    ariaLabel: t('figures.sizeAria'),
    ariaDescription: t('figures.sizeDescription', {
      l2Min: num(Math.min(...movedL2)),
      l2Max: num(Math.max(...movedL2)),
      fraction: num(movedStepweight[0] / sizes[0]),
    }),
    x: { label: t('figures.startWeightAxis'), type: 'log' },
    y: { label: t('figures.movedAxis'), type: 'log' },
    series: sizeSeries,
    marks: sizeSeries.flatMap((s) => {
      const rows = sizes.map((w0, i) => ({ w0, moved: s.values[i], method: s.label }));
      return [
        Plot.line(rows, { x: 'w0', y: 'moved', stroke: 'method', strokeWidth: 2, strokeDasharray: s.dash }),
        Plot.dot(rows, { x: 'w0', y: 'moved', fill: 'method', r: 3 }),
      ];
    }),
  }),
);
const fractions = movedStepweight.map((d, i) => d / sizes[i]);
const spread = (values: number[]) => Math.max(...values) / Math.min(...values);
// Each weight's w_T / w_0 is within steps * 2^-23 of the exact product (see [closed-form]).
const fractionSpread = Math.max(...fractions) - Math.min(...fractions);
check(
  t('figures.checkStepweightProportional'),
  fractionSpread <= 2 * stepsSize * float32PerStep,
  t('figures.fractionDetail', { fraction: num(fractions[0]), spread: fmt(fractionSpread, { maximumSignificantDigits: 2 }) }),
);
check(
  t('figures.checkL2SameStep'),
  Math.min(...movedL2) > 0 && spread(movedL2) <= 1.5,
  t('figures.l2RangeDetail', { min: num(Math.min(...movedL2)), max: num(Math.max(...movedL2)) }),
);
check(
  t('figures.checkL2IgnoresStrength'),
  movedL2.every((d, i) => Math.abs(movedL2Strong[i] / d - 1) <= 0.01),
);

// %% [step-size] What adapts: the bias-corrected step size
const stepsAdapt = input.range([100, 2000], { value: 500, step: 100, label: t('figures.steps') });
// lr * wd = 1e-4 stays below 1 - beta1 for every beta1 shown, so no first step wipes the weight.
const lrAdapt = 0.001;
const wdAdapt = 0.1;
const betas = [0.9, 0.99, 0.999];

/** The step size each step applied, read back from the weight: (1 - w_t / w_{t-1}) / wd. */
const measuredStepSizes: { step: number; beta1: number; ratio: number }[][] = [];
for (const beta1 of betas) {
  const run = await decayAlone({ learningRate: lrAdapt, weightDecay: wdAdapt, beta1 }, stepsAdapt, [1]);
  measuredStepSizes.push(run.slice(1).map((row, i) => ({ step: i + 1, beta1, ratio: (1 - row[0] / run[i][0]) / wdAdapt / lrAdapt })));
}
const betaLabel = (beta1: number) => t('figures.beta1Value', { beta1: num(beta1) });
const betaColors = [colors.decoupled, colors.stepweight, colors.l2];
display(
  figure({
    title: t('figures.stepSizeTitle'),
    subtitle: t('figures.stepSizeSubtitle', { lr: num(lrAdapt), wd: num(wdAdapt) }),
    ariaLabel: t('figures.stepSizeAria'),
    ariaDescription: t('figures.stepSizeDescription', {
      first: betas.map((b) => `${betaLabel(b)}: ${num(1 / (1 - b))}`).join('; '),
    }),
    x: { label: t('figures.stepAxis'), type: 'log' },
    y: { label: t('figures.stepSizeAxis'), type: 'log' },
    series: betas.map((beta1, k) => ({ label: betaLabel(beta1), color: betaColors[k] })),
    marks: [
      Plot.ruleY([1]),
      ...measuredStepSizes.map((rows) =>
        Plot.line(rows.map((r) => ({ ...r, beta: betaLabel(r.beta1) })), { x: 'step', y: 'ratio', stroke: 'beta', strokeWidth: 2 }),
      ),
    ],
  }),
);
display(
  betas.map((beta1, k) => ({
    [t('figures.beta1')]: beta1,
    [t('figures.stepSizeAt', { step: 1 })]: measuredStepSizes[k][0].ratio,
    [t('figures.stepSizeAt', { step: 100 })]: measuredStepSizes[k][99].ratio,
    [t('figures.stepSizeAt', { step: stepsAdapt })]: measuredStepSizes[k][stepsAdapt - 1].ratio,
  })),
);
const worstStepSize = Math.max(
  ...measuredStepSizes.flat().map((r) => Math.abs(r.ratio * (1 - r.beta1 ** r.step) - 1)),
);
check(
  t('figures.checkStepSizeFormula'),
  worstStepSize <= 0.01,
  t('figures.relativeDeviation', { deviation: fmt(worstStepSize, { maximumSignificantDigits: 2 }) }),
);

// %% [hazard] When the first step is too large
const lrHazard = input.select([0.001, 0.003, 0.01], { value: 0.01, label: t('figures.learningRate') });
const wdHazard = input.range([0, 3], { value: 1.5, step: 0.05, label: t('figures.weightDecay') });
const beta1Hazard = input.select([0.9, 0.99, 0.999], { value: 0.99, label: t('figures.beta1') });
const stepsHazard = 40;

const hazardRun = await decayAlone({ learningRate: lrHazard, weightDecay: wdHazard, beta1: beta1Hazard }, stepsHazard, [1]);
const firstStepRatio = (lrHazard * wdHazard) / (1 - beta1Hazard);
const predictedFirst = 1 - firstStepRatio;
const measuredFirst = hazardRun[1][0];

/** What a first factor does to a weight; |factor| below 2^-20 counts as wiped out (float32 noise). */
function outcome(factor: number): 'kept' | 'wiped' | 'flipped' {
  if (Math.abs(factor) < 2 ** -20) return 'wiped';
  return factor > 0 ? 'kept' : 'flipped';
}
const predictedOutcome = outcome(predictedFirst);
const outcomeText = {
  kept: () => t('figures.hazardKept', { ratio: num(firstStepRatio), factor: num(predictedFirst), measured: num(measuredFirst) }),
  wiped: () => t('figures.hazardWiped', { ratio: num(firstStepRatio), factor: num(predictedFirst), measured: num(measuredFirst) }),
  flipped: () => t('figures.hazardFlipped', { ratio: num(firstStepRatio), factor: num(predictedFirst), measured: num(measuredFirst) }),
};
display(outcomeText[predictedOutcome]() + (Math.abs(predictedFirst) > 1 ? ' ' + t('figures.hazardGrows') : ''));
display(
  figure({
    title: t('figures.hazardTitle'),
    subtitle: t('figures.hazardSubtitle', { lr: num(lrHazard), wd: num(wdHazard), beta1: num(beta1Hazard), ratio: num(firstStepRatio) }),
    ariaLabel: t('figures.hazardAria'),
    ariaDescription: t('figures.hazardDescription', { factor: num(measuredFirst), last: num(hazardRun[stepsHazard][0]) }),
    x: { label: t('figures.stepAxis') },
    y: { label: t('figures.weightAxis') },
    marks: [
      Plot.ruleY([0]),
      Plot.line(hazardRun.map((row, step) => ({ step, w: row[0] })), { x: 'step', y: 'w', stroke: colors.stepweight, strokeWidth: 2 }),
      Plot.dot(hazardRun.map((row, step) => ({ step, w: row[0] })), { x: 'step', y: 'w', fill: colors.stepweight, r: 2.5 }),
    ],
  }),
);
check(
  t('figures.checkFirstFactor'),
  Math.abs(measuredFirst - predictedFirst) <= float32PerStep * Math.max(1, Math.abs(predictedFirst)) &&
    outcome(measuredFirst) === predictedOutcome,
);
