/** The part every optimizer here shares: validated options that are also its serialized config. */
import * as tf from '@tensorflow/tfjs';
import { resolveOptions, type OptionSpec } from './options.ts';

/**
 * A `tf.Optimizer` whose configuration is its validated options: `getConfig()` returns them and
 * `fromConfig()` passes them back to the constructor, so `tf.serialization` round-trips it.
 */
export abstract class ConfiguredOptimizer<H extends object> extends tf.Optimizer {
  /** The validated hyperparameters in use (defaults filled in). */
  readonly hyper: Readonly<H>;

  constructor(owner: string, options: object, spec: OptionSpec) {
    super();
    this.hyper = Object.freeze(resolveOptions<H>(owner, options ?? {}, spec));
  }

  /** The options as a plain object (all of them, defaults filled in), for `fromConfig`. */
  getConfig(): tf.serialization.ConfigDict {
    return { ...this.hyper } as tf.serialization.ConfigDict;
  }

  /** Builds an optimizer from its `getConfig()` output (used by `tf.serialization`). */
  static override fromConfig<T extends tf.serialization.Serializable>(
    cls: tf.serialization.SerializableConstructor<T>,
    config: tf.serialization.ConfigDict,
  ): T {
    // tfjs-layers adds the deserialization's customObjects to the config; they are not options.
    const { customObjects: _customObjects, ...options } = config;
    return new cls(options);
  }
}
