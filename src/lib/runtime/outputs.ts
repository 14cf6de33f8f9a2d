/**
 * What a cell produces, in a form that crosses the worker boundary and is written to JSON by the
 * headless runner. HTML (Plot figures) is sanitised with DOMPurify before it reaches any page.
 */
export type Lang = 'en' | 'hu';
export const LANGS: Lang[] = ['en', 'hu'];

export type CellOutput =
  | { kind: 'html'; html: string }
  | { kind: 'text'; text: string }
  | { kind: 'table'; columns: string[]; rows: string[][] }
  | { kind: 'check'; label: string; ok: boolean; detail?: string }
  /** line/column are 1-based in the cell's own TypeScript, when known. */
  | { kind: 'error'; message: string; line?: number; column?: number };

export type ControlValue = number | string | boolean;

export type ControlSpec =
  | { kind: 'range'; label: string; min: number; max: number; step: number; value: number }
  | { kind: 'select'; label: string; options: (number | string)[]; value: number | string }
  | { kind: 'checkbox'; label: string; value: boolean };

/** A finished cell's outputs as the headless runner records them and the page shows them. */
export interface CellRecord {
  outputs: CellOutput[];
  controls: ControlSpec[];
}
