/**
 * The training experiments (notebooks `experiments` and `compass-paths`): each claim's check fails
 * when the notebook is changed so that the claim becomes false. That every check passes as written,
 * in both languages, is tested by tests/runtime/notebooks.test.ts through `npm run notebooks`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { nodeKernelModules } from '../../src/lib/runtime/node-modules.ts';
import { runNotebook } from '../../src/lib/runtime/run-notebook.ts';

const { modules } = await nodeKernelModules();
const figures = JSON.parse(readFileSync('src/i18n/figures/en.json', 'utf8')) as Record<string, string>;

interface Mutation {
  notebook: string;
  /** What the change makes false. */
  claim: string;
  from: string;
  to: string;
  /** Keys of the checks (in src/i18n/figures) that must now fail; their text may hold {{placeholders}}. */
  failing: string[];
}

const MUTATIONS: Mutation[] = [
  {
    notebook: 'experiments',
    claim: 'stepweight decay ends with a lower test loss and a smaller weight norm than no decay',
    from: "stepweight: { learningRate: lr, weightDecay: wd, decay: 'stepweight' },",
    to: 'stepweight: { learningRate: lr },',
    failing: ['figures.expCheckTestLoss', 'figures.expCheckNorm'],
  },
  {
    notebook: 'experiments',
    claim: 'the stepweight map differs from the decoupled one (best cells on lr·λ = 0.03, first-step factor)',
    from: 'const optimizer = new BatchedCompass(settings);',
    to: "const optimizer = new BatchedCompass(settings.map((s) => (s.decay === 'stepweight' ? { ...s, decay: 'decoupled' as const } : s)));",
    failing: ['figures.landCheckStepweight', 'figures.landCheckFirstStep', 'figures.landCheckSameAsCompass'],
  },
  {
    notebook: 'compass-paths',
    claim: 'a larger amp_fac ends with a lower loss, with and without decay',
    from: 'new Compass({ learningRate: lr, ampFac: amp, weightDecay: decay })',
    to: 'new Compass({ learningRate: lr, ampFac: 2, weightDecay: decay })',
    failing: ['figures.pathsCheckAmpPlain', 'figures.pathsCheckAmpDecayed'],
  },
  {
    notebook: 'compass-paths',
    claim: 'stepweight decay changes where the runs end',
    from: 'new Compass({ learningRate: lr, ampFac: amp, weightDecay: decay })',
    to: 'new Compass({ learningRate: lr, ampFac: amp, weightDecay: 0 * decay })',
    failing: ['figures.pathsCheckDecayCosts', 'figures.pathsCheckDecayHelpsAmp0'],
  },
];

/** The text of a check label before its first placeholder, to find its failure line. */
const labelStart = (key: string) => {
  assert.ok(figures[key], `figure string ${key} exists`);
  return figures[key].split('{{')[0];
};

for (const m of MUTATIONS) {
  test(`${m.notebook}: the checks fail when ${m.claim} is made false`, async () => {
    const file = `notebooks/${m.notebook}.ts`;
    const source = readFileSync(file, 'utf8');
    assert.ok(source.includes(m.from), `${file} no longer contains ${JSON.stringify(m.from)}: update the mutation`);
    const warn = console.warn;
    console.warn = () => {}; // Compass warns about negative first-step factors, which the landscape has on purpose
    try {
      const { failures } = await runNotebook({ source: source.replace(m.from, m.to), file, lang: 'en', modules });
      for (const key of m.failing) {
        assert.ok(
          failures.some((line) => line.includes(`check failed: ${labelStart(key)}`)),
          `expected the check "${figures[key]}" to fail; failures were:\n${failures.join('\n')}`,
        );
      }
      assert.ok(!failures.some((line) => /Error|Hiba/.test(line)), `no exception:\n${failures.join('\n')}`);
    } finally {
      console.warn = warn;
    }
  });
}
