/**
 * The built pages of the training experiments (`npm run build` first): in each language the
 * experiments page and the Compass page carry their notebook cells with the figures already drawn,
 * in the page's language and number format, and cite their sources.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseHTML } from 'linkedom';
import { DIST, requireBuild } from '../site/built-site.ts';

const LANGS = ['en', 'hu'] as const;
type Lang = (typeof LANGS)[number];
const strings = Object.fromEntries(
  LANGS.map((lang) => [lang, JSON.parse(readFileSync(`src/i18n/figures/${lang}.json`, 'utf8')) as Record<string, string>]),
) as Record<Lang, Record<string, string>>;

/** Each page, the notebook it embeds, its cells and the figure titles (string keys) those cells draw. */
const PAGES = [
  {
    slug: 'experiments',
    notebook: 'experiments',
    cells: ['setup', 'overfit', 'landscape'],
    titles: ['figures.expLossTitle', 'figures.expNormTitle', 'figures.expFitTitle', 'figures.landTitle'],
  },
  { slug: 'compass', notebook: 'compass-paths', cells: ['setup', 'paths'], titles: ['figures.pathsTitle'] },
];

const SOURCES = ['https://arxiv.org/abs/1711.05101', 'https://arxiv.org/abs/1412.6980', 'https://github.com/lodestone-rock/compass_optimizer'];

/** The built site; SITE_DIST lets a run on a shared machine use a private copy of it. */
const SITE = process.env.SITE_DIST ?? DIST;

function page(lang: Lang, slug: string): Document {
  if (SITE === DIST) requireBuild();
  return parseHTML(readFileSync(`${SITE}/${lang}/${slug}/index.html`, 'utf8')).document as unknown as Document;
}

for (const lang of LANGS) {
  const other: Lang = lang === 'en' ? 'hu' : 'en';
  for (const p of PAGES) {
    test(`${lang}/${p.slug}: the ${p.notebook} cells are embedded with their figures pre-rendered in ${lang}`, () => {
      const doc = page(lang, p.slug);
      for (const id of p.cells) {
        const cell = doc.querySelector(`[data-nb-cell][data-notebook="${p.notebook}"][data-cell="${id}"]`);
        assert.ok(cell, `cell ${p.notebook}/${id} is on the page`);
        assert.equal(cell.getAttribute('data-lang'), lang);
      }
      const outputs = [...doc.querySelectorAll(`[data-nb-cell][data-notebook="${p.notebook}"] [data-nb-outputs]`)]
        .map((o) => o.innerHTML)
        .join('\n');
      for (const key of p.titles) {
        assert.ok(outputs.includes(strings[lang][key]), `figure "${strings[lang][key]}" is drawn`);
        assert.ok(!outputs.includes(strings[other][key]), `no ${other} title "${strings[other][key]}" on the ${lang} page`);
      }
      assert.ok((outputs.match(/<svg/g) ?? []).length >= p.titles.length, 'every figure is an inline SVG');
    });
  }

  test(`${lang}/experiments: the heatmap numbers use the page's decimal separator, and the sources are cited`, () => {
    const doc = page(lang, 'experiments');
    const texts = [...doc.querySelectorAll('[data-nb-cell][data-cell="landscape"] [data-nb-outputs] svg text')];
    const decimals = texts.map((text) => (text.textContent ?? '').trim()).filter((text) => /^0[.,]\d\d$/.test(text));
    assert.ok(decimals.length >= 100, `the three maps show their losses (${decimals.length} found)`);
    const separator = lang === 'hu' ? ',' : '.';
    assert.deepEqual(decimals.filter((d) => d[1] !== separator), [], `every loss is written with "${separator}"`);
    const links = [...doc.querySelectorAll('a')].map((a) => a.getAttribute('href'));
    for (const source of SOURCES) assert.ok(links.includes(source), `cites ${source}`);
  });
}
