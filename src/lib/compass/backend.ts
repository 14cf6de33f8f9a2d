/**
 * Picking a tfjs backend: the fastest one that initialises here, with the reason each faster one
 * was refused. tfjs itself brings WebGL and CPU; the WebGPU and WASM backends are packages of their
 * own, imported (which registers them with tfjs) only when {@link chooseBackend} tries them, so a
 * page that runs on WebGL never downloads them. In Node, the WASM backend is pointed at its `.wasm` files.
 */
import * as tf from '@tensorflow/tfjs';
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
   * Where the browser fetches the WASM backend's `.wasm` files from: a URL prefix ending in `/`, or
   * the URL of each file by its name (`tfjs-backend-wasm.wasm`, `tfjs-backend-wasm-simd.wasm`,
   * `tfjs-backend-wasm-threaded-simd.wasm`). Applied when `wasm` is tried; only its first
   * initialisation reads it. In Node the module finds them itself.
   */
  wasmPaths?: string | Record<string, string>;
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

type WasmBackendModule = typeof import('@tensorflow/tfjs-backend-wasm');

let wasmBackend: Promise<WasmBackendModule> | undefined;

/** The WASM backend's package, imported once; in Node, pointed at its `.wasm` files. */
function loadWasmBackend(): Promise<WasmBackendModule> {
  wasmBackend ??= import('@tensorflow/tfjs-backend-wasm').then((wasm) => {
    const folder = isNode() ? nodeWasmFolder() : undefined;
    if (folder) wasm.setWasmPaths(folder);
    return wasm;
  });
  return wasmBackend;
}

/** Imports the package of a backend that tfjs does not bring itself (importing registers it). */
async function loadBackendPackage(name: BackendName, wasmPaths: ChooseBackendOptions['wasmPaths']): Promise<void> {
  if (name === 'webgpu') await import('@tensorflow/tfjs-backend-webgpu');
  if (name === 'wasm') {
    const wasm = await loadWasmBackend();
    if (wasmPaths !== undefined) wasm.setWasmPaths(wasmPaths as Parameters<WasmBackendModule['setWasmPaths']>[0]);
  }
}

/** Why WebGPU cannot work in this runtime, found before its package is loaded; null if it may. */
async function webgpuUnavailableReason(): Promise<string | null> {
  const gpu = (globalThis.navigator as { gpu?: { requestAdapter(): Promise<unknown> } } | undefined)?.gpu;
  if (gpu == null) return 'WebGPU is not available in this runtime (navigator.gpu is undefined)';
  if ((await gpu.requestAdapter()) == null) return 'navigator.gpu.requestAdapter() found no WebGPU adapter';
  return null;
}

/** Loads `name`'s package if it needs one; returns why it cannot be used here, or null if it may. */
async function prepareBackend(name: BackendName, wasmPaths: ChooseBackendOptions['wasmPaths']): Promise<string | null> {
  const unavailable = name === 'webgpu' ? await webgpuUnavailableReason() : null;
  if (unavailable) return unavailable;
  try {
    await loadBackendPackage(name, wasmPaths);
  } catch (error) {
    return `its package could not be loaded: ${error instanceof Error ? error.message : String(error)}`;
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
async function tryBackend(name: BackendName, wasmPaths: ChooseBackendOptions['wasmPaths']): Promise<string | null> {
  const unavailable = await prepareBackend(name, wasmPaths);
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
 * first that initialises tfjs's active backend. The `webgpu` and `wasm` packages are imported only
 * when that backend is tried. In Node, `webgpu` and `webgl` are refused with a reason and `wasm` is taken.
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
  const refused: RefusedBackend[] = [];
  for (const backend of order) {
    const reason = await tryBackend(backend, options.wasmPaths);
    if (reason === null) return { backend, refused };
    refused.push({ backend, reason });
  }
  const reasons = refused.map(({ backend, reason }) => `${backend}: ${reason}`).join('; ');
  throw new Error(`chooseBackend: no backend could be initialised (${reasons})`);
}
