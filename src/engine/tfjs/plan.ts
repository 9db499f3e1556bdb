/**
 * What building a network needs from the analysis, checked once: layer order, every layer's channel count at the
 * widths, how many layers read each output, and which output holds the logits.
 */
import { outChannels, type LayerAnalysis, type ModelAnalysis } from '../../model/analyze.js';

/** The checked layout of a network's forward pass. */
export interface NetworkPlan {
  readonly input: readonly [number, number, number];
  /** Layers to run, in topological order (a trailing softmax excluded). */
  readonly layers: readonly LayerAnalysis[];
  readonly channels: ReadonlyMap<string, number>;
  /** Layer name → how many times later layers (and the network output) read it. */
  readonly uses: ReadonlyMap<string, number>;
  /** The layer whose output is the logits. */
  readonly logits: string;
  readonly classes: number;
}

/** Checks the analysis and widths and lays out the forward pass; throws with a message for people. */
export function networkPlan(analysis: ModelAnalysis, widths: Readonly<Record<string, number>>): NetworkPlan {
  const errors = analysis.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) {
    throw new Error(`the model has errors and cannot be built: ${errors.map((d) => d.message).join('; ')}`);
  }
  checkWidths(analysis, widths);
  const outputs = analysis.graph.outputs;
  if (outputs.length !== 1) {
    throw new Error(`the model must have exactly one output (the classifier), but has ${outputs.length}: ${outputs.join(', ')}`);
  }
  const output = analysis.layers.find((l) => l.node.name === outputs[0]);
  if (output === undefined) {
    throw new Error(`the model's output '${outputs[0]}' is not one of its layers`);
  }
  // Losses are computed from logits, so a final softmax is not run (its input is the logits).
  const softmaxOut = output.node.type === 'activation' && output.node.attrs.fn === 'softmax';
  const logits = softmaxOut ? output.node.inputs[0]! : output.node.name;
  const layers = analysis.layers.filter((l) => !(softmaxOut && l === output));
  const channels = new Map(layers.map((l) => [l.node.name, outChannels(l, widths)!]));
  const logitsLayer = layers.find((l) => l.node.name === logits)!;
  if (logitsLayer.shape?.spatial !== null) {
    throw new Error(`the model's output '${outputs[0]}' must be flat (one score per class), but it is ${logitsLayer.shape?.spatial?.join('×')}×${channels.get(logits)}`);
  }
  return { input: analysis.graph.input, layers, channels, uses: countUses(layers, logits), logits, classes: channels.get(logits)! };
}

function checkWidths(analysis: ModelAnalysis, widths: Readonly<Record<string, number>>): void {
  for (const w of analysis.graph.widths) {
    const value = widths[w.name];
    if (value === undefined || !Number.isInteger(value) || value <= 0) {
      throw new Error(`width '${w.name}' must be a positive whole number, got ${value}`);
    }
  }
}

function countUses(layers: readonly LayerAnalysis[], logits: string): Map<string, number> {
  const uses = new Map<string, number>([[logits, 1]]);
  for (const { node } of layers) {
    node.inputs.forEach((i) => uses.set(i, (uses.get(i) ?? 0) + 1));
  }
  return uses;
}
