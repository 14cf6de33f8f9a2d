/** Messages between the page and a notebook's worker (structured-clone data only). */
import type { KernelCell, KernelEvent } from './kernel.ts';
import type { PreambleImport } from './parse.ts';
import type { Lang } from './outputs.ts';
import type { BackendName, RefusedBackend } from '../compass/index.ts';

export type ToWorker =
  /** First message: language, preamble, backends to try in order, URLs of the wasm backend's files. */
  | { type: 'init'; lang: Lang; imports: PreambleImport[]; order: BackendName[]; wasmFiles: Record<string, string> }
  /** Run `target` (a cell id or 'all') and the earlier cells it needs. */
  | { type: 'run'; cells: KernelCell[]; target: string };

export type FromWorker =
  | { type: 'backend'; backend: BackendName; refused: RefusedBackend[] }
  /** The backend stopped working (lost GPU context, lost device): the page restarts on the next one. */
  | { type: 'backend-lost'; backend: BackendName; reason: string }
  | { type: 'event'; event: KernelEvent }
  | { type: 'run-done'; ok: boolean }
  /** The worker cannot go on (no backend could start, the kernel could not be built). */
  | { type: 'fatal'; message: string };
