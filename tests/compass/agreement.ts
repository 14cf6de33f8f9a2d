/** The reference's agreement rule, applied to a replay output against a golden file's `expected`. */
import { readFileSync } from 'node:fs';
import type { ReplayOutput, Trajectory } from '../../src/lib/compass/replay-format.ts';

/** `|actual - expected| <= ATOL + RTOL * |expected|` (numpy allclose against float64). */
export const ATOL = 2e-5;
export const RTOL = 1e-4;

/** The golden file with its expected trajectories. */
export interface GoldenFile {
  format: string;
  cases: { name: string; expected: Trajectory; [key: string]: unknown }[];
}

export const GOLDEN_PATH = new URL('../fixtures/compass-golden.json', import.meta.url);

export function loadGolden(): GoldenFile {
  return JSON.parse(readFileSync(GOLDEN_PATH, 'utf8'));
}

/**
 * Every element that breaks the rule, as readable lines (empty when all agree). A missing case,
 * a step count or a length that differs is a disagreement too.
 */
export function disagreements(output: ReplayOutput, golden: GoldenFile): string[] {
  const problems: string[] = [];
  for (const goldenCase of golden.cases) {
    const replayed = output.cases.find((c) => c.name === goldenCase.name);
    if (!replayed) {
      problems.push(`${goldenCase.name}: missing from the replay`);
      continue;
    }
    if (replayed.trajectory.length !== goldenCase.expected.length) {
      problems.push(`${goldenCase.name}: ${replayed.trajectory.length} steps, expected ${goldenCase.expected.length}`);
      continue;
    }
    goldenCase.expected.forEach((expectedStep, step) => {
      for (const [param, expected] of Object.entries(expectedStep)) {
        const actual = replayed.trajectory[step][param] ?? [];
        if (actual.length !== expected.length) {
          problems.push(`${goldenCase.name} step ${step + 1} ${param}: ${actual.length} values, expected ${expected.length}`);
          continue;
        }
        expected.forEach((e, i) => {
          const a = actual[i];
          if (!(Math.abs(a - e) <= ATOL + RTOL * Math.abs(e))) {
            problems.push(`${goldenCase.name} step ${step + 1} ${param}[${i}]: ${a} vs expected ${e}`);
          }
        });
      }
    });
  }
  return problems;
}
