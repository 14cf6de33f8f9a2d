/** The Compass optimizer as a `tf.Optimizer`: state per variable name around the pure rule. */
import * as tf from '@tensorflow/tfjs';
import { compassCoefficients, compassRule, DECAY_MODES, type CompassHyper, type DecayMode } from './rule.ts';
import { shapeText, variableGradients, type NamedTensor } from './gradients.ts';
import type { OptionSpec } from './options.ts';
import { ConfiguredOptimizer } from './configured.ts';
import { matchLoadedName } from './state-names.ts';
import { counterTensor, ITERATIONS_WEIGHT, readIterations } from './weights.ts';
import { fusable, fusedCompassStep, hasFusedKernel } from './fused/index.ts';

/** Options of {@link Compass}; every one is optional. */
export interface CompassOptions {
  /** Learning rate `lr`. Default 1e-3, range (0, ∞). */
  learningRate?: number;
  /** Decay rate `b1` of the first moment. Default 0.99, range [0, 1). */
  beta1?: number;
  /** Decay rate `b2` of the second moment. Default 0.999, range [0, 1). */
  beta2?: number;
  /** Amplification `amp` of the first moment added to the gradient. Default 2, range [0, ∞). */
  ampFac?: number;
  /** Added to the denominator for stability. Default 1e-8, range [0, ∞). */
  epsilon?: number;
  /** Weight decay `wd`. Default 0 (no decay), range [0, ∞). */
  weightDecay?: number;
  /** Gradient centralization strength `c`. Default 0 (off), range [0, ∞). */
  centralization?: number;
  /**
   * How `weightDecay` is applied. Default `'stepweight'` (the reference's): `p <- p * (1 - step*wd)`
   * with `step = lr / (1 - b1^t)`; `'decoupled'` (AdamW-style): `p <- p * (1 - lr*wd)`;
   * `'l2'`: `wd*p` is added to the gradient first, as if `0.5*wd*|p|^2` were in the loss.
   */
  decay?: DecayMode;
  /**
   * Whether to run the step as one fused kernel where the active backend has one (all four do;
   * see `fused/`). Default true. False runs the stock-op rule `compassRule`, the reference the
   * fused kernels are tested against. An execution choice, not part of the saved config.
   */
  fused?: boolean;
}

/** Compass's options, defaults and allowed ranges (the API reference is generated from these). */
export const COMPASS_OPTIONS: OptionSpec = {
  defaults: {
    learningRate: 1e-3,
    beta1: 0.99,
    beta2: 0.999,
    ampFac: 2,
    epsilon: 1e-8,
    weightDecay: 0,
    centralization: 0,
    decay: 'stepweight',
  },
  ranges: {
    learningRate: { min: 0, minOpen: true },
    beta1: { min: 0, max: 1, maxOpen: true },
    beta2: { min: 0, max: 1, maxOpen: true },
    ampFac: { min: 0 },
    epsilon: { min: 0 },
    weightDecay: { min: 0 },
    centralization: { min: 0 },
  },
  choices: { decay: DECAY_MODES },
};

/** What Compass keeps for one variable: its moments and its own step count `t`. */
interface CompassSlot {
  m: tf.Variable;
  v: tf.Variable;
  t: number;
}

const MOMENT_PARTS = ['m', 'v', 't'] as const;

/**
 * The Compass optimizer (lodestone-rock/compass_optimizer): Adam-like moments with the first
 * moment amplified into the gradient (`gh = g + amp*m`), optional gradient centralization, and
 * weight decay in one of three modes (see {@link CompassOptions.decay}).
 *
 * Works with `minimize()`, `applyGradients()` and `model.compile({ optimizer })`. State (`m`, `v`
 * and the step count `t`) is kept per variable name, so variables may come and go between steps;
 * a variable seen for the first time starts at `t = 1`, as in the reference.
 *
 * NaN and Infinity are not filtered: a NaN or infinite gradient element makes that element's
 * moments and parameter NaN (or infinite) from then on, exactly as the reference does. Check the
 * loss or the weights (for example with `tf.isNaN`) to detect divergence.
 *
 * @throws RangeError for an option outside its range, naming the option, the value and the range.
 * @throws TypeError for an unknown option name.
 */
export class Compass extends ConfiguredOptimizer<CompassHyper> {
  /** Name under which the class is registered with `tf.serialization`. */
  static readonly className = 'Compass';
  private readonly slots = new Map<string, CompassSlot>();
  /** Names of state loaded by `setWeights()` that no variable has claimed yet. */
  private readonly unclaimed = new Set<string>();
  private warnedFirstStep = false;
  /** Whether steps use the fused kernel where one is registered ({@link CompassOptions.fused}). */
  readonly fused: boolean;

  /** Validates `options` (see {@link CompassOptions} for defaults and ranges). */
  constructor(options: CompassOptions = {}) {
    const { fused = true, ...hyper } = options ?? {};
    super('Compass', hyper, COMPASS_OPTIONS);
    if (typeof fused !== 'boolean') throw new RangeError(`Compass: option fused must be true or false; got ${String(fused)}`);
    this.fused = fused;
  }

  /**
   * Applies one Compass step to each variable named in `gradients` (a name -> gradient map or a
   * list of `{ name, tensor }`). A null gradient leaves its variable alone.
   *
   * @throws Error when a name is not a registered variable, or a gradient's shape differs from its
   *   variable's (the message names the variable and both shapes). Nothing is updated then.
   */
  applyGradients(gradients: tf.NamedTensorMap | NamedTensor[]): void {
    const items = variableGradients('Compass', gradients);
    const useFused = this.fused && hasFusedKernel();
    const stepped = new Set(items.map((item) => item.name));
    tf.tidy(() => {
      for (const { name, variable, gradient } of items) {
        const slot = this.slotFor(name, variable, stepped);
        const t = slot.t + 1;
        if (t === 1) this.warnIfFirstStepWipes();
        const k = compassCoefficients(this.hyper, t);
        const next = useFused && fusable(k) ? fusedCompassStep(variable, gradient, slot, k) : compassRule(variable, gradient, slot, k);
        slot.m.assign(next.m);
        slot.v.assign(next.v);
        variable.assign(next.p);
        slot.t = t;
      }
    });
    this.incrementIterations();
  }

  /** The variable's state: existing, loaded by `setWeights()`, or fresh zeros. */
  private slotFor(name: string, variable: tf.Variable, stepped: ReadonlySet<string>): CompassSlot {
    const existing = this.slots.get(name);
    if (existing && !this.unclaimed.has(name)) return existing;
    const loadedName = matchLoadedName(name, this.unclaimed, stepped);
    if (loadedName !== undefined) {
      const loaded = this.slots.get(loadedName)!;
      if (!tf.util.arraysEqual(loaded.m.shape, variable.shape)) {
        throw new Error(
          `Compass: state loaded for "${loadedName}" has shape ${shapeText(loaded.m.shape)}, ` +
            `but variable "${name}" has shape ${shapeText(variable.shape)}`,
        );
      }
      this.unclaimed.delete(loadedName);
      this.slots.delete(loadedName);
      this.slots.set(name, loaded);
      return loaded;
    }
    const slot = {
      m: tf.variable(tf.zerosLike(variable), false),
      v: tf.variable(tf.zerosLike(variable), false),
      t: 0,
    };
    this.slots.set(name, slot);
    return slot;
  }

  /** Warns once when step 1's decay factor is <= 0 (it wipes out or flips the weights). */
  private warnIfFirstStepWipes(): void {
    const { learningRate: lr, weightDecay: wd, beta1, decay } = this.hyper;
    if (this.warnedFirstStep || decay === 'l2') return;
    const factor = compassCoefficients(this.hyper, 1).decayFactor as number;
    if (factor > 0) return;
    this.warnedFirstStep = true;
    const formula =
      decay === 'stepweight' ? `1 - lr*wd/(1 - beta1) = 1 - ${lr}*${wd}/(1 - ${beta1})` : `1 - lr*wd = 1 - ${lr}*${wd}`;
    const effect = factor === 0 ? 'sets the weights to zero' : 'flips the sign of the weights';
    console.warn(
      `Compass: the first step's decay factor ${formula} = ${Number(factor.toPrecision(6))} is not positive, so step 1 ${effect} ` +
        `before the update (the reference implementation does the same). Use a smaller learningRate * weightDecay.`,
    );
  }

  /**
   * The state as named tensors: `iter` (the optimizer's step count), then for each variable
   * `<name>/m`, `<name>/v` and `<name>/t` (its own step count). Every tensor returned is a new
   * snapshot that the caller owns and should dispose.
   */
  override async getWeights(): Promise<NamedTensor[]> {
    const weights = [counterTensor(ITERATIONS_WEIGHT, this.iterations)];
    for (const [name, slot] of this.slots) {
      weights.push({ name: `${name}/m`, tensor: tf.clone(slot.m) });
      weights.push({ name: `${name}/v`, tensor: tf.clone(slot.v) });
      weights.push(counterTensor(`${name}/t`, slot.t));
    }
    return weights;
  }

  /**
   * Replaces all state with `weights` in the format of {@link Compass.getWeights} (order does not
   * matter; the caller keeps ownership of the tensors). A variable takes the state saved under its
   * own name, or under the same name without tfjs-layers' `_<n>` uniqueness suffix.
   *
   * @throws Error when `iter` is missing, a name is not `<variable>/m|v|t`, or a variable lacks
   *   one of the three.
   */
  override async setWeights(weights: NamedTensor[]): Promise<void> {
    const iterations = await readIterations('Compass', weights);
    const parts = new Map<string, Partial<Record<(typeof MOMENT_PARTS)[number], tf.Tensor>>>();
    for (const { name, tensor } of weights) {
      if (name === ITERATIONS_WEIGHT) continue;
      const cut = name.lastIndexOf('/');
      const part = name.slice(cut + 1) as (typeof MOMENT_PARTS)[number];
      if (cut <= 0 || !MOMENT_PARTS.includes(part)) {
        throw new Error(`Compass: setWeights() got "${name}"; expected "${ITERATIONS_WEIGHT}" or "<variable>/m", "/v", "/t"`);
      }
      const variableName = name.slice(0, cut);
      parts.set(variableName, { ...parts.get(variableName), [part]: tensor });
    }
    for (const [name, { m, v, t }] of parts) {
      if (!m || !v || !t) throw new Error(`Compass: setWeights() needs "${name}/m", "${name}/v" and "${name}/t"`);
    }
    const steps = await Promise.all([...parts.values()].map(async ({ t }) => (await t!.data())[0]));
    // New variables first: `weights` may hold this optimizer's own state, disposed next.
    const loaded = [...parts].map(([name, { m, v }], i) => ({
      name,
      slot: { m: tf.variable(m!, false), v: tf.variable(v!, false), t: steps[i] },
    }));
    this.disposeSlots();
    for (const { name, slot } of loaded) {
      this.slots.set(name, slot);
      this.unclaimed.add(name);
    }
    this.iterations_ = iterations;
  }

  private disposeSlots(): void {
    for (const slot of this.slots.values()) tf.dispose([slot.m, slot.v]);
    this.slots.clear();
    this.unclaimed.clear();
  }

  /** Frees every tensor the optimizer holds; it can still be used afterwards, from fresh state. */
  override dispose(): void {
    this.disposeSlots();
    super.dispose();
  }
}

tf.serialization.registerClass(Compass);
