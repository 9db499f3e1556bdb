/**
 * CodeLens: one above every written layer (MACs, params, share; after a run its FUR, rank and proposed width) and
 * a summary at the top of the file (totals, the last run, "Adjust network", "Apply adjusted widths").
 */
import type { CodeLens } from 'vscode-languageserver';
import { formatCompact } from '../model/table.js';
import { LENS_COMMANDS } from '../protocol/server.js';
import type { DocumentAnalysis } from './analysisCache.js';
import { furText, widthChangeText } from './layerRun.js';
import { lineStart } from './ranges.js';
import { changedWidths, type RunResults } from './runResults.js';
import type { WrittenLayer } from './writtenLayers.js';

/** A lens that only shows text: an empty command id does nothing when clicked. */
function label(range: CodeLens['range'], title: string): CodeLens {
  return { range, command: { title, command: '' } };
}

export function percent(part: number, total: number): string {
  return total > 0 ? `${((100 * part) / total).toFixed(1)} %` : '0 %';
}

export function layerLensTitle(a: DocumentAnalysis, layer: WrittenLayer, run: RunResults | undefined): string {
  const total = a.summary?.totalMacs ?? 0;
  const parts = [`${formatCompact(layer.macs)} MACs (${percent(layer.macs, total)})`, `${formatCompact(layer.params)} params`];
  if (run && a.model.analysis) {
    const fur = furText(layer, a.model.analysis, run);
    const change = widthChangeText(layer, run);
    parts.push(...[fur, change].filter((p): p is string => p !== undefined));
  }
  return parts.join(' · ');
}

export function computeCodeLenses(a: DocumentAnalysis, run: RunResults | undefined): CodeLens[] {
  if (!a.summary || !a.model.analysis) {
    return [];
  }
  const top = lineStart(a.lines, 0);
  const args = [a.uri];
  const lenses: CodeLens[] = [label(top, `Total: ${formatCompact(a.summary.totalMacs)} MACs · ${formatCompact(a.summary.totalParams)} params`)];
  const changed = run ? changedWidths(run, a.model.analysis.graph.widths).length : 0;
  if (run) {
    lenses.push(label(top, `Last run ${run.runId}, iteration ${run.iteration + 1}: ${changed === 0 ? 'no width changes' : `${changed} width${changed === 1 ? '' : 's'} change`}`));
  }
  lenses.push({ range: top, command: { title: 'Adjust network', command: LENS_COMMANDS.adjust, arguments: args } });
  if (changed > 0) {
    lenses.push({ range: top, command: { title: 'Apply adjusted widths', command: LENS_COMMANDS.applyAdjustedWidths, arguments: args } });
  }
  // A line holding several layers (a minified model.json, a flow list) gets one lens with their sum.
  const byLine = new Map<number, WrittenLayer[]>();
  for (const layer of a.layers.filter((l) => l.type !== 'input')) {
    const line = a.lines.position(layer.range.start).line;
    byLine.set(line, [...(byLine.get(line) ?? []), layer]);
  }
  for (const [line, layers] of byLine) {
    const range = { start: { line, character: 0 }, end: { line, character: 0 } };
    lenses.push(label(range, layers.length === 1 ? layerLensTitle(a, layers[0]!, run) : lineTitle(a, layers)));
  }
  return lenses;
}

function lineTitle(a: DocumentAnalysis, layers: readonly WrittenLayer[]): string {
  const macs = layers.reduce((acc, l) => acc + l.macs, 0);
  const params = layers.reduce((acc, l) => acc + l.params, 0);
  return `${layers.length} layers: ${formatCompact(macs)} MACs (${percent(macs, a.summary?.totalMacs ?? 0)}) · ${formatCompact(params)} params`;
}
