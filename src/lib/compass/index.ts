/**
 * The Compass optimizer on TensorFlow.js, plain SGD for comparison, and the backend chooser.
 *
 * Importing this module registers `Compass` and `SGD` with `tf.serialization` (so models compiled
 * with them save and load with their optimizer). The WebGPU and WASM backends are imported and
 * registered with tfjs when `chooseBackend` first tries them.
 */
export { Compass, COMPASS_OPTIONS, type CompassOptions } from './compass.ts';
export { SGD, SGD_OPTIONS, type SGDOptions } from './sgd.ts';
export { BatchedCompass, type BatchedCompassOptions, type ModelOptions } from './batched.ts';
export {
  chooseBackend,
  BACKEND_ORDER,
  type BackendName,
  type BackendChoice,
  type ChooseBackendOptions,
  type RefusedBackend,
} from './backend.ts';
export {
  compassRule,
  compassCoefficients,
  sgdRule,
  sgdCoefficients,
  meanOverAllButFirst,
  DECAY_MODES,
  type CompassHyper,
  type CompassMoments,
  type CompassCoefficients,
  type Coefficient,
  type DecayMode,
  type SGDHyper,
  type SGDCoefficients,
} from './rule.ts';
export { formatRange, type NumberRange, type OptionSpec } from './options.ts';
export type { NamedTensor } from './gradients.ts';
