/**
 * Our pages live in the top-level `content/<lang>/`, but Starlight's Markdown plugins work out
 * a page's language from its path under `src/content/docs/`, so on our Hungarian pages they
 * would fall back to English (heading-anchor labels for screen readers, code-block buttons).
 * This module finds the language from our path instead, and a Starlight plugin re-labels the
 * heading anchors with it.
 */
import type { StarlightPlugin } from '@astrojs/starlight/types';
import type { Root, Element, ElementContent } from 'hast';
import { relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Language of a content file from its absolute path (`<contentDir>/<lang>/...`), else `fallback`. */
export function contentPathLanguage(path: string | undefined, contentDir: string, languages: readonly string[], fallback: string): string {
  if (!path) return fallback;
  const first = relative(contentDir, path).split(sep)[0];
  return first && languages.includes(first) ? first : fallback;
}

function textOf(node: ElementContent): string {
  if (node.type === 'text') return node.value;
  return node.type === 'element' ? node.children.map(textOf).join('') : '';
}

function hasClass(node: ElementContent, name: string): node is Element {
  const classes = node.type === 'element' ? node.properties.className ?? node.properties.class : undefined;
  return Array.isArray(classes) ? classes.includes(name) : typeof classes === 'string' && classes.split(' ').includes(name);
}

/** Rewrites the screen-reader label Starlight puts in each heading's anchor link (`div.sl-heading-wrapper > h? + a.sl-anchor-link > span.sr-only`). */
function relabelAnchors(tree: Root | Element, label: (title: string) => string): void {
  for (const child of tree.children) {
    if (child.type !== 'element') continue;
    if (hasClass(child, 'sl-heading-wrapper')) {
      const heading = child.children.find((node) => node.type === 'element' && /^h[1-6]$/.test(node.tagName));
      const anchor = child.children.find((node) => hasClass(node, 'sl-anchor-link'));
      const srOnly = anchor?.type === 'element' ? anchor.children.find((node) => hasClass(node, 'sr-only')) : undefined;
      if (heading && srOnly?.type === 'element') srOnly.children = [{ type: 'text', value: label(textOf(heading)) }];
    } else relabelAnchors(child, label);
  }
}

export function contentLanguagePlugin({ contentDir = 'content', languages, fallback }: { contentDir?: string; languages: readonly string[]; fallback: string }): StarlightPlugin {
  return {
    name: 'content-language',
    hooks: {
      'config:setup': ({ astroConfig, addIntegration, useTranslations }) => {
        const dir = fileURLToPath(new URL(`${contentDir}/`, astroConfig.root));
        const rehypeLocalAnchorLabels = () => (tree: Root, file: { path?: string }) => {
          const t = useTranslations(contentPathLanguage(file.path, dir, languages, fallback));
          relabelAnchors(tree, (title) => t('heading.anchorLabel', { title, interpolation: { escapeValue: false } }));
        };
        // Added as an integration so it runs after Starlight registered its own rehype plugins.
        addIntegration({
          name: 'content-language-anchors',
          hooks: {
            'astro:config:setup': ({ config }) => {
              const processor = config.markdown.processor as { options?: { rehypePlugins?: unknown[] } };
              if (!processor.options?.rehypePlugins) throw new Error('content-language: markdown.processor must be unified() from @astrojs/markdown-remark');
              processor.options.rehypePlugins.push(rehypeLocalAnchorLabels);
            },
          },
        });
      },
    },
  };
}
