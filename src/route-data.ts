/**
 * Starlight route middleware: per-page additions to the route data, computed once per page.
 *
 * Pages with math preload the KaTeX fonts their formulas use. KaTeX declares its fonts with
 * `font-display: block`, so formulas are laid out first with fallback metrics and reflow when the
 * fonts arrive; on the Compass page that reflow alone cost Lighthouse 0.18 of cumulative layout
 * shift. Fetched in parallel with the stylesheet, the fonts are there before the first paint.
 */
import { defineRouteMiddleware } from '@astrojs/starlight/route-data';
import mainRegular from 'katex/dist/fonts/KaTeX_Main-Regular.woff2?url';
import mathItalic from 'katex/dist/fonts/KaTeX_Math-Italic.woff2?url';
import size1 from 'katex/dist/fonts/KaTeX_Size1-Regular.woff2?url';
import size2 from 'katex/dist/fonts/KaTeX_Size2-Regular.woff2?url';
import { hasMath } from './lib/site/math.ts';

/** The fonts of ordinary formulas: text and digits, italic variables, large operators and delimiters. */
const KATEX_FONTS = [mainRegular, mathItalic, size1, size2];

export const onRequest = defineRouteMiddleware((context) => {
  const route = context.locals.starlightRoute;
  if (!hasMath(route.entry.body ?? '')) return;
  for (const href of KATEX_FONTS) {
    route.head.push({ tag: 'link', attrs: { rel: 'preload', as: 'font', type: 'font/woff2', href, crossorigin: '' } });
  }
});
