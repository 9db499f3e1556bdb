/** Where a layer the panel names (a width variable or layer name) is written in its model file. */
import type { ModelAnalysis } from '../../model/analyze.js';
import type { SourceRange } from '../../model/source.js';

/**
 * The layer's written range: the layer itself, else the written block it was expanded from, else its width
 * literal. Undefined when the file has no such layer (any more).
 */
export function layerRange(analysis: ModelAnalysis, layer: string): SourceRange | undefined {
  const nodes = analysis.graph.nodes;
  return (
    nodes.find((n) => n.name === layer && n.range)?.range ??
    nodes.find((n) => n.origin === layer && n.range)?.range ??
    analysis.graph.widths.find((w) => w.name === layer)?.literal?.range
  );
}
