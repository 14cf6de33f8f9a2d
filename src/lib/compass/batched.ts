/**
 * Compass for hyperparameter sweeps: many models that differ only in their hyperparameters,
 * trained as one batched computation. Each variable holds every model's copy of a parameter
 * along a new leading dimension (row `b` belongs to model `b`), and each model's scalars of the
 * rule are a column along that dimension, so one step is one fused kernel call per variable
 * (or, unfused, one stock op per rule line) whatever the number of models.
 */
import * as tf from '@tensorflow/tfjs';
import { compassCoefficients, compassRule, type CompassCoefficients, type CompassHyper, type Coefficient } from './rule.ts';
import { COMPASS_OPTIONS, type CompassOptions } from './compass.ts';
import { resolveOptions } from './options.ts';
import { shapeText, variableGradients, type NamedTensor } from './gradients.ts';
import { flatCoefficients, hasFusedKernel, runCompassStep } from './fused/index.ts';

/** One model's options: those of {@link Compass} but `fused`. */
export type ModelOptions = Omit<CompassOptions, 'fused'>;

/** Options of the batch as a whole. */
export interface BatchedCompassOptions {
  /** Use the fused kernel where the backend has one for this many models. Default true. */
  fused?: boolean;
}

interface BatchedSlot {
  m: tf.Variable;
  v: tf.Variable;
  t: number;
}

/**
 * The mean of each model's gradient over all its dimensions but its first (as the reference
 * centralization does), keeping dimensions: per-model tensors of rank 0 or 1 are reduced whole.
 */
function meanPerModel(g: tf.Tensor): tf.Tensor {
  if (g.rank === 1) return g; // one scalar per model: its mean is itself
  const firstAxis = g.rank === 2 ? 1 : 2;
  return tf.mean(g, Array.from({ length: g.rank - firstAxis }, (_, i) => i + firstAxis), true);
}

/**
 * Compass for `models.length` models at once, each with its own options (learning rate, weight
 * decay, decay mode, betas, ... any of {@link CompassOptions}). Every variable it updates must
 * have the number of models as its leading dimension; model `b`'s parameters are row `b`. The
 * loss to minimise is the sum of the models' losses, so that each row's gradient is its own
 * model's. The result equals training each model separately with `Compass` (within float32
 * rounding; tested against 36 separate runs).
 *
 * @example
 * ```ts
 * const grid = [1e-3, 1e-2].flatMap((learningRate) => [0, 0.1, 1].map((weightDecay) => ({ learningRate, weightDecay })));
 * const optimizer = new BatchedCompass(grid);                      // 6 models
 * const w = tf.variable(tf.zeros([grid.length, 40]));               // row b: model b's 40 weights
 * const lossPerModel = () => tf.mean(tf.square(tf.sub(tf.matMul(w, x, false, true), yRow)), 1); // [6]
 * for (let step = 0; step < 1000; step++) optimizer.minimize(() => tf.sum(lossPerModel()));
 * ```
 *
 * State is kept per variable name; `getWeights()`/`setWeights()` are not implemented (a sweep
 * is rerun, not resumed), and the first-step decay warning of `Compass` is not given.
 *
 * @throws RangeError when `models` is empty or a model's option is out of range (naming the model).
 */
export class BatchedCompass extends tf.Optimizer {
  static readonly className = 'BatchedCompass';
  /** Each model's validated hyperparameters. */
  readonly hypers: readonly Readonly<CompassHyper>[];
  /** Whether steps use the fused kernel where the backend has one for this many models ({@link BatchedCompassOptions.fused}). */
  readonly fused: boolean;
  private readonly slots = new Map<string, BatchedSlot>();

  constructor(models: readonly ModelOptions[], { fused = true }: BatchedCompassOptions = {}) {
    super();
    if (!Array.isArray(models) || models.length === 0) {
      throw new RangeError(`BatchedCompass: models must be a non-empty array of Compass options; got ${JSON.stringify(models)}`);
    }
    this.hypers = models.map((options, b) => Object.freeze(resolveOptions<CompassHyper>(`BatchedCompass model ${b}`, options ?? {}, COMPASS_OPTIONS)));
    this.fused = fused;
  }

  /**
   * One step of every model for each variable in `gradients`.
   *
   * @throws Error when a variable's leading dimension is not the number of models, or as
   *   `Compass.applyGradients` does.
   */
  applyGradients(gradients: tf.NamedTensorMap | NamedTensor[]): void {
    const models = this.hypers.length;
    const items = variableGradients('BatchedCompass', gradients);
    for (const { name, variable } of items) {
      if (variable.rank === 0 || variable.shape[0] !== models) {
        throw new Error(`BatchedCompass: variable "${name}" has shape ${shapeText(variable.shape)}; its leading dimension must be the number of models, ${models}`);
      }
    }
    const useFused = this.fused && hasFusedKernel(models);
    tf.tidy(() => {
      for (const { name, variable, gradient } of items) {
        const slot = this.slotFor(name, variable);
        const t = slot.t + 1;
        const perModel = this.hypers.map((h) => compassCoefficients(h, t));
        const grad = centred(variable, gradient, perModel);
        // The L2 term and centring, when centred() applied them, are not applied again.
        const applied = grad !== gradient;
        const next = useFused
          ? runCompassStep(variable, grad, slot, flatCoefficients(perModel, applied))
          : compassRule(variable, grad, slot, columns(perModel, variable.rank, applied));
        slot.m.assign(next.m);
        slot.v.assign(next.v);
        variable.assign(next.p);
        slot.t = t;
      }
    });
    this.incrementIterations();
  }

  private slotFor(name: string, variable: tf.Variable): BatchedSlot {
    let slot = this.slots.get(name);
    if (!slot) {
      slot = { m: tf.variable(tf.zerosLike(variable), false), v: tf.variable(tf.zerosLike(variable), false), t: 0 };
      this.slots.set(name, slot);
    }
    return slot;
  }

  /** The models' options, for `tf.serialization`. */
  getConfig(): tf.serialization.ConfigDict {
    return { models: this.hypers.map((h) => ({ ...h })) } as unknown as tf.serialization.ConfigDict;
  }

  static override fromConfig<T extends tf.serialization.Serializable>(
    cls: tf.serialization.SerializableConstructor<T>,
    config: tf.serialization.ConfigDict,
  ): T {
    return new cls(config.models);
  }

  /** Frees every tensor the optimizer holds. */
  override dispose(): void {
    for (const slot of this.slots.values()) tf.dispose([slot.m, slot.v]);
    this.slots.clear();
    super.dispose();
  }
}

/**
 * The gradient with each model's L2 term and centring applied, when any model centres (the
 * fused kernel cannot reduce, and the unfused rule's mean is not per model); else `g` itself.
 */
function centred(p: tf.Tensor, g: tf.Tensor, perModel: CompassCoefficients[]): tf.Tensor {
  if (perModel.every((k) => k.centralization === 0)) return g;
  const column = (name: 'l2' | 'centralization') => asColumn(perModel.map((k) => k[name] as number), p.rank);
  const grad = tf.add(g, tf.mul(column('l2'), p));
  return tf.sub(grad, tf.mul(column('centralization'), meanPerModel(grad)));
}

/** `values` as a number when all are equal, else as a `[models, 1, ...]` column of the given rank. */
function asColumn(values: number[], rank: number): Coefficient {
  if (values.every((x) => x === values[0])) return values[0];
  return tf.tensor(values, [values.length, ...Array<number>(rank - 1).fill(1)]);
}

/** The models' coefficients as columns that broadcast against a variable of `rank`. */
function columns(perModel: CompassCoefficients[], rank: number, gradientPrepared: boolean): CompassCoefficients {
  const result = {} as Record<keyof CompassCoefficients, Coefficient>;
  for (const name of Object.keys(perModel[0]) as (keyof CompassCoefficients)[]) {
    result[name] = asColumn(perModel.map((k) => k[name] as number), rank);
  }
  if (gradientPrepared) Object.assign(result, { l2: 0, centralization: 0 });
  return result as CompassCoefficients;
}

tf.serialization.registerClass(BatchedCompass);
