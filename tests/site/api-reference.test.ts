/**
 * The Compass page's API reference: the shaping module, the Hungarian descriptions against the
 * symbols the module really exports, and the built pages (run `npm run build` first).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseHTML } from 'linkedom';
import { extractApi, type ApiReference } from '../../scripts/extract-api.ts';
import { apiReferenceView, descriptionKeys, paragraphs } from '../../src/lib/site/api-reference.ts';
import { DIST, requireBuild } from './built-site.ts';

const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as Record<string, string>;
const dictionary = (lang: string) => readJson(`src/i18n/api/${lang}.json`);
/** Keys of UI strings (headings, table headers), as opposed to symbol descriptions. */
const isUiKey = (key: string) => key.startsWith('api.ui.');
const symbolKeys = (strings: Record<string, string>) => Object.keys(strings).filter((key) => !isUiKey(key));

const doc = (description: string) => ({ summary: description.split('\n\n')[0], description, throws: [] });

/** A small reference in the extractor's format: a class with an inherited member, its options interface, an undocumented member. */
const SAMPLE: ApiReference = {
  module: 'src/lib/compass/index.ts',
  generatedBy: 'test',
  exports: [
    {
      name: 'Opt',
      kind: 'class',
      source: 'x.ts',
      signature: 'class Opt extends Base<H>',
      ...doc('An `Opt`imizer.\n\nSecond\n  paragraph.'),
      members: [
        { name: 'step', kind: 'method', static: false, signature: 'step(): void', ...doc('One step.') },
        { name: 'config', kind: 'method', static: false, signature: 'config(): object', inheritedFrom: 'Base', ...doc('The config.') },
        { name: 'secret', kind: 'property', static: false, signature: 'secret: number', ...doc('') },
      ],
    },
    {
      name: 'OptOptions',
      kind: 'interface',
      source: 'x.ts',
      signature: 'interface OptOptions',
      ...doc('Options of `Opt`.'),
      members: [
        { name: 'rate', kind: 'property', static: false, signature: 'rate?: number', ...doc('Rate. Default 0.5.') },
        { name: 'mode', kind: 'property', static: false, signature: "mode: 'a' | 'b'", ...doc('The `mode`.') },
      ],
    },
  ],
  options: {
    Opt: [
      { name: 'rate', default: 0.5, range: '[0.25, 1)', description: 'Rate. Default 0.5.' },
      { name: 'mode', choices: ['a', 'b'], description: 'The `mode`.' },
    ],
  },
};

test('descriptions become paragraphs with backtick spans as code runs', () => {
  assert.deepEqual(paragraphs('Use `f(x)` here\nand there.\n\n`a` then b'), [
    [
      { text: 'Use ', code: false },
      { text: 'f(x)', code: true },
      { text: ' here and there.', code: false },
    ],
    [
      { text: 'a', code: true },
      { text: ' then b', code: false },
    ],
  ]);
});

test('description keys: exports, options, members under their declaring class; options interfaces share the option keys; undocumented symbols have none', () => {
  assert.deepEqual(
    [...descriptionKeys(SAMPLE)],
    [
      ['api.Opt', 'An `Opt`imizer.\n\nSecond paragraph.'],
      ['api.Opt.step', 'One step.'],
      ['api.Base.config', 'The config.'],
      ['api.OptOptions', 'Options of `Opt`.'],
      ['api.Opt.options.rate', 'Rate. Default 0.5.'],
      ['api.Opt.options.mode', 'The `mode`.'],
    ],
  );
});

test('the English view is the TSDoc; options show literals, ranges and choices', () => {
  const view = apiReferenceView(SAMPLE, 'en');
  assert.deepEqual(view.missing, []);
  const [opt, optOptions] = view.exports;
  assert.equal(opt.description.length, 2);
  assert.deepEqual(opt.members.map((m) => [m.name, m.inheritedFrom, m.description.flat().map((r) => r.text).join('')]), [
    ['step', undefined, 'One step.'],
    ['config', 'Base', 'The config.'],
    ['secret', undefined, ''],
  ]);
  assert.deepEqual(opt.options?.map(({ name, default: value, required, range, choices }) => ({ name, value, required, range, choices })), [
    { name: 'rate', value: '0.5', required: false, range: '[0.25, 1)', choices: undefined },
    { name: 'mode', value: undefined, required: true, range: undefined, choices: ["'a'", "'b'"] },
  ]);
  assert.equal(optOptions.options, undefined);
  assert.deepEqual(optOptions.members[0].description, [[{ text: 'Rate. Default 0.5.', code: false }]], 'an options interface shows the option descriptions');
});

test('another language takes every description from its dictionary, lists what it lacks and never shows English instead', () => {
  const hu = { 'api.Opt': 'Egy `Opt`imalizáló.', 'api.Opt.step': 'Egy lépés.', 'api.Opt.options.rate': 'Ráta.', 'api.Opt.options.mode': '  ' };
  const view = apiReferenceView(SAMPLE, 'hu', hu);
  assert.deepEqual(view.missing, ['api.Opt.options.mode', 'api.Base.config', 'api.OptOptions']);
  const [opt, optOptions] = view.exports;
  assert.deepEqual(opt.description, [[{ text: 'Egy ', code: false }, { text: 'Opt', code: true }, { text: 'imalizáló.', code: false }]]);
  assert.deepEqual(opt.members[1].description, [], 'no English fallback for an inherited member');
  assert.deepEqual(optOptions.description, []);
  assert.equal(opt.options?.[0].range, '[0,25; 1)', 'decimal comma, semicolon between the bounds');
  assert.equal(opt.options?.[0].default, '0.5', 'a default stays a TypeScript literal');
});

const api = extractApi();
const expected = descriptionKeys(api);

test('src/i18n/api/hu.json describes every documented export, option and member, and nothing that no longer exists', () => {
  const hu = dictionary('hu');
  const keys = symbolKeys(hu);
  assert.deepEqual([...expected.keys()].filter((key) => !keys.includes(key)), [], 'symbols without a Hungarian description');
  assert.deepEqual(keys.filter((key) => !expected.has(key)), [], 'Hungarian keys of symbols the module no longer has');
  assert.deepEqual(apiReferenceView(api, 'hu', hu).missing, []);
  for (const key of ['api.Compass', 'api.Compass.options.learningRate', 'api.Compass.applyGradients', 'api.chooseBackend']) {
    assert.ok(expected.has(key), `${key} is among the expected keys`);
  }
});

test('src/i18n/api/en.json holds the TSDoc the Hungarian was translated from (a changed TSDoc means a stale translation)', () => {
  const en = dictionary('en');
  const stale = [...expected].filter(([key, text]) => en[key] !== text).map(([key]) => key);
  assert.deepEqual(stale, [], 'TSDoc changed: copy the new text into src/i18n/api/en.json and update the same keys in hu.json');
  assert.deepEqual(symbolKeys(en).filter((key) => !expected.has(key)), []);
});

/** Description text outside code spans: the words a translation must change. */
const prose = (text: string) => text.split('`').filter((_, i) => i % 2 === 0).join('').replace(/[^A-Za-z]+/g, ' ').trim();

test('Hungarian descriptions are translated, not copied from English', () => {
  const hu = dictionary('hu');
  const copied = [...expected].filter(([key, english]) => prose(english).split(' ').length >= 3 && hu[key] === english).map(([key]) => key);
  assert.deepEqual(copied, []);
});

/** Text of the reference on a built page, whitespace collapsed. */
function referenceText(lang: string): { text: string; ids: string[]; defaults: string[]; allowed: string[] } {
  const { document } = parseHTML(readFileSync(join(DIST, lang, 'compass', 'index.html'), 'utf8'));
  const reference = document.querySelector('.api-reference');
  assert.ok(reference, `dist/${lang}/compass/index.html has no .api-reference`);
  const ids = [...reference.querySelectorAll('h3[id]')].map((heading) => heading.id);
  const column = (n: number) => [...reference.querySelectorAll(`.api-options td:nth-child(${n})`)].map((cell) => cell.textContent!.trim());
  return { text: reference.textContent!.replace(/\s+/g, ' '), ids, defaults: column(2), allowed: column(3) };
}

/** A description's paragraphs as they read on the page (code spans keep their text, lose the backticks). */
const shownParagraphs = (description: string) => paragraphs(description).map((p) => p.map((run) => run.text).join('').replace(/\s+/g, ' '));

test('the built Compass pages list every export, with descriptions in their own language only', () => {
  requireBuild();
  const hu = dictionary('hu');
  const pages = { en: referenceText('en'), hu: referenceText('hu') };
  for (const [lang, page] of Object.entries(pages)) {
    assert.deepEqual(page.ids, api.exports.map((e) => `api-${e.name}`), `${lang}: one heading per export, in order`);
  }
  for (const [key, english] of expected) {
    for (const paragraph of shownParagraphs(english)) assert.ok(pages.en.text.includes(paragraph), `en page lacks ${key}: ${paragraph}`);
    for (const paragraph of shownParagraphs(hu[key])) assert.ok(pages.hu.text.includes(paragraph), `hu page lacks ${key}: ${paragraph}`);
    if (hu[key] === english) continue;
    for (const paragraph of shownParagraphs(english)) assert.ok(!pages.hu.text.includes(paragraph), `hu page shows English for ${key}: ${paragraph}`);
  }
  for (const header of ['api.ui.default', 'api.ui.allowed', 'api.ui.members']) {
    assert.ok(pages.hu.text.includes(hu[header]), `hu page lacks "${hu[header]}"`);
    assert.ok(!pages.hu.text.includes(dictionary('en')[header]), `hu page shows the English "${header}"`);
  }
  // An option without a default is marked required only when its interface declares it without `?` (SGD's learningRate).
  const withoutDefault = Object.entries(api.options).flatMap(([optimizer, options]) =>
    options.filter((o) => o.default === undefined).map((o) => api.exports.find((e) => e.name === `${optimizer}Options`)!.members.find((m) => m.name === o.name)!),
  );
  assert.ok(withoutDefault.some((member) => member.name === 'learningRate'), 'SGD requires a learning rate');
  for (const [lang, required] of [['en', dictionary('en')['api.ui.required']], ['hu', hu['api.ui.required']]] as const) {
    assert.deepEqual(
      pages[lang].defaults.filter((cell) => !/^['\d]/.test(cell)),
      withoutDefault.map((member) => (member.signature.includes('?:') ? '' : required)),
      `${lang}: default column`,
    );
  }
  const interval = (cell: string) => /^[[(]/.test(cell);
  assert.ok(pages.en.allowed.includes('[0, 1)'), 'en: the betas\' range');
  assert.deepEqual(pages.hu.allowed.filter(interval), pages.en.allowed.filter(interval).map((cell) => cell.replace(', ', '; ')), 'hu intervals: a semicolon between the bounds');
  assert.deepEqual(pages.hu.allowed.filter((cell) => !interval(cell)), pages.en.allowed.filter((cell) => !interval(cell)), 'choices: the same literals');
});
