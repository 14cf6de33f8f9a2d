/**
 * The kernel of one notebook in one language: runs cells in order in a shared scope.
 *
 * - Scope: the preamble's imports, then every top-level name a cell declares. A cell sees the
 *   names of the cells run before it; assigning to an earlier cell's `let` changes it for later cells.
 * - Order: running a cell first runs every earlier cell that has not run with its current code and
 *   control values (never run, changed, failed, or after a re-run cell). Re-running a cell makes the
 *   cells after it stale.
 * - Tensors: each cell runs inside a tfjs engine scope. When it ends (or throws), every tensor it
 *   created is disposed except the tensors it declares at top level, directly or inside arrays and
 *   plain objects (they live on for later cells). Variables it created are disposed too, unless it
 *   declares, in the same way, a variable or an object with `dispose()` (an optimizer, a model):
 *   then they are kept as the cell's resources. What a cell kept is disposed when it runs again or
 *   the kernel resets, so `tf.memory().numTensors` goes back to the baseline.
 * The same kernel runs in the browser's worker and in the headless Node runner.
 */
import type * as tfTypes from '@tensorflow/tfjs';
import { setCellContext, setKernelContext, type CellContext, type KernelContext } from './cell-api.ts';
import type { CellSyntaxError, CompiledCell } from './transpile.ts';
import type { PreambleImport, ModuleName } from './parse.ts';
import type { CellOutput, ControlSpec, ControlValue, Lang } from './outputs.ts';
import type { Translate } from './i18n.ts';

type Tf = typeof tfTypes;

export interface KernelCell {
  id: string;
  code: string;
  /** Control values by the index of the control in the cell (missing: the control's default). */
  controls?: ControlValue[];
}

export type KernelEvent =
  | { type: 'start'; cell: string }
  | { type: 'output'; cell: string; index: number; output: CellOutput }
  | { type: 'progress'; cell: string; done: number; total: number }
  | { type: 'controls'; cell: string; controls: ControlSpec[] }
  | { type: 'end'; cell: string; ok: boolean; ms: number };

export interface KernelOptions {
  /**
   * The modules a preamble may import (the runtime provides them; nothing else is importable):
   * tfjs always (the kernel scopes each cell's tensors with it), the others when the preamble imports them.
   */
  modules: Partial<Record<ModuleName, object>> & { tf: object };
  imports: PreambleImport[];
  lang: Lang;
  t: Translate;
  onEvent: (event: KernelEvent) => void;
}

/** A cell that ran successfully, with what it keeps alive. */
interface CellState {
  signature: string;
  /** Names the cell declared, with their values. */
  declared: Map<string, unknown>;
  /** Tensors it declared (directly or nested), variables it kept, optimizers and models: disposed on release. */
  resources: { dispose(): unknown }[];
}

/**
 * The transpiler (sucrase): imported on the first cell run, not with the kernel, so that in the
 * browser it is a chunk of its own. Call it early to have it fetched while other things load.
 */
export function loadTranspiler(): Promise<typeof import('./transpile.ts')> {
  return import('./transpile.ts');
}

const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (...args: string[]) => (
  ...values: unknown[]
) => Promise<Record<string, unknown>>;

/** `new AsyncFunction` puts two lines of its own before the body; 'use strict' prefixes line 1. */
const HEADER_LINES = 2;
const STRICT = "'use strict';";

function isTensor(tf: Tf, value: unknown): value is tfTypes.Tensor {
  return value instanceof tf.Tensor;
}

function hasDispose(value: unknown): value is { dispose(): unknown } {
  return typeof value === 'object' && value !== null && typeof (value as { dispose?: unknown }).dispose === 'function';
}

/** The values and what arrays and plain objects among them hold, `depth` levels down. */
function reachable(values: Iterable<unknown>, depth = 3): unknown[] {
  const found: unknown[] = [];
  const visit = (value: unknown, level: number) => {
    found.push(value);
    if (level >= depth || typeof value !== 'object' || value === null) return;
    if (Array.isArray(value)) value.forEach((item) => visit(item, level + 1));
    else if (Object.getPrototypeOf(value) === Object.prototype) Object.values(value).forEach((item) => visit(item, level + 1));
  };
  for (const value of values) visit(value, 0);
  return found;
}

export class Kernel {
  private readonly options: KernelOptions;
  private readonly tf: Tf;
  private readonly scope = new Map<string, unknown>();
  private readonly states = new Map<string, CellState>();
  private order: string[] = [];
  /** What the cell API reads for this kernel: language, translator, and the Plot figure() draws with. */
  private readonly context: KernelContext;

  constructor(options: KernelOptions) {
    this.options = options;
    this.tf = options.modules.tf as Tf;
    // Plot only where the preamble imports it, as in the worker, which loads Plot for such notebooks only.
    const importsPlot = options.imports.some((entry) => entry.module === 'plot');
    this.context = { lang: options.lang, t: options.t, plot: importsPlot ? (options.modules.plot as KernelContext['plot']) : undefined };
    setKernelContext(this.context); // before reading the cell API's live `lang`
    // tfjs calls nest deeply: with V8's default of 10 frames an error thrown inside an op would not
    // reach the cell's frame, and its line would be lost.
    Error.stackTraceLimit = Math.max(Error.stackTraceLimit, 100);
    for (const entry of options.imports) {
      const module = options.modules[entry.module] as Record<string, unknown> | undefined;
      if (!module) throw new Error(`the preamble imports the ${entry.module} module, which this kernel was not given`);
      if (entry.namespace) this.scope.set(entry.namespace, module);
      for (const [exported, local] of entry.named) {
        if (!(exported in module)) throw new Error(`the runtime's ${entry.module} module has no export "${exported}"`);
        this.scope.set(local, module[exported]);
      }
    }
  }

  /**
   * Runs `target` (a cell id, or 'all' to run every cell afresh) after the earlier cells it needs.
   * `cells` is the whole notebook in order, with the code and control values to use now.
   * Resolves true when every cell run succeeded; errors are reported as outputs, never thrown.
   */
  async run(cells: KernelCell[], target: string | 'all'): Promise<boolean> {
    const ids = cells.map((cell) => cell.id);
    const last = target === 'all' ? cells.length - 1 : ids.indexOf(target);
    if (last < 0) throw new Error(`no cell "${target}" in this notebook; cells: ${ids.join(', ')}`);
    if (ids.join('\n') !== this.order.join('\n')) this.order = ids;
    let first = target === 'all' ? 0 : last;
    for (let i = 0; i < last; i++) {
      const state = this.states.get(cells[i].id);
      if (!state || state.signature !== signatureOf(cells[i])) {
        first = i;
        break;
      }
    }
    for (let i = first; i <= last; i++) {
      const ok = await this.runCell(cells[i]);
      if (!ok) {
        for (const later of cells.slice(i + 1, last + 1)) {
          this.options.onEvent({ type: 'output', cell: later.id, index: 0, output: { kind: 'error', message: this.options.t('runtime.earlierCellFailed', { id: cells[i].id }) } });
          this.options.onEvent({ type: 'end', cell: later.id, ok: false, ms: 0 });
        }
        this.forgetFrom(cells, i + 1);
        return false;
      }
    }
    this.forgetFrom(cells, last + 1);
    return true;
  }

  /** Disposes every tensor, variable and object the cells kept; the kernel can run again from scratch. */
  reset(): void {
    for (const id of [...this.states.keys()]) this.release(id);
  }

  /** Later cells become stale: their kept values are released so numTensors does not grow. */
  private forgetFrom(cells: KernelCell[], index: number): void {
    for (const cell of cells.slice(index)) this.release(cell.id);
  }

  private release(id: string): void {
    const state = this.states.get(id);
    if (!state) return;
    for (const [name, value] of state.declared) if (this.scope.get(name) === value) this.scope.delete(name);
    for (const resource of state.resources) {
      try {
        resource.dispose();
      } catch {
        // already disposed by the cell itself
      }
    }
    this.states.delete(id);
  }

  private emit(event: KernelEvent): void {
    this.options.onEvent(event);
  }

  private async runCell(cell: KernelCell): Promise<boolean> {
    const { tf, options } = this;
    const started = Date.now();
    this.release(cell.id);
    this.emit({ type: 'start', cell: cell.id });
    const outputs: CellOutput[] = [];
    const controls: ControlSpec[] = [];
    const show = (output: CellOutput, index = outputs.length) => {
      outputs[index] = output;
      this.emit({ type: 'output', cell: cell.id, index, output });
      return index;
    };
    const context: CellContext = {
      display(output) {
        const index = show(output);
        return { update: (next) => void show(next, index) };
      },
      progress: (done, total) => this.emit({ type: 'progress', cell: cell.id, done, total }),
      control: (spec) => {
        const given = cell.controls?.[controls.length];
        const value = given === undefined ? spec.value : given;
        controls.push({ ...spec, value } as ControlSpec);
        this.emit({ type: 'controls', cell: cell.id, controls: [...controls] });
        return value;
      },
    };

    const { compileCell } = await loadTranspiler();
    let compiled: CompiledCell;
    try {
      compiled = compileCell(cell.code);
    } catch (error) {
      const syntax = error as CellSyntaxError;
      show({ kind: 'error', message: options.t('runtime.syntaxError', { line: syntax.line, column: syntax.column, message: syntax.message }), line: syntax.line, column: syntax.column });
      this.emit({ type: 'end', cell: cell.id, ok: false, ms: Date.now() - started });
      return false;
    }

    const declared = compiled.declared;
    const params = [...this.scope.keys()].filter((name) => !declared.includes(name));
    const sourceName = `notebook-cell-${cell.id}.js`;
    const body = `${STRICT}${compiled.js}\n;return { ${[...declared, ...params].join(', ')} };\n//# sourceURL=${sourceName}`;
    const engine = tf.engine();
    const variablesBefore = new Set(Object.keys(engine.registeredVariables));
    setKernelContext(this.context);
    setCellContext(context);
    engine.startScope();
    let result: Record<string, unknown> | null = null;
    try {
      const fn = new AsyncFunction(...params, body);
      result = await fn(...params.map((name) => this.scope.get(name)));
    } catch (error) {
      show(this.describeError(error, compiled, sourceName));
    } finally {
      setCellContext(null);
      const kept = new Map<string, unknown>();
      for (const name of declared) if (result && name in result) kept.set(name, result[name]);
      // What an earlier cell already keeps (a later cell may declare an alias of it) stays that cell's.
      const ownedElsewhere = new Set([...this.states.values()].flatMap((state) => state.resources));
      const held = [...new Set(reachable(kept.values()))].filter((value) => !ownedElsewhere.has(value as { dispose(): unknown }));
      const tensors = held.filter((value): value is tfTypes.Tensor => isTensor(tf, value) && !(value instanceof tf.Variable));
      for (const tensor of tensors) tf.keep(tensor);
      engine.endScope();
      const newVariables = Object.entries(engine.registeredVariables)
        .filter(([name]) => !variablesBefore.has(name))
        .map(([, variable]) => variable);
      const owners = held.filter((value) => !isTensor(tf, value) && hasDispose(value)) as { dispose(): unknown }[];
      const keepVariables = owners.length > 0 || held.some((value) => value instanceof tf.Variable);
      if (!keepVariables) for (const variable of newVariables) variable.dispose();
      if (result) {
        const resources = [...tensors, ...owners, ...(keepVariables ? newVariables : [])];
        this.states.set(cell.id, { signature: signatureOf(cell), declared: kept, resources });
        for (const [name, value] of kept) this.scope.set(name, value);
        for (const name of params) if (name in result) this.scope.set(name, result[name]);
      }
    }
    this.emit({ type: 'end', cell: cell.id, ok: result !== null, ms: Date.now() - started });
    return result !== null;
  }

  /** An error output with the message and, when the stack names the cell, its line and column in the TypeScript. */
  private describeError(error: unknown, compiled: CompiledCell, sourceName: string): CellOutput {
    const { t } = this.options;
    const message = error instanceof Error ? error.message : String(error);
    const stack = error instanceof Error ? (error.stack ?? '') : '';
    const escaped = sourceName.replace(/[.]/g, '\\.');
    const frame = new RegExp(`${escaped}:(\\d+):(\\d+)`).exec(stack);
    if (!frame) return { kind: 'error', message: t('runtime.error', { message }) };
    const line = Number(frame[1]) - HEADER_LINES;
    const jsColumn = Number(frame[2]) - (line === 1 ? STRICT.length : 0);
    const column = compiled.sourceColumn(line, jsColumn);
    return { kind: 'error', message: t('runtime.errorAt', { line, column, message }), line, column };
  }
}

function signatureOf(cell: KernelCell): string {
  return JSON.stringify([cell.code, cell.controls ?? []]);
}
