/**
 * The layers a latency table covers: those that own a width or follow one with their own compute — conv2d,
 * separable_conv2d and dense (output width set by a variable), and depthwise_conv2d (its width follows its
 * input's). Batch norm, activations, pooling, additions and the like have no table entry: their time is not
 * modelled (the report says so).
 */
import type { ModelAnalysis } from '../../model/analyze.js';
import type { ChannelExpr } from '../../model/channels.js';
import type { LayerNode } from '../../model/graph.js';

export type TimedNode = Extract<LayerNode, { type: 'conv2d' | 'depthwise_conv2d' | 'separable_conv2d' | 'dense' }>;

export interface TimedLayer {
  readonly node: TimedNode;
  /** `[H, W]` of the layer's input, or null for a flat input (a dense layer after a flatten or a global pool). */
  readonly inputSpatial: readonly [number, number] | null;
  /** The input's channel count (features, for a flat input) as an expression over the widths. */
  readonly inChannels: ChannelExpr;
  /** The output channels; for a depthwise convolution they follow the input (× its multiplier). */
  readonly outChannels: ChannelExpr;
  /** Whether the layer's cost depends on its input channels alone (depthwise). */
  readonly followsInput: boolean;
}

const TIMED_TYPES: ReadonlySet<LayerNode['type']> = new Set(['conv2d', 'depthwise_conv2d', 'separable_conv2d', 'dense']);

/** The timed layers of an analysed model, in topological order. Layers whose shapes are unknown are skipped. */
export function timedLayers(analysis: ModelAnalysis): TimedLayer[] {
  const shapes = new Map(analysis.layers.filter((l) => l.shape).map((l) => [l.node.name, l.shape!]));
  const out: TimedLayer[] = [];
  for (const layer of analysis.layers) {
    const node = layer.node;
    const input = shapes.get(node.inputs[0] ?? '');
    if (!TIMED_TYPES.has(node.type) || !layer.shape || !input) {
      continue;
    }
    out.push({
      node: node as TimedNode,
      inputSpatial: input.spatial,
      inChannels: input.channels,
      outChannels: layer.shape.channels,
      followsInput: node.type === 'depthwise_conv2d',
    });
  }
  return out;
}

/** The shape `timeLayers` gets for this layer's input: `[H, W, Cin]`, or `[Cin]` when flat. */
export function timingInputShape(layer: TimedLayer, inChannels: number): number[] {
  return layer.inputSpatial ? [layer.inputSpatial[0], layer.inputSpatial[1], inChannels] : [inChannels];
}

/**
 * The key of one timing: everything that decides a lone layer's run time — its type and attributes, its input
 * size and its channels — and nothing else (not its name), so equal layers of one model, and of other models, share
 * one entry. E.g. `conv2d k3x3 s1x1 same d1x1 g1 nobias in32x32x16 out16`.
 */
export function layerSignature(node: TimedNode, inputShape: readonly number[], outChannels: number): string {
  const input = `in${inputShape.join('x')}`;
  const bias = node.attrs.bias ? 'bias' : 'nobias';
  if (node.type === 'dense') {
    return `dense ${bias} ${input} out${outChannels}`;
  }
  const a = node.attrs;
  const window = `k${a.kernel.join('x')} s${a.stride.join('x')} ${a.padding} d${a.dilation.join('x')}`;
  const split = node.type === 'conv2d' ? `g${node.attrs.groups}` : `m${node.attrs.multiplier}`;
  return `${node.type} ${window} ${split} ${bias} ${input} out${outChannels}`;
}
