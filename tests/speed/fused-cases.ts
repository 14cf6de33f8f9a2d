/**
 * Trajectories for checking the fused Compass kernels against the stock-op rule on the active
 * backend (run in Node for cpu/wasm and in the speed page for webgl/webgpu).
 */
import * as tf from '@tensorflow/tfjs';
import { Compass, type CompassOptions } from '../../src/lib/compass/index.ts';
import type { Compared } from './agreement.ts';

/** One trajectory to run fused and unfused. */
export interface FusedCase {
  name: string;
  options: CompassOptions;
  /** `model`: a small dense layer trained on a loss (gradients from tfjs's own ops, packed on
   * WebGL); `flat`: two long 1-D variables (sizes 1001 and 1024: scalar and vec4 WebGPU shaders)
   * with seeded random gradients. */
  kind: 'model' | 'flat';
  steps: number;
}

export const FUSED_CASES: FusedCase[] = [
  { name: 'model-defaults', kind: 'model', steps: 25, options: { learningRate: 1e-2 } },
  { name: 'model-stepweight', kind: 'model', steps: 25, options: { learningRate: 1e-2, weightDecay: 0.5 } },
  { name: 'model-decoupled', kind: 'model', steps: 25, options: { learningRate: 1e-2, weightDecay: 0.5, decay: 'decoupled' } },
  { name: 'model-l2', kind: 'model', steps: 25, options: { learningRate: 1e-2, weightDecay: 0.5, decay: 'l2' } },
  { name: 'model-l2-centralized', kind: 'model', steps: 25, options: { learningRate: 1e-2, weightDecay: 0.5, decay: 'l2', centralization: 1 } },
  { name: 'flat-stepweight', kind: 'flat', steps: 10, options: { learningRate: 1e-3, weightDecay: 0.1, beta1: 0.9 } },
];

/** Parameters after each step, every variable's values concatenated. */
export type Steps = number[][];

/** Read asynchronously: WebGPU's synchronous read-back returns zeros on SwiftShader. */
async function snapshot(variables: tf.Variable[]): Promise<number[]> {
  const values = await Promise.all(variables.map((v) => v.data()));
  return values.flatMap((array) => Array.from(array));
}

/** Runs `c` on the active backend with the fused kernels on or off; frees everything it made. */
export async function runCase(c: FusedCase, fused: boolean): Promise<Steps> {
  const optimizer = new Compass({ ...c.options, fused });
  const steps: Steps = [];
  const made: tf.Tensor[] = [];
  try {
    if (c.kind === 'model') {
      const [x, w, b] = tf.tidy(() => [
        tf.randomNormal([8, 6], 0, 1, 'float32', 11),
        tf.variable(tf.randomNormal([6, 5], 0, 1, 'float32', 12)),
        tf.variable(tf.randomNormal([5], 0, 1, 'float32', 13)),
      ]);
      made.push(x, w, b);
      const loss = () => tf.mean(tf.square(tf.add(tf.matMul(x, w), b))) as tf.Scalar;
      for (let t = 0; t < c.steps; t++) {
        optimizer.minimize(loss);
        steps.push(await snapshot([w, b]));
      }
    } else {
      const variables = tf.tidy(() => [1001, 1024].map((n, i) => tf.variable(tf.randomNormal([n], 0, 1, 'float32', 20 + i))));
      made.push(...variables);
      for (let t = 0; t < c.steps; t++) {
        tf.tidy(() => {
          const gradients = variables.map((v, i) => ({ name: v.name, tensor: tf.randomNormal(v.shape, 0, 1, 'float32', 1000 + 100 * t + i) }));
          optimizer.applyGradients(gradients);
        });
        steps.push(await snapshot(variables));
      }
    }
    return steps;
  } finally {
    optimizer.dispose();
    tf.dispose(made);
  }
}

/** Every case run fused (actual) and unfused (reference) on the active backend. */
export async function runFusedCases(): Promise<Compared[]> {
  const results: Compared[] = [];
  for (const c of FUSED_CASES) results.push({ name: c.name, actual: await runCase(c, true), reference: await runCase(c, false) });
  return results;
}

/**
 * The names of the kernels one fused and one unfused `applyGradients` over `variables` equal
 * 1-D variables of `size` runs (from `tf.profile`), after a first step that creates the state.
 */
export async function kernelsPerStep(variables: number, size: number): Promise<{ fused: string[]; unfused: string[] }> {
  const result = { fused: [] as string[], unfused: [] as string[] };
  for (const fused of [true, false]) {
    const vars = tf.tidy(() => Array.from({ length: variables }, (_, i) => tf.variable(tf.randomNormal([size], 0, 1, 'float32', i + 1))));
    const grads = vars.map((v) => tf.onesLike(v));
    const optimizer = new Compass({ weightDecay: 0.1, fused });
    const apply = () => optimizer.applyGradients(vars.map((v, i) => ({ name: v.name, tensor: grads[i] })));
    apply();
    const profile = await tf.profile(apply);
    result[fused ? 'fused' : 'unfused'] = profile.kernels.map((k) => k.name);
    optimizer.dispose();
    tf.dispose([...vars, ...grads]);
  }
  return result;
}
