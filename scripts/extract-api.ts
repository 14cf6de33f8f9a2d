/**
 * `node scripts/extract-api.ts [--check]`
 *
 * Builds the API reference of the Compass module (`src/lib/compass/index.ts`) from its TSDoc and
 * writes `src/generated/compass-api.json`: each export's kind, signature, description and
 * `@throws`, the public members of classes and interfaces, and each optimizer's options with
 * their defaults and allowed ranges. TypeScript 7 has no JavaScript compiler API, so this reads
 * the source with a small scanner that knows strings, comments, template and regex literals and
 * bracket nesting. `--check` writes nothing and exits 1 when the file is out of date.
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { COMPASS_OPTIONS, SGD_OPTIONS, formatRange, type OptionSpec } from '../src/lib/compass/index.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const MODULE_DIR = join(ROOT, 'src/lib/compass');
const ENTRY = join(MODULE_DIR, 'index.ts');
export const OUTPUT = join(ROOT, 'src/generated/compass-api.json');

/** A TSDoc comment, split into its description and tags. */
export interface ParsedDoc {
  /** First paragraph of the description. */
  summary: string;
  /** The whole description (Markdown). */
  description: string;
  throws: string[];
}

/** A public member of a class or interface. */
export interface ApiMember extends ParsedDoc {
  name: string;
  kind: 'constructor' | 'method' | 'property';
  static: boolean;
  signature: string;
  /** Set when the member is declared in a base class of this module. */
  inheritedFrom?: string;
}

/** One export of the module. */
export interface ApiExport extends ParsedDoc {
  name: string;
  kind: 'class' | 'interface' | 'type' | 'function' | 'const';
  /** File that declares it, relative to the project root. */
  source: string;
  signature: string;
  members: ApiMember[];
}

/** One option of an optimizer's constructor. */
export interface ApiOption {
  name: string;
  /** Absent for a required option. */
  default?: number | string;
  /** Interval notation, for numeric options. */
  range?: string;
  /** Allowed values, for string options. */
  choices?: string[];
  description: string;
}

/** The whole generated reference. */
export interface ApiReference {
  module: string;
  generatedBy: string;
  exports: ApiExport[];
  options: Record<string, ApiOption[]>;
}

// ---------------------------------------------------------------- scanning

/** Index just past the string, template, comment or regex literal starting at `i`, or `i` if none. */
function skipLiteral(text: string, i: number): number {
  const c = text[i];
  if (c === '/' && text[i + 1] === '/') return text.indexOf('\n', i) === -1 ? text.length : text.indexOf('\n', i);
  if (c === '/' && text[i + 1] === '*') return text.indexOf('*/', i + 2) + 2;
  if (c === '"' || c === "'") {
    let j = i + 1;
    while (j < text.length && text[j] !== c) j += text[j] === '\\' ? 2 : 1;
    return j + 1;
  }
  if (c === '`') {
    let j = i + 1;
    while (j < text.length && text[j] !== '`') {
      if (text[j] === '\\') j += 2;
      else if (text[j] === '$' && text[j + 1] === '{') j = matchingClose(text, j + 1) + 1;
      else j++;
    }
    return j + 1;
  }
  if (c === '/' && /[(,=:[!&|?{};]\s*$|^\s*$/.test(text.slice(Math.max(0, i - 40), i).split('\n').at(-1)!)) {
    let j = i + 1;
    let inClass = false;
    while (j < text.length && (text[j] !== '/' || inClass)) {
      if (text[j] === '\\') j++;
      else if (text[j] === '[') inClass = true;
      else if (text[j] === ']') inClass = false;
      j++;
    }
    return j + 1;
  }
  return i;
}

/** The first index at or after `i` that is code, not inside a string, comment or regex literal. */
function nextCode(text: string, i: number): number {
  for (let next = skipLiteral(text, i); next !== i; next = skipLiteral(text, i)) i = next;
  return i;
}

const OPEN: Record<string, string> = { '(': ')', '[': ']', '{': '}', '<': '>' };

/** Index of the bracket closing the one at `open` (`<` counts only as a type bracket). */
function matchingClose(text: string, open: number): number {
  const stack: string[] = [];
  for (let i = nextCode(text, open); i < text.length; i = nextCode(text, i + 1)) {
    const c = text[i];
    if (c in OPEN && (c !== '<' || stack.length === 0 || stack.at(-1) === '>')) stack.push(OPEN[c]);
    else if (c === '=' && text[i + 1] === '>') i++; // an arrow is not a closing angle bracket
    else if (c === stack.at(-1)) {
      stack.pop();
      if (stack.length === 0) return i;
    }
  }
  throw new Error(`extract-api: unbalanced bracket at offset ${open}`);
}

/**
 * Index of the first top-level `stops` character at or after `from`, skipping literals and
 * brackets (`<` only right after a name, as in `Promise<T>`). A `{` counts as a stop only after a
 * non-empty type, so an object type opening a return type is skipped and the body's brace stops.
 */
function scanTo(text: string, from: number, stops: string): number {
  for (let i = nextCode(text, from); i < text.length; i = nextCode(text, i + 1)) {
    const c = text[i];
    if (stops.includes(c)) {
      const before = text.slice(from, i).trim();
      if (c !== '{' || (before !== '' && !/[|&,:<(=]$/.test(before))) return i;
    }
    if (c === '=' && text[i + 1] === '>') i++;
    else if (c in OPEN && (c !== '<' || /[\w$]/.test(text[i - 1]))) i = matchingClose(text, i);
  }
  return text.length;
}

/** Collapses whitespace runs so a multi-line signature reads on one line. */
function oneLine(code: string): string {
  return code.replace(/\s+/g, ' ').replace(/\( /g, '(').replace(/,? \)/g, ')').trim();
}

// ---------------------------------------------------------------- TSDoc

/** The `/** ... *\/` comment ending right before `at` (whitespace between allowed), or ''. */
function docBefore(text: string, at: number): string {
  const before = text.slice(0, at).trimEnd();
  if (!before.endsWith('*/')) return '';
  const start = before.lastIndexOf('/**');
  return start === -1 ? '' : before.slice(start);
}

/** Splits a TSDoc comment into description and `@throws`; `{@link X}` becomes `X`. */
export function parseDoc(comment: string): ParsedDoc {
  const body = comment
    .replace(/^\/\*\*/, '')
    .replace(/\*\/$/, '')
    .split('\n')
    .map((line) => line.replace(/^\s*\* ?/, ''))
    .join('\n')
    .replace(/\{@link\s+([^}\s]+)\s*\}/g, '`$1`');
  const [descriptionPart, ...tagParts] = body.split(/\n?^@(?=\w)/m);
  const description = descriptionPart.trim();
  const throws = tagParts
    .filter((tag) => tag.startsWith('throws'))
    .map((tag) => tag.replace(/^throws\s*/, '').replace(/\s+/g, ' ').trim());
  const summary = description.split(/\n\s*\n/)[0].replace(/\s+/g, ' ').trim();
  return { summary, description, throws };
}

// ---------------------------------------------------------------- declarations

interface SourceFile {
  path: string;
  text: string;
}

function readModuleFile(path: string): SourceFile {
  return { path, text: readFileSync(path, 'utf8') };
}

/** The names `index.ts` re-exports, each with the file it comes from. */
export function entryExports(entry = ENTRY): { name: string; file: string }[] {
  const text = readFileSync(entry, 'utf8');
  const result: { name: string; file: string }[] = [];
  for (const match of text.matchAll(/export\s+(?:type\s+)?\{([^}]*)\}\s+from\s+'([^']+)'/g)) {
    const file = join(dirname(entry), match[2]);
    for (const item of match[1].split(',')) {
      const name = item.trim().replace(/^type\s+/, '');
      if (name) result.push({ name, file });
    }
  }
  return result;
}

const DECLARATION = (name: string) =>
  new RegExp(`^export\\s+(?:declare\\s+)?(?:abstract\\s+)?(class|interface|type|async\\s+function|function|const)\\s+${name}\\b`, 'm');

const MODIFIERS = /^(?:(?:static|override|readonly|async|public|private|protected|declare)\s+)*/;

/** One member's declaration text, made into its reference entry; undefined when not public. */
function member(declaration: string, doc: string): ApiMember | undefined {
  const head = oneLine(declaration);
  const modifiers = MODIFIERS.exec(head)![0];
  if (/\b(private|protected)\b/.test(modifiers) || head.startsWith('#')) return undefined;
  const rest = head.slice(modifiers.length);
  const name = /^[\w$]+/.exec(rest)?.[0];
  if (!name) return undefined;
  const isMethod = /^[\w$]+\??\s*(<[^(]*>)?\s*\(/.test(rest);
  return {
    name,
    kind: name === 'constructor' ? 'constructor' : isMethod ? 'method' : 'property',
    static: /\bstatic\b/.test(modifiers),
    signature: head.replace(/\b(override|public)\s+/g, ''),
    ...parseDoc(doc),
  };
}

/** The public members of a class or interface body (`open` is its `{`). */
function membersOf(text: string, open: number, kind: 'class' | 'interface'): ApiMember[] {
  const close = matchingClose(text, open);
  const members: ApiMember[] = [];
  let i = open + 1;
  while (i < close) {
    const skipped = skipLiteral(text, i);
    if (skipped !== i || /\s/.test(text[i])) {
      i = Math.max(skipped, i + 1); // whitespace or a comment (docs are read back with docBefore)
      continue;
    }
    const start = i;
    const end = scanTo(text, start, kind === 'class' ? ';{=' : ';');
    let declaration = text.slice(start, end);
    i = end + 1;
    if (kind === 'class' && text[end] === '{') i = matchingClose(text, end) + 1; // a method body
    if (kind === 'class' && text[end] === '=') {
      i = scanTo(text, end + 1, ';') + 1; // an initializer: shown only for static constants
      if (/^\s*static\s+readonly\b/.test(declaration)) declaration = text.slice(start, i - 1);
    }
    const entry = member(declaration, docBefore(text, start));
    if (entry) members.push(entry);
  }
  return members;
}

function declarationIn(file: SourceFile, name: string): ApiExport | undefined {
  const match = DECLARATION(name).exec(file.text);
  if (!match) return undefined;
  const at = match.index;
  const kind = match[1].replace(/^async\s+/, '') as ApiExport['kind'];
  const text = file.text;
  let signature: string;
  let members: ApiMember[] = [];
  if (kind === 'class' || kind === 'interface') {
    const open = scanTo(text, at, '{');
    signature = oneLine(text.slice(at, open)).replace(/^export\s+/, '');
    members = membersOf(text, open, kind);
  } else if (kind === 'function') {
    const params = text.indexOf('(', at);
    signature = oneLine(text.slice(at, scanTo(text, matchingClose(text, params) + 1, '{'))).replace(/^export\s+/, '');
  } else if (kind === 'type') {
    signature = oneLine(text.slice(at, scanTo(text, at, ';'))).replace(/^export\s+/, '');
  } else {
    signature = oneLine(text.slice(at, scanTo(text, at, '='))).replace(/^export\s+/, '');
  }
  return { name, kind, source: relative(ROOT, file.path), signature, members, ...parseDoc(docBefore(text, at)) };
}

/** Finds `name`'s declaration in `file`, or in a file that `file` re-exports it from. */
function findExport(path: string, name: string): ApiExport {
  const file = readModuleFile(path);
  const found = declarationIn(file, name);
  if (found) return found;
  for (const { name: reexported, file: from } of entryExports(path)) {
    if (reexported === name) return findExport(from, name);
  }
  throw new Error(`extract-api: no declaration of ${name} in ${relative(ROOT, path)}`);
}

/** The file that `source` imports `name` from (a relative import), if any. */
function importedFrom(source: string, name: string): string | undefined {
  const text = readFileSync(join(ROOT, source), 'utf8');
  for (const match of text.matchAll(/import\s+(?:type\s+)?\{([^}]*)\}\s+from\s+'(\.[^']+)'/g)) {
    const names = match[1].split(',').map((n) => n.trim().replace(/^type\s+/, ''));
    if (names.includes(name)) return join(dirname(join(ROOT, source)), match[2]);
  }
  return undefined;
}

/**
 * Adds the public members a class inherits from a base class of this module, with the base's
 * type parameters replaced by the subclass's arguments (`Readonly<H>` -> `Readonly<CompassHyper>`).
 */
function withInherited(item: ApiExport): ApiExport {
  const extendsClause = /\bextends\s+([\w$]+)(?:<(.*)>)?/.exec(item.signature);
  const file = extendsClause && item.kind === 'class' ? importedFrom(item.source, extendsClause[1]) : undefined;
  if (!extendsClause || !file) return item; // a base from outside the module (tf.Optimizer) is documented by tfjs
  const [, base, typeArguments = ''] = extendsClause;
  const declared = withInherited(declarationIn(readModuleFile(file), base)!);
  const parameters = [...(/\bclass\s+[\w$]+<(.*?)>/.exec(declared.signature)?.[1] ?? '').matchAll(/([\w$]+)(?:\s+extends\s+[^,]+)?/g)].map((m) => m[1]);
  const args = typeArguments.split(',').map((a) => a.trim());
  const substitute = (signature: string) =>
    parameters.reduce((text, parameter, k) => text.replace(new RegExp(`\\b${parameter}\\b`, 'g'), args[k] ?? parameter), signature);
  const own = new Set(item.members.map((m) => m.name));
  const inherited = declared.members
    .filter((m) => !own.has(m.name) && m.kind !== 'constructor')
    .map((m) => ({ ...m, signature: substitute(m.signature), inheritedFrom: m.inheritedFrom ?? base }));
  return { ...item, members: [...item.members, ...inherited] };
}

// ---------------------------------------------------------------- options

/** Each property of an options interface, with its default and range from the optimizer's spec. */
function optionsOf(spec: OptionSpec, docs: ApiExport): ApiOption[] {
  return docs.members.map(({ name, description }) => {
    if (!description) throw new Error(`extract-api: option ${name} of ${docs.name} has no TSDoc`);
    const option: ApiOption = { name, description: description.replace(/\s+/g, ' ') };
    if (name in spec.defaults) option.default = spec.defaults[name];
    if (spec.ranges[name]) option.range = formatRange(spec.ranges[name]);
    if (spec.choices[name]) option.choices = [...spec.choices[name]];
    return option;
  });
}

// ---------------------------------------------------------------- main

/** Builds the reference; throws when an export has no TSDoc description. */
export function extractApi(): ApiReference {
  const exports = entryExports().map(({ name, file }) => withInherited(findExport(file, name)));
  const undocumented = exports.filter((e) => !e.summary).map((e) => e.name);
  if (undocumented.length > 0) throw new Error(`extract-api: exports without TSDoc: ${undocumented.join(', ')}`);
  const byName = (name: string) => exports.find((e) => e.name === name)!;
  return {
    module: relative(ROOT, ENTRY),
    generatedBy: 'scripts/extract-api.ts',
    exports,
    options: {
      Compass: optionsOf(COMPASS_OPTIONS, byName('CompassOptions')),
      SGD: optionsOf(SGD_OPTIONS, byName('SGDOptions')),
    },
  };
}

/** The JSON text written to {@link OUTPUT}. */
export function apiJson(): string {
  return `${JSON.stringify(extractApi(), null, 2)}\n`;
}

if (import.meta.main) {
  const json = apiJson();
  if (process.argv.includes('--check')) {
    let current = '';
    try {
      current = readFileSync(OUTPUT, 'utf8');
    } catch {
      // missing: out of date
    }
    if (current !== json) {
      process.stderr.write(`${relative(ROOT, OUTPUT)} is out of date: run node scripts/extract-api.ts\n`);
      process.exitCode = 1;
    }
  } else {
    mkdirSync(dirname(OUTPUT), { recursive: true });
    writeFileSync(OUTPUT, json);
    process.stdout.write(`Wrote ${relative(ROOT, OUTPUT)}\n`);
  }
}
