/**
 * `Conv2DBackpropFilter` for backends that lack it (wasm), as one forward convolution, which wasm runs through
 * XNNPACK: `dW[i, j, ci, co] = Σ_{n, y, x} xpad[n, y·s + i, x·s + j, ci] · dy[n, y, x, co]` is a convolution of
 * the input, with batch and channel axes swapped, by `dy` used as a filter, dilated by the stride.
 */
import * as tf from '@tensorflow/tfjs';
import { padForTaps, requireChannelsLast, type ConvKernelAttrs } from './taps.js';

interface Attrs extends ConvKernelAttrs {
  filterShape: [number, number, number, number];
}

/** `dW[kh, kw, cin, cout]` from the layer input `x` and the output gradient `dy` (both NHWC). */
export function conv2dFilterGradient(x: tf.Tensor4D, dy: tf.Tensor4D, attrs: Attrs): tf.Tensor4D {
  requireChannelsLast('Conv2DBackpropFilter', attrs.dataFormat);
  const info = tf.backend_util.computeConv2DInfo(x.shape, attrs.filterShape, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode);
  const [kh, kw, cin, cout] = attrs.filterShape;
  return tf.tidy(() => {
    // [Cin, H', W', N]: input channels become the batch, images become the channels that are summed over.
    const images = tf.transpose(padForTaps(x, info), [3, 1, 2, 0]);
    // [outH, outW, N, Cout]: dy is the filter.
    const filter = tf.transpose(dy, [1, 2, 0, 3]);
    const full = tf.conv2d(images, filter, 1, 'valid', 'NHWC', [info.strideHeight, info.strideWidth]);
    const taps = tf.slice(full, [0, 0, 0, 0], [cin, kh, kw, cout]);
    return tf.transpose(taps, [1, 2, 0, 3]);
  });
}

/** The kernel config to register for `backendName`. */
export function conv2dBackpropFilterKernel(backendName: string): tf.KernelConfig {
  return {
    kernelName: tf.Conv2DBackpropFilter,
    backendName,
    // The result comes out of a tidy, so the engine tracks it in the caller's scope like any op's output.
    kernelFunc: ({ inputs, attrs }) => conv2dFilterGradient(inputs['x'] as tf.Tensor4D, inputs['dy'] as tf.Tensor4D, attrs as unknown as Attrs),
  };
}
