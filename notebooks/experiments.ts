// Notebook: training experiments with weight decay in Compass.
// One small overparameterised model throughout: a linear model on 40 Gaussian bumps fitted to 20 noisy
// points. Cell [overfit] trains it three ways (no decay, an L2 penalty, stepweight decay) and shows
// the losses, the size of the weights and the fitted functions; cell [landscape] trains a grid of
// learning rates x weight decays, in the manner of Figure 2 of Loshchilov & Hutter (ICLR 2019).
import * as tf from '@tensorflow/tfjs';
import * as Plot from '@observablehq/plot';
import { Compass, BatchedCompass } from '../src/lib/compass/index.ts';
import { display, check, input, t, progress, random, fmt, NonFiniteLossError, figure, okabeIto } from '../src/lib/runtime/cell-api.ts';

// %% [setup] Data, model, figures
/** The curve the data come from. */
const truth = (x: number) => Math.sin(Math.PI * x);
const trainCount = 20;
const testCount = 200;
/** 40 Gaussian bumps of width 0.12, centred evenly on [-1, 1]: twice as many weights as points. */
const bumpCount = 40;
const bumpWidth = 0.12;
const centres = Array.from({ length: bumpCount }, (_, k) => -1 + (2 * k) / (bumpCount - 1));
const features = (xs: number[]) =>
  tf.tensor2d(xs.map((x) => centres.map((c) => Math.exp(-0.5 * ((x - c) / bumpWidth) ** 2))));

// One draw of the randomness for every setting: the noise control scales the same standard normals.
const rng = random(3);
const trainX = Array.from({ length: trainCount }, () => 2 * rng() - 1);
const trainNoise = trainX.map(() => rng.normal());
const testX = Array.from({ length: testCount }, () => 2 * rng() - 1);
const testNoise = testX.map(() => rng.normal());
const initialWeights = Array.from({ length: bumpCount }, () => 0.1 * rng.normal());
const curveX = Array.from({ length: 161 }, (_, i) => -1 + i / 80);

/** Features and targets (columns [n, 1]) of the training and test points at the given noise level. */
function dataset(noise: number) {
  return {
    xTrain: features(trainX),
    yTrain: tf.tensor2d(trainX.map((x, i) => [truth(x) + noise * trainNoise[i]])),
    xTest: features(testX),
    yTest: tf.tensor2d(testX.map((x, i) => [truth(x) + noise * testNoise[i]])),
  };
}

/** The three ways to train, each with its colour. */
const methods = [
  { key: 'none', label: t('figures.expNoDecay'), color: okabeIto.blue },
  { key: 'l2', label: t('figures.expL2'), color: okabeIto.bluishGreen },
  { key: 'stepweight', label: t('figures.expStepweight'), color: okabeIto.vermillion },
] as const;
type MethodKey = (typeof methods)[number]['key'];

/** Mean squared error of the model with weights `w` ([40, 1]) on features `x` and targets `y`. */
const mse = (w: tf.Tensor, x: tf.Tensor, y: tf.Tensor) => tf.losses.meanSquaredError(y, tf.matMul(x, w)) as tf.Scalar;

const num = (x: number) => fmt(x, { maximumSignificantDigits: 3 });
const tick = (x: number) => fmt(x, { maximumSignificantDigits: 3 });

/** One recorded point of a run: its loss on one split and its weight norm. */
interface HistoryRow { step: number; method: string; split: string; loss: number; norm: number }
const splitLabels = { train: t('figures.expTrainLoss'), test: t('figures.expTestLoss') };

/** Training and test loss over the steps, one panel each. */
function lossFigure(history: HistoryRow[], lr: number, wd: number) {
  return figure({
    title: t('figures.expLossTitle'),
    subtitle: t('figures.expLossSubtitle', { lr: num(lr), wd: num(wd) }),
    ariaLabel: t('figures.expLossAria'),
    ariaDescription: t('figures.expLossDescription'),
    width: 720,
    height: 300,
    marginRight: 20,
    fx: { label: null, domain: [splitLabels.train, splitLabels.test] },
    x: { label: t('figures.expStepAxis'), ticks: 4 },
    y: { type: 'log', label: t('figures.expLossAxis'), tickFormat: tick },
    series: methods,
    marks: [
      Plot.frame({ strokeOpacity: 0.3 }),
      Plot.line(history, { x: 'step', y: 'loss', stroke: 'method', fx: 'split', strokeWidth: 2 }),
    ],
  });
}

/** The weight norm over the steps. */
function normFigure(history: HistoryRow[], result: Record<MethodKey, { norm: number }>) {
  return figure({
    title: t('figures.expNormTitle'),
    ariaLabel: t('figures.expNormAria'),
    ariaDescription: t('figures.expNormDescription', {
      none: num(result.none.norm), l2: num(result.l2.norm), stepweight: num(result.stepweight.norm),
    }),
    width: 720,
    height: 260,
    x: { label: t('figures.expStepAxis') },
    y: { label: t('figures.expNormAxis'), zero: true },
    series: methods,
    marks: [Plot.line(history.filter((h) => h.split === splitLabels.test), { x: 'step', y: 'norm', stroke: 'method', strokeWidth: 2 })],
  });
}

/** The fitted functions against the data and the true curve. */
function fitFigure(fitted: { x: number; y: number; method: string }[], noise: number) {
  const yDomain: [number, number] = [-2, 2];
  return figure({
    title: t('figures.expFitTitle'),
    subtitle: t('figures.expFitSubtitle'),
    ariaLabel: t('figures.expFitAria'),
    ariaDescription: t('figures.expFitDescription', { count: trainCount }),
    width: 720,
    height: 340,
    x: { label: 'x' },
    y: { label: 'y', domain: yDomain },
    series: methods,
    marks: [
      Plot.line(curveX.map((x) => ({ x, y: truth(x) })), { x: 'x', y: 'y', stroke: 'currentColor', strokeOpacity: 0.6, strokeDasharray: '4 4' }),
      Plot.line(fitted, { x: 'x', y: 'y', stroke: 'method', strokeWidth: 2, clip: true }),
      Plot.dot(trainX.map((x, i) => ({ x, y: truth(x) + noise * trainNoise[i] })), { x: 'x', y: 'y', r: 3.5, fill: 'currentColor' }),
    ],
  });
}

// The landscape: the grid, the batched training of its cells and the heatmaps.
const learningRates = [3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 1e-1];
const weightDecays = [0.01, 0.03, 0.1, 0.3, 1, 3, 10, 30];
const decayModes = [
  { decay: 'l2', label: t('figures.expL2') },
  { decay: 'stepweight', label: t('figures.expStepweight') },
  { decay: 'decoupled', label: t('figures.landDecoupled') },
] as const;
type Decay = (typeof decayModes)[number]['decay'];
type Dataset = ReturnType<typeof dataset>;

/** One cell of the grid: Compass's defaults but for these three. */
interface Setting { learningRate: number; weightDecay: number; decay: Decay }

/**
 * Trains one model per setting, all at once with `BatchedCompass`: the weights of every model are a
 * row of one [models, 40] variable, and each step updates every row with its own learning rate and
 * decay in one batched computation. Returns each model's final test loss, read back once;
 * `onProgress` is called every 100 steps.
 */
async function trainSweep(
  settings: Setting[], steps: number, data: Dataset, onProgress: (step: number) => void,
): Promise<number[]> {
  const { xTrain, yTrain, xTest, yTest } = data;
  const weights = tf.variable(tf.tile(tf.tensor2d(initialWeights, [1, bumpCount]), [settings.length, 1]));
  const optimizer = new BatchedCompass(settings);
  // Mean squared error of every model at once: [models]. Summed, each model's gradient is its own.
  const errors = (w: tf.Tensor, x: tf.Tensor, y: tf.Tensor) =>
    tf.mean(tf.square(tf.sub(tf.matMul(w, x, false, true), tf.transpose(y))), 1);
  for (let step = 1; step <= steps; step++) {
    tf.tidy(() => {
      optimizer.minimize(() => tf.sum(errors(weights, xTrain, yTrain)) as tf.Scalar, false, [weights]);
    });
    if (step % 100 === 0) onProgress(step);
  }
  const testLoss = errors(weights, xTest, yTest);
  const values = Array.from(await testLoss.data());
  tf.dispose([weights, testLoss]);
  optimizer.dispose();
  return values;
}

/** One cell of the heatmaps: final test loss (NaN where training diverged). */
interface GridCell { decay: Decay; method: string; lr: number; wd: number; loss: number }
/**
 * Colour bins of the test loss, shared by the three maps so they compare directly. Discrete bins
 * (a threshold scale) also keep the legend drawable without a canvas, which the headless DOM lacks.
 */
const lossThresholds = [0.1, 0.125, 0.15, 0.2, 0.3, 0.4, 0.5];
const lightText = (loss: number) => loss >= 0.2; // the darker half of the reversed viridis bins
/** The best cell (lowest test loss) of each row of each map. */
const rowBest = (grid: GridCell[]) =>
  decayModes.flatMap(({ decay }) =>
    learningRates.flatMap((lr) => {
      const row = grid.filter((c) => c.decay === decay && c.lr === lr && Number.isFinite(c.loss));
      return row.length ? [row.reduce((a, b) => (b.loss < a.loss ? b : a))] : [];
    }),
  );

/** The three heatmaps of the cells trained so far. */
function landscapeFigure(grid: GridCell[], steps: number) {
  const finite = grid.filter((c) => Number.isFinite(c.loss));
  return figure({
    title: t('figures.landTitle'),
    subtitle: t('figures.landSubtitle', { steps: fmt(steps) }),
    ariaLabel: t('figures.landAria'),
    ariaDescription: t('figures.landDescription'),
    width: 720,
    height: 640,
    marginLeft: 70,
    marginRight: 10,
    padding: 0.04,
    marginTop: 24,
    grid: false,
    fy: { domain: decayModes.map((m) => m.label), axis: null, padding: 0.14 },
    x: { type: 'band', domain: weightDecays, tickFormat: tick, label: t('figures.landWdAxis') },
    y: { type: 'band', domain: [...learningRates].reverse(), tickFormat: tick, label: t('figures.landLrAxis') },
    color: {
      type: 'threshold', scheme: 'viridis', reverse: true, domain: lossThresholds,
      legend: true, label: t('figures.expTestLoss'), tickFormat: tick,
    },
    marks: [
      Plot.text(decayModes, { fy: 'label', text: 'label', frameAnchor: 'top-left', dy: -14, fontSize: 12, fontWeight: 'bold' }),
      Plot.cell(finite, { x: 'wd', y: 'lr', fy: 'method', fill: 'loss' }),
      Plot.text(grid, {
        x: 'wd', y: 'lr', fy: 'method', fontSize: 10,
        text: (c: GridCell) => (Number.isFinite(c.loss) ? fmt(c.loss, { maximumFractionDigits: 2, minimumFractionDigits: 2 }) : '×'),
        fill: (c: GridCell) => (!Number.isFinite(c.loss) ? 'currentColor' : lightText(c.loss) ? 'white' : 'black'),
      }),
      Plot.cell(rowBest(grid), { x: 'wd', y: 'lr', fy: 'method', stroke: 'currentColor', strokeWidth: 2.5, inset: 1 }),
    ],
  });
}
/** One cell retrained on its own with the Compass optimizer: its final test loss. */
async function compassTestLoss(setting: Setting, steps: number, data: Dataset): Promise<number> {
  const { xTrain, yTrain, xTest, yTest } = data;
  const w = tf.variable(tf.tensor2d(initialWeights, [bumpCount, 1]));
  const optimizer = new Compass(setting);
  for (let step = 1; step <= steps; step++) {
    tf.tidy(() => {
      optimizer.minimize(() => mse(w, xTrain, yTrain), false, [w]);
    });
  }
  const loss = mse(w, xTest, yTest);
  const value = (await loss.data())[0];
  tf.dispose([w, loss]);
  optimizer.dispose();
  return value;
}

// %% [overfit] Three ways to train the same model
const wd = input.select([0.3, 1, 3, 10], { value: 3, label: t('figures.expWeightDecay') });
const lr = input.select([0.001, 0.003, 0.01, 0.03], { value: 0.003, label: t('figures.expLearningRate') });
const steps = input.range([250, 4000], { value: 2000, step: 250, label: t('figures.expSteps') });
const noise = input.range([0, 0.6], { value: 0.3, step: 0.05, label: t('figures.expNoise') });

const recordEvery = 25; // steps between recorded points of the curves
const redrawEvery = 250; // steps between read-backs (one batched read of everything recorded since)

const { xTrain, yTrain, xTest, yTest } = dataset(noise);

const runs = methods.map((method) => {
  const weights = tf.variable(tf.tensor2d(initialWeights, [bumpCount, 1]));
  const options: Record<MethodKey, ConstructorParameters<typeof Compass>[0]> = {
    none: { learningRate: lr },
    l2: { learningRate: lr, weightDecay: wd, decay: 'l2' },
    stepweight: { learningRate: lr, weightDecay: wd, decay: 'stepweight' },
  };
  return { method, weights, optimizer: new Compass(options[method.key]) };
});

/** Recorded curves: one row per method and recorded step. */
const history: HistoryRow[] = [];
const lossView = display(lossFigure(history, lr, wd));

/** Recorded steps not yet read back: kept on the device, then read in one batch. */
let pending: { step: number; metrics: tf.Tensor }[] = [];
async function readPending() {
  const all = tf.concat(pending.map((p) => p.metrics));
  const values = (await all.array()) as number[][];
  tf.dispose([all, ...pending.map((p) => p.metrics)]);
  pending.forEach((p, i) =>
    runs.forEach((run, r) => {
      const [train, test, norm] = values[i * runs.length + r];
      if (!Number.isFinite(train)) throw new NonFiniteLossError(p.step, train);
      history.push({ step: p.step, method: run.method.label, split: splitLabels.train, loss: train, norm });
      history.push({ step: p.step, method: run.method.label, split: splitLabels.test, loss: test, norm });
    }),
  );
  pending = [];
}

for (let step = 1; step <= steps; step++) {
  tf.tidy(() => {
    for (const run of runs) run.optimizer.minimize(() => mse(run.weights, xTrain, yTrain), false, [run.weights]);
  });
  if (step % recordEvery !== 0 && step !== steps) continue;
  // Train loss, test loss and weight norm of all three runs as one [3, 3] tensor.
  const metrics = tf.tidy(() =>
    tf.stack(runs.map((run) => tf.stack([mse(run.weights, xTrain, yTrain), mse(run.weights, xTest, yTest), tf.norm(run.weights)]))),
  );
  pending.push({ step, metrics });
  if (step % redrawEvery === 0 || step === steps) {
    await readPending();
    lossView.update(lossFigure(history, lr, wd));
    progress(step, steps);
  }
}

/** The last recorded point of one method on one split. */
const final = (key: MethodKey, split: 'train' | 'test') => {
  const label = methods.find((m) => m.key === key)!.label;
  return history.findLast((h) => h.method === label && h.split === splitLabels[split])!;
};
const result = Object.fromEntries(
  methods.map((m) => [m.key, { train: final(m.key, 'train').loss, test: final(m.key, 'test').loss, norm: final(m.key, 'test').norm }]),
) as Record<MethodKey, { train: number; test: number; norm: number }>;

display(normFigure(history, result));

// The fitted functions on a fine grid: one [3, 161] read-back.
const curveFeatures = features(curveX);
const curves = (await tf.tidy(() => tf.concat(runs.map((run) => tf.matMul(curveFeatures, run.weights).transpose()))).array()) as number[][];
const fitted = runs.flatMap((run, r) => curveX.map((x, i) => ({ x, y: curves[r][i], method: run.method.label })));
display(fitFigure(fitted, noise));
display(
  methods.map((m) => ({
    [t('figures.expMethodColumn')]: m.label,
    [t('figures.expTrainLoss')]: num(result[m.key].train),
    [t('figures.expTestLoss')]: num(result[m.key].test),
    [t('figures.expNormAxis')]: num(result[m.key].norm),
  })),
);

const detail = (field: 'test' | 'norm') =>
  t('figures.expCheckDetail', { stepweight: num(result.stepweight[field]), none: num(result.none[field]) });
check(t('figures.expCheckTestLoss'), result.stepweight.test < result.none.test, detail('test'));
check(t('figures.expCheckNorm'), result.stepweight.norm < result.none.norm, detail('norm'));

// %% [landscape] The landscape of learning rate and weight decay
const landscapeSteps = input.select([500, 1000, 2000], { value: 1000, label: t('figures.expSteps') });
const landscapeData = dataset(0.3);
const grid: GridCell[] = [];

const landscapeView = display(landscapeFigure(grid, landscapeSteps));

// Fill the maps in one learning rate at a time: each row (8 weight decays x 3 decay modes) is one
// batched computation, so the reader sees the rows arrive.
const rowSettings = (learningRate: number) =>
  decayModes.flatMap(({ decay }) => weightDecays.map((weightDecay): Setting => ({ learningRate, weightDecay, decay })));
const totalSteps = learningRates.length * landscapeSteps;
for (const [row, lr] of learningRates.entries()) {
  const settings = rowSettings(lr);
  const losses = await trainSweep(settings, landscapeSteps, landscapeData, (step) => progress(row * landscapeSteps + step, totalSteps));
  settings.forEach((s, i) =>
    grid.push({ decay: s.decay, method: decayModes.find((m) => m.decay === s.decay)!.label, lr, wd: s.weightDecay, loss: losses[i] }),
  );
  landscapeView.update(landscapeFigure(grid, landscapeSteps));
}

/** Index in `weightDecays` of the best weight decay at each learning rate (rows in `learningRates` order). */
const bestIndex = (decay: Decay) =>
  learningRates.map((lr) => weightDecays.indexOf(rowBest(grid).find((c) => c.decay === decay && c.lr === lr)!.wd));
const best = Object.fromEntries(decayModes.map(({ decay }) => [decay, bestIndex(decay)])) as Record<Decay, number[]>;
const wdList = (indices: number[]) => indices.map((i) => fmt(weightDecays[i])).join(', ');
const last = learningRates.length - 1;
check(t('figures.landCheckL2'), best.l2.every((i) => i === best.l2[0]), wdList(best.l2));
// At the three largest learning rates the best stepweight cell lies on the diagonal lr * wd = 0.03.
const largest = [last - 2, last - 1, last];
check(
  t('figures.landCheckStepweight'),
  largest.every((row) => Math.abs(learningRates[row] * weightDecays[best.stepweight[row]] - 0.03) < 1e-9),
  wdList(best.stepweight),
);
check(t('figures.landCheckDecoupled'), Math.abs(best.decoupled[0] - best.decoupled[last]) <= 1, wdList(best.decoupled));
const diverged = grid.filter((c) => !Number.isFinite(c.loss));
check(
  t('figures.landCheckDiverged'),
  diverged.length > 0 && grid.every((c) => Number.isFinite(c.loss) === (c.decay === 'l2' || c.lr * c.wd <= 1)),
  diverged.map((c) => `${c.method}: ${fmt(c.lr)}, ${fmt(c.wd)}`).join('; '),
);

// Where the two decoupled kinds differ: stepweight decay's first step multiplies the weights by
// 1 - lr*wd/(1 - beta1), i.e. 1 - 100*lr*wd; where that is -8 or less, the first steps flip and inflate
// the weights, and the run does not recover in the steps it has.
const lossAt = (decay: Decay, lr: number, wd: number) => grid.find((c) => c.decay === decay && c.lr === lr && c.wd === wd)!.loss;
const muchWorse = grid.filter((c) => {
  const decoupled = lossAt('decoupled', c.lr, c.wd);
  return c.decay === 'stepweight' && Number.isFinite(decoupled) && !(c.loss <= 1.5 * decoupled); // NaN counts as worse
});
const firstFactor = (c: GridCell) => 1 - (c.lr * c.wd) / (1 - 0.99);
check(
  t('figures.landCheckFirstStep'),
  muchWorse.length > 0 && muchWorse.every((c) => firstFactor(c) < -7.99), // not -8: 1 - 0.99 is inexact in floating point
  muchWorse.map((c) => `${fmt(c.lr)}, ${fmt(c.wd)}: ${fmt(firstFactor(c), { maximumFractionDigits: 0 })}`).join('; '),
);

// Most of them end where the model predicts 0 everywhere: the inflated first steps filled the second
// moment, so the later updates are tiny while the decay holds the weights near zero.
const zeroLoss = (await tf.tidy(() => tf.mean(tf.square(landscapeData.yTest))).data())[0];
const atZero = muchWorse.filter((c) => Math.abs(c.loss - zeroLoss) < 0.01 * zeroLoss);
check(t('figures.landCheckZero', { zero: num(zeroLoss) }), atZero.length === 5, atZero.map((c) => `${fmt(c.lr)}, ${fmt(c.wd)}`).join('; '));

// The batched sweep is Compass: retrain two cells with the Compass optimizer itself and compare.
for (const [decay, wd] of [['stepweight', 3], ['l2', 0.3]] as const) {
  const cell = grid.find((c) => c.decay === decay && c.lr === 0.01 && c.wd === wd)!;
  const single = await compassTestLoss({ learningRate: 0.01, weightDecay: wd, decay }, landscapeSteps, landscapeData);
  check(
    t('figures.landCheckSameAsCompass', { method: cell.method }),
    Math.abs(single - cell.loss) <= 1e-3 * single,
    t('figures.landSameDetail', { batched: fmt(cell.loss, { maximumSignificantDigits: 6 }), single: fmt(single, { maximumSignificantDigits: 6 }) }),
  );
}
