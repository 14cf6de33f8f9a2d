/**
 * Astro integration: stops the build when a page exists in one language only. Starlight
 * would otherwise serve the default language's text under the other language's route.
 */
import type { AstroIntegration } from 'astro';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { missingTranslations, readContentPages } from './content-pages.ts';

export function translationGuard({ contentDir = 'content', languages }: { contentDir?: string; languages: readonly string[] }): AstroIntegration {
  return {
    name: 'translation-guard',
    hooks: {
      'astro:config:setup': ({ config }) => {
        const root = fileURLToPath(config.root);
        const problems = missingTranslations(readContentPages(join(root, contentDir), languages, root), languages, contentDir);
        if (problems.length > 0) throw new Error(`Untranslated pages (every page needs every language):\n  ${problems.join('\n  ')}`);
      },
    },
  };
}
