// Notebook: Compass on a two-dimensional test function.
// Paths of Adam and of Compass with three amplification factors on the Rosenbrock function, drawn over
// its contour plot, without weight decay and with stepweight decay. Centralization stays at 0: on a
// two-element parameter it would subtract the mean of the two partial derivatives, mixing the axes.
import * as tf from '@tensorflow/tfjs';
import * as Plot from '@observablehq/plot';
import { Compass } from '../src/lib/compass/index.ts';
import { display, check, input, t, progress, fmt, figure, okabeIto } from '../src/lib/runtime/cell-api.ts';

// %% [setup] The Rosenbrock function
/** f(x, y) = (1 − x)² + 100 (y − x²)²: a curved valley with its minimum f = 0 at (1, 1). */
const rosenbrock = (x: number, y: number) => (1 - x) ** 2 + 100 * (y - x * x) ** 2;
/** The same on a parameter tensor [x, y]. */
const rosenbrockTensor = (p: tf.Tensor1D) => {
  const [x, y] = tf.unstack(p) as [tf.Scalar, tf.Scalar];
  return tf.add(tf.square(tf.sub(1, x)), tf.mul(100, tf.square(tf.sub(y, tf.square(x))))) as tf.Scalar;
};
const start: [number, number] = [-1.2, 1];
const minimum: [number, number] = [1, 1];
/** The window of the contour plot. */
const xRange: [number, number] = [-1.6, 1.6];
const yRange: [number, number] = [-0.6, 2];

const num = (x: number) => fmt(x, { maximumSignificantDigits: 3 });

/**
 * Runs `optimizer` from the start point for `steps` steps and returns the path: every point of the
 * first 100 steps (where Compass's bias-corrected steps are large), then every 5th, and the end.
 * Positions stay on the device until one read-back per `readEvery` steps; `onRead` is called after each.
 */
async function descend(optimizer: tf.Optimizer, steps: number, onRead: () => void) {
  const recorded = (step: number) => step <= 100 || step % 5 === 0 || step === steps;
  const readEvery = 250;
  const p = tf.variable(tf.tensor1d(start));
  const path: [number, number][] = [[...start]];
  let pending: tf.Tensor[] = [];
  for (let step = 1; step <= steps; step++) {
    tf.tidy(() => {
      optimizer.minimize(() => rosenbrockTensor(p), false, [p]);
    });
    if (recorded(step)) pending.push(p.clone());
    if (step % readEvery === 0 || step === steps) {
      const batch = tf.stack(pending);
      path.push(...((await batch.array()) as [number, number][]));
      tf.dispose([batch, ...pending]);
      pending = [];
      onRead();
    }
  }
  p.dispose();
  optimizer.dispose();
  return path;
}

// %% [paths] Paths of Adam and Compass on the Rosenbrock valley
const lr = input.select([0.003, 0.01, 0.03], { value: 0.01, label: t('figures.pathsLearningRate') });
const ampFac = input.range([0, 10], { value: 5, step: 0.5, label: t('figures.pathsAmpFac') });
const wd = input.select([0.1, 0.3, 1], { value: 0.3, label: t('figures.pathsWeightDecay') });
const steps = input.range([200, 3000], { value: 1000, step: 100, label: t('figures.pathsSteps') });

const panels = { plain: t('figures.pathsPanelPlain'), decayed: t('figures.pathsPanelDecayed', { wd: num(wd) }) };
const runs = [
  { key: 'adam', label: t('figures.pathsAdam'), color: okabeIto.skyBlue, make: (_: number) => tf.train.adam(lr) as tf.Optimizer, panels: ['plain'] },
  ...[0, 2, ampFac].map((amp, i) => ({
    key: `compass-${i}`,
    label: t('figures.pathsCompass', { amp: num(amp) }),
    color: [okabeIto.orange, okabeIto.bluishGreen, okabeIto.reddishPurple][i],
    make: (decay: number) => new Compass({ learningRate: lr, ampFac: amp, weightDecay: decay }) as tf.Optimizer,
    panels: ['plain', 'decayed'],
  })),
] as const;

/** Contour lines of log10 f, computed once. */
const contours = Plot.contour({
  x1: xRange[0], x2: xRange[1], y1: yRange[0], y2: yRange[1],
  value: (x: number, y: number) => Math.log10(rosenbrock(x, y)),
  thresholds: [-1, -0.5, 0, 0.5, 1, 1.5, 2, 2.5, 3],
  stroke: 'currentColor', strokeOpacity: 0.25, fill: 'none',
});
type PathRow = { x: number; y: number; run: string; panel: string; order: number };
const rows: PathRow[] = [];

function pathsFigure() {
  return figure({
    title: t('figures.pathsTitle'),
    subtitle: t('figures.pathsSubtitle', { lr: num(lr), steps: fmt(steps) }),
    ariaLabel: t('figures.pathsAria'),
    ariaDescription: t('figures.pathsDescription'),
    width: 720,
    height: 400,
    marginTop: 30,
    grid: false,
    fx: { domain: [panels.plain, panels.decayed], label: null },
    x: { domain: xRange, label: 'x', ticks: 5 },
    y: { domain: yRange, label: 'y', ticks: 5 },
    series: runs,
    marks: [
      Plot.frame({ strokeOpacity: 0.3 }),
      contours,
      Plot.line(rows, { x: 'x', y: 'y', z: 'run', stroke: 'run', fx: 'panel', sort: 'order', strokeWidth: 1.6, clip: true }),
      Plot.dot([{ x: start[0], y: start[1] }], { x: 'x', y: 'y', r: 4, fill: 'currentColor' }),
      Plot.dot([{ x: minimum[0], y: minimum[1] }], { x: 'x', y: 'y', r: 6, symbol: 'star', fill: 'currentColor' }),
      Plot.dot(ends(), { x: 'x', y: 'y', fx: 'panel', fill: 'run', stroke: 'currentColor', r: 3.5 }),
    ],
  });
}
/** The last point of every path drawn so far. */
function ends() {
  const last = new Map<string, PathRow>();
  for (const row of rows) last.set(`${row.panel}|${row.run}`, row);
  return [...last.values()];
}
const view = display(pathsFigure());

/** Final loss of every run, by panel and run key. */
const finalLoss: Record<string, Record<string, number>> = { plain: {}, decayed: {} };
const total = runs.reduce((n, r) => n + r.panels.length, 0) * steps;
let done = 0;
for (const panel of ['plain', 'decayed'] as const) {
  for (const run of runs.filter((r) => (r.panels as readonly string[]).includes(panel))) {
    let drawn = 0;
    const path = await descend(run.make(panel === 'decayed' ? wd : 0), steps, () => progress(done + Math.min(steps, (drawn += 250)), total));
    path.forEach(([x, y], order) => rows.push({ x, y, run: run.label, panel: panels[panel], order }));
    finalLoss[panel][run.key] = rosenbrock(...path[path.length - 1]);
    done += steps;
    view.update(pathsFigure());
  }
}

display(
  runs.map((run) => ({
    [t('figures.pathsRunColumn')]: run.label,
    [panels.plain]: num(finalLoss.plain[run.key]),
    [panels.decayed]: run.key in finalLoss.decayed ? num(finalLoss.decayed[run.key]) : '—',
  })),
);

const startLoss = rosenbrock(...start);
const allFinal = Object.values(finalLoss).flatMap((byRun) => Object.values(byRun));
check(t('figures.pathsCheckLowers', { start: num(startLoss) }), allFinal.every((f) => f < startLoss), allFinal.map(num).join(', '));
const ordered = (byRun: Record<string, number>) => byRun['compass-0'] > byRun['compass-1'] && byRun['compass-1'] > byRun['compass-2'];
const compassLosses = (panel: 'plain' | 'decayed') => ['compass-0', 'compass-1', 'compass-2'].map((k) => num(finalLoss[panel][k])).join(' > ');
check(t('figures.pathsCheckAmpPlain'), ordered(finalLoss.plain), compassLosses('plain'));
check(t('figures.pathsCheckAmpDecayed'), ordered(finalLoss.decayed), compassLosses('decayed'));
check(
  t('figures.pathsCheckDecayCosts'),
  finalLoss.decayed['compass-1'] > finalLoss.plain['compass-1'] && finalLoss.decayed['compass-2'] > finalLoss.plain['compass-2'],
);
check(t('figures.pathsCheckDecayHelpsAmp0'), finalLoss.decayed['compass-0'] < finalLoss.plain['compass-0']);
