import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { LANGUAGE_CODES } from '../../src/integrations/languages.ts';
import { missingTranslations, readContentPages } from '../../src/integrations/content-pages.ts';
import { checkI18nFiles, readI18nFiles, type I18nFile } from '../../src/integrations/i18n-resources.ts';
import { pathToFileURL } from 'node:url';

const REQUIRED_SLUGS = ['index', 'stepweight-decay', 'compass'];

test('every page exists in every language', () => {
  const pages = readContentPages('content', LANGUAGE_CODES);
  assert.deepEqual(missingTranslations(pages, LANGUAGE_CODES), []);
  for (const lang of LANGUAGE_CODES) {
    const slugs = pages.filter((page) => page.lang === lang).map((page) => page.slug);
    for (const slug of REQUIRED_SLUGS) assert.ok(slugs.includes(slug), `content/${lang}/${slug}.mdx is missing`);
  }
});

test('a page in one language only is reported with both paths', () => {
  const dir = mkdtempSync(join(tmpdir(), 'content-'));
  mkdirSync(join(dir, 'en'));
  mkdirSync(join(dir, 'hu'));
  writeFileSync(join(dir, 'en', 'only-en.mdx'), '---\ntitle: Only English\n---\n');
  writeFileSync(join(dir, 'hu', 'both.mdx'), '---\ntitle: Mindkettő\n---\n');
  writeFileSync(join(dir, 'en', 'both.mdx'), '---\ntitle: Both\n---\n');
  const problems = missingTranslations(readContentPages(dir, ['en', 'hu'], dir), ['en', 'hu']);
  assert.deepEqual(problems, ['content/hu/only-en.mdx is missing: en/only-en.mdx has no hu translation']);
});

test('every i18n key exists in every language, non-empty, in one namespace only', () => {
  const files = readI18nFiles('src/i18n', LANGUAGE_CODES);
  assert.ok(files.some((file) => file.namespace === 'site'), 'src/i18n/site/ is read');
  assert.deepEqual(checkI18nFiles(files, LANGUAGE_CODES), []);
});

test('the i18n check catches missing, empty, unprefixed and duplicated keys', () => {
  const file = (namespace: string, lang: string, strings: Record<string, unknown>): I18nFile => ({ namespace, lang, file: `src/i18n/${namespace}/${lang}.json`, strings });
  const problems = checkI18nFiles(
    [
      file('site', 'en', { 'site.a': 'A', 'site.b': 'B', 'other.c': 'C' }),
      file('site', 'hu', { 'site.a': '  ', 'other.c': 'C' }),
      file('runtime', 'en', { 'site.a': 'again' }),
    ],
    ['en', 'hu'],
  );
  assert.deepEqual(problems, [
    'src/i18n/site/hu.json: key "site.a" is empty or not a string',
    'src/i18n/site/hu.json: key "site.b" is missing',
    'key "other.c" in src/i18n/site/ must start with "site."',
    'src/i18n/runtime/hu.json is missing',
    'key "site.a" in src/i18n/runtime/ must start with "runtime."',
    'key "site.a" is defined in both src/i18n/site/ and src/i18n/runtime/',
  ]);
});

/** Starlight's built-in dictionary for a language (not exported by the package, so read from its dist). */
async function starlightDictionary(lang: string): Promise<Record<string, string>> {
  const url = pathToFileURL(resolve(`node_modules/@astrojs/starlight/dist/translations/${lang}.js`)).href;
  return ((await import(url)) as { default: Record<string, string> }).default;
}

test("Starlight's own interface strings exist in Hungarian", async () => {
  const [english, hungarian] = await Promise.all([starlightDictionary('en'), starlightDictionary('hu')]);
  assert.ok(Object.keys(english).length >= 20, 'the English dictionary was read');
  const missing = Object.keys(english).filter((key) => !hungarian[key]?.trim());
  assert.deepEqual(missing, []);
});

/** The `aliases` of the original Hungarian page on the Hugo site, verbatim (one listed twice). */
const ORIGINAL_HU_ALIASES = [
  '/hu/docs/yiff_toolkit/lora_training/Stepweight-Decay/',
  '/hu/docs/yiff_toolkit/lora_training/Stepweight-Decay',
  '/hu/docs/yiff_toolkit/lora_training/Stepweight Decay/',
  '/hu/docs/yiff_toolkit/lora_training/Stepweight Decay',
  '/hu/docs/yiff_toolkit/lora_training/stepweight-decay/',
  '/hu/docs/yiff_toolkit/lora_training/stepweight-decay',
  '/hu/docs/yiff_toolkit/lora_training/stepweight_decay',
  '/hu/docs/yiff_toolkit/lora_training/stepweight_decay',
  '/hu/docs/yiff_toolkit/lora_training/Stepweight_Decay',
  '/hu/docs/yiff_toolkit/lora_training/Stepweight_Decay/',
];

test("the explainer keeps the original page's old addresses: verbatim in Hungarian, without /hu in English", () => {
  const explainer = (lang: string) => readContentPages('content', LANGUAGE_CODES).find((page) => page.lang === lang && page.slug === 'stepweight-decay');
  assert.deepEqual(explainer('hu')?.aliases, ORIGINAL_HU_ALIASES);
  assert.deepEqual(explainer('en')?.aliases, ORIGINAL_HU_ALIASES.map((alias) => alias.replace(/^\/hu/, '')));
});
