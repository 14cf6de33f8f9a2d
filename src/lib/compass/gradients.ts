/**
 * Turns what `tf.Optimizer.applyGradients` receives (a name -> gradient map, or a list of
 * `{ name, tensor }`) into checked `(name, variable, gradient)` triples.
 */
import * as tf from '@tensorflow/tfjs';

/** A tensor with a name, as `tf.Optimizer.getWeights()` returns and `setWeights()` takes. */
export interface NamedTensor {
  name: string;
  tensor: tf.Tensor;
}

/** One variable's gradient, with the variable it belongs to. */
export interface VariableGradient {
  name: string;
  variable: tf.Variable;
  gradient: tf.Tensor;
}

/** Shape text for error messages, `[4, 6]`. */
export function shapeText(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

/**
 * The gradients to apply, each with its registered variable. Missing (null) gradients are
 * skipped, as tfjs's own optimizers do. Throws an `Error` naming the variable when no variable of
 * that name is registered, or when the gradient's shape differs from the variable's (both shapes
 * are named).
 */
export function variableGradients(owner: string, gradients: tf.NamedTensorMap | NamedTensor[]): VariableGradient[] {
  const pairs: [string, tf.Tensor | null | undefined][] = Array.isArray(gradients)
    ? gradients.map(({ name, tensor }) => [name, tensor])
    : Object.entries(gradients);
  const registered = tf.engine().registeredVariables;
  const result: VariableGradient[] = [];
  for (const [name, gradient] of pairs) {
    if (gradient == null) continue;
    const variable = registered[name];
    if (variable == null) {
      throw new Error(`${owner}: got a gradient for "${name}", but no tf.Variable of that name is registered`);
    }
    if (!tf.util.arraysEqual(gradient.shape, variable.shape)) {
      throw new Error(
        `${owner}: the gradient for variable "${name}" has shape ${shapeText(gradient.shape)}, ` +
          `but the variable has shape ${shapeText(variable.shape)}`,
      );
    }
    result.push({ name, variable, gradient });
  }
  return result;
}

