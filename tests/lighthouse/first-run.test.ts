/**
 * What a reader's first Run downloads (issue 7): Run all on the demonstration page with the
 * default backend choice, in a Chromium with WebGPU (the run takes webgpu) and in one without
 * (it takes webgl). Each run fetches the worker, Plot and the transpiler, and nothing it does not
 * use: never the editor or the wasm backend, and the WebGPU backend only where WebGPU runs.
 * Prints the gzip size of everything the run fetched.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../tools/chromium.ts';
import { startStaticServer, type StaticServer } from '../../tools/static-server.ts';
import { analyseChunks, type ChunkReport } from '../../scripts/chunk-sizes.ts';
import { DIST } from '../site/built-site.ts';

const RUN_TIMEOUT = 180_000;

let server: StaticServer;
let chunks: ChunkReport[];

before(async () => {
  chunks = analyseChunks();
  server = await startStaticServer(DIST);
});

after(async () => {
  await server?.close();
});

/** Script and wasm files the page and its workers have fetched so far (Resource Timing). */
async function fetchedChunks(page: Page): Promise<ChunkReport[]> {
  const list = () => performance.getEntriesByType('resource').map((entry) => new URL(entry.name).pathname);
  const paths = [...(await page.evaluate(list)), ...(await Promise.all(page.workers().map((worker) => worker.evaluate(list)))).flat()];
  const names = new Set(paths.map((path) => path.replace(/^\/_astro\//, '')));
  return chunks.filter((chunk) => names.has(chunk.name));
}

for (const webgpu of [true, false]) {
  const backend = webgpu ? 'webgpu' : 'webgl';
  test(`a first Run all on ${backend} fetches only what that run uses`, async (t) => {
    let browser: Browser | undefined;
    try {
      browser = await launchChromium({ webgpu });
      const page = await browser.newPage();
      await page.goto(`${server.url}/en/notebooks-demo/`);
      await page.waitForLoadState('networkidle');
      const withPage = new Set((await fetchedChunks(page)).map((chunk) => chunk.name));
      await page.click('[data-nb-action="run-all"]');
      await page.waitForFunction(
        () => [...document.querySelectorAll<HTMLElement>('[data-nb-cell]')].every((cell) => cell.dataset.state === 'done'),
        null,
        { timeout: RUN_TIMEOUT, polling: 50 },
      );
      assert.match((await page.locator('[data-nb-backend-status]').textContent()) ?? '', new RegExp(`^Running on ${backend}\\.`));
      const run = (await fetchedChunks(page)).filter((chunk) => !withPage.has(chunk.name));
      const labels = run.map((chunk) => chunk.label);
      const kb = (bytes: number) => (bytes / 1024).toFixed(1);
      const total = run.reduce((sum, chunk) => sum + chunk.gzipBytes, 0);
      t.diagnostic(`first Run all on ${backend}: ${kb(total)} KB gzip: ${run.map((c) => `${c.label} ${kb(c.gzipBytes)}`).join(', ')}`);
      for (const needed of ['notebook-ui', 'worker', 'plot', 'transpile']) assert.ok(labels.includes(needed), `${needed} fetched (${labels.join(', ')})`);
      assert.equal(labels.includes('tfjs-backend-webgpu'), webgpu, `the WebGPU backend is fetched only for a WebGPU run (${labels.join(', ')})`);
      const unused = run.filter((chunk) => chunk.holds.some((library) => ['CodeMirror', 'wasm backend'].includes(library)) || chunk.name.endsWith('.wasm'));
      assert.deepEqual(unused.map((chunk) => chunk.label), []);
    } finally {
      await browser?.close();
    }
  });
}
