/** The real build refuses untranslated content: run `astro build` on a copy of the site with one gap. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const SITE_FILES = ['astro.config.mjs', 'package.json', 'tsconfig.json', 'content', 'src', 'public', 'notebooks'];

/** Builds a copy of the site after `breakIt` changed it; returns the build's exit status and output. */
function buildBrokenCopy(breakIt: (root: string) => void): { status: number | null; output: string } {
  const root = mkdtempSync(join(tmpdir(), 'site-copy-'));
  try {
    for (const file of SITE_FILES) cpSync(file, join(root, file), { recursive: true });
    symlinkSync(resolve('node_modules'), join(root, 'node_modules'));
    breakIt(root);
    const result = spawnSync(process.execPath, [resolve('node_modules/astro/bin/astro.mjs'), 'build', '--root', root], {
      encoding: 'utf8',
      timeout: 120_000,
    });
    return { status: result.status, output: `${result.stdout}${result.stderr}` };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

test('a page in one language only stops the build, naming the files', () => {
  const { status, output } = buildBrokenCopy((root) => writeFileSync(join(root, 'content/en/only-english.mdx'), '---\ntitle: Only English\n---\nText.\n'));
  assert.notEqual(status, 0);
  assert.match(output, /content\/hu\/only-english\.mdx is missing: content\/en\/only-english\.mdx has no hu translation/);
});

test('an empty Hungarian interface string stops the build, naming the key', () => {
  const { status, output } = buildBrokenCopy((root) => {
    const path = join(root, 'src/i18n/site/hu.json');
    const strings = JSON.parse(readFileSync(path, 'utf8')) as Record<string, string>;
    writeFileSync(path, JSON.stringify({ ...strings, 'site.rootLink': '' }));
  });
  assert.notEqual(status, 0);
  assert.match(output, /src\/i18n\/site\/hu\.json: key "site\.rootLink" is empty/);
});
