/**
 * The fused Compass step as a tfjs kernel of our own, `CompassStep`: one kernel call per variable
 * takes `p, g, m, v` and returns the new `p, m, v`, instead of the dozen stock ops of
 * `compassRule`. Each backend registers its own implementation (see `./index.ts`); this module
 * holds what they share: the kernel's name, its coefficients and the call.
 *
 * Centralization needs the gradient's mean (a reduction), which an element-wise kernel cannot
 * compute in the same pass. When it is on, the gradient is prepared with stock ops (the L2 term,
 * then the centring, exactly as `compassRule` orders them) and the kernel does the rest with its
 * own L2 term switched off.
 */
import * as tf from '@tensorflow/tfjs';
import { meanOverAllButFirst, type CompassCoefficients, type CompassMoments } from '../rule.ts';

/** The kernel's name in tfjs's registry. */
export const COMPASS_STEP_KERNEL = 'CompassStep';

/** The per-step scalars the kernel takes, in the order the GPU programs lay them out. */
export const FUSED_COEFFICIENTS = [
  'l2',
  'beta1',
  'oneMinusBeta1',
  'ampFac',
  'beta2',
  'oneMinusBeta2',
  'step',
  'biasCorrection2Sqrt',
  'epsilon',
  'decayFactor',
] as const;

/** The kernel's attributes: every scalar of the rule but centralization, as plain numbers. */
export type FusedCoefficients = Record<(typeof FUSED_COEFFICIENTS)[number], number>;

/** The kernel's inputs as `[p, g, m, v]`; throws unless all are given and float32. */
export function float32Inputs(inputs: tf.NamedTensorInfoMap): tf.TensorInfo[] {
  return (['p', 'g', 'm', 'v'] as const).map((name) => {
    const info = inputs[name];
    if (info == null) throw new TypeError(`${COMPASS_STEP_KERNEL}: input ${name} is missing`);
    if (info.dtype !== 'float32') throw new TypeError(`${COMPASS_STEP_KERNEL}: input ${name} must be float32, got ${info.dtype}`);
    return info;
  });
}

/** Whether `backend` (default: the active one) has a fused Compass kernel registered. */
export function hasFusedKernel(backend: string = tf.getBackend()): boolean {
  return tf.getKernel(COMPASS_STEP_KERNEL, backend) != null;
}

/** The coefficients as numbers, or null when one is a tensor (the fused kernel takes numbers only). */
function numericCoefficients(k: CompassCoefficients): FusedCoefficients | null {
  const result = {} as FusedCoefficients;
  for (const name of FUSED_COEFFICIENTS) {
    const value = k[name];
    if (typeof value !== 'number') return null;
    result[name] = value;
  }
  return result;
}

/**
 * Whether {@link fusedCompassStep} can take these coefficients: every one a plain number (a
 * tensor coefficient, as a batched sweep passes, needs the unfused rule).
 */
export function fusable(k: CompassCoefficients): boolean {
  return typeof k.centralization === 'number' && numericCoefficients(k) !== null;
}

/**
 * One Compass step through the fused kernel of the active backend; same contract as
 * `compassRule` (returns new tensors, call inside `tf.tidy`). Check {@link hasFusedKernel} and
 * {@link fusable} first.
 */
export function fusedCompassStep(
  p: tf.Tensor,
  g: tf.Tensor,
  state: CompassMoments,
  k: CompassCoefficients,
): { p: tf.Tensor } & CompassMoments {
  const coefficients = numericCoefficients(k);
  if (coefficients === null || typeof k.centralization !== 'number') {
    throw new TypeError('fusedCompassStep: every coefficient must be a number');
  }
  let grad = g;
  if (k.centralization !== 0) {
    if (coefficients.l2 !== 0) grad = tf.add(grad, tf.mul(coefficients.l2, p));
    grad = tf.sub(grad, tf.mul(k.centralization, meanOverAllButFirst(grad)));
    coefficients.l2 = 0;
  }
  const inputs = { p, g: grad, m: state.m, v: state.v };
  const [pNext, m, v] = tf.engine().runKernel(COMPASS_STEP_KERNEL, inputs, { ...coefficients }) as tf.Tensor[];
  return { p: pNext, m, v };
}
