/** The Lighthouse scores of all pages as a plain-text table; a score below its bar is marked `!`. */
import type { CategoryId, PageAudit } from './audit.ts';

const HEADINGS: Record<CategoryId, string> = {
  performance: 'performance',
  accessibility: 'accessibility',
  'best-practices': 'best practices',
  seo: 'SEO',
};

export function formatScoreTable(audits: readonly PageAudit[], bars: Record<CategoryId, number>): string {
  const categories = Object.keys(bars) as CategoryId[];
  const pageWidth = Math.max(4, ...audits.map((audit) => audit.url.length));
  /** Wide enough for the heading and for `0.00!`. */
  const width = (category: CategoryId) => Math.max(HEADINGS[category].length, 5);
  const cell = (text: string, category: CategoryId) => text.padEnd(5).padStart(width(category));
  const header = ['page'.padEnd(pageWidth), ...categories.map((category) => HEADINGS[category].padStart(width(category)))].join('  ');
  const barRow = ['(bar)'.padEnd(pageWidth), ...categories.map((category) => cell(bars[category].toFixed(2), category))].join('  ').trimEnd();
  const rows = audits.map((audit) => {
    const scores = categories.map((category) => {
      const score = audit.scores[category];
      const text = score === null ? 'error' : score.toFixed(2) + (score < bars[category] ? '!' : ' ');
      return cell(text, category);
    });
    const note = audit.runtimeError ?? (audit.performanceRuns ? `performance: median of ${audit.performanceRuns.join(', ')}` : '');
    return [audit.url.padEnd(pageWidth), ...scores, note].join('  ').trimEnd();
  });
  return [header, barRow, ...rows].join('\n');
}
