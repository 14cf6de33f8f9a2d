/**
 * Reads the MDX pages under `content/<lang>/` straight from disk (outside Vite), for the
 * build steps that run before Astro's content layer: the translation check, the sidebar
 * and the old-address redirects.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseFrontmatter } from '@astrojs/markdown-remark';

export interface ContentPage {
  lang: string;
  /** Path of the page inside its language folder, without extension: `index`, `stepweight-decay`. */
  slug: string;
  /** Route of the page: `/hu/stepweight-decay/`, `/hu/` for `index`. */
  url: string;
  /** File path relative to the project root, for error messages. */
  file: string;
  title: string;
  /** The front matter's `aliases` list, as written. */
  aliases: unknown[];
  /** The front matter's `sidebar.order`, if any. */
  order: number | undefined;
}

const PAGE_FILE = /^[^_].*\.mdx?$/;

function listPageFiles(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.isDirectory()) return listPageFiles(join(dir, entry.name), `${prefix}${entry.name}/`);
    return PAGE_FILE.test(entry.name) ? [`${prefix}${entry.name}`] : [];
  });
}

/** Route of a page: `index` is the language's home. */
export function pageUrl(lang: string, slug: string): string {
  return slug === 'index' ? `/${lang}/` : `/${lang}/${slug.replace(/\/index$/, '')}/`;
}

/** Every page of every language under `contentDir`; `root` makes `file` relative. */
export function readContentPages(contentDir: string, languages: readonly string[], root = process.cwd()): ContentPage[] {
  return languages.flatMap((lang) => {
    const dir = join(contentDir, lang);
    if (!existsSync(dir)) return [];
    return listPageFiles(dir).map((name) => {
      const path = join(dir, name);
      const { frontmatter } = parseFrontmatter(readFileSync(path, 'utf8'));
      const slug = name.replace(/\.mdx?$/, '');
      const aliases = frontmatter.aliases ?? [];
      return {
        lang,
        slug,
        url: pageUrl(lang, slug),
        file: relative(root, path),
        title: String(frontmatter.title ?? slug),
        aliases: Array.isArray(aliases) ? aliases : [aliases],
        order: typeof frontmatter.sidebar?.order === 'number' ? frontmatter.sidebar.order : undefined,
      };
    });
  });
}

/**
 * Pages that exist in some language but not in another: one line per gap, naming the file
 * that exists and the one that is missing. Empty when every page has every translation.
 */
export function missingTranslations(pages: readonly ContentPage[], languages: readonly string[], contentDir = 'content'): string[] {
  const slugs = new Set(pages.map((page) => page.slug));
  const problems: string[] = [];
  for (const slug of [...slugs].sort()) {
    const present = pages.filter((page) => page.slug === slug);
    for (const lang of languages) {
      if (present.some((page) => page.lang === lang)) continue;
      problems.push(`${join(contentDir, lang, slug)}.mdx is missing: ${present.map((page) => page.file).join(', ')} has no ${lang} translation`);
    }
  }
  return problems;
}
