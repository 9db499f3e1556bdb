/**
 * The pruned network's weights: the trained original's tensors (canonical layout, src/engine/weights/canonical.ts)
 * cut down to the kept channels — a layer's output axis to its kept channels, its input axis to what its input
 * layer kept (for a dense layer after `flatten`, the kept channels' features at every spatial position).
 */
import type { ModelAnalysis } from '../../model/analyze.js';
import type { LayerNode } from '../../model/graph.js';
import { layerTensors, tensorKey, type CanonicalTensorName } from '../weights/canonical.js';
import { f32, type Tensor, type TensorMap } from '../weights/safetensors.js';
import type { ChannelClasses } from './channelClasses.js';
import { keptPositions } from './keepPlan.js';

/** Every tensor of the pruned network, in graph order; an error names the first tensor missing or mis-shaped. */
export function sliceWeights(analysis: ModelAnalysis, classes: ChannelClasses, kept: ReadonlySet<number>, weights: TensorMap, file: string): Map<string, Tensor> {
  const out = new Map<string, Tensor>();
  const positions = (layer: string) => keptPositions(classes, kept, layer);
  for (const { node } of analysis.layers) {
    if (node.inputs.length === 0) {
      continue;
    }
    const cin = classes.channels.get(node.inputs[0]!)!;
    const cout = classes.channels.get(node.name)!;
    const inKept = positions(node.inputs[0]!);
    const outKept = positions(node.name);
    for (const [name, shape] of layerTensors(node, cin, cout)) {
      const key = tensorKey(node.name, name);
      const t = weights.get(key);
      if (!t || t.dtype !== 'F32' || t.shape.join(',') !== shape.join(',')) {
        throw new Error(`${file}: tensor '${key}' should be float32 [${shape.join(', ')}], found ${t ? `${t.dtype} [${t.shape.join(', ')}]` : 'nothing'}`);
      }
      out.set(key, cutTensor(t, cuts(node, name, inKept, outKept)));
    }
  }
  return out;
}

/** Which axes of a layer's tensor to cut, and to which indices. */
function cuts(node: LayerNode, tensor: CanonicalTensorName, inKept: readonly number[], outKept: readonly number[]): [number, readonly number[]][] {
  switch (node.type) {
    case 'conv2d':
      // A grouped conv's channels are never pruned (channelClasses fixes them), so its kernel is kept whole.
      return tensor === 'kernel' ? (node.attrs.groups > 1 ? [] : [[2, inKept], [3, outKept]]) : [[0, outKept]];
    case 'depthwise_conv2d':
      return tensor === 'depthwise' ? [[2, inKept]] : [[0, outKept]];
    case 'separable_conv2d': {
      const m = node.attrs.multiplier;
      const mid = inKept.flatMap((c) => Array.from({ length: m }, (_, k) => c * m + k));
      return tensor === 'depthwise' ? [[2, inKept]] : tensor === 'kernel' ? [[2, mid], [3, outKept]] : [[0, outKept]];
    }
    case 'dense':
      return tensor === 'kernel' ? [[0, inKept], [1, outKept]] : [[0, outKept]];
    case 'batch_norm':
      return [[0, inKept]];
    default:
      return [];
  }
}

function cutTensor(t: Tensor, axes: readonly [number, readonly number[]][]): Tensor {
  let shape = [...t.shape];
  let data = t.data as Float32Array;
  for (const [axis, keep] of axes) {
    if (keep.length === shape[axis]) {
      continue;
    }
    ({ shape, data } = cutAxis(shape, data, axis, keep));
  }
  return f32(shape, data);
}

function cutAxis(shape: readonly number[], data: Float32Array, axis: number, keep: readonly number[]): { shape: number[]; data: Float32Array } {
  const outer = shape.slice(0, axis).reduce((a, b) => a * b, 1);
  const inner = shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  const n = shape[axis]!;
  const out = new Float32Array(outer * keep.length * inner);
  for (let o = 0; o < outer; o++) {
    keep.forEach((k, j) => {
      const from = (o * n + k) * inner;
      out.set(data.subarray(from, from + inner), (o * keep.length + j) * inner);
    });
  }
  const next = [...shape];
  next[axis] = keep.length;
  return { shape: next, data: out };
}
