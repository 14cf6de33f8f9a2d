/**
 * Turns a cell's TypeScript into JavaScript the kernel can run.
 *
 * Transpiler: sucrase. It only strips types (no type check; `npm run typecheck` does that for
 * the notebook files), is ~10x faster than the TypeScript compiler, ~60 KB gzip instead of
 * ~900 KB for `typescript` or a 9 MB wasm download for esbuild-wasm, and keeps every line on
 * its line, so an error's line in the JavaScript is its line in the cell's TypeScript.
 * Its token-level source map gives the column back.
 */
import { transform } from 'sucrase/dist/index.js';
import { parse } from 'sucrase/dist/parser/index.js';
import { IdentifierRole } from 'sucrase/dist/parser/tokenizer/index.js';

export interface CompiledCell {
  /** JavaScript, line for line the same as the cell's TypeScript. */
  js: string;
  /** Names the cell declares at its top level (const, let, var, function, class): shared with later cells. */
  declared: string[];
  /** 1-based column in the TypeScript of a 1-based (line, column) in the JavaScript. */
  sourceColumn(line: number, column: number): number;
}

/** A cell that does not parse; line and column are 1-based in the cell's own TypeScript. */
export class CellSyntaxError extends Error {
  line: number;
  column: number;
  constructor(message: string, line: number, column: number) {
    super(message);
    this.name = 'CellSyntaxError';
    this.line = line;
    this.column = column;
  }
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Decodes source-map mappings into, per generated line, [generatedColumn, sourceColumn] pairs. */
function decodeColumns(mappings: string): [number, number][][] {
  const lines: [number, number][][] = [];
  let sourceColumn = 0;
  for (const line of mappings.split(';')) {
    const segments: [number, number][] = [];
    let generatedColumn = 0;
    for (const segment of line.split(',').filter(Boolean)) {
      const fields: number[] = [];
      let value = 0;
      let shift = 0;
      for (const char of segment) {
        const digit = BASE64.indexOf(char);
        value += (digit & 31) << shift;
        if (digit & 32) shift += 5;
        else {
          fields.push(value & 1 ? -(value >>> 1) : value >>> 1);
          value = 0;
          shift = 0;
        }
      }
      generatedColumn += fields[0];
      if (fields.length >= 4) sourceColumn += fields[3];
      segments.push([generatedColumn, sourceColumn]);
    }
    lines.push(segments);
  }
  return lines;
}

/** Names declared at the top level of `code` (identifiers in type positions excluded). */
export function topLevelDeclarations(code: string): string[] {
  const roles = new Set([IdentifierRole.TopLevelDeclaration, IdentifierRole.ObjectShorthandTopLevelDeclaration]);
  const names = parse(code, false, true, false)
    .tokens.filter((token) => !token.isType && token.identifierRole !== null && roles.has(token.identifierRole))
    .map((token) => code.slice(token.start, token.end));
  return [...new Set(names)];
}

/** Compiles one cell; throws CellSyntaxError with the position in the cell's TypeScript. */
export function compileCell(code: string): CompiledCell {
  let result: ReturnType<typeof transform>;
  let declared: string[];
  try {
    result = transform(code, {
      transforms: ['typescript'],
      disableESTransforms: true,
      filePath: 'cell.ts',
      sourceMapOptions: { compiledFilename: 'cell.js' },
    });
    declared = topLevelDeclarations(code);
  } catch (error) {
    const loc = (error as { loc?: { line: number; column: number } }).loc;
    const message = String((error as Error).message).replace(/\s*\(\d+:\d+\)$/, '');
    throw new CellSyntaxError(message, loc?.line ?? 1, loc?.column ?? 1);
  }
  const columns = decodeColumns(result.sourceMap?.mappings ?? '');
  return {
    js: result.code,
    declared,
    sourceColumn(line, column) {
      const segments = columns[line - 1] ?? [];
      let best: [number, number] | undefined;
      for (const segment of segments) if (segment[0] <= column - 1) best = segment;
      return best ? best[1] + (column - 1 - best[0]) + 1 : column;
    },
  };
}
