// @ts-check
import { defineConfig } from 'astro/config';
import starlight from '@astrojs/starlight';
import { unified } from '@astrojs/markdown-remark';
import remarkMath from 'remark-math';
import rehypeKatex from 'rehype-katex';
import { fileURLToPath } from 'node:url';
import { LANGUAGES, LANGUAGE_CODES, DEFAULT_LANGUAGE } from './src/integrations/languages.ts';
import { readContentPages } from './src/integrations/content-pages.ts';
import { loadI18nStrings } from './src/integrations/i18n-resources.ts';
import { contentLanguagePlugin, contentPathLanguage } from './src/integrations/content-language.ts';
import { oldAddresses } from './src/integrations/old-addresses.ts';
import { translationGuard } from './src/integrations/translation-guard.ts';

const contentDir = fileURLToPath(new URL('./content/', import.meta.url));
const strings = loadI18nStrings(fileURLToPath(new URL('./src/i18n/', import.meta.url)), LANGUAGE_CODES);

/** Sidebar: every page of the default language except the home page, by `sidebar.order`, then title. */
const sidebar = readContentPages(contentDir, [DEFAULT_LANGUAGE])
  .filter((page) => page.slug !== 'index')
  .sort((a, b) => (a.order ?? Infinity) - (b.order ?? Infinity) || a.title.localeCompare(b.title))
  .map((page) => ({ slug: page.slug }));

/**
 * A worker chunk that is a package's own entry is named after the package (`plot`,
 * `tfjs-backend-webgpu`), not after its entry's folder (`src`, `dist`); others keep Vite's naming.
 * @param {{ facadeModuleId: string | null }} chunk
 */
function workerChunkFileName(chunk) {
  const pkg = /node_modules\/(?:@[^/]+\/)?([^/]+)\//.exec(chunk.facadeModuleId ?? '')?.[1];
  return `_astro/${pkg ?? '[name]'}-[hash].js`;
}

export default defineConfig({
  // Origin the site is published at: canonical and hreflang links are absolute. The default is a
  // placeholder under the reserved `.example` domain; set SITE_URL when building for a real host.
  site: process.env.SITE_URL ?? 'https://stepweight-decay.example',
  vite: {
    worker: {
      // A module worker, so the notebook worker is code-split: each library loads when a run needs it.
      format: 'es',
      rolldownOptions: { output: { chunkFileNames: workerChunkFileName } },
    },
  },
  markdown: {
    // Math is typeset at build time; unified() because Astro 7's default engine (Sätteri) runs no remark/rehype plugins.
    processor: unified({ remarkPlugins: [remarkMath], rehypePlugins: [rehypeKatex] }),
  },
  integrations: [
    translationGuard({ languages: LANGUAGE_CODES }),
    starlight({
      title: Object.fromEntries(LANGUAGE_CODES.map((lang) => [lang, strings[lang]['site.title']])),
      description: strings[DEFAULT_LANGUAGE]['site.description'],
      defaultLocale: DEFAULT_LANGUAGE,
      locales: Object.fromEntries(LANGUAGES.map(({ code, label }) => [code, { label, lang: code }])),
      sidebar,
      // Our own 404 page (src/pages/404.astro) speaks every language; Starlight's would be English only.
      disable404Route: true,
      // Run Starlight's Markdown transforms (heading anchors, asides) on the top-level content folder too.
      markdown: { processedDirs: ['./content'] },
      customCss: ['katex/dist/katex.min.css', './src/styles/site.css'],
      expressiveCode: {
        // Code-block buttons in the page's language (Starlight would look under src/content/docs).
        getBlockLocale: ({ file }) => contentPathLanguage(file.path, contentDir, LANGUAGE_CODES, DEFAULT_LANGUAGE),
      },
      // Per-page route data: KaTeX font preloads on pages with math.
      routeMiddleware: './src/route-data.ts',
      plugins: [contentLanguagePlugin({ languages: LANGUAGE_CODES, fallback: DEFAULT_LANGUAGE })],
    }),
    oldAddresses({ languages: LANGUAGE_CODES, otherRoutes: { '/': 'src/pages/index.astro', '/404': 'src/pages/404.astro' } }),
  ],
});
