/**
 * The one gate between cell output and a page: DOMPurify with its SVG and HTML profiles.
 * The browser passes its own window; the headless runner passes a jsdom window.
 */
import createDOMPurify from 'dompurify';

export type Sanitize = (html: string) => string;

export function createSanitizer(window: Parameters<typeof createDOMPurify>[0]): Sanitize {
  const purify = createDOMPurify(window);
  // DOMPurify returns its input unchanged on a DOM it cannot use: refuse instead of passing HTML through.
  if (!purify.isSupported) throw new Error('DOMPurify cannot sanitise with this DOM implementation');
  return (html) => purify.sanitize(html, { USE_PROFILES: { html: true, svg: true, svgFilters: true } });
}
