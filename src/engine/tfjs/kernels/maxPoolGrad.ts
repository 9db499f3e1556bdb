/**
 * `MaxPoolGrad` for wasm, replacing the one tfjs-backend-wasm 4.22 ships: that one loses gradient entries when the
 * input has more than one channel or more than one image (checked against the cpu backend and by hand), which
 * silently corrupts training. Each output's gradient goes to the first input position (row-major over the window)
 * that equals the output, as TensorFlow and the cpu backend do; ties are common after a ReLU.
 */
import * as tf from '@tensorflow/tfjs';
import { padForTaps, scatterTaps, taps, tapWindow } from './taps.js';

interface Attrs {
  filterSize: [number, number] | number;
  strides: [number, number] | number;
  pad: 'same' | 'valid' | number | tf.backend_util.ExplicitPadding;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

/** A value no real activation reaches, for padding (−Infinity would work too but invites NaN arithmetic). */
const LOWEST = -3.4e38;

/** `dx` for `output = maxPool(input)` and the output gradient `dy`. */
export function maxPoolInputGradient(dy: tf.Tensor4D, input: tf.Tensor4D, output: tf.Tensor4D, attrs: Attrs): tf.Tensor4D {
  const info = tf.backend_util.computePool2DInfo(input.shape, attrs.filterSize, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode);
  return tf.tidy(() => {
    const padded = padForTaps(input, info, LOWEST);
    // Which taps already supplied the maximum, so a tie gives the gradient to the first one only.
    const winners = new Map<string, tf.Tensor4D>();
    let claimed: tf.Tensor4D = tf.zerosLike(output);
    for (const [i, j] of taps(info)) {
      const isMax = tf.cast(tf.equal(tapWindow(padded, info, i, j), output), 'float32');
      const first = tf.mul(isMax, tf.sub(1, claimed)) as tf.Tensor4D;
      claimed = tf.add(claimed, first);
      winners.set(`${i},${j}`, first);
    }
    return scatterTaps(info, input.shape, (i, j) => tf.mul(dy, winners.get(`${i},${j}`)!));
  });
}

/** The kernel config to register for `backendName` (replacing any registered one). */
export function maxPoolGradKernel(backendName: string): tf.KernelConfig {
  return {
    kernelName: tf.MaxPoolGrad,
    backendName,
    kernelFunc: ({ inputs, attrs }) =>
      maxPoolInputGradient(inputs['dy'] as tf.Tensor4D, inputs['input'] as tf.Tensor4D, inputs['output'] as tf.Tensor4D, attrs as unknown as Attrs),
  };
}
