/** The served build in headless Chromium: old addresses, language switcher, console, axe, search. */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { launchChromium } from '../../tools/chromium.ts';
import { startStaticServer, type StaticServer } from '../../tools/static-server.ts';
import { LANGUAGE_CODES } from '../../src/integrations/languages.ts';
import { ALIASES, EXPLAINER_ALIASES, DIST, PAGES, counterpart, requireBuild } from './built-site.ts';

const AXE = 'node_modules/axe-core/axe.min.js';
const SEARCHES = [
  { lang: 'hu', query: 'súlycsökkentés', expect: '/hu/stepweight-decay/' },
  { lang: 'en', query: 'stepweight', expect: '/en/stepweight-decay/' },
];

let server: StaticServer;
let browser: Browser;

before(async () => {
  requireBuild();
  server = await startStaticServer(DIST);
  browser = await launchChromium({ webgpu: false });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** A fresh page whose console errors, uncaught exceptions and failed requests are collected. */
async function openPage(options: BrowserContextOptions = {}): Promise<{ page: Page; errors: string[]; close: () => Promise<void> }> {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()} (${message.location().url})`);
  });
  page.on('pageerror', (error) => errors.push(`exception: ${error.message}`));
  page.on('response', (response) => {
    if (response.status() >= 400) errors.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  return { page, errors, close: () => context.close() };
}

const pathOf = (page: Page) => decodeURI(new URL(page.url()).pathname);

/** Runs axe-core (from node_modules) in the page; one line per violated rule. */
async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE });
  return page.evaluate(async () => {
    const result = await (window as unknown as { axe: { run: (context: Document) => Promise<{ violations: { id: string; nodes: { target: unknown }[] }[] }> } }).axe.run(document);
    return result.violations.map((violation) => `${violation.id} on ${violation.nodes.length} element(s), e.g. ${JSON.stringify(violation.nodes[0]?.target)}`);
  });
}

test('each old address lands on its page in the right language, keeping ?query and #fragment', async () => {
  const { page, errors, close } = await openPage();
  try {
    assert.equal(EXPLAINER_ALIASES.length, 20);
    // Every address as written, and each in its other slash variant (most lists hold both already).
    const addresses = new Map(ALIASES.flatMap(({ alias, page: target }) => [alias, alias.endsWith('/') ? alias.slice(0, -1) : `${alias}/`].map((address) => [address, target] as const)));
    for (const [address, target] of addresses) {
      await page.goto(`${server.url}${encodeURI(address)}?from=old#keep-me`);
      await page.waitForURL((url) => url.pathname === target.url, { timeout: 15_000 });
      const landed = await page.evaluate(() => ({ hash: window.location.hash, search: window.location.search, lang: document.documentElement.lang }));
      assert.deepEqual(landed, { hash: '#keep-me', search: '?from=old', lang: target.lang }, address);
    }
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('without JavaScript an old address still lands (meta refresh)', async () => {
  const { page, close } = await openPage({ javaScriptEnabled: false });
  try {
    for (const lang of LANGUAGE_CODES) {
      const { alias, page: target } = ALIASES.find((entry) => entry.page.lang === lang && entry.alias.includes(' '))!;
      await page.goto(`${server.url}${encodeURI(alias)}`);
      await page.waitForURL((url) => url.pathname === target.url, { timeout: 15_000 });
    }
  } finally {
    await close();
  }
});

test('the language switcher reaches the same page in the other language', async () => {
  const { page, errors, close } = await openPage();
  try {
    for (const source of PAGES) {
      for (const lang of LANGUAGE_CODES.filter((code) => code !== source.lang)) {
        const target = counterpart(source, lang);
        await page.goto(server.url + source.url);
        const select = page.locator('starlight-lang-select select').filter({ visible: true }).first();
        await select.selectOption({ value: target.url });
        await page.waitForURL((url) => url.pathname === target.url, { timeout: 15_000 });
        assert.equal(await page.evaluate(() => document.documentElement.lang), lang);
      }
    }
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

for (const colorScheme of ['light', 'dark'] as const) {
  test(`axe finds no violations and the console no errors on any page (${colorScheme} theme)`, async () => {
    const { page, errors, close } = await openPage({ colorScheme });
    try {
      const problems: string[] = [];
      for (const target of PAGES) {
        await page.goto(server.url + target.url, { waitUntil: 'networkidle' });
        assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), colorScheme);
        problems.push(...(await axeViolations(page)).map((violation) => `${target.url} ${violation}`));
      }
      assert.deepEqual(problems, []);
      assert.deepEqual(errors, []);
    } finally {
      await close();
    }
  });
}

test('the root page sends readers to their browser language, and links both without JavaScript', async () => {
  for (const [locale, expected] of [['hu-HU', '/hu/'], ['en-GB', '/en/'], ['de-DE', '/en/']]) {
    const { page, errors, close } = await openPage({ locale });
    try {
      await page.goto(`${server.url}/`);
      await page.waitForURL((url) => url.pathname === expected, { timeout: 15_000 });
      assert.deepEqual(errors, [], locale);
    } finally {
      await close();
    }
  }
  const { page, close } = await openPage({ javaScriptEnabled: false, locale: 'hu-HU' });
  try {
    await page.goto(`${server.url}/`);
    assert.equal(pathOf(page), '/');
    const links = await page.locator('main a').evaluateAll((anchors) => anchors.map((a) => [a.getAttribute('lang'), a.getAttribute('href')]));
    assert.deepEqual(links, LANGUAGE_CODES.map((lang) => [lang, `/${lang}/`]));
    await page.click('main a[lang="hu"]');
    await page.waitForURL((url) => url.pathname === '/hu/', { timeout: 15_000 });
  } finally {
    await close();
  }
});

for (const colorScheme of ['light', 'dark'] as const) {
  test(`axe finds no violations on the root page and the 404 page (${colorScheme} theme)`, async () => {
    const { page, errors, close } = await openPage({ colorScheme });
    try {
      // axe needs JavaScript, and the root page's own script would leave at once: serve it without that script.
      const html = await (await fetch(`${server.url}/`)).text();
      assert.match(html, /<script>[\s\S]*?location\.replace[\s\S]*?<\/script>/);
      await page.route(`${server.url}/`, (route) => route.fulfill({ contentType: 'text/html', body: html.replace(/<script>[\s\S]*?<\/script>/, '') }));
      await page.goto(`${server.url}/`);
      assert.deepEqual(await axeViolations(page), []);
      const response = await page.goto(`${server.url}/hu/no-such-page/`);
      assert.equal(response?.status(), 404);
      assert.deepEqual(await page.locator('main section').evaluateAll((sections) => sections.map((section) => section.getAttribute('lang'))), LANGUAGE_CODES);
      assert.deepEqual(await axeViolations(page), []);
      assert.deepEqual(errors.filter((error) => !error.includes('no-such-page')), []);
    } finally {
      await close();
    }
  });
}

for (const { lang, query, expect } of SEARCHES) {
  test(`search on a ${lang} page finds the explainer from "${query}"`, async () => {
    const { page, errors, close } = await openPage();
    try {
      await page.goto(`${server.url}/${lang}/`);
      const open = page.locator('button[data-open-modal]').filter({ visible: true }).first();
      await open.click();
      await page.locator('dialog[open] input').first().fill(query);
      const results = page.locator('dialog[open] a.pagefind-ui__result-link');
      await results.first().waitFor({ timeout: 15_000 });
      const hrefs = await results.evaluateAll((anchors) => anchors.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
      assert.ok(hrefs.includes(expect), `results for "${query}": ${hrefs.join(', ')}`);
      assert.ok(hrefs.every((href) => href.startsWith(`/${lang}/`)), `results stay in ${lang}: ${hrefs.join(', ')}`);
      assert.deepEqual(errors, []);
    } finally {
      await close();
    }
  });
}
