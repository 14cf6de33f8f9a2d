import { test } from 'node:test';
import assert from 'node:assert/strict';
import { aliasKey, collectRedirects, redirectPageHtml, redirectPagePath, redirectsFile, type AliasSource } from '../../src/integrations/aliases.ts';

const page = (file: string, url: string, aliases: unknown[], lang = 'en'): AliasSource => ({ file, lang, url, title: `Title of ${file}`, aliases });

test('slash variants and percent-encoding are one address', () => {
  assert.equal(aliasKey('/a/Stepweight Decay/'), '/a/Stepweight Decay');
  assert.equal(aliasKey('/a/Stepweight%20Decay'), '/a/Stepweight Decay');
  assert.equal(aliasKey('/'), '/');
});

test('duplicates within one page fold silently, case differences stay distinct', () => {
  const redirects = collectRedirects([
    page('content/hu/x.mdx', '/hu/x/', ['/old/x_y', '/old/x_y', '/old/x_y/', '/old/X_Y', '/old/a b', '/old/a%20b/'], 'hu'),
  ]);
  assert.deepEqual(redirects.map((r) => r.from), ['/old/x_y', '/old/X_Y', '/old/a b']);
  for (const redirect of redirects) assert.deepEqual([redirect.to, redirect.lang, redirect.file], ['/hu/x/', 'hu', 'content/hu/x.mdx']);
});

test('an alias that is not an absolute path fails, naming the file', () => {
  for (const bad of ['docs/x/', 'https://example.org/x', '//host/x', 42, '/a/../b', '/a?x=1']) {
    assert.throws(() => collectRedirects([page('content/en/x.mdx', '/en/x/', [bad])]), (error: Error) => {
      assert.match(error.message, /content\/en\/x\.mdx/);
      assert.match(error.message, new RegExp(String(bad).replace(/[.?*+^$[\]\\(){}|/-]/g, '\\$&')));
      return true;
    });
  }
});

test('an alias equal to a real page fails, naming both files', () => {
  assert.throws(
    () => collectRedirects([page('content/en/a.mdx', '/en/a/', ['/en/b']), page('content/en/b.mdx', '/en/b/', [])]),
    /content\/en\/a\.mdx.*"\/en\/b".*content\/en\/b\.mdx/,
  );
  assert.throws(() => collectRedirects([page('content/en/a.mdx', '/en/a/', ['/'])], { '/': 'src/pages/index.astro' }), /content\/en\/a\.mdx.*src\/pages\/index\.astro/);
});

test("an alias equal to another page's alias fails, naming both files", () => {
  assert.throws(
    () => collectRedirects([page('content/en/a.mdx', '/en/a/', ['/old/']), page('content/hu/a.mdx', '/hu/a/', ['/old'], 'hu')]),
    /content\/hu\/a\.mdx.*"\/old".*content\/en\/a\.mdx/,
  );
});

test('the redirect page works without JavaScript and keeps query and fragment with it', () => {
  const [redirect] = collectRedirects([page('content/hu/x.mdx', '/hu/x/', ['/old/Stepweight Decay/'], 'hu')]);
  assert.equal(redirectPagePath(redirect), 'old/Stepweight Decay/index.html');
  const html = redirectPageHtml(redirect, 'https://site.example', { title: 'Átköltözött', notice: 'Az oldal új címre költözött:' });
  assert.match(html, /<html lang="hu">/);
  assert.match(html, /<meta http-equiv="refresh" content="0; url=\/hu\/x\/">/);
  assert.match(html, /<meta name="robots" content="noindex">/);
  assert.match(html, /<link rel="canonical" href="https:\/\/site\.example\/hu\/x\/">/);
  assert.match(html, /Az oldal új címre költözött: <a href="\/hu\/x\/">Title of content\/hu\/x\.mdx<\/a>/);
  assert.match(html, /location\.replace\("\/hu\/x\/" \+ location\.search \+ location\.hash\)/);
  // The script runs before the meta refresh is parsed, so with JavaScript the fragment survives.
  assert.ok(html.indexOf('location.replace') < html.indexOf('http-equiv="refresh"'));
});

test('titles are escaped in the redirect page', () => {
  const html = redirectPageHtml({ from: '/a', to: '/en/a/', lang: 'en', title: '<b>"x"</b>', file: 'f' }, 'https://s.example', { title: 'Moved', notice: 'See' });
  assert.doesNotMatch(html, /<b>/);
  assert.match(html, /&lt;b&gt;&quot;x&quot;&lt;\/b&gt;/);
});

test('_redirects lists both slash variants as 301s, percent-encoded', () => {
  const redirects = collectRedirects([page('content/en/x.mdx', '/en/x/', ['/old/Stepweight Decay', '/old/a'])]);
  const lines = redirectsFile(redirects).split('\n').filter((line) => line && !line.startsWith('#'));
  assert.deepEqual(lines, [
    '/old/Stepweight%20Decay /en/x/ 301',
    '/old/Stepweight%20Decay/ /en/x/ 301',
    '/old/a /en/x/ 301',
    '/old/a/ /en/x/ 301',
  ]);
});
