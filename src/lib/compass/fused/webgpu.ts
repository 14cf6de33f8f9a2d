/**
 * The fused Compass step on tfjs's `webgpu` backend: ONE compute pass per variable that reads
 * `p, g, m, v` and writes the new `p, m, v` into three fresh buffers, 7 floats = 28 bytes per
 * parameter, the floor for this update (plus 48 bytes of coefficients per model, in a uniform
 * buffer).
 *
 * tfjs's own program model (`WebGPUProgram`, `runWebGPUProgram`) binds exactly one output buffer,
 * so this module writes its own WGSL and records the dispatch into the backend's command encoder
 * the way `recordAndSubmit` does (same compute pass, same deferred-submit batching, same
 * bookkeeping of buffers in flight). That touches the backend's internals, typed below as
 * {@link WebGPUBackendInternals}; they are those of `@tensorflow/tfjs-backend-webgpu` 4.22.0, the
 * exact version this project pins.
 */
import * as tf from '@tensorflow/tfjs';
import {
  COEFFICIENT_SLOTS,
  COMPASS_STEP_KERNEL,
  coefficientVec4s,
  float32Inputs,
  kernelCoefficients,
  registerFusedKernel,
  VEC4_PER_MODEL,
} from './kernel.ts';

/* Minimal WebGPU types: only what is used here (the DOM lib has no WebGPU types). */
interface GPUBindGroupLayout {
  readonly __brand: 'GPUBindGroupLayout';
}
interface GPUComputePipeline {
  getBindGroupLayout(index: number): GPUBindGroupLayout;
}
interface GPUComputePassEncoder {
  setPipeline(pipeline: GPUComputePipeline): void;
  setBindGroup(index: number, group: unknown): void;
  dispatchWorkgroups(x: number, y?: number, z?: number): void;
}
interface GPUDevice {
  createShaderModule(descriptor: { code: string; label?: string }): unknown;
  createComputePipeline(descriptor: { layout: 'auto'; compute: { module: unknown; entryPoint: string }; label?: string }): GPUComputePipeline;
  createBindGroup(descriptor: { layout: GPUBindGroupLayout; entries: { binding: number; resource: unknown }[] }): unknown;
  limits: { maxComputeWorkgroupsPerDimension: number };
}

/** The members of tfjs's WebGPU backend that the recording below uses (tfjs 4.22.0). */
interface WebGPUBackendInternals {
  device: GPUDevice;
  commandEncoder: { beginComputePass(descriptor: object): GPUComputePassEncoder } | null;
  computePassEncoder: GPUComputePassEncoder | null;
  commandQueueOwnedIds: WeakSet<object>;
  dispatchCountInPass: number;
  makeTensorInfo(shape: number[], dtype: 'float32'): tf.TensorInfo;
  uploadToGPU(dataId: object): void;
  tensorToBinding(info: tf.TensorInfo): unknown;
  makeUniforms(uniforms: { type: 'float32' | 'uint32'; data: number[] }[]): unknown;
  ensureCommandEncoderReady(): void;
  endComputePassEncoder(): void;
  submitQueue(): void;
}

const WORKGROUP_SIZE = 64;

/** Most models per call: their coefficients must fit a uniform buffer (48 bytes each, 64 KiB). */
const MAX_MODELS = 1024;

/**
 * The shader for `models` models. `T` is `vec4<f32>` when each model's size is a multiple of 4
 * (each invocation updates 4 elements, 16-byte loads and stores) and `f32` otherwise; WGSL's
 * arithmetic and `sqrt` work component-wise, so the rule reads the same either way. Model `b`'s
 * coefficients are `k.coefficients[VEC4_PER_MODEL * b ...]`.
 */
function shaderSource(vectorized: boolean, models: number): string {
  const T = vectorized ? 'vec4<f32>' : 'f32';
  const lets = COEFFICIENT_SLOTS.map(([name, offset, c]) => `let k_${name} = k.coefficients[base + ${offset}u].${c};`);
  return /* wgsl */ `
struct Step {
  size: u32,
  perModel: u32,
  coefficients: array<vec4<f32>, ${VEC4_PER_MODEL * models}>,
};
@group(0) @binding(0) var<storage, read> p: array<${T}>;
@group(0) @binding(1) var<storage, read> g: array<${T}>;
@group(0) @binding(2) var<storage, read> m: array<${T}>;
@group(0) @binding(3) var<storage, read> v: array<${T}>;
@group(0) @binding(4) var<storage, read_write> pOut: array<${T}>;
@group(0) @binding(5) var<storage, read_write> mOut: array<${T}>;
@group(0) @binding(6) var<storage, read_write> vOut: array<${T}>;
@group(0) @binding(7) var<uniform> k: Step;

@compute @workgroup_size(${WORKGROUP_SIZE})
fn main(@builtin(global_invocation_id) id: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let i = id.y * groups.x * ${WORKGROUP_SIZE}u + id.x;
  if (i >= k.size) { return; }
  let base = (i / k.perModel) * ${VEC4_PER_MODEL}u;
  ${lets.join('\n  ')}
  let pi = p[i];
  let grad = g[i] + k_l2 * pi;
  let mi = k_beta1 * m[i] + k_oneMinusBeta1 * grad;
  let gh = grad + k_ampFac * mi;
  let vi = k_beta2 * v[i] + k_oneMinusBeta2 * gh * gh;
  mOut[i] = mi;
  vOut[i] = vi;
  pOut[i] = pi * k_decayFactor - k_step * (gh / (sqrt(vi) / k_biasCorrection2Sqrt + k_epsilon));
}
`;
}

/** Compiled pipelines per device, by shader variant. */
const pipelines = new WeakMap<GPUDevice, Map<string, GPUComputePipeline>>();

function pipelineFor(device: GPUDevice, vectorized: boolean, models: number): GPUComputePipeline {
  let cache = pipelines.get(device);
  if (!cache) pipelines.set(device, (cache = new Map()));
  const key = `${vectorized ? 'vec4' : 'f32'}x${models}`;
  let pipeline = cache.get(key);
  if (!pipeline) {
    const module = device.createShaderModule({ code: shaderSource(vectorized, models), label: COMPASS_STEP_KERNEL });
    pipeline = device.createComputePipeline({ layout: 'auto', compute: { module, entryPoint: 'main' }, label: COMPASS_STEP_KERNEL });
    cache.set(key, pipeline);
  }
  return pipeline;
}

/** Workgroups as (x, y): x up to the device's per-dimension limit, y as many rows as needed. */
function workgroups(device: GPUDevice, invocations: number): [number, number] {
  const groups = Math.ceil(invocations / WORKGROUP_SIZE);
  const x = Math.min(groups, device.limits.maxComputeWorkgroupsPerDimension);
  return [x, Math.ceil(groups / x)];
}

const webgpuKernel: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const gpu = backend as unknown as WebGPUBackendInternals;
  const { coefficients, models } = kernelCoefficients(attrs);
  const ins = float32Inputs(inputs);
  const size = tf.util.sizeFromShape(ins[0].shape);
  const outs = [0, 1, 2].map(() => gpu.makeTensorInfo(ins[0].shape, 'float32'));
  if (size === 0) return outs;
  const vectorized = (size / models) % 4 === 0;
  const width = vectorized ? 4 : 1;
  const invocations = size / width;
  for (const info of [...ins, ...outs]) gpu.uploadToGPU(info.dataId);
  const vec4s = coefficientVec4s(coefficients);
  const uniforms = gpu.makeUniforms([
    { type: 'uint32', data: [invocations] },
    { type: 'uint32', data: [invocations / models] },
    ...Array.from({ length: vec4s.length / 4 }, (_, i) => ({ type: 'float32' as const, data: vec4s.slice(4 * i, 4 * i + 4) })),
  ]);
  const pipeline = pipelineFor(gpu.device, vectorized, models);
  const bindGroup = gpu.device.createBindGroup({
    layout: pipeline.getBindGroupLayout(0),
    entries: [...ins, ...outs].map((info, binding) => ({ binding, resource: gpu.tensorToBinding(info) })).concat({ binding: 7, resource: uniforms }),
  });
  // Buffers a queued command uses are released only after the queue is submitted.
  for (const info of [...ins, ...outs]) gpu.commandQueueOwnedIds.add(info.dataId);
  gpu.ensureCommandEncoderReady();
  gpu.computePassEncoder ??= gpu.commandEncoder!.beginComputePass({});
  gpu.computePassEncoder.setPipeline(pipeline);
  gpu.computePassEncoder.setBindGroup(0, bindGroup);
  gpu.computePassEncoder.dispatchWorkgroups(...workgroups(gpu.device, invocations));
  gpu.dispatchCountInPass++;
  if (gpu.dispatchCountInPass >= tf.env().getNumber('WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE')) {
    gpu.endComputePassEncoder();
    gpu.submitQueue();
  }
  return outs;
};

/** Registers the fused kernel for `webgpu`, for up to 1024 models per call. */
export function registerWebGPUKernel(): void {
  registerFusedKernel('webgpu', webgpuKernel, MAX_MODELS);
}
