/**
 * Browser side of the Compass harness: a page that switches tfjs backends, replays trajectory
 * files and times optimizer steps on request from Node (through Playwright's `page.evaluate`).
 */
import * as tf from '@tensorflow/tfjs';
import { chooseBackend, type BackendChoice, type BackendName, type RefusedBackend } from '../../src/lib/compass/index.ts';
import { parseReplayFile, type ReplayOutput } from '../../src/lib/compass/replay-format.ts';
import { replayFile, type ReplayOptions } from '../../src/lib/compass/replay.ts';
import { benchCase, type BenchCase, type BenchTiming } from '../../bench/step-timing.ts';

/** What the harness page offers to Node, as `window.compassHarness`. */
export interface CompassHarness {
  /** Makes `backend` active; returns what tfjs reports afterwards and why others were refused. */
  useBackend(backend: BackendName): Promise<{ active: string; refused: RefusedBackend[] }>;
  /** Runs `chooseBackend()` with its default order, as the site does. */
  chooseDefault(): Promise<BackendChoice>;
  /** Replays a trajectory file (parsed JSON) on the active backend. */
  replay(file: unknown, options?: ReplayOptions): Promise<ReplayOutput>;
  /** Times one bench case on the active backend. */
  bench(c: BenchCase): Promise<BenchTiming>;
  /** The renderer behind WebGL2 and the WebGPU adapter, as the browser names them. */
  describeDevices(): Promise<{ webgl: string; webgpu: string }>;
}

interface AdapterInfo {
  vendor?: string;
  architecture?: string;
  description?: string;
}

function webglRenderer(): string {
  const gl = document.createElement('canvas').getContext('webgl2');
  if (!gl) return 'no WebGL2 context';
  const debug = gl.getExtension('WEBGL_debug_renderer_info');
  return String(gl.getParameter(debug ? debug.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
}

async function webgpuAdapter(): Promise<string> {
  const gpu = (navigator as { gpu?: { requestAdapter(): Promise<{ info?: AdapterInfo } | null> } }).gpu;
  const adapter = await gpu?.requestAdapter();
  if (!adapter) return 'no WebGPU adapter';
  const { vendor, architecture, description } = adapter.info ?? {};
  return [vendor, architecture, description].filter(Boolean).join(' / ') || 'unnamed adapter';
}

const harness: CompassHarness = {
  async useBackend(backend) {
    const { refused } = await chooseBackend({ order: [backend] });
    return { active: tf.getBackend(), refused };
  },
  chooseDefault: () => chooseBackend(),
  replay: (file, options) => replayFile(parseReplayFile(file), options),
  bench: (c) => benchCase(c),
  describeDevices: async () => ({ webgl: webglRenderer(), webgpu: await webgpuAdapter() }),
};

(globalThis as { compassHarness?: CompassHarness }).compassHarness = harness;
