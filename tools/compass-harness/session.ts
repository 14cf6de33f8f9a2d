/**
 * Node side of the Compass harness: bundles `page.ts` with esbuild, serves it on 127.0.0.1 (WebGPU
 * needs a secure context) and drives it in headless Chromium.
 */
import { build } from 'esbuild';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../chromium.ts';
import { startStaticServer, type StaticServer } from '../static-server.ts';
import type { CompassHarness } from './page.ts';
import type { BackendChoice, BackendName } from '../../src/lib/compass/index.ts';
import type { ReplayOutput } from '../../src/lib/compass/replay-format.ts';
import type { ReplayOptions } from '../../src/lib/compass/replay.ts';
import type { BenchCase, BenchTiming } from '../../bench/step-timing.ts';

const HERE = fileURLToPath(new URL('.', import.meta.url));

/** Builds the harness page into a new temporary folder and returns its path. */
export async function buildHarness(): Promise<string> {
  const out = mkdtempSync(join(tmpdir(), 'compass-harness-'));
  await build({
    entryPoints: [join(HERE, 'page.ts')],
    outfile: join(out, 'page.js'),
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    logLevel: 'error',
  });
  copyFileSync(join(HERE, 'index.html'), join(out, 'index.html'));
  return out;
}

/** A harness page open in Chromium. */
export interface HarnessSession {
  /** Makes `backend` active in the page; throws unless tfjs then reports exactly that backend. */
  useBackend(backend: BackendName): Promise<void>;
  /** Runs `chooseBackend()` with its default order in the page. */
  chooseDefault(): Promise<BackendChoice>;
  replay(file: unknown, options?: ReplayOptions): Promise<ReplayOutput>;
  bench(c: BenchCase): Promise<BenchTiming>;
  /** The renderer behind WebGL2 and the WebGPU adapter, as the browser names them. */
  describeDevices(): Promise<{ webgl: string; webgpu: string }>;
  /** Chromium's version. */
  browserVersion: string;
  close(): Promise<void>;
}

declare const compassHarness: CompassHarness;

/** Runs `action` in the page, failing after `ms` with the page's own errors, so nothing hangs. */
async function inPage<T>(page: Page, errors: string[], ms: number, action: () => Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`harness page did not answer in ${ms} ms; page errors: ${errors.join(' | ') || 'none'}`)), ms);
  });
  try {
    return await Promise.race([action(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Opens the harness in headless Chromium (software WebGL2 and WebGPU via SwiftShader). */
export async function openHarness({ timeoutMs = 300_000 } = {}): Promise<HarnessSession> {
  const folder = await buildHarness();
  let server: StaticServer | undefined;
  let browser: Browser | undefined;
  try {
    server = await startStaticServer(folder);
    browser = await launchChromium();
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${server.url}/index.html`);
    await page.waitForFunction(() => typeof compassHarness !== 'undefined', undefined, { timeout: 60_000 });
    const run = <T>(action: () => Promise<T>) => inPage(page, errors, timeoutMs, action);
    const openedServer = server;
    const openedBrowser = browser;
    return {
      async useBackend(backend) {
        const { active, refused } = await run(() => page.evaluate((b) => compassHarness.useBackend(b), backend));
        if (active !== backend) {
          throw new Error(`Chromium is on ${active}, not ${backend}: ${refused.map((r) => r.reason).join('; ')}`);
        }
      },
      chooseDefault: () => run(() => page.evaluate(() => compassHarness.chooseDefault())),
      replay: (file, options = {}) => run(() => page.evaluate(([f, o]) => compassHarness.replay(f, o), [file, options] as const)),
      bench: (c) => run(() => page.evaluate((bc) => compassHarness.bench(bc), c)),
      describeDevices: () => run(() => page.evaluate(() => compassHarness.describeDevices())),
      browserVersion: browser.version(),
      async close() {
        await openedBrowser.close();
        await openedServer.close();
        rmSync(folder, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await browser?.close();
    await server?.close();
    rmSync(folder, { recursive: true, force: true });
    throw error;
  }
}
