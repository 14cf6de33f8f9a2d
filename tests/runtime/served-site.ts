/** The built site served on 127.0.0.1 with one Chromium, for a browser test file (one browser per file). */
import { before, after } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../../tools/chromium.ts';
import { startStaticServer, type StaticServer } from '../../tools/static-server.ts';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** The built site; SITE_DIST lets a run on a shared machine use a private copy of it. */
export const DIST = process.env.SITE_DIST ?? 'dist';

export interface ServedSite {
  server: StaticServer;
  browser: Browser;
}

/** Registers before/after hooks; the returned object is filled in once `before` has run. */
export function serveBuiltSite(options: { webgpu?: boolean } = {}): ServedSite {
  const site = {} as ServedSite;
  before(async () => {
    if (!existsSync(join(DIST, 'index.html'))) throw new Error(`${DIST}/ has no index.html: run \`npm run build\` before these tests`);
    site.server = await startStaticServer(DIST);
    site.browser = await launchChromium({ webgpu: options.webgpu ?? true });
  });
  after(async () => {
    await site.browser?.close();
    await site.server?.close();
  });
  return site;
}
