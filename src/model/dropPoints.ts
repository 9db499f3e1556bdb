/**
 * Where each width variable's channel dropout goes (the method's "drop point"): after the layer's conv → BN →
 * activation chain, before anything that mixes it with other tensors (residual add, concat). Engines apply their
 * channel dropout to the output of the layer named here. Pure and graph-level, so every engine agrees.
 */
import type { ModelAnalysis } from './analyze.js';
import type { LayerNode } from './graph.js';
import { WIDTH_OWNING_TYPES } from './graph.js';

/** Layers that keep their input's channels one-to-one and so may sit between a layer and its drop point. */
const CHAIN_TYPES: ReadonlySet<LayerNode['type']> = new Set(['batch_norm', 'activation']);

/**
 * Width-variable name → the layer after whose output that variable's channels are dropped: the width-owning layer
 * itself, or the last of its successors reached through single-consumer batch_norm / activation layers.
 * Every width-owning layer with a width variable gets one (searchable or not; the caller decides which it uses).
 */
export function dropPoints(analysis: ModelAnalysis): Record<string, string> {
  const consumers = consumersOf(analysis);
  const outputs = new Set(analysis.graph.outputs);
  const points: Record<string, string> = {};
  for (const { node } of analysis.layers) {
    if (node.width === undefined || !WIDTH_OWNING_TYPES.includes(node.type)) {
      continue;
    }
    let at = node;
    for (;;) {
      const next = consumers.get(at.name) ?? [];
      // A layer that is a network output, or whose output goes to two places, ends the chain: dropping later
      // would drop only one of the copies.
      if (next.length !== 1 || outputs.has(at.name) || !CHAIN_TYPES.has(next[0]!.type) || next[0]!.inputs.length !== 1) {
        break;
      }
      at = next[0]!;
    }
    points[node.width] = at.name;
  }
  return points;
}

function consumersOf(analysis: ModelAnalysis): Map<string, LayerNode[]> {
  const out = new Map<string, LayerNode[]>();
  for (const { node } of analysis.layers) {
    for (const input of node.inputs) {
      out.set(input, [...(out.get(input) ?? []), node]);
    }
  }
  return out;
}
