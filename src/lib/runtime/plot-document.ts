/**
 * Observable Plot inside the worker and in Node: Plot builds figures with a DOM `document`, which
 * neither has. The runtime gives cells a Plot whose `plot()` and `legend()` use a linkedom document
 * (the figure's outerHTML then travels as a string to be sanitised). Plot cannot run on the main
 * thread instead: figure specifications hold functions (tick formats, channels) that cannot be sent
 * across the worker boundary. linkedom is ~107 KB gzip, loaded (with Plot, in parallel with the
 * backend) on the first Run of a notebook that imports Plot.
 * No global `document` is set, so tfjs's WebGL backend still takes its OffscreenCanvas path.
 */
import { parseHTML } from 'linkedom';
import type * as PlotTypes from '@observablehq/plot';

type PlotModule = typeof PlotTypes;

/** Plot with `document` defaulted to a server-side DOM; every other export unchanged. */
export function plotWithDocument(plot: PlotModule): PlotModule {
  const { document } = parseHTML('<!doctype html><html><head></head><body></body></html>');
  const withDocument = { document: document as unknown as Document };
  return {
    ...plot,
    plot: (options = {}) => plot.plot({ ...withDocument, ...options }),
    legend: (options = {}) => plot.legend({ ...withDocument, ...options }),
  } as PlotModule;
}
