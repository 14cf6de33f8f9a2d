/**
 * Replaying trajectory files (format `compass-golden/1`, see ./replay-format.ts): each case's
 * parameters are stepped with its recorded gradients on the active tfjs backend, and the
 * parameters after every step are returned. `expected*` fields are ignored.
 */
import * as tf from '@tensorflow/tfjs';
import { Compass } from './compass.ts';
import { caseOptions, type ReplayCase, type ReplayFile, type ReplayOutput, type Trajectory } from './replay-format.ts';

/** How to replay. */
export interface ReplayOptions {
  /** Use the fused Compass kernel where the backend has one (Compass's default, true), or the stock-op rule. */
  fused?: boolean;
}

/** Runs one case on the active backend; frees every tensor it made. */
export async function replayCase(c: ReplayCase, { fused = true }: ReplayOptions = {}): Promise<Trajectory> {
  const optimizer = new Compass({ ...caseOptions(c.hyper), fused });
  const variables = Object.entries(c.params).map(([name, { shape, values }]) => ({
    name,
    variable: tf.tidy(() => tf.variable(tf.tensor(values, shape, 'float32'))),
  }));
  // Snapshots stay on the device until the end, so the steps run without a read-back each.
  const snapshots: tf.Tensor[][] = [];
  try {
    for (const grads of c.grads) {
      const named = tf.tidy(() =>
        variables.map(({ name, variable }) => ({ name: variable.name, tensor: tf.tensor(grads[name], variable.shape) })),
      );
      optimizer.applyGradients(named);
      tf.dispose(named.map((g) => g.tensor));
      snapshots.push(variables.map(({ variable }) => tf.clone(variable)));
    }
    const values = await Promise.all(snapshots.map((step) => Promise.all(step.map((t) => t.data()))));
    return values.map((step) =>
      Object.fromEntries(variables.map(({ name }, i) => [name, Array.from(step[i])])),
    );
  } finally {
    tf.dispose(snapshots.flat());
    tf.dispose(variables.map(({ variable }) => variable));
    optimizer.dispose();
  }
}

/** Replays every case of `file` on the active backend. */
export async function replayFile(file: ReplayFile, options: ReplayOptions = {}): Promise<ReplayOutput> {
  const cases = [];
  for (const c of file.cases) cases.push({ name: c.name, trajectory: await replayCase(c, options) });
  return { backend: tf.getBackend(), cases };
}
