/** The forward computation of every primitive layer type of the model graph (channels-last tensors). */
import * as tf from '@tensorflow/tfjs';
import type { Activation, LayerNode } from '../../model/graph.js';
import { deriveSeed } from '../random.js';
import { batchNormForward } from './batchNorm.js';
import { conv2dForward, denseForward, depthwiseForward, separableForward } from './convOps.js';
import type { LayerParams } from './layerParams.js';

/** What a layer needs to know about the pass it is part of. */
export interface PassContext {
  /** Training mode: batch statistics in batch norm, dropout layers active. */
  readonly training: boolean;
  /** Seed of this pass's random masks. */
  readonly seed: number;
}

const SQRT1_2 = Math.SQRT1_2;

/** Every activation function of the model graph. */
export const ACTIVATIONS: { readonly [A in Activation]: (x: tf.Tensor) => tf.Tensor } = {
  relu: (x) => tf.relu(x),
  relu6: (x) => tf.relu6(x),
  sigmoid: (x) => tf.sigmoid(x),
  tanh: (x) => tf.tanh(x),
  softmax: (x) => tf.softmax(x),
  swish: (x) => tf.mul(x, tf.sigmoid(x)),
  // The exact (erf) form, PyTorch's and Keras' default.
  gelu: (x) => tf.mul(tf.mul(x, 0.5), tf.add(tf.erf(tf.mul(x, SQRT1_2)), 1)),
  elu: (x) => tf.elu(x),
  linear: (x) => x,
};

/** Zero-pads the channel (last) axis at its end up to `width`. */
export function padChannels(x: tf.Tensor, width: number): tf.Tensor {
  const c = x.shape[x.rank - 1]!;
  if (c === width) {
    return x;
  }
  const paddings = x.shape.map((): [number, number] => [0, 0]);
  paddings[x.rank - 1] = [0, width - c];
  return tf.pad(x, paddings);
}

/**
 * Residual add. Inputs of different widths are zero-padded to the widest one ('pad' mode, and what a 'tie' add
 * falls back to when the analyzer could not tie its inputs); under 'tie' they are normally equal already.
 */
export function addForward(inputs: readonly tf.Tensor[]): tf.Tensor {
  const width = Math.max(...inputs.map((t) => t.shape[t.rank - 1]!));
  return tf.addN(inputs.map((t) => padChannels(t, width)));
}

function dropoutForward(x: tf.Tensor, rate: number, ctx: PassContext, name: string): tf.Tensor {
  if (!ctx.training || rate <= 0) {
    return x;
  }
  const keep = tf.cast(tf.greaterEqual(tf.randomUniform(x.shape, 0, 1, 'float32', deriveSeed(ctx.seed, 'dropout', name)), rate), 'float32');
  return tf.mul(x, tf.mul(keep, 1 / (1 - rate)));
}

/** Runs `node` on its input tensors. */
export function layerForward(node: LayerNode, inputs: readonly tf.Tensor[], params: LayerParams, ctx: PassContext): tf.Tensor {
  const x = inputs[0]!;
  switch (node.type) {
    case 'input':
      return x;
    case 'conv2d':
      return conv2dForward(x as tf.Tensor4D, node.attrs, params);
    case 'depthwise_conv2d':
      return depthwiseForward(x as tf.Tensor4D, node.attrs, params);
    case 'separable_conv2d':
      return separableForward(x as tf.Tensor4D, node.attrs, params);
    case 'dense':
      return denseForward(x, params);
    case 'batch_norm':
      return batchNormForward(x, node.attrs, params, ctx.training);
    case 'activation':
      return ACTIVATIONS[node.attrs.fn](x);
    case 'add':
      return addForward(inputs);
    case 'concat':
      return tf.concat([...inputs], -1);
    case 'max_pool':
      return tf.maxPool(x as tf.Tensor4D, node.attrs.size, node.attrs.stride, node.attrs.padding);
    case 'avg_pool':
      return tf.avgPool(x as tf.Tensor4D, node.attrs.size, node.attrs.stride, node.attrs.padding);
    case 'global_avg_pool':
      return tf.mean(x, [1, 2]);
    case 'flatten':
      return tf.reshape(x, [x.shape[0]!, -1]);
    case 'dropout':
      return dropoutForward(x, node.attrs.rate, ctx, node.name);
    case 'zero_pad':
      return tf.pad(x, [[0, 0], node.attrs.pad[0], node.attrs.pad[1], [0, 0]]);
  }
}
