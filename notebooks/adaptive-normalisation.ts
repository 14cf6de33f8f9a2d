// Notebook: adaptive normalisation and weight decay.
// A linear model whose inputs differ in scale by two orders of magnitude, so the gradients of its
// weights differ by four. Compass divides each weight's step by that weight's own gradient scale;
// an L2 penalty goes through that division, stepweight decay does not.
import * as tf from '@tensorflow/tfjs';
import * as Plot from '@observablehq/plot';
import { Compass } from '../src/lib/compass/index.ts';
import { display, check, input, t, progress, fmt, figure, okabeIto } from '../src/lib/runtime/cell-api.ts';

// %% [setup] Inputs of very different scales
type CompassOptions = ConstructorParameters<typeof Compass>[0];

/** Input scales, log-spaced from 0.1 to 10. */
const scales = Array.from({ length: 7 }, (_, j) => 10 ** (-1 + j / 3));
const samples = 16;

/** Entry (i, j) of the 16 x 16 Walsh–Hadamard matrix: +1 or -1; its columns are orthogonal. */
const hadamard = (i: number, j: number) => {
  let bits = i & j;
  let parity = 0;
  for (; bits; bits >>= 1) parity ^= bits & 1;
  return parity ? -1 : 1;
};
// Columns 1..7 of the Hadamard matrix (column 0 is constant), scaled: uncorrelated inputs, so each
// weight is learned on its own and only the scale tells them apart. Every true weight is 1.
const inputs = Array.from({ length: samples }, (_, i) => scales.map((s, j) => s * hadamard(i, j + 1)));
const targets = inputs.map((x) => [x.reduce((sum, v) => sum + v, 0)]);

/**
 * Trains the linear model from zero weights (mean squared error, full batch) and returns the
 * weights after every step (row 0: before the first) and each weight's gradient at step 1. Reads back
 * with `await data()`, which GPU backends serve without blocking.
 */
async function train(options: CompassOptions, steps: number): Promise<{ weights: number[][]; firstGradient: number[] }> {
  const xs = tf.tensor2d(inputs);
  const ys = tf.tensor2d(targets);
  const w = tf.variable(tf.zeros([scales.length, 1]));
  const loss = () => tf.losses.meanSquaredError(ys, tf.matMul(xs, w)) as tf.Scalar;
  const { value, grads } = tf.variableGrads(loss, [w]);
  const firstGradient = Array.from(await grads[w.name].data());
  tf.dispose([value, grads]);
  const optimizer = new Compass(options);
  const weights = [Array.from(await w.data())];
  for (let step = 1; step <= steps; step++) {
    tf.tidy(() => {
      optimizer.minimize(loss, false, [w]);
    });
    weights.push(Array.from(await w.data()));
    if (step % 25 === 0) progress(step, steps);
  }
  optimizer.dispose();
  tf.dispose([xs, ys, w]);
  return { weights, firstGradient };
}

/** Colours by role, from the Okabe–Ito palette. */
const colors = { none: okabeIto.blue, stepweight: okabeIto.vermillion, l2: okabeIto.bluishGreen };

const num = (x: number) => fmt(x, { maximumSignificantDigits: 3 });
const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

// %% [fit] The data hold the weights up, the decay pulls them down
const lrFit = input.select([0.001, 0.003, 0.01, 0.03], { value: 0.01, label: t('figures.learningRate') });
const wdFit = input.range([0.1, 2], { value: 1, step: 0.1, label: t('figures.weightDecay') });
const stepsFit = input.range([50, 1000], { value: 300, step: 50, label: t('figures.steps') });

const fitPlain = (await train({ learningRate: lrFit }, stepsFit)).weights;
const fitDecayed = (await train({ learningRate: lrFit, weightDecay: wdFit }, stepsFit)).weights;
const fitSeries = [
  { label: t('figures.noDecay'), run: fitPlain, color: colors.none, dash: '6 3' },
  { label: t('figures.stepweightDecay'), run: fitDecayed, color: colors.stepweight, dash: 'none' },
];
display(
  figure({
    title: t('figures.fitTitle'),
    subtitle: t('figures.fitSubtitle', { lr: num(lrFit), wd: num(wdFit) }),
    ariaLabel: t('figures.fitAria'),
    ariaDescription: t('figures.fitDescription', {
      plain: num(mean(fitPlain[stepsFit])),
      decayed: num(mean(fitDecayed[stepsFit])),
    }),
    x: { label: t('figures.stepAxis') },
    y: { label: t('figures.meanWeightAxis') },
    series: fitSeries,
    marks: [
      Plot.ruleY([0, 1]),
      ...fitSeries.map((s) =>
        Plot.line(s.run.map((row, step) => ({ step, w: mean(row), run: s.label })), {
          x: 'step',
          y: 'w',
          stroke: 'run',
          strokeWidth: 2,
          strokeDasharray: s.dash,
        }),
      ),
    ],
  }),
);
check(
  t('figures.checkDecayHoldsBelow'),
  fitDecayed[stepsFit].every((w, j) => w < fitPlain[stepsFit][j] && w > 0.1 * fitPlain[stepsFit][j]),
  t('figures.fitDetail', { plain: num(mean(fitPlain[stepsFit])), decayed: num(mean(fitDecayed[stepsFit])) }),
);

// %% [shrinkage] Shrinkage against gradient scale: L2 penalty and stepweight decay
// Ranges over which Compass + L2 converges to its optimum and stepweight decay visibly shrinks.
const lrShrink = input.select([0.003, 0.01, 0.03], { value: 0.01, label: t('figures.learningRate') });
const wdShrink = input.range([0.3, 3], { value: 1, step: 0.1, label: t('figures.weightDecay') });
const stepsShrink = input.range([300, 1000], { value: 300, step: 50, label: t('figures.steps') });

const plain = await train({ learningRate: lrShrink }, stepsShrink);
const finalOf = async (options: CompassOptions) => (await train(options, stepsShrink)).weights[stepsShrink];
const shrinkOf = (final: number[]) => final.map((w, j) => w / plain.weights[stepsShrink][j]);
const shrinkL2 = shrinkOf(await finalOf({ learningRate: lrShrink, weightDecay: wdShrink, decay: 'l2' }));
const shrinkStepweight = shrinkOf(await finalOf({ learningRate: lrShrink, weightDecay: wdShrink }));
const gradientScale = plain.firstGradient.map(Math.abs);

// The minimum of (loss + wd/2 * |w|^2) for this data: weight j ends at |g_j| / (|g_j| + wd), where
// |g_j| is its gradient at step 1 (2 * scale_j^2 here). Any optimizer that converges lands on it.
const l2Optimum = (g: number) => g / (g + wdShrink);
const [gMin, gMax] = [Math.min(...gradientScale), Math.max(...gradientScale)];
const optimumCurve = Array.from({ length: 61 }, (_, k) => gMin * (gMax / gMin) ** (k / 60)).map((g) => ({ g, shrink: l2Optimum(g) }));

const methods = [
  { label: t('figures.l2Penalty'), shrink: shrinkL2, color: colors.l2, dash: '6 3' },
  { label: t('figures.stepweightDecay'), shrink: shrinkStepweight, color: colors.stepweight, dash: 'none' },
];
display(
  figure({
    title: t('figures.shrinkTitle'),
    subtitle: t('figures.shrinkSubtitle', { lr: num(lrShrink), wd: num(wdShrink), steps: stepsShrink }),
    ariaLabel: t('figures.shrinkAria'),
    ariaDescription: t('figures.shrinkDescription', {
      l2Low: num(shrinkL2[0]),
      l2High: num(shrinkL2[scales.length - 1]),
      stepweight: num(mean(shrinkStepweight)),
    }),
    x: { label: t('figures.gradientScaleAxis'), type: 'log' },
    y: { label: t('figures.shrinkAxis'), domain: [0, 1.05] },
    series: methods,
    marks: [
      Plot.ruleY([1]),
      Plot.line(optimumCurve, { x: 'g', y: 'shrink', stroke: 'currentColor', strokeOpacity: 0.5, strokeDasharray: '1 3' }),
      // Label the dotted curve low on the left, where no measured line runs.
      Plot.text([optimumCurve[12]], { x: 'g', y: 'shrink', text: () => t('figures.l2OptimumLabel'), dx: 10, dy: -4, textAnchor: 'start', fill: 'currentColor' }),
      ...methods.flatMap((m) => {
        const rows = gradientScale.map((g, j) => ({ g, shrink: m.shrink[j], method: m.label }));
        return [
          Plot.line(rows, { x: 'g', y: 'shrink', stroke: 'method', strokeWidth: 2, strokeDasharray: m.dash }),
          Plot.dot(rows, { x: 'g', y: 'shrink', fill: 'method', r: 3.5 }),
        ];
      }),
    ],
  }),
);
display(
  scales.map((s, j) => ({
    [t('figures.inputScale')]: s,
    [t('figures.gradientScale')]: gradientScale[j],
    [t('figures.l2Penalty')]: shrinkL2[j],
    [t('figures.l2OptimumLabel')]: l2Optimum(gradientScale[j]),
    [t('figures.stepweightDecay')]: shrinkStepweight[j],
  })),
);
const last = scales.length - 1;
check(
  t('figures.checkL2SparesLargeGradients'),
  shrinkL2[last] > 0.95 && shrinkL2[0] < 0.5,
  t('figures.l2ShrinkDetail', { low: num(shrinkL2[0]), high: num(shrinkL2[last]) }),
);
check(
  t('figures.checkL2ReachesOptimum'),
  shrinkL2.every((s, j) => Math.abs(s - l2Optimum(gradientScale[j])) <= 0.02),
);
const stepweightSpread = Math.max(...shrinkStepweight) / Math.min(...shrinkStepweight);
check(
  t('figures.checkStepweightAlike'),
  stepweightSpread <= 1.02 && Math.max(...shrinkStepweight) < 0.995,
  t('figures.stepweightShrinkDetail', { min: num(Math.min(...shrinkStepweight)), max: num(Math.max(...shrinkStepweight)) }),
);
