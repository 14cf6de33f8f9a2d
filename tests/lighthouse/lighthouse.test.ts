/**
 * Lighthouse on every page of the built site, both languages, against the bars of issue 7:
 * performance >= 0.95, accessibility 1, best practices >= 0.95, SEO 1.
 *
 * Choices, measured on the shared 2-core build machine:
 * - Desktop preset (simulated 10 Mbit/s, 40 ms network, no CPU slowdown). The mobile preset
 *   multiplies observed main-thread time by 4, a factor calibrated for a fast idle machine; here it
 *   multiplied the other jobs' load too: two identical runs gave total blocking times of 1.4 s and
 *   3.0 s on the explainer, 0.24 s and 0.93 s on the notebooks demo.
 * - Served gzip-compressed, as any static host serves it (see compressing-proxy.ts).
 * - One Chromium (lighthouse's chrome-launcher, the project's flags), pages in sequence. A page whose
 *   performance lands below the bar is run twice more and judged by its median run: timing on
 *   a shared box is noisy, the other categories are not.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, type LaunchedChrome } from 'chrome-launcher';
import { BASE_FLAGS, chromiumPath } from '../../tools/chromium.ts';
import { startStaticServer, type StaticServer } from '../../tools/static-server.ts';
import { DIST, PAGES, requireBuild } from '../site/built-site.ts';
import { startCompressingProxy } from './compressing-proxy.ts';
import { auditPage, BARS, CATEGORIES, type PageAudit } from './audit.ts';
import { formatScoreTable } from './score-table.ts';

/** Runs per page when the first one misses the performance bar (median of these). */
const PERFORMANCE_RUNS = 3;

/** The root language chooser and every content page in every language. */
const PATHS = ['/', ...PAGES.map((page) => page.url)];

let origin: StaticServer;
let site: StaticServer;
let chrome: LaunchedChrome;
const audits: PageAudit[] = [];

before(async () => {
  requireBuild();
  origin = await startStaticServer(DIST);
  site = await startCompressingProxy(origin);
  chrome = await launch({ chromePath: chromiumPath(), chromeFlags: [...BASE_FLAGS, '--headless'], logLevel: 'error' });
});

after(async () => {
  if (audits.length > 0) console.log(`Lighthouse (desktop preset), ${new Date().toISOString()}\n${formatScoreTable(audits, BARS)}`);
  chrome?.kill();
  await site?.close();
  await origin?.close();
});

/** First run; when its performance misses the bar, the median run of PERFORMANCE_RUNS by performance. */
async function judgedAudit(url: string): Promise<PageAudit> {
  const first = await auditPage(url, { port: chrome.port, formFactor: 'desktop' });
  const performance = first.scores.performance;
  if (first.runtimeError || performance === null || performance >= BARS.performance) return first;
  const runs = [first];
  while (runs.length < PERFORMANCE_RUNS) runs.push(await auditPage(url, { port: chrome.port, formFactor: 'desktop' }));
  runs.sort((a, b) => (a.scores.performance ?? -1) - (b.scores.performance ?? -1));
  const median = runs[Math.floor(runs.length / 2)];
  return { ...median, performanceRuns: runs.map((run) => run.scores.performance) };
}

for (const path of PATHS) {
  test(`Lighthouse ${path}`, { timeout: 5 * 60_000 }, async () => {
    const audit = await judgedAudit(site.url + path);
    audits.push({ ...audit, url: path });
    if (audit.runtimeError) assert.fail(`${path}: Lighthouse could not audit the page: ${audit.runtimeError}`);
    const misses = CATEGORIES.filter((category) => (audit.scores[category] ?? 0) < BARS[category]).map(
      (category) =>
        `${path} ${category} ${audit.scores[category]} < ${BARS[category]}` +
        (category === 'performance' && audit.performanceRuns ? ` (median of runs ${audit.performanceRuns.join(', ')})` : '') +
        `; audits losing points: ${audit.lostPoints[category].join(' | ') || 'none weighted'}`,
    );
    if (misses.length > 0) assert.fail(misses.join('\n'));
  });
}
