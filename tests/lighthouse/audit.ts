/**
 * One Lighthouse navigation of one page in an already running Chromium, reduced to what the
 * test reports: the four category scores and, per category, the weighted audits that lost points.
 */
import lighthouse from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';
import type { Result } from 'lighthouse';

/** The bars from issue 7, by Lighthouse category id. */
export const BARS = { performance: 0.95, accessibility: 1, 'best-practices': 0.95, seo: 1 } as const;
export type CategoryId = keyof typeof BARS;
export const CATEGORIES = Object.keys(BARS) as CategoryId[];

export interface PageAudit {
  url: string;
  /** Category score in [0, 1]; null when Lighthouse could not score it (see runtimeError). */
  scores: Record<CategoryId, number | null>;
  /** Per category: `audit-id (display value): selectors` for each weighted audit below 1. */
  lostPoints: Record<CategoryId, string[]>;
  /** Lighthouse's own error for a run it could not complete (page failed to load, no paint ...). */
  runtimeError?: string;
  /** Performance of every run, lowest first, when the page was judged by its median run. */
  performanceRuns?: (number | null)[];
}

export interface AuditOptions {
  /** Remote debugging port of the Chromium to drive. */
  port: number;
  /**
   * `mobile`: Lighthouse's default (Moto G Power screen, simulated slow 4G, 4x CPU slowdown);
   * `desktop`: its desktop preset (simulated fast network, no CPU slowdown). Default `mobile`.
   */
  formFactor?: 'mobile' | 'desktop';
}

/** Up to this many failing elements are named per audit. */
const SELECTORS_SHOWN = 3;

function failingSelectors(audit: Result['audits'][string]): string[] {
  const details = audit.details as { items?: { node?: { selector?: string } }[] } | undefined;
  return [...new Set((details?.items ?? []).flatMap((item) => (item.node?.selector ? [item.node.selector] : [])))];
}

function describeLostPoints(lhr: Result, category: CategoryId): string[] {
  return (lhr.categories[category]?.auditRefs ?? [])
    .filter((ref) => ref.weight > 0)
    .map((ref) => lhr.audits[ref.id])
    .filter((audit) => audit && audit.score !== null && audit.score < 1)
    .map((audit) => {
      const value = audit.displayValue ? ` (${audit.displayValue})` : '';
      const selectors = failingSelectors(audit);
      const where = selectors.length > 0 ? `: ${selectors.slice(0, SELECTORS_SHOWN).join(', ')}${selectors.length > SELECTORS_SHOWN ? ' ...' : ''}` : '';
      return `${audit.id} ${audit.score}${value}${where}`;
    });
}

/** Runs Lighthouse's four scored categories on `url`. */
export async function auditPage(url: string, { port, formFactor = 'mobile' }: AuditOptions): Promise<PageAudit> {
  const result = await lighthouse(
    url,
    { port, output: 'json', logLevel: 'error', onlyCategories: CATEGORIES },
    formFactor === 'desktop' ? desktopConfig : undefined,
  );
  if (!result) throw new Error(`Lighthouse returned no result for ${url}`);
  const { lhr } = result;
  const scores = {} as PageAudit['scores'];
  const lostPoints = {} as PageAudit['lostPoints'];
  for (const category of CATEGORIES) {
    scores[category] = lhr.categories[category]?.score ?? null;
    lostPoints[category] = describeLostPoints(lhr, category);
  }
  const runtimeError = lhr.runtimeError ? `${lhr.runtimeError.code}: ${lhr.runtimeError.message}` : undefined;
  return { url, scores, lostPoints, runtimeError };
}
