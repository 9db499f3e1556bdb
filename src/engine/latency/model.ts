/**
 * The latency cost model: a network's predicted latency is the sum of its timed layers' latencies, each read off
 * its surface over (input channels, output channels) at the channel counts the widths give it; the gradient follows
 * by the chain rule through the channel expressions (a padded residual trunk, a concat, a flatten).
 */
import type { ModelAnalysis } from '../../model/analyze.js';
import { derivative, evaluate, type Widths } from '../../model/channels.js';
import type { CostModel } from '../cost/costModel.js';
import { gridOutChannels, layerGrids, type LayerGrid } from './grid.js';
import { layerSignature, timedLayers, timingInputShape, type TimedLayer } from './layers.js';
import { evaluateSurface, monotoneValues, type Surface } from './surface.js';
import type { LatencyTableFile } from './tableFile.js';

export interface LayerLatency {
  readonly layer: string;
  readonly type: string;
  readonly ms: number;
}

export interface LatencyCostModel extends CostModel {
  readonly kind: 'latency';
  readonly unit: 'ms';
  readonly table: LatencyTableFile;
  /** Every timed layer's predicted latency at `widths`, in graph order. */
  layerLatencies(widths: Widths): LayerLatency[];
}

interface LayerModel {
  readonly layer: TimedLayer;
  readonly surface: Surface;
}

/**
 * The model over `table`, whose entries must cover every grid point of every timed layer (as `buildLatencyTable`
 * makes them; `minWidth` must be the one the table was built with). Throws naming the first missing entry.
 */
export function latencyCostModel(analysis: ModelAnalysis, table: LatencyTableFile, minWidth: number, source = 'the latency table'): LatencyCostModel {
  const models = layerGrids(analysis, timedLayers(analysis), minWidth).map((g) => ({ layer: g.layer, surface: surfaceOf(g, table, source) }));
  const each = (widths: Widths) => models.map((m) => ({ m, point: pointOf(m, widths) }));
  return {
    kind: 'latency',
    unit: 'ms',
    table,
    total: (widths) => each(widths).reduce((acc, { point }) => acc + point.value, 0),
    gradient: (widths) => gradientOf(analysis, models, widths),
    layerLatencies: (widths) => each(widths).map(({ m, point }) => ({ layer: m.layer.node.name, type: m.layer.node.type, ms: point.value })),
  };
}

function surfaceOf(grid: LayerGrid, table: LatencyTableFile, source: string): Surface {
  const outs = grid.outChannels.length > 0 ? grid.outChannels : [0];
  const values = grid.inChannels.map((cin) =>
    outs.map((cout) => {
      const signature = layerSignature(grid.layer.node, timingInputShape(grid.layer, cin), gridOutChannels(grid, cin, cout));
      const ms = table.entries[signature];
      if (ms === undefined) {
        throw new Error(`${source} has no timing for '${signature}' (layer '${grid.layer.node.name}')`);
      }
      return ms;
    }),
  );
  return { xs: grid.inChannels, ys: outs, values: monotoneValues(values) };
}

function pointOf(m: LayerModel, widths: Widths) {
  const cin = evaluate(m.layer.inChannels, widths);
  const cout = m.layer.followsInput ? 0 : evaluate(m.layer.outChannels, widths);
  return evaluateSurface(m.surface, cin, cout);
}

function gradientOf(analysis: ModelAnalysis, models: readonly LayerModel[], widths: Widths): Record<string, number> {
  const out = new Map<string, number>();
  const add = (weight: number, partials: Map<string, number>) => {
    if (weight !== 0) {
      partials.forEach((d, name) => out.set(name, (out.get(name) ?? 0) + weight * d));
    }
  };
  for (const m of models) {
    const point = pointOf(m, widths);
    add(point.dx, derivative(m.layer.inChannels, widths));
    if (!m.layer.followsInput) {
      add(point.dy, derivative(m.layer.outChannels, widths));
    }
  }
  return Object.fromEntries(analysis.graph.widths.map((w) => [w.name, out.get(w.name) ?? 0]));
}
