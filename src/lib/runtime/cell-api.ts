/**
 * The API available inside notebook cells. Notebooks import it (so they type-check against the
 * real signatures); the kernel installs the running cell's context before each cell, so the same
 * module works in the browser's worker and in the headless Node runner.
 *
 * Outside a running cell (for example when imported by a test), calls throw a clear error.
 */
import * as tf from '@tensorflow/tfjs';
import type * as PlotTypes from '@observablehq/plot';
import type { ControlSpec, ControlValue, CellOutput, Lang } from './outputs.ts';

export type { Lang } from './outputs.ts';

/** A displayed value that can be replaced later (live figures while training). */
export interface DisplayHandle {
  update(value: unknown): void;
}

/** What the kernel provides to the cell that is running now. */
export interface CellContext {
  /** Shows an output; the handle replaces it in place. */
  display(output: CellOutput): { update(output: CellOutput): void };
  progress(done: number, total: number): void;
  control(spec: ControlSpec): ControlValue;
}

/** What the kernel provides for its whole life (one language). */
export interface KernelContext {
  lang: Lang;
  t(key: string, options?: Record<string, unknown>): string;
  /** Plot drawing into the runtime's DOM, when the notebook's preamble imports Plot (for figure()). */
  plot?: typeof PlotTypes;
}

let kernelContext: KernelContext | null = null;

/** The page's language, 'en' or 'hu' (set by the kernel). */
export let lang: Lang = 'en';
let cellContext: CellContext | null = null;

/** Installs the kernel's language and translator. Used by the kernel only. */
export function setKernelContext(context: KernelContext | null): void {
  kernelContext = context;
  lang = context?.lang ?? 'en';
}

/** Installs the context of the cell that starts running (null when it ends). Used by the kernel only. */
export function setCellContext(context: CellContext | null): void {
  cellContext = context;
}

function currentCell(name: string): CellContext {
  if (!cellContext) throw new Error(`${name}() can only be called while a notebook cell runs`);
  return cellContext;
}

function currentKernel(name: string): KernelContext {
  if (!kernelContext) throw new Error(`${name}() can only be called inside a notebook kernel`);
  return kernelContext;
}

/** Translates a key of `src/i18n/figures` (or `runtime`) into the page's language (i18next). */
export function t(key: string, options?: Record<string, unknown>): string {
  return currentKernel('t').t(key, options);
}

/** Formats a number in the page's locale: decimal comma in Hungarian. */
export function fmt(x: number, options?: Intl.NumberFormatOptions): string {
  return new Intl.NumberFormat(currentKernel('fmt').lang === 'hu' ? 'hu-HU' : 'en-US', options).format(x);
}

/**
 * The Okabe–Ito palette: colours told apart with every common colour-vision deficiency, readable on
 * light and dark pages. Its eighth colour, black, is left out: use `'currentColor'`, which follows the
 * page's theme.
 */
export const okabeIto = {
  orange: '#E69F00',
  skyBlue: '#56B4E9',
  bluishGreen: '#009E73',
  yellow: '#F0E442',
  blue: '#0072B2',
  vermillion: '#D55E00',
  reddishPurple: '#CC79A7',
} as const;

/** Plot.plot options, plus the colour legend's entries. */
export interface FigureOptions extends PlotTypes.PlotOptions {
  /** Legend entries in order: a colour scale from each label to its colour. None (the default): no legend. */
  series?: readonly { label: string; color: string }[];
}

/** Tick labels in the page's locale: numbers through fmt(), other values (band names) as they are. */
const localeTick = (d: unknown) => (typeof d === 'number' ? fmt(d) : String(d));

/**
 * A Plot figure in the site's style. Defaults, each overridden by the caller's own option:
 * - `style`: transparent background, so the figure fits light and dark pages (a `style` object is
 *   merged into it; a string replaces it);
 * - `x.tickFormat`, `y.tickFormat`: numbers in the page's locale (decimal comma in Hungarian);
 * - `grid: true` (x and y; `grid: false` or `x: { grid: false }` turns it off);
 * - `color`: when `series` is non-empty, a legend mapping each series label to its colour, so marks
 *   use `stroke: () => label` or a channel holding the labels.
 * Needs the notebook to import Plot, which the runtime then loads.
 */
export function figure(options: FigureOptions): ReturnType<typeof PlotTypes.plot> {
  const plot = currentKernel('figure').plot;
  if (!plot) throw new Error("figure() draws with Plot: add `import * as Plot from '@observablehq/plot';` to the notebook's imports");
  const { series = [], style, x, y, ...rest } = options;
  return plot.plot({
    grid: true,
    ...(series.length > 0 && { color: { legend: true, domain: series.map((s) => s.label), range: series.map((s) => s.color) } }),
    ...rest,
    style: typeof style === 'string' ? style : { background: 'transparent', ...style },
    x: { tickFormat: localeTick, ...x },
    y: { tickFormat: localeTick, ...y },
  });
}

function isElementLike(value: unknown): value is { outerHTML: string } {
  return typeof value === 'object' && value !== null && (value as { nodeType?: number }).nodeType === 1 &&
    typeof (value as { outerHTML?: unknown }).outerHTML === 'string';
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}

function cellText(value: unknown): string {
  if (typeof value === 'number') return fmt(value, { maximumSignificantDigits: 6 });
  return String(value);
}

/** Converts a displayed value into an output; throws a TypeError naming what is allowed. */
export function toOutput(value: unknown): CellOutput {
  if (isElementLike(value)) return { kind: 'html', html: value.outerHTML };
  if (typeof value === 'string') return { kind: 'text', text: value };
  if (typeof value === 'number' || typeof value === 'boolean') return { kind: 'text', text: cellText(value) };
  if (value instanceof tf.Tensor) return { kind: 'text', text: value.toString() };
  if (Array.isArray(value) && value.length > 0 && value.every(isPlainObject)) {
    const columns = [...new Set(value.flatMap((row) => Object.keys(row)))];
    return { kind: 'table', columns, rows: value.map((row) => columns.map((c) => (c in row ? cellText(row[c]) : ''))) };
  }
  const kind = value === null ? 'null' : Array.isArray(value) ? 'array of non-objects' : typeof value;
  throw new TypeError(
    `display() cannot show a value of kind "${kind}"; it shows Plot figures, strings, numbers, tensors and non-empty arrays of plain objects (as a table)`,
  );
}

/** Shows a value under the cell: a Plot figure, a string, a number, a tensor or an array of plain objects (a table). */
export function display(value: unknown): DisplayHandle {
  const cell = currentCell('display');
  const handle = cell.display(toOutput(value));
  return { update: (next: unknown) => handle.update(toOutput(next)) };
}

/**
 * Shows a pass/fail line. A false condition fails the headless run (`npm run notebooks`), so a
 * claim in the prose is tested wherever its cell runs. Returns the condition.
 */
export function check(label: string, condition: boolean, detail?: string): boolean {
  if (typeof condition !== 'boolean') {
    throw new TypeError(`check("${label}", …) needs a boolean condition, got ${typeof condition}`);
  }
  currentCell('check').display({ kind: 'check', label, ok: condition, ...(detail === undefined ? {} : { detail }) });
  return condition;
}

/** Reports progress of a long computation: a bar "step done of total" under the cell. */
export function progress(done: number, total: number): void {
  if (!Number.isFinite(done) || !Number.isFinite(total) || total <= 0) {
    throw new RangeError(`progress(done, total) needs finite numbers with total > 0, got (${done}, ${total})`);
  }
  currentCell('progress').progress(Math.min(done, total), total);
}

function requireLabel(name: string, label: unknown): string {
  if (typeof label !== 'string' || label === '') throw new TypeError(`${name} needs a non-empty label`);
  return label;
}

/** Controls drawn above the output; changing one re-runs the cell. Each returns its current value. */
export const input = {
  /** A slider over [min, max]; `step` defaults to (max - min) / 100. */
  range([min, max]: [number, number], options: { value: number; step?: number; label: string }): number {
    const label = requireLabel('input.range', options.label);
    if (!(Number.isFinite(min) && Number.isFinite(max) && min < max)) {
      throw new RangeError(`input.range "${label}": needs finite min < max, got [${min}, ${max}]`);
    }
    if (!(options.value >= min && options.value <= max)) {
      throw new RangeError(`input.range "${label}": value ${options.value} is outside [${min}, ${max}]`);
    }
    const step = options.step ?? (max - min) / 100;
    if (!(step > 0)) throw new RangeError(`input.range "${label}": step must be > 0, got ${step}`);
    return Number(currentCell('input.range').control({ kind: 'range', label, min, max, step, value: options.value }));
  },
  /** A choice among options (numbers or strings). */
  select<T extends number | string>(options: T[], settings: { value: T; label: string }): T {
    const label = requireLabel('input.select', settings.label);
    if (!options.includes(settings.value)) {
      throw new RangeError(`input.select "${label}": value ${String(settings.value)} is not one of ${options.join(', ')}`);
    }
    const chosen = currentCell('input.select').control({ kind: 'select', label, options, value: settings.value });
    return (options.find((option) => String(option) === String(chosen)) ?? settings.value) as T;
  },
  /** An on/off switch. */
  checkbox(settings: { value: boolean; label: string }): boolean {
    const label = requireLabel('input.checkbox', settings.label);
    return currentCell('input.checkbox').control({ kind: 'checkbox', label, value: settings.value }) === true;
  },
};

/** A seeded generator: `rng()` is uniform in [0, 1); `rng.normal(mean, sd)` is Gaussian. */
export interface Rng {
  (): number;
  normal(mean?: number, sd?: number): number;
}

/**
 * A deterministic generator (mulberry32 with Box-Muller): the same seed gives the same numbers on
 * every backend and in every language, because it runs in plain JavaScript, not on the GPU.
 */
export function random(seed: number): Rng {
  if (!Number.isInteger(seed)) throw new TypeError(`random(seed) needs an integer seed, got ${seed}`);
  let state = seed >>> 0;
  const next = (() => {
    state = (state + 0x6d2b79f5) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 15), z | 1);
    z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
    return ((z ^ (z >>> 14)) >>> 0) / 4294967296;
  }) as Rng;
  next.normal = (mean = 0, sd = 1) => {
    const u = 1 - next(); // in (0, 1]: log stays finite
    const v = next();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
  return next;
}

/** Thrown by train() when the loss is NaN or infinite; the message names the step and the value. */
export class NonFiniteLossError extends Error {
  step: number;
  value: number;
  constructor(step: number, value: number) {
    super(t('runtime.nonFiniteLoss', { step, value: String(value) }));
    this.name = 'NonFiniteLossError';
    this.step = step;
    this.value = value;
  }
}

export interface TrainOptions {
  /** Number of training steps (an integer >= 1). */
  steps: number;
  /** One training step, given its 1-based number; returns the loss, e.g. `optimizer.minimize(f, true)`. */
  step: (step: number) => tf.Scalar;
  /** Read the loss back every this many steps (and at the last): it checks for NaN/Inf and calls onLog. Default 10. */
  every?: number;
  /** Called with each loss read back; redraw figures here. A throw stops training. */
  onLog?: (step: number, loss: number) => void | Promise<void>;
}

/**
 * Runs a training loop: calls `step` `steps` times inside tf.tidy, reports progress, and reads the
 * loss back every `every` steps. A NaN or infinite loss stops training with NonFiniteLossError
 * before onLog is called, so a figure keeps what it drew before. Returns the losses read back.
 */
export async function train(options: TrainOptions): Promise<{ step: number; loss: number }[]> {
  const { steps, step, every = 10, onLog } = options;
  if (!Number.isInteger(steps) || steps < 1) throw new RangeError(`train(): steps must be an integer >= 1, got ${steps}`);
  if (!Number.isInteger(every) || every < 1) throw new RangeError(`train(): every must be an integer >= 1, got ${every}`);
  const losses: { step: number; loss: number }[] = [];
  for (let i = 1; i <= steps; i++) {
    const loss = tf.tidy(() => step(i));
    if (i % every !== 0 && i !== steps) {
      loss.dispose();
      progress(i, steps);
      continue;
    }
    const value = (await loss.data())[0];
    loss.dispose();
    if (!Number.isFinite(value)) throw new NonFiniteLossError(i, value);
    losses.push({ step: i, loss: value });
    progress(i, steps);
    await onLog?.(i, value);
  }
  return losses;
}
