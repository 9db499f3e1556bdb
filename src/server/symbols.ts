/** Document symbols: the layer outline. One symbol per written layer; a stage lists its blocks and their layers. */
import { SymbolKind, type DocumentSymbol, type Range } from 'vscode-languageserver';
import type { LayerNode } from '../model/graph.js';
import type { LayerSummary } from '../model/summary.js';
import { formatCompact } from '../model/table.js';
import type { DocumentAnalysis } from './analysisCache.js';
import { lspRange } from './ranges.js';
import type { WrittenLayer } from './writtenLayers.js';

type Member = WrittenLayer['nodes'][number];

function kindOf(type: string): SymbolKind {
  switch (type) {
    case 'stage':
      return SymbolKind.Module;
    case 'input':
      return SymbolKind.Variable;
    case 'conv2d':
    case 'depthwise_conv2d':
    case 'separable_conv2d':
    case 'dense':
      return SymbolKind.Function;
    default:
      return SymbolKind.Operator;
  }
}

function shape(s: readonly number[] | null | undefined): string {
  return s ? s.join('×') : '?';
}

export function computeSymbols(a: DocumentAnalysis): DocumentSymbol[] {
  return a.layers.map((layer) => {
    const range = lspRange(a.lines, layer.range);
    // The first line of the layer is what the outline highlights.
    const selectionRange: Range = range.start.line === range.end.line ? range : { start: range.start, end: a.lines.position(lineEnd(a.text, layer.range.start)) };
    const detail = `${layer.type} → ${shape(layer.outputShape)} · ${formatCompact(layer.macs)} MACs`;
    const symbol: DocumentSymbol = { name: layer.name, detail, kind: kindOf(layer.type), range, selectionRange };
    return layer.type === 'stage' ? { ...symbol, children: blocks(layer, range, selectionRange) } : symbol;
  });
}

function lineEnd(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl === -1 ? text.length : nl;
}

/** A stage's nodes `<stage>.<i>.<slot>` grouped by block `<stage>.<i>`; batch norms and activations left out. */
function blocks(layer: WrittenLayer, range: Range, selectionRange: Range): DocumentSymbol[] {
  const byBlock = new Map<string, Member[]>();
  for (const m of layer.nodes) {
    if (m.node.name.includes('/')) {
      continue;
    }
    const rest = m.node.name.startsWith(`${layer.name}.`) ? m.node.name.slice(layer.name.length + 1) : m.node.name;
    const block = `${layer.name}.${rest.split('.')[0]}`;
    byBlock.set(block, [...(byBlock.get(block) ?? []), m]);
  }
  const child = (name: string, node: LayerNode, row: LayerSummary | undefined): DocumentSymbol => ({
    name,
    detail: `${node.type} → ${shape(row?.outputShape)}${row ? ` · ${formatCompact(row.macs)} MACs` : ''}`,
    kind: kindOf(node.type),
    range,
    selectionRange,
  });
  return [...byBlock].map(([name, members]) => ({
    name,
    detail: `${members.length} layers · ${formatCompact(members.reduce((acc, m) => acc + (m.row?.macs ?? 0), 0))} MACs`,
    kind: SymbolKind.Class,
    range,
    selectionRange,
    children: members.map((m) => child(m.node.name, m.node, m.row)),
  }));
}
