/** Tiny graphs for the tfjs engine tests: every layer type, and a small residual network. */
import type { ModelGraph } from '../../../../src/model/graph.js';
import { graphOf, node } from '../../../helpers/graphs.js';

/** Every primitive layer type (and activation function) at least once, 8×8×3 in, `classes` out. */
export function everyLayerGraph(classes = 3): ModelGraph {
  return graphOf([8, 8, 3], [
    node('pad0', 'zero_pad', ['input'], { pad: [[1, 0], [0, 1]] }),
    node('stem', 'conv2d', ['pad0'], { bias: true, padding: 'valid', kernel: [2, 2] }, 8),
    node('bn0', 'batch_norm', ['stem']),
    node('act0', 'activation', ['bn0'], { fn: 'relu' }),
    node('grp', 'conv2d', ['act0'], { groups: 2 }, 6),
    node('grp1', 'conv2d', ['grp'], { groups: 6 }, 12),
    node('dil', 'conv2d', ['grp1'], { dilation: [2, 2] }, 5),
    node('act1', 'activation', ['dil'], { fn: 'relu6' }),
    node('dw', 'depthwise_conv2d', ['act1'], { multiplier: 2, bias: true }),
    node('act2', 'activation', ['dw'], { fn: 'swish' }),
    node('sep', 'separable_conv2d', ['act2'], { multiplier: 2, bias: true, stride: [2, 2] }, 7),
    node('act3', 'activation', ['sep'], { fn: 'gelu' }),
    node('side', 'conv2d', ['act0'], { stride: [2, 2] }, 4),
    node('act4', 'activation', ['side'], { fn: 'elu' }),
    node('sum', 'add', ['act3', 'act4'], { mode: 'pad' }),
    node('mp', 'max_pool', ['sum'], { size: [3, 3], stride: [1, 1], padding: 'same' }),
    node('ap', 'avg_pool', ['sum'], { size: [2, 2], stride: [1, 1], padding: 'same' }),
    node('cat', 'concat', ['mp', 'ap']),
    node('act5', 'activation', ['cat'], { fn: 'tanh' }),
    node('pw', 'dense', ['act5'], {}, 6),
    node('act6', 'activation', ['pw'], { fn: 'sigmoid' }),
    node('gap', 'global_avg_pool', ['act6']),
    node('hidden', 'dense', ['gap'], {}, 5),
    node('bn1', 'batch_norm', ['hidden'], { scale: false }),
    node('act7', 'activation', ['bn1'], { fn: 'linear' }),
    node('drop', 'dropout', ['act7'], { rate: 0.3 }),
    node('fc', 'dense', ['drop'], {}, classes),
    node('prob', 'activation', ['fc'], { fn: 'softmax' }),
  ]);
}

/**
 * A small CIFAR-style ResNet (basic blocks, zero-padded shortcuts) at `input`, widths `w` per stage. Batch norm
 * momentum 0.9 (PyTorch's 0.1), so the few steps of a test move the moving statistics.
 */
export function tinyResNet(input: [number, number, number], classes: number, w: [number, number] = [4, 6], flatten = false): ModelGraph {
  const graph = graphOf(input, [
    node('stem', 'conv2d', ['input'], {}, w[0]),
    node('stem_bn', 'batch_norm', ['stem']),
    node('stem_relu', 'activation', ['stem_bn']),
    node('b1c1', 'conv2d', ['stem_relu'], {}, w[0]),
    node('b1bn1', 'batch_norm', ['b1c1']),
    node('b1r1', 'activation', ['b1bn1']),
    node('b1c2', 'conv2d', ['b1r1'], {}, w[0]),
    node('b1bn2', 'batch_norm', ['b1c2']),
    node('b1add', 'add', ['stem_relu', 'b1bn2']),
    node('b1out', 'activation', ['b1add']),
    node('b2c1', 'conv2d', ['b1out'], { stride: [2, 2] }, w[1]),
    node('b2bn1', 'batch_norm', ['b2c1']),
    node('b2r1', 'activation', ['b2bn1']),
    node('b2c2', 'conv2d', ['b2r1'], {}, w[1]),
    node('b2bn2', 'batch_norm', ['b2c2']),
    node('b2short', 'avg_pool', ['b1out'], { size: [2, 2], stride: [2, 2] }),
    node('b2add', 'add', ['b2short', 'b2bn2']),
    node('b2out', 'activation', ['b2add']),
    node('gap', flatten ? 'flatten' : 'global_avg_pool', ['b2out']),
    node('fc', 'dense', ['gap'], {}, classes),
  ]);
  return { ...graph, nodes: graph.nodes.map((n) => (n.type === 'batch_norm' ? { ...n, attrs: { ...n.attrs, momentum: 0.9 } } : n)) };
}
