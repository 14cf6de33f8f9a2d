/**
 * The closed sets of names the module accepts, in a file without tfjs, so a command can check
 * its arguments before it loads a backend.
 */

/** How weight decay enters the update. */
export type DecayMode = 'stepweight' | 'decoupled' | 'l2';

/** Every decay mode, in the order the documentation lists them. */
export const DECAY_MODES: readonly DecayMode[] = ['stepweight', 'decoupled', 'l2'];

/** A tfjs backend this project runs on. */
export type BackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu';

/** Fastest first: the order `chooseBackend` tries by default. */
export const BACKEND_ORDER: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];
