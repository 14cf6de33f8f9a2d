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

/** Number of coefficients per model. */
export const COEFFICIENTS_PER_MODEL = FUSED_COEFFICIENTS.length;

/**
 * The kernel's attributes: `coefficients` holds the {@link FUSED_COEFFICIENTS} of each model
 * trained at once, model after model (a flat array: it is built and read every step, so no
 * objects per model). Model `b` owns the `b`-th of the equal slices of the flattened tensors
 * (its row along the leading dimension).
 */
export interface CompassStepAttrs {
  coefficients: number[];
}

/** The flat coefficients of a kernel call and the number of models; throws when malformed. */
export function kernelCoefficients(attrs: tf.NamedAttrMap | undefined): { coefficients: number[]; models: number } {
  const coefficients = (attrs as unknown as CompassStepAttrs | undefined)?.coefficients;
  if (!Array.isArray(coefficients) || coefficients.length === 0 || coefficients.length % COEFFICIENTS_PER_MODEL !== 0) {
    throw new TypeError(`${COMPASS_STEP_KERNEL}: attribute coefficients must hold ${COEFFICIENTS_PER_MODEL} numbers per model`);
  }
  return { coefficients, models: coefficients.length / COEFFICIENTS_PER_MODEL };
}

/**
 * The flat coefficients of `perModel` (as `compassCoefficients` returns them, every one a
 * number), with the L2 term zeroed when `withoutL2` (the gradient already holds it).
 */
export function flatCoefficients(perModel: readonly CompassCoefficients[], withoutL2 = false): number[] {
  const flat: number[] = [];
  for (const k of perModel) {
    for (const name of FUSED_COEFFICIENTS) {
      const value = k[name];
      if (typeof value !== 'number') throw new TypeError(`${COMPASS_STEP_KERNEL}: coefficient ${name} must be a number`);
      flat.push(withoutL2 && name === 'l2' ? 0 : value);
    }
  }
  return flat;
}

/** vec4 slots per model when the coefficients are laid out for a GPU uniform array. */
export const VEC4_PER_MODEL = Math.ceil(COEFFICIENTS_PER_MODEL / 4);

/** The flat coefficients as a uniform array of vec4s: {@link VEC4_PER_MODEL} per model, zero-padded. */
export function coefficientVec4s(coefficients: readonly number[]): number[] {
  const padded: number[] = [];
  for (let at = 0; at < coefficients.length; at += COEFFICIENTS_PER_MODEL) {
    padded.push(...coefficients.slice(at, at + COEFFICIENTS_PER_MODEL), ...Array<number>(4 * VEC4_PER_MODEL - COEFFICIENTS_PER_MODEL).fill(0));
  }
  return padded;
}

/**
 * Each coefficient with its place in that array, `[name, vec4 offset within the model, component]`,
 * for shaders to read `K[base + offset].component`.
 */
export const COEFFICIENT_SLOTS = FUSED_COEFFICIENTS.map((name, j) => [name, j >> 2, 'xyzw'[j & 3]] as const);

/** The kernel's inputs as `[p, g, m, v]`; throws unless all are given and float32. */
export function float32Inputs(inputs: tf.NamedTensorInfoMap): tf.TensorInfo[] {
  return (['p', 'g', 'm', 'v'] as const).map((name) => {
    const info = inputs[name];
    if (info == null) throw new TypeError(`${COMPASS_STEP_KERNEL}: input ${name} is missing`);
    if (info.dtype !== 'float32') throw new TypeError(`${COMPASS_STEP_KERNEL}: input ${name} must be float32, got ${info.dtype}`);
    return info;
  });
}

/** The most models one call takes, per backend with a kernel. */
const maxModels = new Map<string, number>();

/** Registers `kernelFunc` as the fused step of `backendName`, taking up to `models` models per call. */
export function registerFusedKernel(backendName: string, kernelFunc: tf.KernelFunc, models: number): void {
  tf.registerKernel({ kernelName: COMPASS_STEP_KERNEL, backendName, kernelFunc });
  maxModels.set(backendName, models);
}

/** Whether the active backend has a fused Compass kernel that takes `models` models at once. */
export function hasFusedKernel(models = 1): boolean {
  const backend = tf.getBackend();
  return tf.getKernel(COMPASS_STEP_KERNEL, backend) != null && models <= (maxModels.get(backend) ?? 0);
}

/**
 * Runs the fused kernel: one step for the models whose {@link flatCoefficients} are given; their
 * parameters are the slices of `p` along its leading dimension (the whole of `p` for one model).
 * `g` must already hold any centring; the L2 term is the kernel's. Returns new tensors; call
 * inside `tf.tidy`.
 */
export function runCompassStep(p: tf.Tensor, g: tf.Tensor, state: CompassMoments, coefficients: number[]): { p: tf.Tensor } & CompassMoments {
  const attrs: CompassStepAttrs = { coefficients };
  const inputs = { p, g, m: state.m, v: state.v };
  const [pNext, m, v] = tf.engine().runKernel(COMPASS_STEP_KERNEL, inputs, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[];
  return { p: pNext, m, v };
}

/**
 * Whether {@link fusedCompassStep} can take these coefficients: every one a plain number (a
 * tensor coefficient needs the unfused rule).
 */
export function fusable(k: CompassCoefficients): boolean {
  return typeof k.centralization === 'number' && FUSED_COEFFICIENTS.every((name) => typeof k[name] === 'number');
}

/**
 * One Compass step of one model through the fused kernel of the active backend; same contract
 * as `compassRule` (returns new tensors, call inside `tf.tidy`). Check {@link hasFusedKernel}
 * and {@link fusable} first.
 */
export function fusedCompassStep(
  p: tf.Tensor,
  g: tf.Tensor,
  state: CompassMoments,
  k: CompassCoefficients,
): { p: tf.Tensor } & CompassMoments {
  const centralization = k.centralization;
  if (typeof centralization !== 'number' || typeof k.l2 !== 'number') throw new TypeError('fusedCompassStep: every coefficient must be a number');
  let grad = g;
  if (centralization !== 0) {
    if (k.l2 !== 0) grad = tf.add(grad, tf.mul(k.l2, p));
    grad = tf.sub(grad, tf.mul(centralization, meanOverAllButFirst(grad)));
  }
  return runCompassStep(p, grad, state, flatCoefficients([k], centralization !== 0));
}
