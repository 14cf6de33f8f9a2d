/**
 * JavaScript a built page loads before any interaction: its inline scripts, the module
 * scripts and modulepreloads its HTML names, and every module those import statically.
 * Dynamic `import()` chunks (Pagefind's UI, loaded when search opens) are not counted.
 * Sizes are gzip (level 9) of each file or inline script on its own, as a server would send them.
 */
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { dirname, join, posix } from 'node:path';

export interface PageJs {
  /** Site paths of the external modules loaded, e.g. `/_astro/page.abc.js`. */
  modules: string[];
  inlineScripts: number;
  /** Total gzip bytes of modules and inline scripts. */
  gzipBytes: number;
}

const SCRIPT = /<script\b([^>]*)>([\s\S]*?)<\/script>/gi;
const MODULEPRELOAD = /<link\b[^>]*rel=["']?modulepreload["']?[^>]*>/gi;
const HREF_OR_SRC = /\b(?:src|href)=["']?([^"'\s>]+)/i;
/** `import x from "./y.js"`, `import"./y.js"`, `export * from "./y.js"`; not `import("./y.js")`. */
const STATIC_IMPORT = /(?:^|[;\s}])(?:import|export)\s*(?:[\w$*{}\s,]+?\s*from\s*)?["'`]([^"'`]+)["'`]/g;

const gzipSize = (text: string | Buffer) => gzipSync(text, { level: 9 }).length;

function staticImports(code: string): string[] {
  return [...code.matchAll(STATIC_IMPORT)].map((match) => match[1]).filter((spec) => spec.startsWith('.') || spec.startsWith('/'));
}

/** Measures the page at `htmlFile` inside the built site `distDir` (site paths resolve against it). */
export function measurePageJs(distDir: string, htmlFile: string): PageJs {
  const html = readFileSync(htmlFile, 'utf8');
  const pageDir = '/' + posix.normalize(dirname(htmlFile).slice(distDir.length).split('\\').join('/')).replace(/^\/+/, '');
  const queue: string[] = [];
  let gzipBytes = 0;
  let inlineScripts = 0;
  for (const [, attributes, body] of html.matchAll(SCRIPT)) {
    const src = attributes.match(HREF_OR_SRC)?.[1];
    if (src) queue.push(src);
    else if (!/type=["']?(?:application\/(?:ld\+)?json|text\/template)/i.test(attributes) && body.trim()) {
      inlineScripts++;
      gzipBytes += gzipSize(body);
      if (/type=["']?module/i.test(attributes)) queue.push(...staticImports(body).map((spec) => posix.resolve(pageDir, spec)));
    }
  }
  for (const [link] of html.matchAll(MODULEPRELOAD)) {
    const href = link.match(HREF_OR_SRC)?.[1];
    if (href) queue.push(href);
  }
  const seen = new Set<string>();
  while (queue.length > 0) {
    const url = new URL(queue.shift()!, `http://site${pageDir}/`);
    if (url.origin !== 'http://site' || seen.has(url.pathname)) continue;
    seen.add(url.pathname);
    const code = readFileSync(join(distDir, decodeURIComponent(url.pathname)));
    gzipBytes += gzipSize(code);
    queue.push(...staticImports(code.toString('utf8')).map((spec) => posix.resolve(posix.dirname(url.pathname), spec)));
  }
  return { modules: [...seen].sort(), inlineScripts, gzipBytes };
}
