/**
 * Shapes the Compass module's extracted API (`src/generated/compass-api.json`, written by
 * `scripts/extract-api.ts`) into what `ApiReference.astro` shows, in one language.
 *
 * Every description has a key named after its symbol path: `api.<Export>` for an export,
 * `api.<Optimizer>.options.<option>` for an optimizer option and `api.<Owner>.<member>` for a
 * member, where the owner is the class that declares the member (an inherited member is described
 * once, under its base class). English comes straight from the TSDoc; any other language from a
 * dictionary keyed that way (`src/i18n/api/<lang>.json`). A key that dictionary lacks is listed in
 * `missing` and its text is left out: never shown in English on a page in another language.
 */
import type { ApiExport, ApiMember, ApiReference } from '../../../scripts/extract-api.ts';

/** A run of text, shown as code when `code` is set (a Markdown backtick span in the source). */
export interface TextRun {
  text: string;
  code: boolean;
}

/** A paragraph of a description. */
export type Paragraph = TextRun[];

export interface MemberView {
  name: string;
  kind: ApiMember['kind'];
  static: boolean;
  signature: string;
  /** The base class it comes from, when inherited. */
  inheritedFrom?: string;
  description: Paragraph[];
}

export interface OptionView {
  name: string;
  /** The default as a TypeScript literal, when the option spec gives one. */
  default?: string;
  /** Whether the options interface declares it without `?`. */
  required: boolean;
  /** Allowed interval (numeric options), in the language's notation. */
  range?: string;
  /** Allowed values (string options), as TypeScript literals. */
  choices?: string[];
  description: Paragraph[];
}

export interface ExportView {
  name: string;
  kind: ApiExport['kind'];
  signature: string;
  description: Paragraph[];
  /** The constructor's options, for an optimizer class. */
  options?: OptionView[];
  members: MemberView[];
}

export interface ApiReferenceView {
  exports: ExportView[];
  /** Description keys the language's dictionary lacks (always empty for English). */
  missing: string[];
}

/** Key prefix of every description; UI strings of the reference use `api.ui.`. */
const PREFIX = 'api.';

const exportKey = (name: string) => `${PREFIX}${name}`;
const optionKey = (optimizer: string, option: string) => `${PREFIX}${optimizer}.options.${option}`;

/** Paragraphs separated by blank lines, each on one line. */
export function normaliseDescription(markdown: string): string {
  return markdown
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.replace(/\s+/g, ' ').trim())
    .filter(Boolean)
    .join('\n\n');
}

/** A description's paragraphs, with backtick spans as code runs. */
export function paragraphs(text: string): Paragraph[] {
  return normaliseDescription(text)
    .split('\n\n')
    .filter(Boolean)
    .map((paragraph) =>
      paragraph
        .split('`')
        .map((text, i) => ({ text, code: i % 2 === 1 }))
        .filter((run) => run.text !== ''),
    );
}

/** The exported interface of an optimizer's options (`Compass` -> `CompassOptions`), if any. */
function optionsInterface(api: ApiReference, optimizer: string): ApiExport | undefined {
  return api.exports.find((item) => item.kind === 'interface' && item.name === `${optimizer}Options`);
}

/** The optimizer whose options an export's members are (`CompassOptions` -> `Compass`), if any. */
function optionsOwner(api: ApiReference, item: ApiExport): string | undefined {
  return Object.keys(api.options).find((optimizer) => optionsInterface(api, optimizer) === item);
}

/** Members shown for an export (public ones of classes and interfaces) with their description keys. */
function membersWithKeys(api: ApiReference, item: ApiExport): { member: ApiMember; key: string; english: string }[] {
  const optimizer = optionsOwner(api, item);
  return item.members.map((member) => {
    if (optimizer) {
      const option = api.options[optimizer].find((o) => o.name === member.name);
      return { member, key: optionKey(optimizer, member.name), english: option?.description ?? member.description };
    }
    return { member, key: `${PREFIX}${member.inheritedFrom ?? item.name}.${member.name}`, english: member.description };
  });
}

/**
 * Every description the reference shows, by key, in English (normalised TSDoc). Symbols without
 * TSDoc have no key. This is the set of keys a translation must have, no more and no less.
 */
export function descriptionKeys(api: ApiReference): Map<string, string> {
  const keys = new Map<string, string>();
  const add = (key: string, english: string) => {
    const text = normaliseDescription(english);
    if (text) keys.set(key, text);
  };
  for (const item of api.exports) {
    add(exportKey(item.name), item.description);
    for (const { key, english } of membersWithKeys(api, item)) add(key, english);
  }
  for (const [optimizer, options] of Object.entries(api.options)) {
    for (const option of options) add(optionKey(optimizer, option.name), option.description);
  }
  return keys;
}

/** Interval notation as Hungarian writes it: decimal comma, so a semicolon between the bounds. */
function localRange(range: string, lang: string): string {
  return lang === 'hu' ? range.replace(/(\d)\.(\d)/g, '$1,$2').replace(/,\s(?=\S)/, '; ') : range;
}

/** A value as it would be written in TypeScript. */
const literal = (value: number | string) => (typeof value === 'string' ? `'${value}'` : String(value));

/**
 * The reference in `lang`. `translations` is the language's dictionary (ignored for English, whose
 * text is the TSDoc itself).
 */
export function apiReferenceView(api: ApiReference, lang: string, translations: Readonly<Record<string, string>> = {}): ApiReferenceView {
  const english = descriptionKeys(api);
  const missing: string[] = [];
  const describe = (key: string): Paragraph[] => {
    const source = english.get(key);
    if (source === undefined) return [];
    if (lang === 'en') return paragraphs(source);
    const translated = Object.hasOwn(translations, key) ? translations[key] : '';
    if (!translated.trim()) missing.push(key);
    return paragraphs(translated);
  };
  const exports = api.exports.map((item): ExportView => {
    const declared = optionsInterface(api, item.name)?.members ?? [];
    const options = (Object.hasOwn(api.options, item.name) ? api.options[item.name] : undefined)?.map(
      (option): OptionView => ({
        name: option.name,
        required: declared.some((member) => member.name === option.name && !/^[\w$]+\?/.test(member.signature)),
        default: option.default === undefined ? undefined : literal(option.default),
        range: option.range === undefined ? undefined : localRange(option.range, lang),
        choices: option.choices?.map(literal),
        description: describe(optionKey(item.name, option.name)),
      }),
    );
    const members = membersWithKeys(api, item).map(
      ({ member, key }): MemberView => ({
        name: member.name,
        kind: member.kind,
        static: member.static,
        signature: member.signature,
        inheritedFrom: member.inheritedFrom,
        description: describe(key),
      }),
    );
    return { name: item.name, kind: item.kind, signature: item.signature, description: describe(exportKey(item.name)), options, members };
  });
  return { exports, missing: [...new Set(missing)] };
}
