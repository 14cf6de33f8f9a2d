/**
 * The trajectory file format `compass-golden/1` (see tests/fixtures/compass-golden.README.md) and
 * its checking, without tfjs, so a command can reject a bad file before loading any backend.
 */
import { DECAY_MODES, type DecayMode } from './names.ts';
import type { CompassOptions } from './compass.ts';

/** Format tag a trajectory file must carry. */
export const REPLAY_FORMAT = 'compass-golden/1';

/** One case of a trajectory file. */
export interface ReplayCase {
  name: string;
  hyper: {
    lr: number;
    betas: [number, number];
    ampFac: number;
    eps: number;
    weightDecay: number;
    centralization: number;
    decay: DecayMode;
  };
  params: Record<string, { shape: number[]; values: number[] }>;
  /** One object per step: parameter name -> flat gradient values (row-major). */
  grads: Record<string, number[]>[];
}

/** A trajectory file: the fields replay reads. */
export interface ReplayFile {
  format: typeof REPLAY_FORMAT;
  cases: ReplayCase[];
}

/** Parameters after each step: `trajectory[i][name]` is the flat values after step i + 1. */
export type Trajectory = Record<string, number[]>[];

/** Replay's output, as printed by `npm run replay`. */
export interface ReplayOutput {
  backend: string;
  cases: { name: string; trajectory: Trajectory }[];
}

function fail(where: string, message: string): never {
  throw new TypeError(`Replay file: ${where} ${message}`);
}

function isNumberList(value: unknown): value is number[] {
  return Array.isArray(value) && value.every((x) => typeof x === 'number');
}

function checkCase(value: unknown, index: number): ReplayCase {
  const where = `cases[${index}]`;
  if (typeof value !== 'object' || value == null) fail(where, 'must be an object');
  const c = value as Partial<ReplayCase>;
  if (typeof c.name !== 'string') fail(`${where}.name`, 'must be a string');
  const h = c.hyper as ReplayCase['hyper'] | undefined;
  if (typeof h !== 'object' || h == null) fail(`${where}.hyper`, 'must be an object');
  for (const key of ['lr', 'ampFac', 'eps', 'weightDecay', 'centralization'] as const) {
    if (typeof h[key] !== 'number') fail(`${where}.hyper.${key}`, 'must be a number');
  }
  if (!isNumberList(h.betas) || h.betas.length !== 2) fail(`${where}.hyper.betas`, 'must be two numbers');
  if (!DECAY_MODES.includes(h.decay)) fail(`${where}.hyper.decay`, `must be one of ${DECAY_MODES.join(', ')}`);
  if (typeof c.params !== 'object' || c.params == null) fail(`${where}.params`, 'must be an object');
  const names = Object.keys(c.params);
  for (const name of names) {
    const { shape, values } = c.params[name] ?? {};
    if (!isNumberList(shape) || !isNumberList(values)) fail(`${where}.params.${name}`, 'needs numeric shape and values');
    const size = shape.reduce((a, b) => a * b, 1);
    if (values.length !== size) fail(`${where}.params.${name}`, `has ${values.length} values for shape [${shape}]`);
  }
  if (!Array.isArray(c.grads)) fail(`${where}.grads`, 'must be a list (one object per step)');
  c.grads.forEach((step, i) => {
    for (const name of names) {
      const size = c.params![name].values.length;
      const g = (step as Record<string, unknown>)?.[name];
      if (!isNumberList(g) || g.length !== size) fail(`${where}.grads[${i}].${name}`, `must be ${size} numbers`);
    }
  });
  return c as ReplayCase;
}

/** Checks parsed JSON against the format; throws a `TypeError` saying where it differs. */
export function parseReplayFile(json: unknown): ReplayFile {
  const file = json as Partial<ReplayFile> | null;
  if (typeof file !== 'object' || file == null) fail('root', 'must be a JSON object');
  if (file.format !== REPLAY_FORMAT) fail('format', `must be "${REPLAY_FORMAT}"; got ${JSON.stringify(file.format)}`);
  if (!Array.isArray(file.cases)) fail('cases', 'must be a list');
  return { format: REPLAY_FORMAT, cases: file.cases.map(checkCase) };
}

/** The Compass options a case's `hyper` stands for. */
export function caseOptions(hyper: ReplayCase['hyper']): CompassOptions {
  return {
    learningRate: hyper.lr,
    beta1: hyper.betas[0],
    beta2: hyper.betas[1],
    ampFac: hyper.ampFac,
    epsilon: hyper.eps,
    weightDecay: hyper.weightDecay,
    centralization: hyper.centralization,
    decay: hyper.decay,
  };
}
