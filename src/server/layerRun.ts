/** What the latest run says about one written layer, in words shared by CodeLens and hover. */
import type { ModelAnalysis } from '../model/analyze.js';
import { changedWidths, formatFur, proposedWidth, type RunResults } from './runResults.js';
import type { WrittenLayer } from './writtenLayers.js';

/** `FUR 0.031 (rank 2/18)`; for a layer with several groups (a stage), the range and the best rank. */
export function furText(layer: WrittenLayer, analysis: ModelAnalysis, run: RunResults): string | undefined {
  const groups = layer.ownWidth ? [analysis.groupOf[layer.ownWidth.name]] : layer.groups;
  const measured = groups.filter((g): g is string => g !== undefined && run.fur.has(g));
  if (measured.length === 0) {
    return undefined;
  }
  const total = run.fur.size;
  if (measured.length === 1) {
    const g = measured[0]!;
    return `FUR ${formatFur(run.fur.get(g)!)} (rank ${run.rank.get(g)}/${total})`;
  }
  const values = measured.map((g) => run.fur.get(g)!);
  const best = Math.min(...measured.map((g) => run.rank.get(g)!));
  return `FUR ${formatFur(Math.min(...values))}–${formatFur(Math.max(...values))} (best rank ${best}/${total})`;
}

/** `16 → 26 channels`, `16 channels (kept)` (or `(fixed)` where the search may not change it); for a stage, how many of its widths change. */
export function widthChangeText(layer: WrittenLayer, run: RunResults): string | undefined {
  const unit = layer.type === 'dense' ? 'units' : 'channels';
  if (layer.ownWidth) {
    const w = layer.ownWidth;
    const next = proposedWidth(run, w);
    const searchable = layer.nodes.find((n) => n.node.name === layer.name)?.row?.searchable ?? false;
    return next !== w.value ? `${w.value} → ${next} ${unit}` : `${w.value} ${unit} (${searchable ? 'kept' : 'fixed'})`;
  }
  if (layer.widths.length === 0) {
    return undefined;
  }
  const changed = changedWidths(run, layer.widths).length;
  return changed === 0 ? `widths kept` : `${changed} of ${layer.widths.length} widths change`;
}
