/** Numbers for people and tools: per-layer and total MACs and parameters at a width assignment. */
import { outChannels, type ModelAnalysis } from './analyze.js';
import { accumulateGradient, evaluateTerms } from './cost.js';
import type { Widths } from './channels.js';

export interface LayerSummary {
  readonly name: string;
  readonly type: string;
  /** Output channels (units for dense layers); null when the shape could not be inferred. */
  readonly outChannels: number | null;
  /** Output shape `[H, W, C]`, or `[C]` once flat; null when unknown. */
  readonly outputShape: number[] | null;
  readonly macs: number;
  /** Trainable parameters (kernels, biases, batch-norm gamma/beta). */
  readonly params: number;
  /** Batch-norm moving statistics. */
  readonly nonTrainableParams: number;
  /** Whether the search may change this layer's output width. */
  readonly searchable: boolean;
  /** Coupling group of the layer's output width, or null when the layer has none of its own. */
  readonly group: string | null;
}

export interface ModelSummary {
  readonly model: string;
  readonly input: [number, number, number];
  readonly totalMacs: number;
  readonly totalParams: number;
  readonly nonTrainableParams: number;
  readonly layers: LayerSummary[];
}

/** Summary at `widths` (default: the widths written in the file). */
export function summarize(analysis: ModelAnalysis, widths: Widths = analysis.widths): ModelSummary {
  const searchableGroups = new Set(analysis.groups.filter((g) => g.searchable).map((g) => g.id));
  const layers = analysis.layers.map((l): LayerSummary => {
    const channels = outChannels(l, widths);
    return {
      name: l.node.name,
      type: l.node.type,
      outChannels: channels === null ? null : Math.round(channels),
      outputShape: l.shape && channels !== null ? (l.shape.spatial ? [l.shape.spatial[0], l.shape.spatial[1], channels] : [channels]) : null,
      macs: Math.round(evaluateTerms(l.cost.macs, widths)),
      params: Math.round(evaluateTerms(l.cost.params, widths)),
      nonTrainableParams: Math.round(evaluateTerms(l.cost.nonTrainableParams, widths)),
      searchable: l.node.width !== undefined && l.group !== null && searchableGroups.has(l.group),
      group: l.group,
    };
  });
  const sum = (key: 'macs' | 'params' | 'nonTrainableParams') => layers.reduce((acc, l) => acc + l[key], 0);
  return {
    model: analysis.graph.name,
    input: [...analysis.graph.input],
    totalMacs: sum('macs'),
    totalParams: sum('params'),
    nonTrainableParams: sum('nonTrainableParams'),
    layers,
  };
}

/** Total MACs at `widths`; cheap enough to call inside the search's rescale bisection. */
export function totalMacs(analysis: ModelAnalysis, widths: Widths): number {
  return analysis.layers.reduce((acc, l) => acc + evaluateTerms(l.cost.macs, widths), 0);
}

/** Total trainable parameters at `widths`. */
export function totalParams(analysis: ModelAnalysis, widths: Widths): number {
  return analysis.layers.reduce((acc, l) => acc + evaluateTerms(l.cost.params, widths), 0);
}

/** `∂ totalMacs / ∂ w` for every width variable w, at `widths`. */
export function macsGradient(analysis: ModelAnalysis, widths: Widths): Record<string, number> {
  const out = new Map<string, number>();
  for (const l of analysis.layers) {
    accumulateGradient(l.cost.macs, widths, out);
  }
  return Object.fromEntries(analysis.graph.widths.map((w) => [w.name, out.get(w.name) ?? 0]));
}

/** `∂ totalMacs / ∂ g` for every coupling group g: its members move together, so their derivatives add. */
export function groupMacsGradient(analysis: ModelAnalysis, widths: Widths): Record<string, number> {
  const perVariable = macsGradient(analysis, widths);
  return Object.fromEntries(analysis.groups.map((g) => [g.id, g.members.reduce((acc, m) => acc + (perVariable[m] ?? 0), 0)]));
}

/** Per-variable widths from per-group widths (groups not given keep their current value). */
export function expandGroupWidths(analysis: ModelAnalysis, groupWidths: Readonly<Record<string, number>>, base: Widths = analysis.widths): Record<string, number> {
  const out: Record<string, number> = { ...base };
  for (const g of analysis.groups) {
    const value = groupWidths[g.id];
    if (value !== undefined) {
      g.members.forEach((m) => (out[m] = value));
    }
  }
  return out;
}
