import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { z } from 'astro/zod';
import { docsSchema, i18nSchema } from '@astrojs/starlight/schema';
import { i18nResourcesLoader } from './integrations/i18n-loader.ts';
import { LANGUAGE_CODES } from './integrations/languages.ts';

export const collections = {
  // Pages live in the top-level `content/<lang>/` (Starlight's docsLoader only reads src/content/docs).
  docs: defineCollection({
    loader: glob({ base: './content', pattern: '**/[^_]*.{md,mdx}' }),
    schema: docsSchema({
      extend: z.object({
        /** Old addresses of this page (Hugo convention); each becomes a redirect. */
        aliases: z.array(z.string()).default([]),
      }),
    }),
  }),
  // UI strings: every namespace of src/i18n/<namespace>/<lang>.json, merged per language.
  i18n: defineCollection({
    loader: i18nResourcesLoader({ languages: LANGUAGE_CODES }),
    schema: i18nSchema(),
  }),
};
