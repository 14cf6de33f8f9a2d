/** JavaScript budget: no page may load more JS before interaction than a bare Starlight page plus the notebooks' 20 KB. */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { measurePageJs } from './page-js.ts';
import { join } from 'node:path';
import { DIST, PAGES, fileForPath, htmlFiles, requireBuild } from './built-site.ts';

/**
 * Bare Starlight 0.42.4 + astro 7.3.5, measured 2026-12-03: a scaffold with only `title` and the
 * en/hu locales in its config and one Markdown page per language (a paragraph and an h2), built
 * with `astro build`; `measurePageJs` on its `en/index.html` gives 7070 bytes gzip (5 modules and
 * 10 inline scripts). A page of it with one fenced code block gives 8234 (Expressive Code's copy
 * button). Re-measure when upgrading Astro or Starlight.
 */
const BARE_STARLIGHT_PAGE_JS_GZIP = 7070;
/** What the notebook runtime may add before interaction (its issue's budget). */
const NOTEBOOK_BUDGET_GZIP = 20 * 1024;

before(requireBuild);

test('every page in dist/ loads at most a bare Starlight page plus 20 KB of JavaScript (gzip) before interaction', () => {
  const limit = BARE_STARLIGHT_PAGE_JS_GZIP + NOTEBOOK_BUDGET_GZIP;
  const contentFiles = new Set<string>();
  for (const page of PAGES) {
    const file = fileForPath(page.url);
    assert.ok(file, `${page.url} was built`);
    contentFiles.add(file);
  }
  const over: string[] = [];
  // Content pages, the root chooser, the 404 page and every old-address redirect page.
  for (const file of htmlFiles().map((name) => join(DIST, name))) {
    const { gzipBytes, modules } = measurePageJs(DIST, file);
    if (contentFiles.has(file)) assert.ok(modules.length > 0, `${file}: Starlight's scripts were found (the measurement sees them)`);
    if (gzipBytes > limit) over.push(`${file}: ${gzipBytes} B > ${limit} B (${modules.join(', ')})`);
  }
  assert.deepEqual(over, []);
});
