/**
 * Astro integration: the old addresses of the Hugo site keep working. Checks every page's
 * `aliases:` before the build starts (a bad alias fails fast, naming the files), then writes
 * one static redirect page per address and a `_redirects` file into the output.
 */
import type { AstroIntegration } from 'astro';
import i18next from 'i18next';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { collectRedirects, redirectPageHtml, redirectPagePath, redirectsFile, type Redirect } from './aliases.ts';
import { readContentPages } from './content-pages.ts';
import { loadI18nStrings } from './i18n-resources.ts';

export interface OldAddressesOptions {
  /** Folder with one subfolder per language. Default `content`. */
  contentDir?: string;
  /** Folder of the i18n namespaces (the redirect page's sentence is `site.redirectNotice`). Default `src/i18n`. */
  i18nDir?: string;
  languages: readonly string[];
  /** Routes that do not come from content, mapped to their source file (aliases may not take them). */
  otherRoutes?: Record<string, string>;
}

export function oldAddresses({ contentDir = 'content', i18nDir = 'src/i18n', languages, otherRoutes = {} }: OldAddressesOptions): AstroIntegration {
  let redirects: Redirect[] = [];
  let site = '';
  let root = '';
  return {
    name: 'old-addresses',
    hooks: {
      'astro:config:setup': ({ config }) => {
        root = fileURLToPath(config.root);
        site = config.site ?? '';
        if (!site) throw new Error('old-addresses: set `site` in astro.config.mjs; redirect pages need it for their canonical link');
        redirects = collectRedirects(readContentPages(join(root, contentDir), languages, root), otherRoutes);
      },
      'astro:build:done': async ({ dir, logger }) => {
        const out = fileURLToPath(dir);
        const strings = loadI18nStrings(join(root, i18nDir), languages);
        const i18n = i18next.createInstance();
        await i18n.init({
          resources: Object.fromEntries(languages.map((lang) => [lang, { translation: strings[lang] }])),
          keySeparator: false, // keys are flat: "site.redirectNotice"
          fallbackLng: false,
          interpolation: { escapeValue: false }, // redirectPageHtml escapes
        });
        for (const redirect of redirects) {
          // Plain string keys: Starlight's type augmentation of i18next only knows its own keys.
          const t = i18n.getFixedT(redirect.lang) as unknown as (key: string) => string;
          const text = { title: t('site.redirectTitle'), notice: t('site.redirectNotice') };
          const path = join(out, redirectPagePath(redirect));
          mkdirSync(dirname(path), { recursive: true });
          writeFileSync(path, redirectPageHtml(redirect, site, text));
        }
        writeFileSync(join(out, '_redirects'), redirectsFile(redirects));
        logger.info(`${redirects.length} old addresses redirect (pages + _redirects)`);
      },
    },
  };
}
