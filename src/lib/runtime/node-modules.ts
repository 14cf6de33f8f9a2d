/**
 * The modules a notebook's preamble may import, for Node (headless runner, tests): tfjs on its
 * wasm backend (cpu if wasm cannot start), Plot drawing into linkedom, Compass, the cell API.
 */
import * as tf from '@tensorflow/tfjs';
import * as Plot from '@observablehq/plot';
import * as compass from '../compass/index.ts';
import * as cellApi from './cell-api.ts';
import { plotWithDocument } from './plot-document.ts';
import type { ModuleName } from './parse.ts';

export interface NodeKernelModules {
  modules: Record<ModuleName, object>;
  backend: compass.BackendName;
  refused: compass.RefusedBackend[];
}

export async function nodeKernelModules(): Promise<NodeKernelModules> {
  const { backend, refused } = await compass.chooseBackend({ order: ['wasm', 'cpu'] });
  return { modules: { tf, plot: plotWithDocument(Plot), compass, cellApi }, backend, refused };
}
