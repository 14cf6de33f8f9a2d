// Notebook: demonstration of the notebook runtime.
// A line fitted with Compass: noisy data, a training run with a live loss curve and controls, and a
// check of Compass's stepweight decay against its closed form. Embedded in the notebooks-demo page.
import * as tf from '@tensorflow/tfjs';
import * as Plot from '@observablehq/plot';
import { Compass } from '../src/lib/compass/index.ts';
import { display, check, input, t, fmt, random, train, figure } from '../src/lib/runtime/cell-api.ts';

// %% [data] Noisy points around a line
const rng = random(7);
const xs = Array.from({ length: 64 }, () => rng() * 2 - 1);
const ys = xs.map((x) => 2 * x - 0.5 + rng.normal(0, 0.2));
/** Title and accessible texts of figure `name` (keys figures.demo<name>Title and …Description); no grid. */
const texts = (name: string) => ({
  title: t(`figures.demo${name}Title`),
  ariaLabel: t(`figures.demo${name}Title`),
  ariaDescription: t(`figures.demo${name}Description`),
  grid: false,
});

display(
  figure({
    ...texts('Data'),
    x: { label: t('figures.demoX') },
    y: { label: t('figures.demoY') },
    marks: [Plot.dot(xs.map((x, i) => ({ x, y: ys[i] })), { x: 'x', y: 'y' })],
  }),
);

// %% [fit] Fitting the line with Compass
const learningRate = input.select([0.003, 0.01, 0.03, 0.1], { value: 0.01, label: t('figures.demoLearningRate') });
const weightDecay = input.range([0, 1], { value: 0.1, step: 0.05, label: t('figures.demoWeightDecay') });
const decoupled = input.checkbox({ value: false, label: t('figures.demoDecoupled') });

const slope = tf.variable(tf.scalar(0));
const intercept = tf.variable(tf.scalar(0));
const xTensor = tf.tensor1d(xs);
const yTensor = tf.tensor1d(ys);
const optimizer = new Compass({ learningRate, weightDecay, decay: decoupled ? 'decoupled' : 'stepweight' });
const startLoss = ys.reduce((sum, y) => sum + y * y, 0) / ys.length; // slope = intercept = 0
const curve: { step: number; loss: number }[] = [{ step: 0, loss: startLoss }];

const lossFigure = () =>
  figure({
    ...texts('Loss'),
    x: { label: t('figures.demoStep'), domain: [0, 300] },
    y: { label: t('figures.demoLoss'), type: 'log', tickFormat: (d: number) => fmt(d, { maximumSignificantDigits: 2 }) },
    marks: [Plot.lineY(curve, { x: 'step', y: 'loss' }), Plot.ruleY([0.04], { strokeDasharray: '4 4' })],
  });
const lossView = display(lossFigure());

const losses = await train({
  steps: 300,
  every: 10,
  step: () => optimizer.minimize(() => tf.losses.meanSquaredError(yTensor, xTensor.mul(slope).add(intercept)) as tf.Scalar, true)!,
  onLog: (step, loss) => {
    curve.push({ step, loss });
    if (step % 50 === 0) lossView.update(lossFigure()); // live redraw while training
  },
});
lossView.update(lossFigure());
const finalLoss = losses[losses.length - 1].loss;

display([
  {
    [t('figures.demoSlope')]: (await slope.data())[0],
    [t('figures.demoIntercept')]: (await intercept.data())[0],
    [t('figures.demoFinalLoss')]: finalLoss,
  },
]);
check(t('figures.demoCheckLossFell'), finalLoss < startLoss / 10, `${fmt(startLoss)} → ${fmt(finalLoss)}`);

// %% [decay-rule] Stepweight decay alone, against its closed form
// Tensors are read with `await tensor.data()`: dataSync() is slow on GPUs and wrong on some WebGPUs.
// With a zero gradient Compass only decays: w_t = w_0 · ∏ (1 − lr·wd / (1 − beta1^k)), k = 1 … t.
const decay = { learningRate: 1e-3, weightDecay: 0.5, beta1: 0.99 };
const weight = tf.variable(tf.tensor1d([1]));
const zeroGradient = tf.zerosLike(weight);
const decayOnly = new Compass(decay);
const rows: { step: number; measured: number; closedForm: number }[] = [{ step: 0, measured: 1, closedForm: 1 }];
for (let step = 1; step <= 200; step++) {
  decayOnly.applyGradients({ [weight.name]: zeroGradient });
  const factor = 1 - (decay.learningRate * decay.weightDecay) / (1 - decay.beta1 ** step);
  rows.push({ step, measured: (await weight.data())[0], closedForm: rows[step - 1].closedForm * factor });
}
const worst = Math.max(...rows.map((r) => Math.abs(r.measured - r.closedForm) / r.closedForm));

display(
  figure({
    ...texts('Decay'),
    x: { label: t('figures.demoStep') },
    y: { label: t('figures.demoWeight') },
    color: { legend: true, domain: [t('figures.demoMeasured'), t('figures.demoClosedForm')] },
    marks: [
      Plot.lineY(rows, { x: 'step', y: 'closedForm', stroke: () => t('figures.demoClosedForm'), strokeWidth: 3, strokeOpacity: 0.4 }),
      Plot.dot(rows.filter((r) => r.step % 10 === 0), { x: 'step', y: 'measured', stroke: () => t('figures.demoMeasured') }),
    ],
  }),
);
check(t('figures.demoCheckClosedForm'), worst < 1e-5, fmt(worst, { maximumSignificantDigits: 2 }));
