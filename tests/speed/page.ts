/**
 * Browser side of the speed checks: a page that switches tfjs backends and runs the fused-kernel
 * cases and the batched sweep cases on request from Node (through Playwright's `page.evaluate`).
 */
import * as tf from '@tensorflow/tfjs';
import { chooseBackend, type BackendName } from '../../src/lib/compass/index.ts';
import { hasFusedKernel } from '../../src/lib/compass/fused/index.ts';
import { kernelsPerStep, runFusedCases } from './fused-cases.ts';
import { runBatchedCases } from './batched-cases.ts';

const speedPage = {
  async useBackend(backend: BackendName) {
    const { refused } = await chooseBackend({ order: [backend] });
    return { active: tf.getBackend(), refused, fusedKernel: hasFusedKernel() };
  },
  runFusedCases: () => runFusedCases(),
  kernelsPerStep: (variables: number, size: number) => kernelsPerStep(variables, size),
  runBatchedCases: () => runBatchedCases(),
};

/** What the page offers to Node, as `window.speedPage`. */
export type SpeedPage = typeof speedPage;

(globalThis as { speedPage?: SpeedPage }).speedPage = speedPage;
