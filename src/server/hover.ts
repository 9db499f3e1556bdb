/** Hover on a written layer: output shape, MACs and params with their share of the total, coupling groups, run. */
import { MarkupKind, type Hover, type Position } from 'vscode-languageserver';
import type { WidthGroup } from '../model/analyze.js';
import { formatCompact, formatCount } from '../model/table.js';
import type { DocumentAnalysis } from './analysisCache.js';
import { percent } from './codeLens.js';
import { furText, widthChangeText } from './layerRun.js';
import { lspRange } from './ranges.js';
import type { RunResults } from './runResults.js';
import { layerAt, type WrittenLayer } from './writtenLayers.js';

const MAX_GROUPS = 6;

export function computeHover(a: DocumentAnalysis, pos: Position, run: RunResults | undefined): Hover | null {
  const analysis = a.model.analysis;
  const summary = a.summary;
  const layer = layerAt(a.layers, a.lines.offset(pos));
  if (!analysis || !summary || !layer) {
    return null;
  }
  const groups = new Map(analysis.groups.map((g) => [g.id, g]));
  const lines = [
    `**${layer.name}** · ${layer.type}${layer.nodes.length > 1 ? ` (${layer.nodes.length} layers)` : ''}`,
    '',
    `- Output shape: ${layer.outputShape ? layer.outputShape.join(' × ') : 'unknown'}`,
    `- MACs: ${formatCount(layer.macs)} (${percent(layer.macs, summary.totalMacs)} of ${formatCompact(summary.totalMacs)})`,
    `- Params: ${formatCount(layer.params)} (${percent(layer.params, summary.totalParams)} of ${formatCompact(summary.totalParams)})`,
    ...groupLines(layer, groups),
    ...runLines(a, layer, run),
  ];
  return { contents: { kind: MarkupKind.Markdown, value: lines.join('\n') }, range: lspRange(a.lines, layer.range) };
}

function groupLines(layer: WrittenLayer, groups: Map<string, WidthGroup>): string[] {
  if (layer.groups.length === 0) {
    return ['- Coupling group: none (no width of its own)'];
  }
  const describe = (id: string) => {
    const g = groups.get(id);
    const size = g ? `${g.members.length} width${g.members.length === 1 ? '' : 's'}` : '';
    const mode = g ? (g.searchable ? 'searchable' : 'fixed') : '';
    return `\`${id}\` (${[size, mode].filter(Boolean).join(', ')})`;
  };
  if (layer.groups.length === 1) {
    return [`- Coupling group: ${describe(layer.groups[0]!)}`];
  }
  const shown = layer.groups.slice(0, MAX_GROUPS).map(describe);
  const more = layer.groups.length - shown.length;
  return [`- Coupling groups: ${shown.join(', ')}${more > 0 ? `, and ${more} more` : ''}`];
}

function runLines(a: DocumentAnalysis, layer: WrittenLayer, run: RunResults | undefined): string[] {
  if (!run || !a.model.analysis) {
    return [];
  }
  const fur = furText(layer, a.model.analysis, run);
  const change = widthChangeText(layer, run);
  return [
    '',
    `Run \`${run.runId}\`, iteration ${run.iteration}:`,
    ...(fur ? [`- ${fur}`] : []),
    ...(change ? [`- Proposed: ${change}`] : []),
  ];
}
