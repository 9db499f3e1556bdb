import type { ChannelExpr } from './channels.js';
import type { Padding } from './graph.js';

/** A layer's output: spatial size (null once flattened or pooled globally) and channel count. Channels-last. */
export interface TensorShape {
  readonly spatial: readonly [number, number] | null;
  readonly channels: ChannelExpr;
}

/** Output length of a convolution or pooling window along one axis, computed as TensorFlow does. */
export function windowOutputLength(input: number, kernel: number, stride: number, padding: Padding, dilation = 1): number {
  const effectiveKernel = (kernel - 1) * dilation + 1;
  return padding === 'same' ? Math.ceil(input / stride) : Math.ceil((input - effectiveKernel + 1) / stride);
}

export function windowOutput(
  spatial: readonly [number, number],
  kernel: readonly [number, number],
  stride: readonly [number, number],
  padding: Padding,
  dilation: readonly [number, number] = [1, 1],
): [number, number] {
  return [
    windowOutputLength(spatial[0], kernel[0], stride[0], padding, dilation[0]),
    windowOutputLength(spatial[1], kernel[1], stride[1], padding, dilation[1]),
  ];
}
