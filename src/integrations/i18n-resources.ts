/**
 * UI strings of our own live in `src/i18n/<namespace>/<lang>.json` (flat keys prefixed by the
 * namespace). This module reads them, checks that every language has every key non-empty and
 * that no key appears in two namespaces, and merges them per language: Starlight's `i18n`
 * collection receives the merge, so `Astro.locals.t` sees every namespace.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';

export type Strings = Record<string, string>;

export interface I18nFile {
  namespace: string;
  lang: string;
  /** Path relative to the project root, for messages. */
  file: string;
  strings: Record<string, unknown>;
}

/** Every `<namespace>/<lang>.json` under `i18nDir` for the given languages (missing files are skipped, then reported by `checkI18nFiles`). */
export function readI18nFiles(i18nDir: string, languages: readonly string[], root = process.cwd()): I18nFile[] {
  const namespaces = readdirSync(i18nDir, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
  return namespaces.flatMap((namespace) =>
    languages.flatMap((lang) => {
      const path = join(i18nDir, namespace, `${lang}.json`);
      if (!existsSync(path)) return [];
      let strings: unknown;
      try {
        strings = JSON.parse(readFileSync(path, 'utf8'));
      } catch (error) {
        throw new Error(`${relative(root, path)} is not valid JSON: ${(error as Error).message}`);
      }
      if (typeof strings !== 'object' || strings === null || Array.isArray(strings)) {
        throw new Error(`${relative(root, path)} must hold one flat JSON object of "key": "text" pairs`);
      }
      return [{ namespace, lang, file: relative(root, path), strings: strings as Record<string, unknown> }];
    }),
  );
}

/**
 * Problems with the resource files, one line each; empty when all is well. Checked: every
 * namespace has a file per language; each key is prefixed `<namespace>.`, has a non-empty
 * string value in every language, and belongs to one namespace only.
 */
export function checkI18nFiles(files: readonly I18nFile[], languages: readonly string[]): string[] {
  const problems: string[] = [];
  const namespaces = [...new Set(files.map((file) => file.namespace))];
  const owner = new Map<string, string>();
  for (const namespace of namespaces) {
    const own = files.filter((file) => file.namespace === namespace);
    for (const lang of languages) {
      if (!own.some((file) => file.lang === lang)) problems.push(`src/i18n/${namespace}/${lang}.json is missing`);
    }
    const keys = new Set(own.flatMap((file) => Object.keys(file.strings)));
    for (const key of keys) {
      if (!key.startsWith(`${namespace}.`)) problems.push(`key "${key}" in src/i18n/${namespace}/ must start with "${namespace}."`);
      const other = owner.get(key);
      if (other) problems.push(`key "${key}" is defined in both src/i18n/${other}/ and src/i18n/${namespace}/`);
      owner.set(key, namespace);
      for (const file of own) {
        const value = file.strings[key];
        if (typeof value !== 'string' || value.trim() === '') {
          problems.push(`${file.file}: key "${key}" is ${value === undefined ? 'missing' : 'empty or not a string'}`);
        }
      }
    }
  }
  return problems;
}

/** All namespaces of one language merged into one flat dictionary. */
export function mergeStrings(files: readonly I18nFile[], lang: string): Strings {
  return Object.assign({}, ...files.filter((file) => file.lang === lang).map((file) => file.strings));
}

/** Reads, checks and merges; throws one error listing every problem. */
export function loadI18nStrings(i18nDir: string, languages: readonly string[]): Record<string, Strings> {
  const files = readI18nFiles(i18nDir, languages);
  const problems = checkI18nFiles(files, languages);
  if (problems.length > 0) throw new Error(`Missing or broken translations:\n  ${problems.join('\n  ')}`);
  return Object.fromEntries(languages.map((lang) => [lang, mergeStrings(files, lang)]));
}
