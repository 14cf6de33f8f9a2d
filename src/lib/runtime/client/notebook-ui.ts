/**
 * The notebook runtime on the page, loaded on the reader's first action (see boot.ts): one
 * controller per notebook, which owns that notebook's worker, sends it runs, and shows what comes
 * back (outputs sanitised by DOMPurify, progress, errors, the backend in use). Stop terminates the
 * worker, which ends any code at once; the next run starts a fresh worker.
 */
import type { EditorView } from 'codemirror';
import { parseNotebook, type NotebookCell, type PreambleImport } from '../parse.ts';
import { createTranslator, type Translate } from '../i18n.ts';
import { controlKey, formatNumber, renderControls, renderOutput } from '../render.ts';
import { createSanitizer, type Sanitize } from '../sanitize.ts';
import type { FromWorker, ToWorker } from '../protocol.ts';
import type { KernelCell, KernelEvent } from '../kernel.ts';
import type { ControlValue, Lang } from '../outputs.ts';
import type { BackendName } from '../../compass/index.ts';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';

const WASM_FILES = {
  'tfjs-backend-wasm.wasm': wasmPlain,
  'tfjs-backend-wasm-simd.wasm': wasmSimd,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
};
const BACKENDS: BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];
/** Known refusals of chooseBackend (English, from the Compass module), by the words that identify them. */
const REFUSAL_REASONS: [RegExp, string][] = [
  [/navigator\.gpu is undefined/, 'runtime.reasonNoWebgpu'],
  [/no WebGPU adapter/, 'runtime.reasonNoAdapter'],
  [/no WebGL context/, 'runtime.reasonNoWebgl'],
];
/** A control change re-runs its cell after this quiet time (a slider sends many events). */
const CONTROL_DEBOUNCE_MS = 300;

/** Notebook sources, bundled as text and fetched only when that notebook is first used. */
const SOURCES = import.meta.glob('/notebooks/*.ts', { query: '?raw', import: 'default' }) as Record<string, () => Promise<string>>;

interface CellView {
  root: HTMLElement;
  code: HTMLElement;
  controls: HTMLElement;
  message: HTMLElement;
  progress: HTMLElement;
  outputs: HTMLElement;
  initialControls: string;
  editor?: EditorView;
  debounce?: ReturnType<typeof setTimeout>;
}

function fromHtml(html: string): Element {
  const template = document.createElement('template');
  template.innerHTML = html;
  return template.content.firstElementChild!;
}

class NotebookController {
  private readonly name: string;
  private readonly lang: Lang;
  private readonly t: Translate;
  private readonly sanitize: Sanitize;
  private readonly views = new Map<string, CellView>();
  private readonly controlKeys = new Map<string, string>();
  private readonly lost = new Set<BackendName>();
  private cells: NotebookCell[] = [];
  private imports: PreambleImport[] = [];
  private readonly ready: Promise<void>;
  private worker: Worker | null = null;
  private choice: BackendName | 'auto' = 'auto';
  private running: { target: string; finish: () => void } | null = null;
  private pending: string | null = null;
  /** Why the previous backend was left, shown until the reader picks a backend. */
  private lostNote = '';

  constructor(name: string, lang: Lang) {
    this.name = name;
    this.lang = lang;
    this.t = createTranslator(lang);
    this.sanitize = createSanitizer(window);
    for (const root of document.querySelectorAll<HTMLElement>(`[data-nb-cell][data-notebook="${name}"]`)) {
      const part = (selector: string) => root.querySelector<HTMLElement>(selector)!;
      const view: CellView = {
        root,
        code: part('[data-nb-code]'),
        controls: part('[data-nb-controls]'),
        message: part('[data-nb-message]'),
        progress: part('[data-nb-progress]'),
        outputs: part('[data-nb-outputs]'),
        initialControls: part('[data-nb-controls]').innerHTML,
      };
      view.message.textContent = '';
      delete root.dataset.state;
      this.views.set(root.dataset.cell!, view);
    }
    const load = SOURCES[`/notebooks/${name}.ts`];
    this.ready = load
      ? load().then((source) => void ({ cells: this.cells, imports: this.imports } = parseNotebook(source, `notebooks/${name}.ts`)))
      : Promise.reject(new Error(`notebook "${name}" is not part of this site`));
  }

  async handle(type: string, element: HTMLElement): Promise<void> {
    await this.ready;
    const id = element.closest<HTMLElement>('[data-nb-cell]')?.dataset.cell;
    if (element.matches('[data-nb-backend]')) {
      if (type === 'change') this.chooseBackend((element as HTMLSelectElement).value as BackendName | 'auto');
      return;
    }
    if (element.matches('[data-nb-control]')) {
      if (id) this.controlChanged(id, element as HTMLInputElement);
      return;
    }
    const action = element.dataset.nbAction;
    if (action === 'run-all') this.run('all');
    else if (action === 'run' && id) this.run(id);
    else if (action === 'stop') this.stop();
    else if (action === 'reset' && id) this.reset(id);
    else if (action === 'edit' && id) await this.edit(id);
  }

  // --- actions -------------------------------------------------------------------------------

  private run(target: string): void {
    if (this.running) {
      this.pending = target; // the latest request wins; it starts when the current run ends
      return;
    }
    const worker = this.ensureWorker();
    const upTo = target === 'all' ? this.cells.length - 1 : this.cells.findIndex((c) => c.id === target);
    for (const cell of this.cells.slice(0, upTo + 1)) this.setState(cell.id, 'queued', this.t('runtime.queued'));
    this.setRunning(true);
    const finished = new Promise<void>((finish) => (this.running = { target, finish }));
    this.post(worker, { type: 'run', cells: this.kernelCells(), target });
    finished.then(() => {
      this.setRunning(false);
      const next = this.pending;
      this.pending = null;
      if (next) this.run(next);
    });
  }

  private stop(): void {
    if (!this.worker) return;
    this.worker.terminate(); // ends even `while (true) {}`: the page never waits for the code
    this.worker = null;
    for (const [id, view] of this.views) {
      if (view.root.dataset.state === 'running') this.setState(id, 'stopped', this.t('runtime.stopped'));
      if (view.root.dataset.state === 'queued') this.setState(id, undefined, '');
      view.progress.hidden = true;
    }
    this.pending = null;
    this.finishRun();
  }

  private reset(id: string): void {
    const view = this.views.get(id)!;
    const original = this.cells.find((c) => c.id === id)!.code;
    if (view.editor) import('./editor.ts').then(({ setCode }) => setCode(view.editor!, original));
    view.controls.innerHTML = view.initialControls;
    this.controlKeys.delete(id);
    view.root.dataset.stale = '';
  }

  private async edit(id: string): Promise<void> {
    const view = this.views.get(id)!;
    if (view.editor) return view.editor.focus();
    const { createEditor } = await import('./editor.ts');
    const pre = view.code.firstElementChild as HTMLElement | null;
    view.editor = createEditor({
      parent: view.code,
      code: this.cells.find((c) => c.id === id)!.code,
      label: this.t('runtime.cellCode', { id }),
      onRun: () => this.run(id),
      onChange: () => (view.root.dataset.stale = ''),
    });
    if (pre) pre.hidden = true;
    view.editor.focus();
  }

  private controlChanged(id: string, input: HTMLInputElement): void {
    const view = this.views.get(id)!;
    if (input.type === 'range') input.nextElementSibling!.textContent = formatNumber(Number(input.value), this.lang);
    view.root.dataset.stale = '';
    clearTimeout(view.debounce);
    view.debounce = setTimeout(() => this.run(id), CONTROL_DEBOUNCE_MS);
  }

  private chooseBackend(choice: BackendName | 'auto'): void {
    this.choice = choice;
    this.lost.clear();
    this.lostNote = '';
    if (this.running) this.stop();
    this.worker?.terminate();
    this.worker = null;
    this.ensureWorker();
  }

  // --- worker --------------------------------------------------------------------------------

  private order(): BackendName[] {
    const preferred = this.choice === 'auto' ? [] : [this.choice];
    return [...preferred, ...BACKENDS.filter((b) => !preferred.includes(b))].filter((b) => !this.lost.has(b));
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: `notebook-${this.name}` });
    worker.addEventListener('message', (event: MessageEvent<FromWorker>) => this.receive(worker, event.data));
    worker.addEventListener('error', (event) => this.fail(worker, this.t('runtime.workerCrashed', { message: event.message || 'worker error' })));
    this.worker = worker;
    this.showBackend(this.t('runtime.starting'));
    this.post(worker, { type: 'init', lang: this.lang, imports: this.imports, order: this.order(), wasmFiles: WASM_FILES });
    return worker;
  }

  private post(worker: Worker, message: ToWorker): void {
    worker.postMessage(message);
  }

  private receive(worker: Worker, message: FromWorker): void {
    if (worker !== this.worker) return; // a terminated worker's last words
    if (message.type === 'backend') {
      const refused = message.refused.map(({ backend, reason }) => this.t('runtime.backendRefused', { backend, reason: this.reason(reason) }));
      this.showBackend([this.t('runtime.backendUsed', { backend: message.backend }), ...refused].join(' '));
    } else if (message.type === 'backend-lost') {
      this.lost.add(message.backend);
      this.lostNote = this.t('runtime.backendLost', { ...message });
      const target = this.running?.target;
      worker.terminate();
      this.worker = null;
      this.finishRun();
      if (target) this.run(target);
      else this.ensureWorker();
    } else if (message.type === 'event') this.show(message.event);
    else if (message.type === 'run-done') this.finishRun();
    else this.fail(worker, message.message);
  }

  /** The page-language text for why chooseBackend refused a backend; its English detail otherwise. */
  private reason(reason: string): string {
    for (const [pattern, key] of REFUSAL_REASONS) if (pattern.test(reason)) return this.t(key);
    return this.t('runtime.reasonOther', { detail: reason });
  }

  private fail(worker: Worker, text: string): void {
    if (worker !== this.worker) return;
    worker.terminate();
    this.worker = null;
    this.showBackend(text);
    for (const [id, view] of this.views) if (view.root.dataset.state === 'running') this.setState(id, 'error', text);
    this.finishRun();
  }

  private finishRun(): void {
    const running = this.running;
    this.running = null;
    running?.finish();
  }

  private kernelCells(): KernelCell[] {
    return this.cells.map((cell) => {
      const view = this.views.get(cell.id);
      if (!view) return { id: cell.id, code: cell.code };
      const code = view.editor ? view.editor.state.doc.toString() : cell.code;
      const controls = [...view.controls.querySelectorAll<HTMLInputElement | HTMLSelectElement>('[data-nb-control]')].map(
        (input): ControlValue => (input instanceof HTMLInputElement && input.type === 'checkbox' ? input.checked : input.dataset.kind === 'range' ? Number(input.value) : input.value),
      );
      return { id: cell.id, code, controls };
    });
  }

  // --- showing -------------------------------------------------------------------------------

  private show(event: KernelEvent): void {
    const view = this.views.get(event.cell);
    if (!view) return; // a cell of this notebook that this page does not embed
    if (event.type === 'start') {
      this.setState(event.cell, 'running', this.t('runtime.running'));
      delete view.root.dataset.stale;
      view.root.querySelector('[data-nb-note]')?.remove();
      view.outputs.replaceChildren();
    } else if (event.type === 'output') {
      const node = fromHtml(renderOutput(event.output, this.t, this.sanitize));
      const existing = view.outputs.children[event.index];
      if (existing) existing.replaceWith(node);
      else view.outputs.append(node);
    } else if (event.type === 'progress') {
      view.progress.hidden = false;
      const bar = view.progress.querySelector('progress')!;
      bar.max = event.total;
      bar.value = event.done;
      view.progress.lastElementChild!.textContent = this.t('runtime.progress', {
        done: formatNumber(event.done, this.lang),
        total: formatNumber(event.total, this.lang),
      });
    } else if (event.type === 'controls') {
      const key = event.controls.map(controlKey).join('\n');
      const shown = this.controlKeys.get(event.cell) ?? domControlKey(view);
      if (key !== shown) view.controls.innerHTML = renderControls(event.controls, this.lang);
      this.controlKeys.set(event.cell, key);
    } else {
      view.progress.hidden = true;
      const seconds = formatNumber(Math.round(event.ms / 100) / 10, this.lang);
      this.setState(event.cell, event.ok ? 'done' : 'error', event.ok ? this.t('runtime.done', { seconds }) : '');
    }
  }

  /** data-state on the cell (tests and styles read it) and the status line's text. */
  private setState(id: string, state: string | undefined, text: string): void {
    const view = this.views.get(id);
    if (!view) return;
    if (state) view.root.dataset.state = state;
    else delete view.root.dataset.state;
    view.message.textContent = text;
  }

  private showBackend(text: string): void {
    const status = document.querySelector<HTMLElement>(`[data-nb-bar][data-notebook="${this.name}"] [data-nb-backend-status]`);
    if (status) status.textContent = [this.lostNote, text].filter(Boolean).join(' ');
  }

  private setRunning(running: boolean): void {
    for (const view of this.views.values()) {
      view.root.querySelector<HTMLButtonElement>('[data-nb-action="stop"]')!.disabled = !running;
    }
  }
}

/** The structure of the controls the page shows now (pre-rendered or drawn after a run). */
function domControlKey(view: CellView): string {
  return [...view.controls.querySelectorAll<HTMLElement>('[data-nb-control]')].map((input) => input.dataset.key).join('\n');
}

const controllers = new Map<string, NotebookController>();

/** Entry point from boot.ts: one user action on a notebook element. */
export function handle(type: string, element: HTMLElement): void {
  const holder = element.closest<HTMLElement>('[data-notebook]');
  const name = holder?.dataset.notebook;
  if (!name) return;
  const lang = (document.querySelector<HTMLElement>('[data-nb-cell]')?.dataset.lang ?? 'en') as Lang;
  let controller = controllers.get(name);
  if (!controller) controllers.set(name, (controller = new NotebookController(name, lang)));
  controller.handle(type, element).catch((error: unknown) => {
    const message = document.querySelector(`[data-nb-cell][data-notebook="${name}"] [data-nb-message]`);
    if (message) message.textContent = createTranslator(lang)('runtime.loadFailed', { message: String(error) });
  });
}
