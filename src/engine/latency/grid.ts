/**
 * The candidate channel counts a latency table is timed at: for each timed layer, a grid of (input, output)
 * channels around its original widths. Between grid points the latency model interpolates; beyond them it
 * extrapolates linearly (src/engine/latency/surface.ts).
 */
import type { ModelAnalysis } from '../../model/analyze.js';
import { evaluate, type ChannelExpr, type Widths } from '../../model/channels.js';
import { expandGroupWidths } from '../../model/summary.js';
import { minGroupWidth, roundToMultiple } from '../search/rounding.js';
import type { TimedLayer } from './layers.js';

/**
 * Multiples of the original widths the table is timed at. The search moves a width by at most η = 15 % of its
 * original per iteration and a budget rarely goes below a quarter of the MACs (half the widths), so 0.25…2 covers
 * what a run visits; the steps are finest near 1, where most widths stay.
 */
export const WIDTH_FACTORS: readonly number[] = [0.25, 0.5, 0.75, 1, 1.25, 1.5, 2];

export interface LayerGrid {
  readonly layer: TimedLayer;
  /** Input channel candidates, ascending: the producing widths' candidates (one value where they are fixed). */
  readonly inChannels: readonly number[];
  /** Output channel candidates, ascending; one value for a fixed width; for a depthwise layer, unused. */
  readonly outChannels: readonly number[];
}

/**
 * Every searchable width at `factor` × its original, rounded to its group's divisor and at least the minimum width
 * (never above the original, as the budget's uniform scaling floors it); fixed widths as they are.
 */
export function widthsAtFactor(analysis: ModelAnalysis, factor: number, minWidth: number): Widths {
  const groups = Object.fromEntries(
    analysis.groups.map((g) => {
      if (!g.searchable || factor === 1) {
        return [g.id, g.value];
      }
      const floor = Math.min(g.value, minGroupWidth(minWidth, g.divisor));
      return [g.id, Math.max(roundToMultiple(factor * g.value, g.divisor), floor)];
    }),
  );
  return expandGroupWidths(analysis, groups);
}

/** The grid of every timed layer: the candidates of its input and output channel expressions over the factors. */
export function layerGrids(analysis: ModelAnalysis, layers: readonly TimedLayer[], minWidth: number): LayerGrid[] {
  const scaled = WIDTH_FACTORS.map((f) => widthsAtFactor(analysis, f, minWidth));
  return layers.map((layer) => {
    const groups = layer.node.type === 'conv2d' ? layer.node.attrs.groups : 1;
    const inChannels = candidates(layer.inChannels, scaled).filter((c) => c % groups === 0);
    return { layer, inChannels, outChannels: layer.followsInput ? [] : candidates(layer.outChannels, scaled) };
  });
}

/** The output channels a grid point times: the output candidate, or the input × multiplier for a depthwise layer. */
export function gridOutChannels(grid: LayerGrid, inChannels: number, outChannels: number): number {
  const node = grid.layer.node;
  return node.type === 'depthwise_conv2d' ? inChannels * node.attrs.multiplier : outChannels;
}

function candidates(expr: ChannelExpr, scaled: readonly Widths[]): number[] {
  return [...new Set(scaled.map((w) => Math.round(evaluate(expr, w))))].filter((c) => c > 0).sort((a, b) => a - b);
}
