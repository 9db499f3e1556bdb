import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { maxRelativeError, useBackend, values } from './backendHelpers.js';

/**
 * tfjs' gradient functions refuse dilation, so the depthwise kernels' dilation support is checked directly:
 * a dilated depthwise convolution is the undilated one with zeros inserted between the filter taps.
 */
describe('wasm depthwise gradient kernels with dilation', () => {
  const x = [1, 9, 9, 3] as [number, number, number, number];
  const filterShape = [3, 3, 3, 2] as [number, number, number, number];
  const dilated = [5, 5, 3, 2] as [number, number, number, number];

  /** The dilation-2 filter as an explicit 5×5 filter with zero rows and columns. */
  function inflate(f: tf.Tensor4D): tf.Tensor4D {
    return tf.tidy(() => {
      const spaced = tf.pad(tf.reshape(f, [3, 1, 3, 1, 3, 2]), [[0, 0], [0, 1], [0, 0], [0, 1], [0, 0], [0, 0]]);
      return tf.slice(tf.reshape(spaced, [6, 6, 3, 2]), [0, 0, 0, 0], dilated) as tf.Tensor4D;
    });
  }

  for (const pad of ['same', 'valid'] as const) {
    it(`matches the zero-inserted filter on cpu (${pad})`, async () => {
      await useBackend('wasm');
      const xs = tf.tensor4d(values(243, 4), x);
      const f = tf.tensor4d(values(54, 5), filterShape);
      const outShape = tf.depthwiseConv2d(xs, f, 1, pad, 'NHWC', 2).shape;
      const dy = tf.tensor4d(values(outShape.reduce((a, b) => a * b), 6), outShape);
      const attrs = { strides: [1, 1], dilations: [2, 2], pad };
      const dw = tf.engine().runKernel('DepthwiseConv2dNativeBackpropFilter', { x: xs, dy }, { ...attrs, filterShape }) as tf.Tensor4D;
      const dx = tf.engine().runKernel('DepthwiseConv2dNativeBackpropInput', { dy, filter: f }, { ...attrs, inputShape: x }) as tf.Tensor4D;
      const wasm = { dw: await dw.data(), dx: await dx.data() };

      await useBackend('cpu');
      const [rdx, rdw] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(tf.depthwiseConv2d(a as tf.Tensor4D, inflate(b as tf.Tensor4D), 1, pad), dy)))([xs, f]);
      assert.ok(maxRelativeError(wasm.dw, await rdw!.data()) < 1e-5);
      assert.ok(maxRelativeError(wasm.dx, await rdx!.data()) < 1e-5);
      tf.dispose([xs, f, dy, dw, dx, rdx!, rdw!]);
    });
  }
});
