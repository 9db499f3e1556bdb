/**
 * Convolution forward passes written so that tfjs can differentiate them on every backend:
 * - dilation is applied by spreading the kernel with zeros (tfjs' conv gradients refuse dilation > 1);
 * - grouped convolutions (tfjs has none) run as a depthwise convolution when each group has one input channel,
 *   otherwise as one convolution per group, concatenated.
 */
import * as tf from '@tensorflow/tfjs';
import type { LayerAttrsByType } from '../../model/graph.js';
import type { LayerParams } from './layerParams.js';

type Window = { readonly stride: [number, number]; readonly padding: 'same' | 'valid'; readonly dilation: [number, number] };

/** `[kh, kw, a, b]` → `[(kh−1)·dh+1, (kw−1)·dw+1, a, b]` with zeros between the taps. */
export function dilateKernel(kernel: tf.Tensor4D, dilation: readonly [number, number]): tf.Tensor4D {
  const [dh, dw] = dilation;
  if (dh === 1 && dw === 1) {
    return kernel;
  }
  const [kh, kw, a, b] = kernel.shape;
  const spaced = tf.pad(tf.reshape(kernel, [kh, 1, kw, 1, a, b]), [[0, 0], [0, dh - 1], [0, 0], [0, dw - 1], [0, 0], [0, 0]]);
  return tf.slice(tf.reshape(spaced, [kh * dh, kw * dw, a, b]), [0, 0, 0, 0], [(kh - 1) * dh + 1, (kw - 1) * dw + 1, a, b]) as tf.Tensor4D;
}

function withBias<T extends tf.Tensor>(y: T, bias: tf.Variable | undefined): T {
  return bias ? tf.add(y, bias) : y;
}

function depthwise(x: tf.Tensor4D, kernel: tf.Tensor4D, w: Window): tf.Tensor4D {
  return tf.depthwiseConv2d(x, dilateKernel(kernel, w.dilation), w.stride, w.padding);
}

/** conv2d with groups: kernel `[kh, kw, cin/groups, cout]`, output channel block g from input channel block g. */
export function conv2dForward(x: tf.Tensor4D, attrs: LayerAttrsByType['conv2d'], params: LayerParams): tf.Tensor4D {
  const kernel = params.kernel as tf.Tensor4D;
  const groups = attrs.groups;
  if (groups === 1) {
    return withBias(tf.conv2d(x, dilateKernel(kernel, attrs.dilation), attrs.stride, attrs.padding), params.bias);
  }
  const [kh, kw, perGroup, cout] = kernel.shape;
  if (perGroup === 1) {
    // Group g's outputs g·m … g·m+m−1 are exactly a depthwise convolution's outputs for input channel g.
    return withBias(depthwise(x, tf.reshape(kernel, [kh, kw, groups, cout / groups]), attrs), params.bias);
  }
  const inputs = tf.split(x, groups, 3) as tf.Tensor4D[];
  const kernels = tf.split(dilateKernel(kernel, attrs.dilation), groups, 3) as tf.Tensor4D[];
  const outputs = inputs.map((xi, g) => tf.conv2d(xi, kernels[g]!, attrs.stride, attrs.padding));
  return withBias(tf.concat(outputs, 3), params.bias);
}

/** Depthwise convolution with channel multiplier: kernel `[kh, kw, cin, multiplier]`. */
export function depthwiseForward(x: tf.Tensor4D, attrs: LayerAttrsByType['depthwise_conv2d'], params: LayerParams): tf.Tensor4D {
  return withBias(depthwise(x, params.depthwise as tf.Tensor4D, attrs), params.bias);
}

/** Depthwise (with multiplier) then a 1×1 pointwise convolution, as Keras' SeparableConv2D. */
export function separableForward(x: tf.Tensor4D, attrs: LayerAttrsByType['separable_conv2d'], params: LayerParams): tf.Tensor4D {
  const spatial = depthwise(x, params.depthwise as tf.Tensor4D, attrs);
  return withBias(tf.conv2d(spatial, params.kernel as tf.Tensor4D, 1, 'valid'), params.bias);
}

/** Dense on the channel axis; on a spatial input it acts at every position, as in Keras. */
export function denseForward(x: tf.Tensor, params: LayerParams): tf.Tensor {
  const kernel = params.kernel as tf.Tensor2D;
  if (x.rank === 2) {
    return withBias(tf.matMul(x as tf.Tensor2D, kernel), params.bias);
  }
  const [n, h, w, c] = x.shape as [number, number, number, number];
  const flat = tf.matMul(tf.reshape(x, [n * h * w, c]), kernel);
  return withBias(tf.reshape(flat, [n, h, w, kernel.shape[1]]), params.bias);
}
