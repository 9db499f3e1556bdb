/**
 * netadjust's canonical weight layout, shared by both engines' weight files and by the pruner: every tensor is named
 * `<layer>/<tensor>` and laid out as TensorFlow lays it out (the PyTorch worker transposes on the way in and out):
 *
 * | layer              | tensors                                                                   |
 * |--------------------|---------------------------------------------------------------------------|
 * | conv2d             | `kernel` [kh, kw, cin/groups, cout], `bias` [cout]                         |
 * | depthwise_conv2d   | `depthwise` [kh, kw, cin, multiplier], `bias` [cin·multiplier]             |
 * | separable_conv2d   | `depthwise` [kh, kw, cin, multiplier], `kernel` [1, 1, cin·m, cout], `bias` |
 * | dense              | `kernel` [in, out] (a flattened input in H, W, C order), `bias` [out]      |
 * | batch_norm         | `gamma`, `beta` (where scale/center), `mean`, `var` [channels]             |
 */
import type { ModelAnalysis } from '../../model/analyze.js';
import type { LayerNode } from '../../model/graph.js';

export type CanonicalTensorName = 'kernel' | 'depthwise' | 'bias' | 'gamma' | 'beta' | 'mean' | 'var';

export interface CanonicalTensor {
  readonly layer: string;
  readonly tensor: CanonicalTensorName;
  readonly shape: readonly number[];
}

export function tensorKey(layer: string, tensor: CanonicalTensorName): string {
  return `${layer}/${tensor}`;
}

/**
 * Every tensor of the network at `channels` (each layer's output channel count, as the analysis evaluates it at
 * some widths) in graph order: what a weight file of that network holds.
 */
export function canonicalTensors(analysis: ModelAnalysis, channels: (layer: string) => number, inputFeatures: (node: LayerNode) => number): CanonicalTensor[] {
  const out: CanonicalTensor[] = [];
  for (const node of analysis.graph.nodes) {
    const cin = node.inputs.length > 0 ? inputFeatures(node) : 0;
    const cout = channels(node.name);
    for (const [tensor, shape] of layerTensors(node, cin, cout)) {
      out.push({ layer: node.name, tensor, shape });
    }
  }
  return out;
}

/** One layer's tensors and their shapes, given its input width (features, for dense) and output width. */
export function layerTensors(node: LayerNode, cin: number, cout: number): [CanonicalTensorName, number[]][] {
  const withBias = (has: boolean, n: number): [CanonicalTensorName, number[]][] => (has ? [['bias', [n]]] : []);
  switch (node.type) {
    case 'conv2d':
      return [['kernel', [...node.attrs.kernel, cin / node.attrs.groups, cout]], ...withBias(node.attrs.bias, cout)];
    case 'depthwise_conv2d':
      return [['depthwise', [...node.attrs.kernel, cin, node.attrs.multiplier]], ...withBias(node.attrs.bias, cin * node.attrs.multiplier)];
    case 'separable_conv2d': {
      const m = node.attrs.multiplier;
      return [['depthwise', [...node.attrs.kernel, cin, m]], ['kernel', [1, 1, cin * m, cout]], ...withBias(node.attrs.bias, cout)];
    }
    case 'dense':
      return [['kernel', [cin, cout]], ...withBias(node.attrs.bias, cout)];
    case 'batch_norm':
      return [
        ...(node.attrs.scale ? [['gamma', [cin]] as [CanonicalTensorName, number[]]] : []),
        ...(node.attrs.center ? [['beta', [cin]] as [CanonicalTensorName, number[]]] : []),
        ['mean', [cin]],
        ['var', [cin]],
      ];
    default:
      return [];
  }
}
