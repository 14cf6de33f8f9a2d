/**
 * Opens a page module (bundled with esbuild, served on 127.0.0.1 for WebGPU's secure context) in
 * headless Chromium and waits until it has set `window[globalName]`.
 */
import { build } from 'esbuild';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { launchChromium } from '../tools/chromium.ts';
import { startStaticServer } from '../tools/static-server.ts';

/** An open page; `errors` collects its uncaught errors for failure messages. */
export interface OpenPage {
  page: Page;
  errors: string[];
  browserVersion: string;
  close(): Promise<void>;
}

export async function openPage(entry: string, globalName: string): Promise<OpenPage> {
  const folder = mkdtempSync(join(tmpdir(), 'speed-page-'));
  await build({ entryPoints: [entry], outfile: join(folder, 'page.js'), bundle: true, format: 'esm', target: 'es2022', logLevel: 'error' });
  writeFileSync(join(folder, 'index.html'), '<!doctype html><meta charset="utf-8"><title>speed</title><script type="module" src="./page.js"></script>');
  const server = await startStaticServer(folder);
  const browser = await launchChromium().catch(async (error) => {
    await server.close();
    throw error;
  });
  const close = async () => {
    await browser.close();
    await server.close();
    rmSync(folder, { recursive: true, force: true });
  };
  try {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${server.url}/index.html`);
    await page.waitForFunction((name) => name in globalThis, globalName, { timeout: 60_000 });
    return { page, errors, browserVersion: browser.version(), close };
  } catch (error) {
    await close();
    throw error;
  }
}
