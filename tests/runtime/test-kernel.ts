/**
 * A kernel for runtime tests: the real Node modules (tfjs wasm, Plot on linkedom), one notebook
 * preamble, every event recorded. Call `loadKernelModules()` in a `before` hook first.
 */
import { Kernel, type KernelEvent } from '../../src/lib/runtime/kernel.ts';
import { nodeKernelModules, type NodeKernelModules } from '../../src/lib/runtime/node-modules.ts';
import { parseNotebook } from '../../src/lib/runtime/parse.ts';
import { createTranslator } from '../../src/lib/runtime/i18n.ts';
import type { Lang } from '../../src/lib/runtime/outputs.ts';

let loaded: NodeKernelModules | undefined;

/** Loads (once) the modules notebooks get in Node. */
export async function loadKernelModules(): Promise<NodeKernelModules> {
  loaded ??= await nodeKernelModules();
  return loaded;
}

/** A kernel whose notebook has `preamble` as its import lines, with its recorded events. */
export function testKernel(preamble: string, lang: Lang = 'en') {
  if (!loaded) throw new Error('call loadKernelModules() in a before hook first');
  const events: KernelEvent[] = [];
  const kernel = new Kernel({
    modules: loaded.modules,
    imports: parseNotebook(`${preamble}// %% [x]\n`).imports,
    lang,
    t: createTranslator(lang),
    onEvent: (event) => events.push(event),
  });
  const started = () => events.filter((e) => e.type === 'start').map((e) => e.cell);
  const outputs = (cell: string) =>
    events.filter((e): e is Extract<KernelEvent, { type: 'output' }> => e.type === 'output' && e.cell === cell).map((e) => e.output);
  return { kernel, events, started, outputs };
}
