/** Plain SGD with weight decay as an L2 gradient term or decoupled, for comparing the two. */
import * as tf from '@tensorflow/tfjs';
import { sgdCoefficients, sgdRule, type SGDHyper } from './rule.ts';
import { variableGradients, type NamedTensor } from './gradients.ts';
import type { OptionSpec } from './options.ts';
import { ConfiguredOptimizer } from './configured.ts';
import { counterTensor, ITERATIONS_WEIGHT, readIterations } from './weights.ts';

/** Options of {@link SGD}. */
export interface SGDOptions {
  /** Learning rate `lr`. Required, range (0, ∞). */
  learningRate: number;
  /** Weight decay `wd`. Default 0, range [0, ∞). */
  weightDecay?: number;
  /**
   * `'l2'` (default): `wd*p` is added to the gradient; `'decoupled'`: `p <- p * (1 - lr*wd)` before
   * the gradient step. Under plain SGD the two give the same trajectory.
   */
  decay?: 'l2' | 'decoupled';
}

/** SGD's options, defaults and allowed ranges (`learningRate` has no default: it is required). */
export const SGD_OPTIONS: OptionSpec = {
  defaults: { weightDecay: 0, decay: 'l2' },
  ranges: { learningRate: { min: 0, minOpen: true }, weightDecay: { min: 0 } },
  choices: { decay: ['l2', 'decoupled'] },
};

/**
 * Stochastic gradient descent, `p <- p - lr*g`, with weight decay either added to the gradient
 * (`'l2'`) or applied to the weights (`'decoupled'`). It keeps no state besides the step count.
 * NaN or Infinity in a gradient propagates into the weights unchanged.
 *
 * @throws RangeError for an option outside its range (a missing `learningRate` included).
 * @throws TypeError for an unknown option name.
 */
export class SGD extends ConfiguredOptimizer<SGDHyper> {
  /** Name under which the class is registered with `tf.serialization`. */
  static readonly className = 'CompassSGD';

  /** Validates `options` (see {@link SGDOptions}; `learningRate` is required). */
  constructor(options: SGDOptions) {
    super('SGD', options, SGD_OPTIONS);
  }

  /**
   * Applies one SGD step to each variable named in `gradients`.
   *
   * @throws Error when a name is not a registered variable or a gradient's shape differs from its
   *   variable's (naming the variable and both shapes).
   */
  applyGradients(gradients: tf.NamedTensorMap | NamedTensor[]): void {
    const items = variableGradients('SGD', gradients);
    const coefficients = sgdCoefficients(this.hyper);
    tf.tidy(() => {
      for (const { variable, gradient } of items) variable.assign(sgdRule(variable, gradient, coefficients));
    });
    this.incrementIterations();
  }

  /** `[iter]`: SGD has no other state. The tensor is new and owned by the caller. */
  override async getWeights(): Promise<NamedTensor[]> {
    return [counterTensor(ITERATIONS_WEIGHT, this.iterations)];
  }

  /** Restores the step count from `iter`. */
  override async setWeights(weights: NamedTensor[]): Promise<void> {
    this.iterations_ = await readIterations('SGD', weights);
  }
}

tf.serialization.registerClass(SGD);
