/**
 * The fused Compass step on tfjs's `webgl` backend. A WebGL program (a fragment shader drawing
 * into one texture) has exactly one output, so the step takes three passes over unpacked
 * float textures, each computing one of the new tensors from its inputs:
 *
 * | pass | reads           | writes | bytes per parameter |
 * |------|-----------------|--------|---------------------|
 * | m    | g, m (+p for L2)| m'     | 12 (16)             |
 * | v    | g, m', v (+p)   | v'     | 16 (20)             |
 * | p    | p, g, m', v'    | p'     | 20                  |
 *
 * 48 bytes per parameter in all (56 with L2), against the floor of 28 and the stock ops' ~150.
 * Packing m and v into one RGBA texture would save one read of g and m' but makes the moments a
 * single tensor of another layout and, for the 1-D variables typical here, tfjs's 2x2 packed
 * texels leave half of every texel empty; it is not done.
 *
 * Inputs that tfjs holds as packed textures (a gradient straight from a packed matMul, say) are
 * unpacked once, not once per pass. The backend members used are those of
 * `@tensorflow/tfjs-backend-webgl` 4.22.0, the version this project pins.
 */
import * as tf from '@tensorflow/tfjs';
import {
  COEFFICIENT_SLOTS,
  COEFFICIENTS_PER_MODEL,
  coefficientVec4s,
  FUSED_COEFFICIENTS,
  float32Inputs,
  kernelCoefficients,
  registerFusedKernel,
  VEC4_PER_MODEL,
} from './kernel.ts';

/** Most models per call: 3 vec4 uniforms each, within WebGL2's minimum of 224 fragment uniform vectors. */
const MAX_MODELS = 48;

/** A program in tfjs's `GPGPUProgram` form. */
interface CompassPass {
  variableNames: string[];
  outputShape: number[];
  userCode: string;
  customUniforms: { name: string; type: 'vec4'; arrayIndex: number }[];
}

/** The members of tfjs's WebGL backend used here (tfjs 4.22.0). */
interface WebGLBackendInternals {
  texData: { get(dataId: object): { isPacked?: boolean } };
  runWebGLProgram(program: CompassPass, inputs: tf.TensorInfo[], dtype: 'float32', uniformValues: number[][]): tf.TensorInfo;
  unpackTensor(info: tf.TensorInfo): tf.TensorInfo;
  disposeIntermediateTensorInfo(info: tf.TensorInfo): void;
}

/**
 * A pass over the `[models, perModel]` view of the tensors: model `b` is output row `b`, and its
 * coefficients are the uniform vec4s `K[3b ...]`, bound to `k_<name>` locals.
 */
function pass(shape: [number, number], variableNames: string[], body: string): CompassPass {
  const lets = COEFFICIENT_SLOTS.map(([name, offset, c]) => `float k_${name} = K[base + ${offset}].${c};`);
  return {
    variableNames,
    outputShape: shape,
    customUniforms: [{ name: 'K', type: 'vec4', arrayIndex: VEC4_PER_MODEL * shape[0] }],
    userCode: `void main() {
  int base = getOutputCoords().x * ${VEC4_PER_MODEL};
  ${lets.join('\n  ')}
${body}
}`,
  };
}

/** The gradient in GLSL, with the L2 term when it is on. */
function gradient(withL2: boolean): string {
  return withL2 ? 'getGAtOutCoords() + k_l2 * getPAtOutCoords()' : 'getGAtOutCoords()';
}

/** The three passes of one step; the P input of the first two only when L2 is on. */
function compassPasses(shape: [number, number], withL2: boolean) {
  const p = withL2 ? ['P'] : [];
  return {
    m: pass(shape, ['G', 'M', ...p], `
  float grad = ${gradient(withL2)};
  setOutput(k_beta1 * getMAtOutCoords() + k_oneMinusBeta1 * grad);`),
    v: pass(shape, ['G', 'M', 'V', ...p], `
  float gh = ${gradient(withL2)} + k_ampFac * getMAtOutCoords();
  setOutput(k_beta2 * getVAtOutCoords() + k_oneMinusBeta2 * gh * gh);`),
    p: pass(shape, ['P', 'G', 'M', 'V'], `
  float p = getPAtOutCoords();
  float gh = ${gradient(withL2)} + k_ampFac * getMAtOutCoords();
  float denom = sqrt(getVAtOutCoords()) / k_biasCorrection2Sqrt + k_epsilon;
  setOutput(p * k_decayFactor - k_step * (gh / denom));`),
  };
}

const L2_INDEX = FUSED_COEFFICIENTS.indexOf('l2');

/** Whether any model's L2 coefficient is non-zero. */
function hasL2(coefficients: readonly number[]): boolean {
  for (let at = L2_INDEX; at < coefficients.length; at += COEFFICIENTS_PER_MODEL) if (coefficients[at] !== 0) return true;
  return false;
}

const webglKernel: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const gl = backend as unknown as WebGLBackendInternals;
  const { coefficients, models } = kernelCoefficients(attrs);
  const given = float32Inputs(inputs);
  const shape = given[0].shape;
  // Unpacked textures take any logical shape of their size for free (as tfjs's own reshape does).
  const view: [number, number] = [models, tf.util.sizeFromShape(shape) / models];
  const unpacked = given.map((info) => (gl.texData.get(info.dataId).isPacked ? gl.unpackTensor(info) : info));
  const [p, g, m, v] = unpacked.map((info) => ({ ...info, shape: view }));
  const passes = compassPasses(view, hasL2(coefficients));
  const uniforms = [coefficientVec4s(coefficients)];
  const run = (program: CompassPass, programInputs: tf.TensorInfo[]) =>
    gl.runWebGLProgram(program, programInputs.slice(0, program.variableNames.length), 'float32', uniforms);
  const mNext = run(passes.m, [g, m, p]);
  const vNext = run(passes.v, [g, mNext, v, p]);
  const pNext = run(passes.p, [p, g, mNext, vNext]);
  for (const [i, info] of unpacked.entries()) if (info !== given[i]) gl.disposeIntermediateTensorInfo(info);
  return [pNext, mNext, vNext].map((info) => ({ ...info, shape }));
};

/** Registers the fused kernel for `webgl`, for up to 48 models per call. */
export function registerWebGLKernel(): void {
  registerFusedKernel('webgl', webglKernel, MAX_MODELS);
}
