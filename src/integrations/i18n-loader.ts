/**
 * Content loader for Starlight's `i18n` collection: one entry per language (id = language
 * code), holding every namespace's strings. Starlight's own i18nLoader reads a single folder;
 * ours merges `src/i18n/<namespace>/<lang>.json` and fails the build on a missing string.
 */
import type { Loader } from 'astro/loaders';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadI18nStrings } from './i18n-resources.ts';

export function i18nResourcesLoader({ dir = 'src/i18n', languages }: { dir?: string; languages: readonly string[] }): Loader {
  return {
    name: 'project-i18n-resources',
    load: async ({ store, parseData, watcher, config, logger }) => {
      const i18nDir = join(fileURLToPath(config.root), dir);
      const load = async () => {
        const strings = loadI18nStrings(i18nDir, languages);
        store.clear();
        for (const lang of languages) store.set({ id: lang, data: await parseData({ id: lang, data: strings[lang] }) });
      };
      await load();
      watcher?.add(i18nDir);
      watcher?.on('change', (path) => {
        // In dev, a broken edit is reported and the last good strings stay in use.
        if (path.startsWith(i18nDir) && path.endsWith('.json')) load().catch((error: Error) => logger.error(error.message));
      });
    },
  };
}
