/** Browser side of the sweep bench: switches backends and runs `sweepBench` on request from Node. */
import * as tf from '@tensorflow/tfjs';
import { chooseBackend, type BackendName } from '../src/lib/compass/index.ts';
import { sweepBench, type SweepPlan } from './sweep-timing.ts';

const sweepPage = {
  async useBackend(backend: BackendName) {
    await chooseBackend({ order: [backend] });
    return tf.getBackend();
  },
  sweepBench: (plan: SweepPlan) => sweepBench(plan),
};

/** What the page offers to Node, as `window.sweepPage`. */
export type SweepPage = typeof sweepPage;

(globalThis as { sweepPage?: SweepPage }).sweepPage = sweepPage;
