/** `npm run replay`: prints trajectories that agree with the reference; bad arguments get clear errors. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { disagreements, GOLDEN_PATH, loadGolden } from './agreement.ts';

const SCRIPT = fileURLToPath(new URL('../../scripts/replay.ts', import.meta.url));
const FIXTURE = fileURLToPath(GOLDEN_PATH);

function replay(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [SCRIPT, ...args], { timeout: 55_000, maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

test('replaying the fixture on wasm (stock-op rule) prints trajectories that agree with the reference', async () => {
  const { code, stdout, stderr } = await replay('--backend', 'wasm', '--unfused', FIXTURE);
  assert.equal(code, 0, stderr);
  const output = JSON.parse(stdout);
  assert.equal(output.backend, 'wasm');
  assert.deepEqual(disagreements(output, loadGolden()).slice(0, 10), []);
});

test('a file without expected fields replays too (webgpu, in Chromium)', async () => {
  const golden = loadGolden();
  const cases = golden.cases.slice(1, 3).map(({ expected, expected_float32, ...rest }) => rest);
  const folder = mkdtempSync(join(tmpdir(), 'replay-test-'));
  try {
    const path = join(folder, 'unseen.json');
    writeFileSync(path, JSON.stringify({ format: golden.format, cases }));
    const { code, stdout, stderr } = await replay('--backend', 'webgpu', path);
    assert.equal(code, 0, stderr);
    const output = JSON.parse(stdout);
    assert.equal(output.backend, 'webgpu');
    assert.deepEqual(output.cases.map((c: { name: string }) => c.name), cases.map((c) => c.name));
    assert.deepEqual(disagreements(output, { ...golden, cases: golden.cases.slice(1, 3) }).slice(0, 10), []);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

test('bad arguments and bad files exit with status 2 and say what is wrong', async () => {
  const folder = mkdtempSync(join(tmpdir(), 'replay-test-'));
  try {
    const wrongFormat = join(folder, 'wrong.json');
    writeFileSync(wrongFormat, JSON.stringify({ format: 'other/1', cases: [] }));
    const notJson = join(folder, 'not.json');
    writeFileSync(notJson, '{ cases: ');
    const cases: [string[], RegExp][] = [
      [[FIXTURE], /missing --backend/],
      [['--backend', 'tpu', FIXTURE], /unknown backend "tpu"; choose one of webgpu, webgl, wasm, cpu/],
      [['--backend', 'cpu'], /expected exactly one FILE.json, got 0/],
      [['--backend', 'cpu', '--steps', '3', FIXTURE], /Unknown option '--steps'/],
      [['--backend', 'cpu', join(folder, 'absent.json')], /cannot read .*absent\.json/],
      [['--backend', 'cpu', notJson], /not\.json: .*JSON/],
      [['--backend', 'cpu', wrongFormat], /format must be "compass-golden\/1"; got "other\/1"/],
    ];
    const results = await Promise.all(cases.map(([args]) => replay(...args)));
    cases.forEach(([args, message], i) => {
      const { code, stdout, stderr } = results[i];
      assert.equal(code, 2, `${args.join(' ')}: ${stderr}`);
      assert.equal(stdout, '');
      assert.match(stderr, message);
      assert.match(stderr, /usage: npm run replay -- --backend <webgpu\|webgl\|wasm\|cpu> \[--unfused\] FILE\.json/);
    });
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});
