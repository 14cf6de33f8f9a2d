/**
 * The Compass and SGD update rules as small pure functions over tensors: they read their
 * inputs and return new tensors, and never assign. The optimizer classes own the state and
 * do the assigning. Line for line, `compassRule` is the reference rule of
 * `tests/fixtures/compass-golden.README.md`:
 *
 * ```
 * g  <- g + wd*p                 only when decay = "l2"
 * g  <- g - c * mean(g, all dims but the first, keepdim)   only when c != 0
 * m  <- b1*m + (1-b1)*g
 * gh <- g + amp*m
 * v  <- b2*v + (1-b2)*gh^2
 * step  = lr / (1 - b1^t)
 * denom = sqrt(v) / sqrt(1 - b2^t) + eps
 * p  <- p * (1 - step*wd)        only when decay = "stepweight"
 * p  <- p * (1 - lr*wd)          only when decay = "decoupled"
 * p  <- p - step * gh / denom
 * ```
 *
 * The per-step scalars (`step`, the bias corrections, the decay factor) are computed in float64
 * by `compassCoefficients`; the tensor part takes them as {@link Coefficient}s, so a variant
 * that trains many models at once can pass tensors with a leading model dimension instead.
 */
import * as tf from '@tensorflow/tfjs';

import type { DecayMode } from './names.ts';

export { DECAY_MODES, type DecayMode } from './names.ts';

/** Compass hyperparameters, already validated. */
export interface CompassHyper {
  learningRate: number;
  beta1: number;
  beta2: number;
  ampFac: number;
  epsilon: number;
  weightDecay: number;
  centralization: number;
  decay: DecayMode;
}

/** A scalar of the rule: a plain number, or a tensor that broadcasts against the parameter. */
export type Coefficient = number | tf.Tensor;

/** The moment estimates Compass keeps for one parameter tensor. */
export interface CompassMoments {
  /** First moment (exponential average of the gradient). */
  m: tf.Tensor;
  /** Second moment (exponential average of the squared amplified gradient). */
  v: tf.Tensor;
}

/** The scalars of one Compass step `t`, named as in the reference rule. */
export interface CompassCoefficients {
  /** Coefficient of the L2 penalty's gradient `wd*p` (0 unless decay = "l2"). */
  l2: Coefficient;
  centralization: Coefficient;
  beta1: Coefficient;
  oneMinusBeta1: Coefficient;
  ampFac: Coefficient;
  beta2: Coefficient;
  oneMinusBeta2: Coefficient;
  /** `lr / (1 - b1^t)`, the bias-corrected learning rate. */
  step: Coefficient;
  /** `sqrt(1 - b2^t)`. */
  biasCorrection2Sqrt: Coefficient;
  epsilon: Coefficient;
  /** The factor the parameter is multiplied by before the update (1 = no decay). */
  decayFactor: Coefficient;
}

/** The scalars of Compass step `t` (t = 1, 2, ...), in float64. */
export function compassCoefficients(h: CompassHyper, t: number): CompassCoefficients {
  const step = h.learningRate / (1 - h.beta1 ** t);
  let decayFactor = 1;
  if (h.decay === 'stepweight') decayFactor = 1 - step * h.weightDecay;
  if (h.decay === 'decoupled') decayFactor = 1 - h.learningRate * h.weightDecay;
  return {
    l2: h.decay === 'l2' ? h.weightDecay : 0,
    centralization: h.centralization,
    beta1: h.beta1,
    oneMinusBeta1: 1 - h.beta1,
    ampFac: h.ampFac,
    beta2: h.beta2,
    oneMinusBeta2: 1 - h.beta2,
    step,
    biasCorrection2Sqrt: Math.sqrt(1 - h.beta2 ** t),
    epsilon: h.epsilon,
    decayFactor,
  };
}

/** Whether a coefficient is the plain number `value` (a tensor never is: it is applied). */
function isNumber(k: Coefficient, value: number): boolean {
  return typeof k === 'number' && k === value;
}

/**
 * The mean of `g` over all dimensions but the first, keeping dimensions. A 0-D or 1-D tensor is
 * reduced over all its elements, as PyTorch does for `dim=()`.
 */
export function meanOverAllButFirst(g: tf.Tensor): tf.Tensor {
  if (g.rank <= 1) return tf.mean(g, undefined, true);
  const axes = Array.from({ length: g.rank - 1 }, (_, i) => i + 1);
  return tf.mean(g, axes, true);
}

/**
 * One Compass step for one parameter tensor `p` with gradient `g`: returns the new parameter and
 * moments. Call inside `tf.tidy`. NaN or Infinity in `g` propagates into `m`, `v` and `p` exactly
 * as in the reference (nothing is clipped or skipped).
 */
export function compassRule(
  p: tf.Tensor,
  g: tf.Tensor,
  state: CompassMoments,
  k: CompassCoefficients,
): { p: tf.Tensor } & CompassMoments {
  let grad = g;
  if (!isNumber(k.l2, 0)) grad = tf.add(grad, tf.mul(k.l2, p));
  if (!isNumber(k.centralization, 0)) grad = tf.sub(grad, tf.mul(k.centralization, meanOverAllButFirst(grad)));
  const m = tf.add(tf.mul(k.beta1, state.m), tf.mul(k.oneMinusBeta1, grad));
  const gh = tf.add(grad, tf.mul(k.ampFac, m));
  const v = tf.add(tf.mul(k.beta2, state.v), tf.mul(k.oneMinusBeta2, tf.square(gh)));
  const denom = tf.add(tf.div(tf.sqrt(v), k.biasCorrection2Sqrt), k.epsilon);
  const decayed = isNumber(k.decayFactor, 1) ? p : tf.mul(p, k.decayFactor);
  return { p: tf.sub(decayed, tf.mul(k.step, tf.div(gh, denom))), m, v };
}

/** SGD hyperparameters, already validated. */
export interface SGDHyper {
  learningRate: number;
  weightDecay: number;
  decay: 'l2' | 'decoupled';
}

/** The scalars of an SGD step. */
export interface SGDCoefficients {
  l2: Coefficient;
  learningRate: Coefficient;
  decayFactor: Coefficient;
}

/** The scalars of an SGD step: `wd` enters either the gradient (l2) or a decay factor (decoupled). */
export function sgdCoefficients(h: SGDHyper): SGDCoefficients {
  return {
    l2: h.decay === 'l2' ? h.weightDecay : 0,
    learningRate: h.learningRate,
    decayFactor: h.decay === 'decoupled' ? 1 - h.learningRate * h.weightDecay : 1,
  };
}

/**
 * One plain SGD step: `g <- g + wd*p` (l2) or `p <- p * (1 - lr*wd)` (decoupled), then
 * `p <- p - lr*g`. The two agree exactly in exact arithmetic. Call inside `tf.tidy`.
 */
export function sgdRule(p: tf.Tensor, g: tf.Tensor, k: SGDCoefficients): tf.Tensor {
  const grad = isNumber(k.l2, 0) ? g : tf.add(g, tf.mul(k.l2, p));
  const decayed = isNumber(k.decayFactor, 1) ? p : tf.mul(p, k.decayFactor);
  return tf.sub(decayed, tf.mul(k.learningRate, grad));
}
