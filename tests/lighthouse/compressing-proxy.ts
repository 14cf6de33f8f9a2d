/**
 * A gzip front for the test static server, so Lighthouse sees the site as a real static host
 * (Netlify, Cloudflare Pages, GitHub Pages) sends it: text compressed when the browser asks.
 * Without it every page pays for uncompressed transfer in the simulated network, which no
 * reader ever does. Binary files (fonts, images, wasm) pass through unchanged.
 */
import { createServer, request, type Server } from 'node:http';
import { createGzip } from 'node:zlib';
import type { StaticServer } from '../../tools/static-server.ts';

const COMPRESSIBLE = /^(?:text\/|application\/(?:javascript|json|xml|wasm)|image\/svg\+xml)/;

/** Serves everything `origin` serves, gzip-compressed where a host would compress it. */
export async function startCompressingProxy(origin: StaticServer): Promise<StaticServer> {
  const server: Server = createServer((req, res) => {
    const upstream = request(origin.url + (req.url ?? '/'), { method: req.method, headers: req.headers }, (answer) => {
      const headers = { ...answer.headers };
      const gzip = COMPRESSIBLE.test(String(headers['content-type'] ?? '')) && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
      if (gzip) {
        delete headers['content-length'];
        headers['content-encoding'] = 'gzip';
        headers.vary = 'accept-encoding';
      }
      res.writeHead(answer.statusCode ?? 502, headers);
      (gzip ? answer.pipe(createGzip()) : answer).pipe(res);
    });
    upstream.on('error', (error) => res.writeHead(502).end(`Upstream static server failed: ${error.message}`));
    req.pipe(upstream);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}
