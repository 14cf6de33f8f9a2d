/**
 * The fused Compass step for the CPU backends, `cpu` (plain JavaScript) and `wasm`: one loop over
 * the elements that reads `p, g, m, v` and writes the new `p, m, v` once each, 28 bytes per
 * parameter (the floor), where the stock ops make a new array per op. On `wasm` the loop runs in
 * JavaScript over views of the WebAssembly heap, so no data is copied in or out.
 */
import * as tf from '@tensorflow/tfjs';
import { COEFFICIENTS_PER_MODEL, float32Inputs, kernelCoefficients, registerFusedKernel } from './kernel.ts';

type Floats = Float32Array;

/** The seven arrays of one step: inputs `p, g, m, v`, then outputs `pOut, mOut, vOut`. */
type StepArrays = [Floats, Floats, Floats, Floats, Floats, Floats, Floats];

/**
 * The rule of `compassRule`, element by element (intermediates in float64, stored as float32),
 * over elements `start` to `end - 1` with the coefficients at `k[at ...]` (in
 * `FUSED_COEFFICIENTS` order): writes the new parameter and moments into the outputs.
 */
export function compassLoop([p, g, m, v, pOut, mOut, vOut]: StepArrays, k: readonly number[], at: number, start: number, end: number): void {
  const [l2, beta1, oneMinusBeta1, ampFac, beta2, oneMinusBeta2, step, biasCorrection2Sqrt, epsilon, decayFactor] = k.slice(at, at + COEFFICIENTS_PER_MODEL);
  for (let i = start; i < end; i++) {
    const grad = g[i] + l2 * p[i];
    const mi = beta1 * m[i] + oneMinusBeta1 * grad;
    const gh = grad + ampFac * mi;
    const vi = beta2 * v[i] + oneMinusBeta2 * gh * gh;
    mOut[i] = mi;
    vOut[i] = vi;
    pOut[i] = p[i] * decayFactor - (step * gh) / (Math.sqrt(vi) / biasCorrection2Sqrt + epsilon);
  }
}

/** The part of tfjs's `cpu` backend this kernel uses. */
interface CpuBackend {
  data: { get(dataId: object): { values: Floats } };
  makeTensorInfo(shape: number[], dtype: 'float32', values: Floats): tf.TensorInfo;
}

/** The part of tfjs's `wasm` backend this kernel uses. */
interface WasmBackend {
  makeOutput(shape: number[], dtype: 'float32'): tf.TensorInfo;
  typedArrayFromHeap(info: tf.TensorInfo): Floats;
}

/** Runs the loop for each model over its slice of the arrays. */
function compassLoops(arrays: StepArrays, attrs: tf.NamedAttrMap | undefined): void {
  const { coefficients, models } = kernelCoefficients(attrs);
  const perModel = arrays[0].length / models;
  for (let b = 0; b < models; b++) compassLoop(arrays, coefficients, b * COEFFICIENTS_PER_MODEL, b * perModel, (b + 1) * perModel);
}

const cpuKernel: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const cpu = backend as unknown as CpuBackend;
  const infos = float32Inputs(inputs);
  const ins = infos.map((info) => cpu.data.get(info.dataId).values);
  const out = [0, 1, 2].map(() => new Float32Array(ins[0].length));
  compassLoops([...ins, ...out] as StepArrays, attrs);
  return out.map((values) => cpu.makeTensorInfo(infos[0].shape, 'float32', values));
};

const wasmKernel: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const wasm = backend as unknown as WasmBackend;
  const infos = float32Inputs(inputs);
  const outputs = [0, 1, 2].map(() => wasm.makeOutput(infos[0].shape, 'float32'));
  // Views taken after every allocation: an allocation may grow (and so move) the heap.
  compassLoops([...infos, ...outputs].map((info) => wasm.typedArrayFromHeap(info)) as StepArrays, attrs);
  return outputs;
};

/** Registers the fused kernel for `cpu` and `wasm`, for any number of models per call. */
export function registerCpuKernels(): void {
  registerFusedKernel('cpu', cpuKernel, Infinity);
  registerFusedKernel('wasm', wasmKernel, Infinity);
}
