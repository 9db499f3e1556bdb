/**
 * The layers as written in the file. A written layer (a YAML item, a Keras layer object) may expand into several
 * graph nodes (a conv with its batch norm and activation, a stage with its blocks); they share its range and name
 * it as their `origin`. Lenses, hovers and symbols work on written layers, summing over their nodes.
 */
import type { ModelAnalysis } from '../model/analyze.js';
import type { LayerNode, WidthVariable } from '../model/graph.js';
import type { SourceRange } from '../model/source.js';
import type { LayerSummary, ModelSummary } from '../model/summary.js';

export interface WrittenLayer {
  /** The written layer's name (its nodes' `origin`, or the node's own name). */
  readonly name: string;
  /** The graph type of the node of the same name, or `stage` when the layer only expanded into others. */
  readonly type: string;
  readonly range: SourceRange;
  /** Its nodes in file order, with their summary rows (absent for nodes the analysis could not place). */
  readonly nodes: readonly { readonly node: LayerNode; readonly row?: LayerSummary }[];
  readonly macs: number;
  readonly params: number;
  /** The output shape of its last node, when known. */
  readonly outputShape: number[] | null;
  /** The width variables of its nodes, in file order. */
  readonly widths: readonly WidthVariable[];
  /** The width variable of the node named like the layer (a conv's or dense layer's own width), if any. */
  readonly ownWidth?: WidthVariable;
  /** The coupling groups of its nodes' output widths, in order of first appearance. */
  readonly groups: readonly string[];
}

/** Written layers in file order; nodes without a range (none the readers make) are left out. */
export function writtenLayers(analysis: ModelAnalysis, summary: ModelSummary): WrittenLayer[] {
  const rows = new Map(summary.layers.map((r) => [r.name, r]));
  const variables = new Map(analysis.graph.widths.map((w) => [w.name, w]));
  const byName = new Map<string, LayerNode[]>();
  const order: string[] = [];
  for (const node of analysis.graph.nodes) {
    if (!node.range) {
      continue;
    }
    const key = node.origin ?? node.name;
    const list = byName.get(key);
    if (list) {
      list.push(node);
    } else {
      byName.set(key, [node]);
      order.push(key);
    }
  }
  return order.map((name) => build(name, byName.get(name)!, rows, variables));
}

function build(name: string, nodes: LayerNode[], rows: Map<string, LayerSummary>, variables: Map<string, WidthVariable>): WrittenLayer {
  const withRows = nodes.map((node) => {
    const row = rows.get(node.name);
    return row ? { node, row } : { node };
  });
  const own = nodes.find((n) => n.name === name);
  const widths = nodes.map((n) => (n.width === undefined ? undefined : variables.get(n.width))).filter((w): w is WidthVariable => w !== undefined);
  const ownWidth = own?.width === undefined ? undefined : variables.get(own.width);
  const groups = [...new Set(withRows.map((n) => n.row?.group).filter((g): g is string => typeof g === 'string'))];
  const last = withRows.at(-1)?.row;
  return {
    name,
    type: own?.type ?? 'stage',
    range: nodes[0]!.range!,
    nodes: withRows,
    macs: withRows.reduce((acc, n) => acc + (n.row?.macs ?? 0), 0),
    params: withRows.reduce((acc, n) => acc + (n.row?.params ?? 0), 0),
    outputShape: last?.outputShape ?? null,
    widths,
    ...(ownWidth ? { ownWidth } : {}),
    groups,
  };
}

/** The innermost written layer whose range contains `offset` (ends inclusive, so a cursor after the text counts). */
export function layerAt(layers: readonly WrittenLayer[], offset: number): WrittenLayer | undefined {
  let best: WrittenLayer | undefined;
  for (const l of layers) {
    if (l.range.start <= offset && offset <= l.range.end && (!best || l.range.end - l.range.start < best.range.end - best.range.start)) {
      best = l;
    }
  }
  return best;
}
