/** The iteration counter every optimizer's `getWeights()` list starts with, as tfjs's own do. */
import * as tf from '@tensorflow/tfjs';
import type { NamedTensor } from './gradients.ts';

/** Name of the optimizer-wide step counter in a weight list (tfjs's convention). */
export const ITERATIONS_WEIGHT = 'iter';

/** Reads the `iter` entry of a weight list; throws naming the list's names when it is missing. */
export async function readIterations(owner: string, weights: readonly NamedTensor[]): Promise<number> {
  const entry = weights.find((w) => w.name === ITERATIONS_WEIGHT);
  if (entry == null) {
    const names = weights.map((w) => w.name).join(', ') || 'none';
    throw new Error(`${owner}: setWeights() needs an "${ITERATIONS_WEIGHT}" entry; got ${names}`);
  }
  return (await entry.tensor.data())[0];
}

/** A new int32 scalar for a counter, owned by the caller. */
export function counterTensor(name: string, value: number): NamedTensor {
  return { name, tensor: tf.scalar(value, 'int32') };
}
