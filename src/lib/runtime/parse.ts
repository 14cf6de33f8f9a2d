/**
 * Parser of notebook files in the Jupytext "percent" format.
 *
 * A notebook is a TypeScript file: a preamble (comments and the import lines the runtime
 * provides), then cells, each started by a line `// %% [cell-id] optional title`.
 * The parser never executes anything; it only splits and validates the text.
 */

/** Where an import of the preamble comes from; the runtime provides exactly these modules. */
export type ModuleName = 'tf' | 'plot' | 'compass' | 'cellApi';

/** One import line of the preamble, e.g. `import * as tf from '@tensorflow/tfjs'`. */
export interface PreambleImport {
  module: ModuleName;
  /** `import * as NAME` binds the whole module to NAME. */
  namespace?: string;
  /** `import { a, b as c }` binds `c` to the export `b`: entries are [exported, local]. */
  named: [string, string][];
}

export interface NotebookCell {
  id: string;
  title: string;
  /** The cell's code: the lines after its `// %%` marker, trailing blank lines removed. */
  code: string;
  /** 1-based line of the file where the cell's code starts (the line after the marker). */
  firstLine: number;
}

export interface Notebook {
  imports: PreambleImport[];
  cells: NotebookCell[];
}

/** A notebook that breaks the format; `line` is 1-based in the notebook file. */
export class NotebookFormatError extends Error {
  line: number;
  constructor(file: string, line: number, message: string) {
    super(`${file}:${line}: ${message}`);
    this.name = 'NotebookFormatError';
    this.line = line;
  }
}

const CELL_MARKER = /^\/\/\s*%%(.*)$/;
const CELL_HEADER = /^\s*\[([a-z0-9]+(?:-[a-z0-9]+)*)\]\s*(.*)$/;
const IMPORT_LINE = /^import\s+(type\s+)?(.+?)\s+from\s+['"]([^'"]+)['"];?\s*$/;

/** Which runtime module a specifier names; null when the runtime does not provide it. */
export function moduleOfSpecifier(specifier: string): ModuleName | null {
  if (specifier === '@tensorflow/tfjs') return 'tf';
  if (specifier === '@observablehq/plot') return 'plot';
  if (/(^|\/)src\/lib\/compass\/index\.ts$/.test(specifier)) return 'compass';
  if (/(^|\/)src\/lib\/runtime\/cell-api\.ts$/.test(specifier)) return 'cellApi';
  return null;
}

const ALLOWED = "'@tensorflow/tfjs', '@observablehq/plot', '…/src/lib/compass/index.ts', '…/src/lib/runtime/cell-api.ts'";

function parseBindings(clause: string, file: string, line: number): Omit<PreambleImport, 'module'> {
  const namespace = /^\*\s+as\s+([A-Za-z_$][\w$]*)$/.exec(clause);
  if (namespace) return { namespace: namespace[1], named: [] };
  const braces = /^\{([^}]*)\}$/.exec(clause);
  if (!braces) {
    throw new NotebookFormatError(file, line, `unsupported import form "${clause}": use "* as name" or "{ a, b as c }"`);
  }
  const named: [string, string][] = [];
  for (const part of braces[1].split(',').map((p) => p.trim()).filter(Boolean)) {
    if (part.startsWith('type ')) continue; // type-only names do not exist at run time
    const binding = /^([A-Za-z_$][\w$]*)(?:\s+as\s+([A-Za-z_$][\w$]*))?$/.exec(part);
    if (!binding) throw new NotebookFormatError(file, line, `cannot read the imported name "${part}"`);
    named.push([binding[1], binding[2] ?? binding[1]]);
  }
  return { named };
}

/**
 * Splits a notebook into its preamble imports and cells.
 * Throws NotebookFormatError naming the file and line for: code before the first cell other
 * than comments and allowed imports, a marker without a valid `[kebab-case-id]`, a duplicate id,
 * an import of a module the runtime does not provide, or a file without cells.
 */
export function parseNotebook(source: string, file = 'notebook.ts'): Notebook {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const imports: PreambleImport[] = [];
  const cells: NotebookCell[] = [];
  let current: { id: string; title: string; firstLine: number; lines: string[] } | null = null;
  let inBlockComment = false;

  const finish = () => {
    if (!current) return;
    while (current.lines.length && current.lines[current.lines.length - 1].trim() === '') current.lines.pop();
    cells.push({ id: current.id, title: current.title, firstLine: current.firstLine, code: current.lines.join('\n') });
  };

  lines.forEach((text, index) => {
    const lineNo = index + 1;
    const marker = CELL_MARKER.exec(text);
    if (marker) {
      const header = CELL_HEADER.exec(marker[1]);
      if (!header) {
        throw new NotebookFormatError(file, lineNo, 'a cell marker needs a kebab-case id: "// %% [cell-id] optional title"');
      }
      if (cells.some((c) => c.id === header[1]) || current?.id === header[1]) {
        throw new NotebookFormatError(file, lineNo, `duplicate cell id "${header[1]}"`);
      }
      finish();
      current = { id: header[1], title: header[2].trim(), firstLine: lineNo + 1, lines: [] };
      return;
    }
    if (current) {
      current.lines.push(text);
      return;
    }
    // Preamble: comments, blank lines and imports only.
    const trimmed = text.trim();
    if (inBlockComment) {
      inBlockComment = !trimmed.includes('*/');
      return;
    }
    if (trimmed === '' || trimmed.startsWith('//')) return;
    if (trimmed.startsWith('/*')) {
      inBlockComment = !trimmed.includes('*/');
      return;
    }
    const imported = IMPORT_LINE.exec(trimmed);
    if (!imported) {
      throw new NotebookFormatError(file, lineNo, 'only comments and import lines may come before the first "// %% [cell-id]" marker');
    }
    const module = moduleOfSpecifier(imported[3]);
    if (!module) {
      throw new NotebookFormatError(file, lineNo, `the runtime does not provide "${imported[3]}"; allowed: ${ALLOWED}`);
    }
    if (imported[1]) return; // `import type` has no run-time effect
    imports.push({ module, ...parseBindings(imported[2].trim(), file, lineNo) });
  });
  finish();
  if (cells.length === 0) throw new NotebookFormatError(file, 1, 'no cells: start one with "// %% [cell-id] title"');
  return { imports, cells };
}
