/** Fused against unfused trajectories, by the golden files' agreement rule. */
import assert from 'node:assert/strict';
import { disagreements } from '../compass/agreement.ts';
import type { Steps } from './fused-cases.ts';

const asTrajectory = (steps: Steps) => steps.map((params) => ({ params }));

/** Asserts every case's fused trajectory agrees with its unfused one (at most 10 problems shown). */
export function assertFusedAgrees(results: { name: string; fused: Steps; unfused: Steps }[]): void {
  const output = { backend: '', cases: results.map(({ name, fused }) => ({ name, trajectory: asTrajectory(fused) })) };
  const reference = { format: '', cases: results.map(({ name, unfused }) => ({ name, expected: asTrajectory(unfused) })) };
  assert.deepEqual(disagreements(output, reference).slice(0, 10), []);
}

/** Asserts one fused step over `variables` variables runs exactly one CompassStep kernel per variable. */
export function assertOneKernelPerVariable(kernels: { fused: string[]; unfused: string[] }, variables: number): void {
  assert.deepEqual(kernels.fused, Array(variables).fill('CompassStep'));
  assert.ok(kernels.unfused.length >= 10 * variables, `the unfused rule runs ${kernels.unfused.length} kernels`);
}
