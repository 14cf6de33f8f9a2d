/**
 * KaTeX font preloads (src/route-data.ts, src/lib/site/math.ts): a page with formulas preloads the fonts they use, from
 * the same files the stylesheet names, and a page without formulas preloads none.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DIST, PAGES, requireBuild } from './built-site.ts';
import { hasMath } from '../../src/lib/site/math.ts';

test('hasMath finds inline and display math and ignores prices and plain text', () => {
  assert.equal(hasMath('the factor $1 - \\eta_t\\lambda$ shrinks'), true);
  assert.equal(hasMath('$$\nw_T = w_0\n$$'), true);
  assert.equal(hasMath('no formulas here'), false);
  assert.equal(hasMath('costs $ 5 and $ 6'), false);
});

test('every built page with formulas preloads the KaTeX fonts its stylesheet uses; others none', () => {
  requireBuild();
  const css = readdirSync(join(DIST, '_astro'))
    .filter((name) => name.endsWith('.css'))
    .map((name) => readFileSync(join(DIST, '_astro', name), 'utf8'))
    .join('\n');
  let withMath = 0;
  for (const page of PAGES) {
    const html = readFileSync(join(DIST, page.lang, page.slug === 'index' ? '' : page.slug, 'index.html'), 'utf8');
    const preloads = [...html.matchAll(/<link rel="preload" as="font" type="font\/woff2" href="([^"]+)" crossorigin/g)].map((m) => m[1]);
    if (!html.includes('class="katex"')) {
      assert.deepEqual(preloads, [], `${page.file} has no formulas but preloads fonts`);
      continue;
    }
    withMath++;
    assert.equal(preloads.length, 4, `${page.file}: expected 4 KaTeX font preloads, found ${preloads.length}`);
    for (const href of preloads) {
      assert.ok(existsSync(join(DIST, href)), `${page.file} preloads ${href}, which is not in the build`);
      const file = href.split('/').pop()!;
      assert.ok(css.includes(file), `${page.file} preloads ${file}, which no stylesheet uses (the browser would fetch the font twice)`);
    }
  }
  assert.ok(withMath >= 2, `expected formulas on at least the explainer and the Compass page, found ${withMath} pages`);
});
