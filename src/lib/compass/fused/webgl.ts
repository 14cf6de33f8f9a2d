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
import { COMPASS_STEP_KERNEL, float32Inputs, type FusedCoefficients } from './kernel.ts';

type Coefficient = keyof FusedCoefficients;

/** A program in tfjs's `GPGPUProgram` form, plus the coefficients its uniforms take. */
interface CompassPass {
  variableNames: string[];
  outputShape: number[];
  userCode: string;
  customUniforms: { name: string; type: 'float' }[];
  coefficients: Coefficient[];
}

/** The members of tfjs's WebGL backend used here (tfjs 4.22.0). */
interface WebGLBackendInternals {
  texData: { get(dataId: object): { isPacked?: boolean } };
  runWebGLProgram(program: CompassPass, inputs: tf.TensorInfo[], dtype: 'float32', uniformValues: number[][]): tf.TensorInfo;
  unpackTensor(info: tf.TensorInfo): tf.TensorInfo;
  disposeIntermediateTensorInfo(info: tf.TensorInfo): void;
}

/** GLSL name of a coefficient's uniform (prefixed: `step` is also a GLSL built-in). */
const k = (name: Coefficient) => `k_${name}`;

/** The gradient in GLSL, with the L2 term when it is on. */
function gradient(withL2: boolean): string {
  return withL2 ? `getGAtOutCoords() + ${k('l2')} * getPAtOutCoords()` : 'getGAtOutCoords()';
}

function pass(shape: number[], variableNames: string[], coefficients: Coefficient[], body: string): CompassPass {
  return {
    variableNames,
    outputShape: shape,
    customUniforms: coefficients.map((name) => ({ name: k(name), type: 'float' })),
    coefficients,
    userCode: `void main() {\n${body}\n}`,
  };
}

/** The three passes of one step, for a parameter of `shape`; the P input only when L2 is on. */
function compassPasses(shape: number[], withL2: boolean) {
  const l2: Coefficient[] = withL2 ? ['l2'] : [];
  const p = withL2 ? ['P'] : [];
  return {
    m: pass(shape, ['G', 'M', ...p], [...l2, 'beta1', 'oneMinusBeta1'], `
  float grad = ${gradient(withL2)};
  setOutput(${k('beta1')} * getMAtOutCoords() + ${k('oneMinusBeta1')} * grad);`),
    v: pass(shape, ['G', 'M', 'V', ...p], [...l2, 'ampFac', 'beta2', 'oneMinusBeta2'], `
  float gh = ${gradient(withL2)} + ${k('ampFac')} * getMAtOutCoords();
  setOutput(${k('beta2')} * getVAtOutCoords() + ${k('oneMinusBeta2')} * gh * gh);`),
    p: pass(shape, ['P', 'G', 'M', 'V'], [...l2, 'ampFac', 'step', 'biasCorrection2Sqrt', 'epsilon', 'decayFactor'], `
  float p = getPAtOutCoords();
  float gh = ${gradient(withL2)} + ${k('ampFac')} * getMAtOutCoords();
  float denom = sqrt(getVAtOutCoords()) / ${k('biasCorrection2Sqrt')} + ${k('epsilon')};
  setOutput(p * ${k('decayFactor')} - ${k('step')} * (gh / denom));`),
  };
}

const webglKernel: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const gl = backend as unknown as WebGLBackendInternals;
  const coefficients = attrs as unknown as FusedCoefficients;
  const given = float32Inputs(inputs);
  const [p, g, m, v] = given.map((info) => (gl.texData.get(info.dataId).isPacked ? gl.unpackTensor(info) : info));
  const passes = compassPasses(given[0].shape, coefficients.l2 !== 0);
  const run = (program: CompassPass, programInputs: tf.TensorInfo[]) =>
    gl.runWebGLProgram(program, programInputs.slice(0, program.variableNames.length), 'float32', program.coefficients.map((name) => [coefficients[name]]));
  const mNext = run(passes.m, [g, m, p]);
  const vNext = run(passes.v, [g, mNext, v, p]);
  const pNext = run(passes.p, [p, g, mNext, vNext]);
  for (const [i, info] of [p, g, m, v].entries()) if (info !== given[i]) gl.disposeIntermediateTensorInfo(info);
  return [pNext, mNext, vNext];
};

/** Registers the fused kernel for `webgl`. */
export function registerWebGLKernel(): void {
  tf.registerKernel({ kernelName: COMPASS_STEP_KERNEL, backendName: 'webgl', kernelFunc: webglKernel });
}
