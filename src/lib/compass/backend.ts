/**
 * Picking a tfjs backend: the fastest one that initialises here, with the reason each faster one
 * was refused. Importing this module registers the WebGPU and WASM backends (tfjs itself brings
 * WebGL and CPU) and, in Node, points the WASM backend at its `.wasm` files.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { BACKEND_ORDER, type BackendName } from './names.ts';

export { BACKEND_ORDER, type BackendName } from './names.ts';

/** A backend that was not taken, and why. */
export interface RefusedBackend {
  backend: BackendName;
  reason: string;
}

/** What {@link chooseBackend} did. */
export interface BackendChoice {
  /** The backend now active (`tf.getBackend()`). */
  backend: BackendName;
  /** Each backend tried before it, in order, with the reason it was refused. */
  refused: RefusedBackend[];
}

/** Options of {@link chooseBackend}. */
export interface ChooseBackendOptions {
  /** Backends to try, in order. Default {@link BACKEND_ORDER}. */
  order?: readonly BackendName[];
  /**
   * Where the browser fetches the WASM backend's `.wasm` files from (a URL prefix ending in `/`),
   * set before that backend first initialises. In Node the module finds them itself.
   */
  wasmPaths?: string;
}

function isNode(): boolean {
  return typeof process !== 'undefined' && process.versions?.node != null;
}

/** In Node: the folder of `@tensorflow/tfjs-backend-wasm`'s entry file, where its `.wasm` files are. */
function nodeWasmFolder(): string | undefined {
  try {
    return decodeURIComponent(new URL('.', import.meta.resolve('@tensorflow/tfjs-backend-wasm')).pathname);
  } catch {
    return undefined; // a bundler without import.meta.resolve: tfjs's own default location applies
  }
}

if (isNode()) {
  const folder = nodeWasmFolder();
  if (folder) setWasmPaths(folder);
}

/** Why `name` cannot work in this runtime, found without initialising it; null if it may. */
async function unavailableReason(name: BackendName): Promise<string | null> {
  if (name === 'webgpu') {
    const gpu = (globalThis.navigator as { gpu?: { requestAdapter(): Promise<unknown> } } | undefined)?.gpu;
    if (gpu == null) return 'WebGPU is not available in this runtime (navigator.gpu is undefined)';
    if ((await gpu.requestAdapter()) == null) return 'navigator.gpu.requestAdapter() found no WebGPU adapter';
  }
  if (tf.findBackendFactory(name) == null) {
    return name === 'webgl'
      ? 'tfjs registers WebGL only in a browser; this runtime has no WebGL context'
      : `the ${name} backend is not registered with tfjs`;
  }
  return null;
}

/** Runs `action` with console.warn collected into `warnings` (tfjs reports failed inits there). */
async function collectingWarnings<T>(warnings: string[], action: () => Promise<T>): Promise<T> {
  const warn = console.warn;
  console.warn = (...args: unknown[]) => warnings.push(args.map(String).join(' '));
  try {
    return await action();
  } finally {
    console.warn = warn;
  }
}

/** Sets `name` as tfjs's backend; returns null on success, else why it failed. */
async function tryBackend(name: BackendName): Promise<string | null> {
  const unavailable = await unavailableReason(name);
  if (unavailable) return unavailable;
  const warnings: string[] = [];
  try {
    if (await collectingWarnings(warnings, () => tf.setBackend(name))) return null;
  } catch (error) {
    return `initialisation threw: ${error instanceof Error ? error.message : String(error)}`;
  }
  const detail = warnings.length > 0 ? `: ${warnings.join(' ').split('\n')[0]}` : '';
  return `tfjs could not initialise it${detail}`;
}

/**
 * Tries backends fastest first (`webgpu`, `webgl`, `wasm`, `cpu`, or `options.order`) and makes the
 * first that initialises tfjs's active backend. In Node, `webgpu` and `webgl` are refused with a
 * reason and `wasm` is taken.
 *
 * @throws RangeError when `order` is empty or names an unknown backend.
 * @throws Error when no backend in the order initialises (listing each reason).
 */
export async function chooseBackend(options: ChooseBackendOptions = {}): Promise<BackendChoice> {
  const order = options.order ?? BACKEND_ORDER;
  if (!Array.isArray(order) || order.length === 0 || order.some((name) => !BACKEND_ORDER.includes(name))) {
    throw new RangeError(
      `chooseBackend: option order must be a non-empty list of ${BACKEND_ORDER.map((n) => `'${n}'`).join(', ')}; ` +
        `got ${JSON.stringify(order)}`,
    );
  }
  if (options.wasmPaths !== undefined) setWasmPaths(options.wasmPaths);
  const refused: RefusedBackend[] = [];
  for (const backend of order) {
    const reason = await tryBackend(backend);
    if (reason === null) return { backend, refused };
    refused.push({ backend, reason });
  }
  const reasons = refused.map(({ backend, reason }) => `${backend}: ${reason}`).join('; ');
  throw new Error(`chooseBackend: no backend could be initialised (${reasons})`);
}
