/**
 * Multiply-accumulates of one layer, from the shapes of the tensors a built network actually computed (channels-last,
 * batch first), counted as the analyzer counts them (src/model/cost.ts): convolutions and dense layers only. Engines
 * report the sum over a forward pass, so a test can hold the built network to the analyzer's numbers.
 */
import type { LayerNode } from '../model/graph.js';

/** `input` and `output` are `[N, H, W, C]` or `[N, C]`; the result is per image. */
export function layerMacs(node: LayerNode, input: readonly number[], output: readonly number[]): number {
  const cin = input[input.length - 1]!;
  const cout = output[output.length - 1]!;
  const positions = output.slice(1, -1).reduce((a, b) => a * b, 1);
  switch (node.type) {
    case 'conv2d':
      return positions * cout * node.attrs.kernel[0] * node.attrs.kernel[1] * (cin / node.attrs.groups);
    case 'depthwise_conv2d':
      return positions * cout * node.attrs.kernel[0] * node.attrs.kernel[1];
    case 'separable_conv2d': {
      const spread = cin * node.attrs.multiplier;
      return positions * spread * (node.attrs.kernel[0] * node.attrs.kernel[1] + cout);
    }
    case 'dense':
      return positions * cin * cout;
    default:
      return 0;
  }
}
