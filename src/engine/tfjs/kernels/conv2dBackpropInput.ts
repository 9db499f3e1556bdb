/**
 * `Conv2DBackpropInput` for wasm as one forward convolution (XNNPACK): wasm's own kernel is a plain loop, about ten
 * times slower than the forward convolution it differentiates. The input gradient is the correlation of `dy`,
 * spread out by the stride and padded by `k − 1 − pad`, with the filter rotated by 180° and its channel axes
 * swapped ("transposed convolution").
 */
import * as tf from '@tensorflow/tfjs';
import { padOrCrop, requireChannelsLast, spreadByStride, type ConvKernelAttrs } from './taps.js';

interface Attrs extends ConvKernelAttrs {
  inputShape: [number, number, number, number];
}

/** `dx` (`inputShape`) from the output gradient `dy` and the filter `[kh, kw, cin, cout]`. */
export function conv2dInputGradient(dy: tf.Tensor4D, filter: tf.Tensor4D, attrs: Attrs): tf.Tensor4D {
  requireChannelsLast('Conv2DBackpropInput', attrs.dataFormat);
  const info = tf.backend_util.computeConv2DInfo(attrs.inputShape, filter.shape, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode);
  const [, h, w] = attrs.inputShape;
  const { top, left } = info.padInfo;
  const [sh, sw] = [info.strideHeight, info.strideWidth];
  return tf.tidy(() => {
    const spread = spreadByStride(dy, sh, sw);
    // After padding, the spread gradient is h + kh − 1 rows long, so a valid correlation gives h rows.
    const frontH = info.filterHeight - 1 - top;
    const frontW = info.filterWidth - 1 - left;
    const padded = padOrCrop(spread, frontH, h + top - info.outHeight * sh, frontW, w + left - info.outWidth * sw);
    const rotated = tf.transpose(tf.reverse(filter, [0, 1]), [0, 1, 3, 2]);
    return tf.conv2d(padded, rotated, 1, 'valid');
  });
}

/** The kernel config to register for `backendName` (replacing the registered one). */
export function conv2dBackpropInputKernel(backendName: string): tf.KernelConfig {
  return {
    kernelName: tf.Conv2DBackpropInput,
    backendName,
    kernelFunc: ({ inputs, attrs }) => conv2dInputGradient(inputs['dy'] as tf.Tensor4D, inputs['filter'] as tf.Tensor4D, attrs as unknown as Attrs),
  };
}
