/** Checks over the built site without a browser: links, old addresses, language metadata. */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { parseHTML } from 'linkedom';
import { LANGUAGE_CODES } from '../../src/integrations/languages.ts';
import { ALIASES, EXPLAINER_ALIASES, DIST, PAGES, counterpart, fileForPath, htmlFiles, requireBuild } from './built-site.ts';

const SITE_ORIGIN = 'https://stepweight-decay.example';

before(requireBuild);

const documentOf = (file: string) => parseHTML(readFileSync(join(DIST, file), 'utf8')).document;

test('every internal link, script, stylesheet and image in every built page resolves', () => {
  const broken: string[] = [];
  const files = htmlFiles();
  assert.ok(files.length >= PAGES.length, 'pages were built');
  for (const file of files) {
    const document = documentOf(file);
    const base = new URL(`/${file.replace(/index\.html$/, '')}`, 'http://site');
    for (const element of document.querySelectorAll('a[href], link[href], script[src], img[src], source[src]')) {
      const raw = element.getAttribute('href') ?? element.getAttribute('src') ?? '';
      const url = new URL(raw, base);
      if (url.origin === SITE_ORIGIN && element.tagName === 'LINK') continue; // canonical/alternate: checked below
      if (url.origin !== 'http://site') continue;
      if (!fileForPath(url.pathname)) broken.push(`${file}: ${raw}`);
    }
  }
  assert.deepEqual(broken, []);
});

test('every page declares its language, a canonical link and hreflang alternates for every language', () => {
  for (const page of PAGES) {
    const file = fileForPath(page.url);
    assert.ok(file, `${page.url} was built`);
    const document = parseHTML(readFileSync(file, 'utf8')).document;
    assert.equal(document.documentElement.getAttribute('lang'), page.lang, `${page.url}: <html lang>`);
    assert.equal(document.querySelector('link[rel="canonical"]')?.getAttribute('href'), SITE_ORIGIN + page.url, `${page.url}: canonical`);
    for (const lang of LANGUAGE_CODES) {
      const alternate = document.querySelector(`link[rel="alternate"][hreflang="${lang}"]`)?.getAttribute('href');
      assert.equal(alternate, SITE_ORIGIN + counterpart(page, lang).url, `${page.url}: hreflang ${lang}`);
    }
  }
});

test('every old address leads to its page in the right language', () => {
  assert.equal(EXPLAINER_ALIASES.length, 20, 'ten old addresses per language, as in the original list');
  for (const { alias, page } of ALIASES) {
    for (const variant of [alias, encodeURI(alias), alias.endsWith('/') ? alias.slice(0, -1) : `${alias}/`]) {
      const file = fileForPath(variant);
      assert.ok(file, `${variant} is served`);
      const document = parseHTML(readFileSync(file, 'utf8')).document;
      assert.equal(document.documentElement.getAttribute('lang'), page.lang, `${variant}: language of the redirect page`);
      assert.equal(document.querySelector('meta[http-equiv="refresh"]')?.getAttribute('content'), `0; url=${page.url}`, `${variant}: meta refresh`);
      assert.equal(document.querySelector('meta[name="robots"]')?.getAttribute('content'), 'noindex');
      assert.equal(document.querySelector('link[rel="canonical"]')?.getAttribute('href'), SITE_ORIGIN + page.url);
      assert.equal(document.querySelector('main a')?.getAttribute('href'), page.url, `${variant}: visible link`);
      assert.ok(fileForPath(page.url), `${page.url} exists`);
    }
  }
});

test('_redirects sends every old address, both slash variants, to its page with a 301', () => {
  const rules = new Map(
    readFileSync(join(DIST, '_redirects'), 'utf8')
      .split('\n')
      .filter((line) => line.trim() && !line.startsWith('#'))
      .map((line) => {
        const [from, to, status] = line.split(/\s+/);
        assert.equal(status, '301', line);
        return [from, to] as const;
      }),
  );
  for (const { alias, page } of ALIASES) {
    const encoded = encodeURI(alias.replace(/\/$/, ''));
    assert.equal(rules.get(encoded), page.url, encoded);
    assert.equal(rules.get(`${encoded}/`), page.url, `${encoded}/`);
  }
});

test('Hungarian pages carry no English interface text', () => {
  // Labels Starlight and Expressive Code would fall back to if a page's language were misread.
  const english = ['Section titled', 'Copy to clipboard', 'On this page', 'Skip to content', 'Select language', 'This content is not available in your language yet'];
  for (const page of PAGES.filter((candidate) => candidate.lang === 'hu')) {
    const html = readFileSync(fileForPath(page.url)!, 'utf8');
    for (const phrase of english) assert.ok(!html.includes(phrase), `${page.url} contains "${phrase}"`);
  }
});

test('math is typeset at build time, with no client-side KaTeX', () => {
  for (const page of PAGES.filter((candidate) => candidate.slug === 'compass')) {
    const document = parseHTML(readFileSync(fileForPath(page.url)!, 'utf8')).document;
    assert.ok(document.querySelectorAll('.katex-display').length >= 2, `${page.url}: display math rendered`);
    assert.ok(document.querySelector('.katex-mathml math'), `${page.url}: MathML for assistive technology`);
    assert.ok(!document.querySelector('.sl-markdown-content')?.textContent?.includes('$$'), `${page.url}: no raw TeX left`);
    for (const script of document.querySelectorAll('script[src]')) assert.doesNotMatch(script.getAttribute('src') ?? '', /katex/i);
  }
});

test('the KaTeX that renders the math is the one whose stylesheet the pages load', () => {
  // A mismatch (rehype-katex bundling its own older KaTeX) breaks the layout: KaTeX 0.18 renamed its classes.
  const require = createRequire(import.meta.url);
  const stylesheetVersion = (require('katex/package.json') as { version: string }).version;
  const rendererRequire = createRequire(require.resolve('rehype-katex'));
  assert.equal((rendererRequire('katex/package.json') as { version: string }).version, stylesheetVersion);
});
