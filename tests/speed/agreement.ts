/** Trajectories against reference trajectories (fused against unfused, batched against separate), by the golden files' agreement rule. */
import assert from 'node:assert/strict';
import { disagreements } from '../compass/agreement.ts';
import type { Steps } from './fused-cases.ts';

const asTrajectory = (steps: Steps) => steps.map((params) => ({ params }));

/** A trajectory and the reference it should agree with. */
export interface Compared {
  name: string;
  actual: Steps;
  reference: Steps;
}

/** Asserts every case's trajectory agrees with its reference (at most 10 problems shown). */
export function assertAgree(results: Compared[]): void {
  const output = { backend: '', cases: results.map(({ name, actual }) => ({ name, trajectory: asTrajectory(actual) })) };
  const reference = { format: '', cases: results.map(({ name, reference }) => ({ name, expected: asTrajectory(reference) })) };
  assert.deepEqual(disagreements(output, reference).slice(0, 10), []);
}

/** Asserts one fused step over `variables` variables runs exactly one CompassStep kernel per variable. */
export function assertOneKernelPerVariable(kernels: { fused: string[]; unfused: string[] }, variables: number): void {
  assert.deepEqual(kernels.fused, Array(variables).fill('CompassStep'));
  assert.ok(kernels.unfused.length >= 10 * variables, `the unfused rule runs ${kernels.unfused.length} kernels`);
}
