/**
 * Fused Compass kernels: importing this module registers the `CompassStep` kernel for `webgpu`
 * (one pass), `webgl` (three passes), `wasm` and `cpu` (one loop). See `./kernel.ts` for the call.
 */
import { registerCpuKernels } from './cpu.ts';
import { registerWebGLKernel } from './webgl.ts';
import { registerWebGPUKernel } from './webgpu.ts';

registerWebGPUKernel();
registerWebGLKernel();
registerCpuKernels();

export {
  COMPASS_STEP_KERNEL,
  fusable,
  fusedCompassStep,
  hasFusedKernel,
  flatCoefficients,
  runCompassStep,
} from './kernel.ts';
