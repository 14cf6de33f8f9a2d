/**
 * `npm run chunks` (after `npm run build`): every script and wasm chunk of the built site in
 * dist/_astro, its size raw and gzip, the libraries it holds and when a reader downloads it.
 *
 * - "holds": libraries recognised by strings that survive minification (tfjs flag names, option
 *   names); a chunk with none of them holds only our own code or Starlight's.
 * - "loaded": `page` when some page loads it before any interaction; otherwise the chain of lazy
 *   loads (`import()`, `new Worker(new URL(...))`, wasm fetched by path) that first reaches it,
 *   e.g. `notebook-ui › worker`: the page's script loads notebook-ui on the first Run or Edit,
 *   which starts the worker. A chunk nothing refers to is `unreferenced`.
 * Prints a Markdown table (gzip level 9, as the page budget test measures), pages' chunks first.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { measurePageJs } from '../tests/site/page-js.ts';
import { DIST, htmlFiles, requireBuild } from '../tests/site/built-site.ts';

const ASSETS = join(DIST, '_astro');
const CHUNK = /\.(?:js|wasm)$/;

/** A string only that library's code contains (flag names it registers, options only it reads). */
const SIGNATURES: [library: string, marker: string][] = [
  ['tfjs-core', 'DEPRECATION_WARNINGS_ENABLED'],
  ['tfjs-layers', 'TOPOLOGICAL_SORT_CACHE_MAX_ENTRIES'],
  ['tfjs-converter', 'KEEP_INTERMEDIATE_TENSORS'],
  ['webgl backend', 'WEBGL_VERSION'],
  // A flag only the backend reads: tfjs-core and the fused Compass kernel read other WEBGPU_ flags.
  ['webgpu backend', 'WEBGPU_USE_LOW_POWER_GPU'],
  ['wasm backend', 'WASM_HAS_SIMD_SUPPORT'],
  ['Plot', 'swatches legend requires'],
  ['linkedom', 'HTMLUnknownElement'],
  ['sucrase', 'enableLegacyTypeScriptModuleInterop'],
  ['CodeMirror', 'cm-editor'],
  ['DOMPurify', 'DOMPurify'],
  ['Pagefind UI', 'pagefind-ui__search-input'],
];

interface Chunk {
  name: string;
  bytes: number;
  gzipBytes: number;
  holds: string[];
  /** Names of chunks this one imports statically (they load with it). */
  staticRefs: string[];
  /** Names of chunks this one loads later, on demand. */
  lazyRefs: string[];
}

function readChunk(name: string, allNames: readonly string[]): Chunk {
  const content = readFileSync(join(ASSETS, name));
  const isScript = name.endsWith('.js');
  const text = isScript ? content.toString('utf8') : '';
  const referenced = isScript ? allNames.filter((other) => other !== name && text.includes(other)) : [];
  const escaped = (other: string) => other.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const isStatic = (other: string) => new RegExp(`(?:from|import)\\s*["'\`]\\./${escaped(other)}["'\`]`).test(text);
  return {
    name,
    bytes: content.length,
    gzipBytes: gzipSync(content, { level: 9 }).length,
    holds: isScript ? SIGNATURES.filter(([, marker]) => text.includes(marker)).map(([library]) => library) : [],
    staticRefs: referenced.filter(isStatic),
    lazyRefs: referenced.filter((other) => !isStatic(other)),
  };
}

/**
 * Chunk base name without its content hash: `worker-BdqQC7t1.js` -> `worker`; a wasm file keeps
 * its extension (`tfjs-backend-wasm.wasm`), apart from the script chunk of the same package.
 */
function shortName(name: string): string {
  return name.replace(/[.-][\w-]{5,8}\.(?:js|(wasm))$/, (_, wasm?: string) => (wasm ? '.wasm' : ''));
}

/**
 * When each chunk is first downloaded: breadth-first from the chunks pages load before
 * interaction, where a static import costs nothing and each lazy load adds one step to the chain.
 */
function loadChains(chunks: Map<string, Chunk>, pageChunks: Set<string>): Map<string, string[]> {
  const chains = new Map<string, string[]>();
  let frontier = [...pageChunks].map((name) => ({ name, chain: [] as string[] }));
  while (frontier.length > 0) {
    const lazy: typeof frontier = [];
    while (frontier.length > 0) {
      const { name, chain } = frontier.shift()!;
      if (chains.has(name) || !chunks.has(name)) continue;
      chains.set(name, chain);
      const chunk = chunks.get(name)!;
      frontier.push(...chunk.staticRefs.map((next) => ({ name: next, chain })));
      lazy.push(...chunk.lazyRefs.map((next) => ({ name: next, chain: [...chain, shortName(next)] })));
    }
    frontier = lazy;
  }
  return chains;
}

export interface ChunkReport extends Chunk {
  /** Short name without hash, e.g. `worker`. */
  label: string;
  /** Lazy loads that first reach it (`[]`: with the page); undefined when nothing refers to it. */
  chain: string[] | undefined;
}

/** Every chunk of the build in `dist/`, pages' chunks first, then by load chain. */
export function analyseChunks(): ChunkReport[] {
  requireBuild();
  const names = readdirSync(ASSETS).filter((name) => CHUNK.test(name)).sort();
  const chunks = new Map(names.map((name) => [name, readChunk(name, names)]));
  const pageChunks = new Set(
    htmlFiles().flatMap((file) => measurePageJs(DIST, join(DIST, file)).modules.map((path) => path.replace(/^\/_astro\//, ''))),
  );
  const chains = loadChains(chunks, pageChunks);
  const reports = [...chunks.values()].map((chunk) => ({ ...chunk, label: shortName(chunk.name), chain: chains.get(chunk.name) }));
  const depth = (report: ChunkReport) => report.chain?.length ?? Infinity;
  return reports.sort((a, b) => depth(a) - depth(b) || loadedWhen(a).localeCompare(loadedWhen(b)) || b.gzipBytes - a.gzipBytes);
}

/** `page`, `unreferenced` or the lazy chain, e.g. `notebook-ui › worker`. */
export function loadedWhen(report: ChunkReport): string {
  if (!report.chain) return 'unreferenced';
  return report.chain.length === 0 ? 'page' : report.chain.join(' › ');
}

function main(): void {
  const kb = (bytes: number) => (bytes / 1024).toFixed(1);
  console.log('| chunk | raw KB | gzip KB | holds | loaded |');
  console.log('|---|---:|---:|---|---|');
  for (const chunk of analyseChunks()) {
    console.log(`| ${chunk.label} | ${kb(chunk.bytes)} | ${kb(chunk.gzipBytes)} | ${chunk.holds.join(', ')} | ${loadedWhen(chunk)} |`);
  }
}

if (import.meta.main) main();
