/** Views of a model analysis the search needs: its searchable groups, their widths, the layers that drop channels. */
import type { ModelAnalysis, WidthGroup } from '../../model/analyze.js';
import type { Widths } from '../../model/channels.js';
import { expandGroupWidths } from '../../model/summary.js';
import type { WidthMap } from '../../protocol/types.js';

/** Group id → width (one value per coupling group). */
export type GroupWidths = Record<string, number>;

/** The groups the search may move, in group order (the order ties are broken in). */
export function searchableGroups(analysis: ModelAnalysis): WidthGroup[] {
  return analysis.groups.filter((g) => g.searchable);
}

/** One width per group, read from a per-variable assignment (a group's members are equal; the first stands for all). */
export function groupWidthsOf(analysis: ModelAnalysis, widths: Widths): GroupWidths {
  return Object.fromEntries(analysis.groups.map((g) => [g.id, widths[g.members[0]!] ?? g.value]));
}

/** The per-variable assignment the trainer and the run files use, from group widths. */
export function variableWidthsOf(analysis: ModelAnalysis, groupWidths: Readonly<GroupWidths>): WidthMap {
  return expandGroupWidths(analysis, groupWidths);
}

/**
 * Searchable width variables in graph (depth) order: where training-time channel dropout goes, and the order its
 * depth ramp follows.
 */
export function dropLayers(analysis: ModelAnalysis): string[] {
  const searchable = new Set(searchableGroups(analysis).flatMap((g) => g.members));
  const out: string[] = [];
  for (const layer of analysis.layers) {
    const width = layer.node.width;
    if (width !== undefined && searchable.has(width) && !out.includes(width)) {
      out.push(width);
    }
  }
  return out;
}
