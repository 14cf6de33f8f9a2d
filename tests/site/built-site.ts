/**
 * Shared helpers for tests over the built site in `dist/` (run `npm run build` first):
 * which pages and old addresses exist, and how a static host maps a URL path to a file.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { LANGUAGE_CODES } from '../../src/integrations/languages.ts';
import { readContentPages, type ContentPage } from '../../src/integrations/content-pages.ts';
import { aliasKey } from '../../src/integrations/aliases.ts';

/** The built site; SITE_DIST lets a run on a shared machine use a private copy of it. */
export const DIST = process.env.SITE_DIST ?? 'dist';

export function requireBuild(): void {
  if (!existsSync(join(DIST, 'index.html'))) throw new Error(`${DIST}/ has no index.html: run \`npm run build\` before these tests`);
}

export const PAGES: readonly ContentPage[] = readContentPages('content', LANGUAGE_CODES);

/** Every alias as written in the front matter (duplicates kept), with the page it must land on. */
export const ALIASES: readonly { alias: string; page: ContentPage }[] = PAGES.flatMap((page) =>
  page.aliases.map((alias) => ({ alias: String(alias), page })),
);

/** The explainer's old addresses: the original page's ten (one listed twice) in each language. */
export const EXPLAINER_ALIASES = ALIASES.filter(({ page }) => page.slug === 'stepweight-decay');

/** The counterpart of a page in another language. */
export function counterpart(page: ContentPage, lang: string): ContentPage {
  const other = PAGES.find((candidate) => candidate.slug === page.slug && candidate.lang === lang);
  if (!other) throw new Error(`${page.file} has no ${lang} counterpart`);
  return other;
}

/**
 * The file a plain static host serves for a URL path (percent-encoded or not), following its
 * one redirect (`/dir` -> `/dir/`); undefined when nothing would be served.
 */
export function fileForPath(path: string): string | undefined {
  const decoded = aliasKey(path.split(/[?#]/)[0]);
  const target = join(DIST, decoded);
  if (existsSync(target) && statSync(target).isFile()) return target;
  const index = join(target, 'index.html');
  return existsSync(index) ? index : undefined;
}

/** All HTML files in dist/, relative to it. */
export function htmlFiles(dir = DIST, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.isDirectory()) return htmlFiles(join(dir, entry.name), `${prefix}${entry.name}/`);
    return entry.name.endsWith('.html') ? [`${prefix}${entry.name}`] : [];
  });
}
