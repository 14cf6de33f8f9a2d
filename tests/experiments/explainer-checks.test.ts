/**
 * The explainer's experiment notebooks: every check passes as written, and each claim's check fails
 * when the notebook is changed so that the claim is false, so a passed check on the page means
 * something.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { nodeKernelModules } from '../../src/lib/runtime/node-modules.ts';
import { runNotebook } from '../../src/lib/runtime/run-notebook.ts';
import type { Lang } from '../../src/lib/runtime/outputs.ts';

const { modules } = await nodeKernelModules();

/** Runs a notebook (optionally with one exact text replacement) and returns its failure lines. */
async function failuresOf(name: string, lang: Lang, mutation?: { from: string; to: string }): Promise<string[]> {
  const file = `notebooks/${name}.ts`;
  let source = readFileSync(file, 'utf8');
  if (mutation) {
    assert.ok(source.includes(mutation.from), `${file} no longer contains ${JSON.stringify(mutation.from)}: update the mutation`);
    source = source.replace(mutation.from, mutation.to);
  }
  const original = console.warn;
  console.warn = () => {}; // the hazard cell triggers Compass's first-step warning on purpose
  try {
    return (await runNotebook({ source, file, lang, modules })).failures;
  } finally {
    console.warn = original;
  }
}

const NOTEBOOKS = ['decay-alone', 'sgd-vs-l2', 'adaptive-normalisation'];

// Both languages are run by `npm run notebooks` (tests/runtime/notebooks.test.ts); here one is the
// baseline the mutations below are measured against.
for (const name of NOTEBOOKS) {
  test(`${name}: every check passes as written, no error, no leaked tensor`, async () => {
    assert.deepEqual(await failuresOf(name, 'en'), []);
  });
}

/** Each mutation makes one claim false; the named cell's check must then fail. */
const MUTATIONS: { name: string; claim: string; cell: string; from: string; to: string }[] = [
  {
    name: 'decay-alone',
    claim: 'decay follows the stepweight closed form',
    cell: 'closed-form',
    from: 'const optimizer = new Compass(options);',
    to: "const optimizer = new Compass({ ...options, decay: options?.decay === 'l2' ? 'l2' : 'decoupled' });",
  },
  {
    name: 'decay-alone',
    claim: 'L2 under Compass moves every weight about the same distance',
    cell: 'size',
    from: "const movedL2 = await moved({ learningRate: lrSize, weightDecay: wdSize, decay: 'l2' });",
    to: 'const movedL2 = await moved({ learningRate: lrSize, weightDecay: wdSize });',
  },
  {
    name: 'decay-alone',
    claim: 'the measured step size is lr / (1 - beta1^t)',
    cell: 'step-size',
    from: "decayAlone({ learningRate: lrAdapt, weightDecay: wdAdapt, beta1 }, stepsAdapt, [1])",
    to: "decayAlone({ learningRate: lrAdapt, weightDecay: wdAdapt, beta1, decay: 'decoupled' }, stepsAdapt, [1])",
  },
  {
    name: 'decay-alone',
    claim: 'the first factor is 1 - lr * wd / (1 - beta1)',
    cell: 'hazard',
    from: 'decayAlone({ learningRate: lrHazard, weightDecay: wdHazard, beta1: beta1Hazard }, stepsHazard, [1])',
    to: "decayAlone({ learningRate: lrHazard, weightDecay: wdHazard, beta1: beta1Hazard, decay: 'decoupled' }, stepsHazard, [1])",
  },
  {
    name: 'sgd-vs-l2',
    claim: 'SGD with L2 and with decoupled decay agree to float32 rounding',
    cell: 'sgd',
    from: "new SGD({ learningRate: lrSgd, weightDecay: wdSgd, decay: 'decoupled' })",
    to: "new SGD({ learningRate: lrSgd, weightDecay: wdSgd * 1.01, decay: 'decoupled' })",
  },
  {
    name: 'sgd-vs-l2',
    claim: 'under Compass L2 and decoupled decay part',
    cell: 'compass',
    from: "const compassL2 = await compassRun('l2');",
    to: "const compassL2 = await compassRun('decoupled');",
  },
  {
    name: 'adaptive-normalisation',
    claim: 'Compass + L2 spares the weights with large gradients',
    cell: 'shrinkage',
    from: "finalOf({ learningRate: lrShrink, weightDecay: wdShrink, decay: 'l2' })",
    to: 'finalOf({ learningRate: lrShrink, weightDecay: wdShrink })',
  },
  {
    name: 'adaptive-normalisation',
    claim: 'stepweight decay shrinks every weight alike',
    cell: 'shrinkage',
    from: 'const shrinkStepweight = shrinkOf(await finalOf({ learningRate: lrShrink, weightDecay: wdShrink }));',
    to: "const shrinkStepweight = shrinkOf(await finalOf({ learningRate: lrShrink, weightDecay: wdShrink, decay: 'l2' }));",
  },
];

for (const { name, claim, cell, from, to } of MUTATIONS) {
  test(`${name}: the check fails when "${claim}" is made false`, async () => {
    const failures = await failuresOf(name, 'en', { from, to });
    assert.ok(
      failures.some((line) => line.startsWith(`cell [${cell}]: check failed`)),
      `expected a failed check in cell [${cell}], got: ${JSON.stringify(failures)}`,
    );
  });
}
