/**
 * The fused Compass step for the CPU backends, `cpu` (plain JavaScript) and `wasm`: one loop over
 * the elements that reads `p, g, m, v` and writes the new `p, m, v` once each, 28 bytes per
 * parameter (the floor), where the stock ops make a new array per op. On `wasm` the loop runs in
 * JavaScript over views of the WebAssembly heap, so no data is copied in or out.
 */
import * as tf from '@tensorflow/tfjs';
import { COMPASS_STEP_KERNEL, float32Inputs, type FusedCoefficients } from './kernel.ts';

type Floats = Float32Array;

/**
 * The rule of `compassRule`, element by element (intermediates in float64, stored as float32):
 * writes the new parameter, first and second moment of every element into the `*Out` arrays.
 */
export function compassLoop(p: Floats, g: Floats, m: Floats, v: Floats, pOut: Floats, mOut: Floats, vOut: Floats, k: FusedCoefficients): void {
  const { l2, beta1, oneMinusBeta1, ampFac, beta2, oneMinusBeta2, step, biasCorrection2Sqrt, epsilon, decayFactor } = k;
  for (let i = 0; i < p.length; i++) {
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

const cpuKernel: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const cpu = backend as unknown as CpuBackend;
  const infos = float32Inputs(inputs);
  const [p, g, m, v] = infos.map((info) => cpu.data.get(info.dataId).values);
  const out = [new Float32Array(p.length), new Float32Array(p.length), new Float32Array(p.length)];
  compassLoop(p, g, m, v, out[0], out[1], out[2], attrs as unknown as FusedCoefficients);
  return out.map((values) => cpu.makeTensorInfo(infos[0].shape, 'float32', values));
};

const wasmKernel: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const wasm = backend as unknown as WasmBackend;
  const infos = float32Inputs(inputs);
  const outputs = [0, 1, 2].map(() => wasm.makeOutput(infos[0].shape, 'float32'));
  // Views taken after every allocation: an allocation may grow (and so move) the heap.
  const [p, g, m, v, pOut, mOut, vOut] = [...infos, ...outputs].map((info) => wasm.typedArrayFromHeap(info));
  compassLoop(p, g, m, v, pOut, mOut, vOut, attrs as unknown as FusedCoefficients);
  return outputs;
};

/** Registers the fused kernel for `cpu` and `wasm`. */
export function registerCpuKernels(): void {
  tf.registerKernel({ kernelName: COMPASS_STEP_KERNEL, backendName: 'cpu', kernelFunc: cpuKernel });
  tf.registerKernel({ kernelName: COMPASS_STEP_KERNEL, backendName: 'wasm', kernelFunc: wasmKernel });
}
