/**
 * The depthwise-convolution gradients for backends that lack them (wasm), each as one forward depthwise
 * convolution, which wasm runs through XNNPACK. Filters are `[kh, kw, cin, multiplier]`; output channel
 * `c·multiplier + m` comes from input channel c.
 */
import * as tf from '@tensorflow/tfjs';
import { padForTaps, padOrCrop, spreadByStride } from './taps.js';

type Pad = 'same' | 'valid' | number | tf.backend_util.ExplicitPadding;

interface CommonAttrs {
  strides: [number, number] | number;
  dilations: [number, number] | number;
  pad: Pad;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

function depthwiseInfo(inputShape: [number, number, number, number], filterShape: [number, number, number, number], attrs: CommonAttrs) {
  return tf.backend_util.computeConv2DInfo(inputShape, filterShape, attrs.strides, attrs.dilations ?? 1, attrs.pad, attrs.dimRoundingMode, true);
}

/**
 * `dW[i, j, c, m] = Σ_{n, y, x} xpad[n, y·s + i·d, x·s + j·d, c] · dy[n, y, x, c·M + m]`: with the images moved into
 * the channel axis (`n·C + c`), a depthwise correlation of the padded input by `dy` used as the filter, dilated by
 * the stride, read at every d-th position and summed over the images. (Measured on wasm: 2.7× faster than
 * per-tap products and sums, whose slices and first-axis reductions wasm runs slowly.)
 */
export function depthwiseFilterGradient(x: tf.Tensor4D, dy: tf.Tensor4D, attrs: CommonAttrs & { filterShape: [number, number, number, number] }): tf.Tensor4D {
  const info = depthwiseInfo(x.shape, attrs.filterShape, attrs);
  const [kh, kw, cin, multiplier] = attrs.filterShape;
  const n = x.shape[0];
  return tf.tidy(() => {
    const padded = padForTaps(x, info);
    const [, hp, wp] = padded.shape;
    const images = tf.reshape(tf.transpose(padded, [1, 2, 0, 3]), [1, hp, wp, n * cin]) as tf.Tensor4D;
    const perImage = tf.reshape(dy, [n, info.outHeight, info.outWidth, cin, multiplier]);
    const filter = tf.reshape(tf.transpose(perImage, [1, 2, 0, 3, 4]), [info.outHeight, info.outWidth, n * cin, multiplier]) as tf.Tensor4D;
    const full = tf.depthwiseConv2d(images, filter, 1, 'valid', 'NHWC', [info.strideHeight, info.strideWidth]);
    const [dh, dw] = [info.dilationHeight, info.dilationWidth];
    const taps = tf.stridedSlice(full, [0, 0, 0, 0], [1, (kh - 1) * dh + 1, (kw - 1) * dw + 1, n * cin * multiplier], [1, dh, dw, 1]);
    return tf.sum(tf.reshape(taps, [kh, kw, n, cin, multiplier]), 2) as tf.Tensor4D;
  });
}

/**
 * `dx` = the correlation of `dy`, spread out by the stride and padded by `(k − 1)·d − pad`, with the filter rotated
 * by 180° (a depthwise convolution over the `C·M` output channels), summed over the multiplier.
 */
export function depthwiseInputGradient(dy: tf.Tensor4D, filter: tf.Tensor4D, attrs: CommonAttrs & { inputShape: [number, number, number, number] }): tf.Tensor4D {
  const info = depthwiseInfo(attrs.inputShape, filter.shape, attrs);
  const [n, h, w, cin] = attrs.inputShape;
  const [kh, kw, , multiplier] = filter.shape;
  const { top, left } = info.padInfo;
  const [sh, sw] = [info.strideHeight, info.strideWidth];
  const [dh, dw] = [info.dilationHeight, info.dilationWidth];
  return tf.tidy(() => {
    const frontH = (kh - 1) * dh - top;
    const frontW = (kw - 1) * dw - left;
    const padded = padOrCrop(spreadByStride(dy, sh, sw), frontH, h + top - info.outHeight * sh, frontW, w + left - info.outWidth * sw);
    const rotated = tf.reshape(tf.reverse(filter, [0, 1]), [kh, kw, cin * multiplier, 1]) as tf.Tensor4D;
    const perOutput = tf.depthwiseConv2d(padded, rotated, 1, 'valid', 'NHWC', [dh, dw]);
    return multiplier === 1 ? perOutput : (tf.sum(tf.reshape(perOutput, [n, h, w, cin, multiplier]), 4) as tf.Tensor4D);
  });
}

/** Kernel configs to register for `backendName`. */
export function depthwiseBackpropKernels(backendName: string): tf.KernelConfig[] {
  return [
    {
      kernelName: tf.DepthwiseConv2dNativeBackpropFilter,
      backendName,
      kernelFunc: ({ inputs, attrs }) => depthwiseFilterGradient(inputs['x'] as tf.Tensor4D, inputs['dy'] as tf.Tensor4D, attrs as never),
    },
    {
      kernelName: tf.DepthwiseConv2dNativeBackpropInput,
      backendName,
      kernelFunc: ({ inputs, attrs }) => depthwiseInputGradient(inputs['dy'] as tf.Tensor4D, inputs['filter'] as tf.Tensor4D, attrs as never),
    },
  ];
}
