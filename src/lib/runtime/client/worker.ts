/**
 * The worker of one notebook: owns tfjs, Plot, Compass and the kernel, so training never blocks the
 * page and Stop can end any code (the page terminates this worker). It has no access to the page's
 * DOM; figures leave it as HTML strings that the page sanitises.
 *
 * A module worker, code-split so that a run downloads what it uses: tfjs (with its WebGL and CPU
 * backends) and Compass come with the worker; the backend chosen, when it is WebGPU or WASM, its
 * package (see chooseBackend); Plot with linkedom when the notebook imports Plot; sucrase for the
 * first cell. They are fetched in parallel, while the backend initialises.
 *
 * tfjs's converter (graph models) stays in: cells type-check against the whole `@tensorflow/tfjs`
 * API, so `tf.loadGraphModel` must exist when they run.
 */
import * as tf from '@tensorflow/tfjs';
import * as compass from '../../compass/index.ts';
import * as cellApi from '../cell-api.ts';
import { Kernel, loadTranspiler, type KernelEvent } from '../kernel.ts';
import { createTranslator, type Translate } from '../i18n.ts';
import type { PreambleImport } from '../parse.ts';
import type { FromWorker, ToWorker } from '../protocol.ts';

const post = (message: FromWorker) => postMessage(message);

/** At most one progress message per this many ms (a loop may report every step). */
const PROGRESS_INTERVAL_MS = 50;

let kernel: Kernel | null = null;
let lastProgress = 0;

function forward(event: KernelEvent): void {
  if (event.type === 'progress' && event.done < event.total) {
    const now = performance.now();
    if (now - lastProgress < PROGRESS_INTERVAL_MS) return;
    lastProgress = now;
  }
  post({ type: 'event', event });
}

/** Reports a lost WebGL context or WebGPU device, so the page can fall back to the next backend. */
function watchBackend(name: compass.BackendName): void {
  const backend = tf.backend() as unknown as {
    gpgpu?: { gl?: WebGL2RenderingContext };
    device?: { lost?: Promise<{ message: string }> };
  };
  const canvas = backend.gpgpu?.gl?.canvas as OffscreenCanvas | undefined;
  canvas?.addEventListener('webglcontextlost', () => post({ type: 'backend-lost', backend: name, reason: 'webglcontextlost' }));
  backend.device?.lost?.then((info) => post({ type: 'backend-lost', backend: name, reason: info.message || 'device lost' }));
}

/**
 * tfjs's WebGPU backend reads data synchronously (dataSync, arraySync) through a canvas trick that
 * some WebGPU implementations (SwiftShader among them) answer with zeros. Probe it once; where it is
 * wrong, make synchronous reads throw a clear error instead of returning wrong numbers.
 */
function guardSyncReads(name: compass.BackendName, t: Translate): void {
  if (name !== 'webgpu') return;
  const probe = tf.tidy(() => tf.tensor1d([1.5, -2]).mul(2));
  const values = Array.from(probe.dataSync());
  probe.dispose();
  if (values[0] === 3 && values[1] === -4) return;
  const backend = tf.backend() as unknown as { readSync(dataId: object): unknown };
  const readSync = backend.readSync.bind(backend);
  backend.readSync = (dataId) => {
    const stored = (tf.backend() as unknown as { tensorMap: { get(id: object): { values?: unknown } } }).tensorMap.get(dataId);
    if (stored?.values != null) return readSync(dataId); // already on the CPU: safe
    throw new Error(t('runtime.syncReadUnsupported'));
  };
}

/** Plot drawing into linkedom, for a notebook whose preamble imports Plot; nothing otherwise. */
async function loadPlot(imports: PreambleImport[]): Promise<{ plot?: object }> {
  if (!imports.some((entry) => entry.module === 'plot')) return {};
  const [Plot, { plotWithDocument }] = await Promise.all([import('@observablehq/plot'), import('../plot-document.ts')]);
  return { plot: plotWithDocument(Plot) };
}

async function init(message: Extract<ToWorker, { type: 'init' }>): Promise<void> {
  const [choice, plot] = await Promise.all([
    compass.chooseBackend({ order: message.order, wasmPaths: message.wasmFiles }),
    loadPlot(message.imports),
    loadTranspiler(),
  ]);
  const t = createTranslator(message.lang);
  guardSyncReads(choice.backend, t);
  watchBackend(choice.backend);
  post({ type: 'backend', backend: choice.backend, refused: choice.refused });
  kernel = new Kernel({
    modules: { tf, ...plot, compass, cellApi },
    imports: message.imports,
    lang: message.lang,
    t,
    onEvent: forward,
  });
}

// Messages are handled one after another: a run waits for init and for the previous run.
let queue: Promise<void> = Promise.resolve();

addEventListener('message', (event: MessageEvent<ToWorker>) => {
  const message = event.data;
  queue = queue.then(async () => {
    try {
      if (message.type === 'init') await init(message);
      else if (kernel) post({ type: 'run-done', ok: await kernel.run(message.cells, message.target) });
    } catch (error) {
      post({ type: 'fatal', message: error instanceof Error ? error.message : String(error) });
    }
  });
});
