/**
 * Old addresses (the Hugo `aliases:` front matter) turned into redirects. Pure functions:
 * validation, folding, the redirect page's HTML and the `_redirects` file.
 */

export interface AliasSource {
  /** File declaring the aliases, relative to the project root (named in errors). */
  file: string;
  lang: string;
  /** The page's route, e.g. `/hu/stepweight-decay/`. */
  url: string;
  title: string;
  /** The front matter's list, as written. */
  aliases: readonly unknown[];
}

export interface Redirect {
  /** The old address without trailing slash, decoded (may contain spaces): `/hu/docs/.../Stepweight Decay`. */
  from: string;
  /** Route it lands on. */
  to: string;
  lang: string;
  title: string;
  file: string;
}

/** `/a/b/` and `/a/b` are one address; the key is the form without trailing slash (decoded). */
export function aliasKey(path: string): string {
  let decoded: string;
  try {
    decoded = decodeURI(path);
  } catch {
    throw new Error(`malformed percent-encoding in "${path}"`);
  }
  return decoded.length > 1 ? decoded.replace(/\/+$/, '') : decoded;
}

function checkAliasShape(alias: unknown, file: string): string {
  if (typeof alias !== 'string' || !alias.startsWith('/') || alias.startsWith('//')) {
    throw new Error(`${file}: alias ${JSON.stringify(alias)} is not an absolute path; aliases must start with a single "/", e.g. "/docs/old-page/"`);
  }
  if (/[?#]/.test(alias) || alias.split('/').some((segment) => segment === '.' || segment === '..')) {
    throw new Error(`${file}: alias "${alias}" must be a plain path without "?", "#", "." or ".." segments`);
  }
  return alias;
}

/**
 * One redirect per distinct old address. Duplicates within one page's list (also `/a` vs `/a/`)
 * fold silently. Throws, naming both files, when an alias equals a real page's route or
 * another page's alias. `otherRoutes` maps routes not made from content (the root page) to their files.
 */
export function collectRedirects(pages: readonly AliasSource[], otherRoutes: Readonly<Record<string, string>> = {}): Redirect[] {
  const routeOwner = new Map([
    ...Object.entries(otherRoutes).map(([route, file]) => [aliasKey(route), file] as const),
    ...pages.map((page) => [aliasKey(page.url), page.file] as const),
  ]);
  const aliasOwner = new Map<string, Redirect>();
  for (const page of pages) {
    for (const raw of page.aliases) {
      const from = aliasKey(checkAliasShape(raw, page.file));
      const pageFile = routeOwner.get(from);
      if (pageFile !== undefined) {
        throw new Error(`${page.file}: alias "${raw}" collides with the page ${pageFile} (${from}/)`);
      }
      const earlier = aliasOwner.get(from);
      if (earlier && earlier.file !== page.file) {
        throw new Error(`${page.file}: alias "${raw}" is also an alias of ${earlier.file}; an old address can lead to one page only`);
      }
      if (!earlier) aliasOwner.set(from, { from, to: page.url, lang: page.lang, title: page.title, file: page.file });
    }
  }
  return [...aliasOwner.values()];
}

/** Where the redirect page is written, relative to the output folder: `<address>/index.html`. */
export function redirectPagePath(redirect: Redirect): string {
  return `${redirect.from.replace(/^\/+/, '')}/index.html`;
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]!);

export interface RedirectPageText {
  /** Document title, e.g. "Moved". */
  title: string;
  /** Sentence before the link, e.g. "This page has moved to:". */
  notice: string;
}

/**
 * A static page that sends the reader on: JavaScript first (keeps `?query` and `#fragment`),
 * meta refresh for readers without it, a visible link for everyone; `noindex` and a canonical
 * link so search engines credit the target.
 */
export function redirectPageHtml(redirect: Redirect, site: string, text: RedirectPageText): string {
  const target = escapeHtml(redirect.to);
  const canonical = escapeHtml(new URL(redirect.to, site).href);
  return `<!doctype html>
<html lang="${escapeHtml(redirect.lang)}">
<head>
<meta charset="utf-8">
<title>${escapeHtml(text.title)}: ${escapeHtml(redirect.title)}</title>
<script>location.replace(${JSON.stringify(redirect.to).replace(/</g, '\\u003c')} + location.search + location.hash)</script>
<meta http-equiv="refresh" content="0; url=${target}">
<meta name="robots" content="noindex">
<link rel="canonical" href="${canonical}">
<meta name="viewport" content="width=device-width, initial-scale=1">
</head>
<body>
<main><p>${escapeHtml(text.notice)} <a href="${target}">${escapeHtml(redirect.title)}</a></p></main>
</body>
</html>
`;
}

/**
 * `_redirects` (Netlify, Cloudflare Pages): one 301 line per address, both slash variants,
 * percent-encoded (a space becomes `%20`).
 */
export function redirectsFile(redirects: readonly Redirect[]): string {
  const lines = redirects.flatMap((redirect) => {
    const from = encodeURI(redirect.from);
    return [`${from} ${redirect.to} 301`, `${from}/ ${redirect.to} 301`];
  });
  return `# Old addresses of the Hugo site (front matter "aliases"), generated by src/integrations/old-addresses.ts\n${lines.join('\n')}\n`;
}
