/**
 * `npm run replay -- --backend <cpu|wasm|webgl|webgpu> [--unfused] FILE.json`
 *
 * Replays a trajectory file (format `compass-golden/1`) with this project's Compass on the given
 * tfjs backend and prints `{ backend, cases: [{ name, trajectory }] }` as JSON to standard output.
 * cpu and wasm run in Node; webgl and webgpu in headless Chromium. `--unfused` uses the stock-op
 * rule instead of the fused kernel. Errors go to standard error with exit status 2 (bad arguments
 * or file, found before any backend loads) or 1 (the replay failed).
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { BACKEND_ORDER, type BackendName } from '../src/lib/compass/names.ts';
import { parseReplayFile, type ReplayFile, type ReplayOutput } from '../src/lib/compass/replay-format.ts';

const USAGE = `usage: npm run replay -- --backend <${BACKEND_ORDER.join('|')}> [--unfused] FILE.json`;

class UsageError extends Error {}

interface Arguments {
  backend: BackendName;
  path: string;
  fused: boolean;
}

function readArguments(argv: string[]): Arguments {
  let parsed;
  try {
    const options = { backend: { type: 'string' }, unfused: { type: 'boolean' } } as const;
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.backend === undefined) throw new UsageError('missing --backend');
  if (!BACKEND_ORDER.includes(values.backend as BackendName)) {
    throw new UsageError(`unknown backend "${values.backend}"; choose one of ${BACKEND_ORDER.join(', ')}`);
  }
  if (positionals.length !== 1) throw new UsageError(`expected exactly one FILE.json, got ${positionals.length}`);
  return { backend: values.backend as BackendName, path: positionals[0], fused: !values.unfused };
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

/** Loads tfjs (in Node or in Chromium) only now that the arguments and the file are known good. */
async function replay({ backend, fused }: Arguments, file: ReplayFile): Promise<ReplayOutput> {
  if (backend === 'cpu' || backend === 'wasm') {
    const { chooseBackend } = await import('../src/lib/compass/index.ts');
    const { replayFile } = await import('../src/lib/compass/replay.ts');
    await chooseBackend({ order: [backend] });
    return replayFile(file, { fused });
  }
  const { openHarness } = await import('../tools/compass-harness/session.ts');
  const harness = await openHarness();
  try {
    await harness.useBackend(backend);
    return await harness.replay(file, { fused });
  } finally {
    await harness.close();
  }
}

try {
  const args = readArguments(process.argv.slice(2));
  const output = await replay(args, readFile(args.path));
  process.stdout.write(`${JSON.stringify(output)}\n`);
} catch (error) {
  const usage = error instanceof UsageError;
  process.stderr.write(`replay: ${(error as Error).message}\n${usage ? `${USAGE}\n` : ''}`);
  process.exitCode = usage ? 2 : 1;
}
