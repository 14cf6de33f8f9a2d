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
  // Plot labels its mark groups (<g aria-label="dot">); ARIA allows a name there only with a role.
  purify.addHook('afterSanitizeAttributes', (node) => {
    const element = node as Element;
    if (element.nodeName === 'g' && element.hasAttribute('aria-label') && !element.hasAttribute('role')) element.setAttribute('role', 'group');
  });
  return (html) => purify.sanitize(html, { USE_PROFILES: { html: true, svg: true, svgFilters: true } });
}
