/**
 * `npm run replay -- --backend <cpu|wasm|webgl|webgpu> FILE.json`
 *
 * Replays a trajectory file (format `compass-golden/1`) with this project's Compass on the given
 * tfjs backend and prints `{ backend, cases: [{ name, trajectory }] }` as JSON to standard output.
 * cpu and wasm run in Node; webgl and webgpu in headless Chromium. Errors go to standard error
 * with exit status 2 (bad arguments or file) or 1 (the replay failed).
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { BACKEND_ORDER, chooseBackend, type BackendName } from '../src/lib/compass/index.ts';
import { parseReplayFile, replayFile, type ReplayFile, type ReplayOutput } from '../src/lib/compass/replay.ts';
import { openHarness } from '../tools/compass-harness/session.ts';

const USAGE = `usage: npm run replay -- --backend <${BACKEND_ORDER.join('|')}> FILE.json`;

class UsageError extends Error {}

function readArguments(argv: string[]): { backend: BackendName; path: string } {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: { backend: { type: 'string' } }, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.backend === undefined) throw new UsageError('missing --backend');
  if (!BACKEND_ORDER.includes(values.backend as BackendName)) {
    throw new UsageError(`unknown backend "${values.backend}"; choose one of ${BACKEND_ORDER.join(', ')}`);
  }
  if (positionals.length !== 1) throw new UsageError(`expected exactly one FILE.json, got ${positionals.length}`);
  return { backend: values.backend as BackendName, path: positionals[0] };
}

function readFile(path: string): ReplayFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${path}: ${(error as Error).message}`);
  }
  try {
    return parseReplayFile(JSON.parse(text));
  } catch (error) {
    throw new UsageError(`${path}: ${(error as Error).message}`);
  }
}

async function replay(backend: BackendName, file: ReplayFile): Promise<ReplayOutput> {
  if (backend === 'cpu' || backend === 'wasm') {
    await chooseBackend({ order: [backend] });
    return replayFile(file);
  }
  const harness = await openHarness();
  try {
    await harness.useBackend(backend);
    return await harness.replay(file);
  } finally {
    await harness.close();
  }
}

try {
  const { backend, path } = readArguments(process.argv.slice(2));
  const output = await replay(backend, readFile(path));
  process.stdout.write(`${JSON.stringify(output)}\n`);
} catch (error) {
  const usage = error instanceof UsageError;
  process.stderr.write(`replay: ${(error as Error).message}\n${usage ? `${USAGE}\n` : ''}`);
  process.exitCode = usage ? 2 : 1;
}
