import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { analyzeGraph } from '../../../../src/model/analyze.js';
import type { LayerAttrsByType } from '../../../../src/model/graph.js';
import { batchNormForward } from '../../../../src/engine/tfjs/batchNorm.js';
import { buildNetwork } from '../../../../src/engine/tfjs/buildModel.js';
import { conv2dForward } from '../../../../src/engine/tfjs/convOps.js';
import { addForward } from '../../../../src/engine/tfjs/layerOps.js';
import { maxRelativeError, useBackend, values } from './backendHelpers.js';
import { everyLayerGraph } from './tinyGraphs.js';

const conv = (over: Partial<LayerAttrsByType['conv2d']>): LayerAttrsByType['conv2d'] => ({
  kernel: [3, 3], stride: [1, 1], padding: 'same', dilation: [1, 1], groups: 1, bias: false, ...over,
});
const variable = (shape: number[], seed: number) => tf.variable(tf.tensor(values(shape.reduce((a, b) => a * b), seed), shape));

describe('layer forward passes', () => {
  before(() => useBackend('cpu'));

  for (const [groups, cin, cout] of [[2, 4, 6], [3, 6, 3], [4, 4, 8]] as const) {
    it(`grouped convolution (groups ${groups}, ${cin}→${cout}) equals a block-diagonal full convolution`, () => {
      const x = tf.tensor4d(values(2 * 5 * 5 * cin, 1), [2, 5, 5, cin]);
      const kernel = variable([3, 3, cin / groups, cout], 2);
      const grouped = conv2dForward(x, conv({ groups, stride: [2, 2] }), { kernel });
      const perIn = cin / groups;
      const perOut = cout / groups;
      const k = kernel.arraySync() as number[][][][];
      const full = tf.tensor4d(k.map((row) => row.map((tap) =>
        Array.from({ length: cin }, (_, i) => Array.from({ length: cout }, (_, o) => (Math.floor(i / perIn) === Math.floor(o / perOut) ? tap[i % perIn]![o]! : 0))))));
      const reference = tf.conv2d(x, full, [2, 2], 'same');
      assert.ok(maxRelativeError(grouped.dataSync(), reference.dataSync()) < 1e-5);
    });
  }

  it('dilated convolution equals tfjs native dilation (which tfjs cannot differentiate)', () => {
    const x = tf.tensor4d(values(2 * 9 * 9 * 3, 3), [2, 9, 9, 3]);
    const kernel = variable([3, 3, 3, 4], 4);
    for (const padding of ['same', 'valid'] as const) {
      const ours = conv2dForward(x, conv({ dilation: [2, 3], padding }), { kernel });
      const native = tf.conv2d(x, kernel as tf.Tensor4D, 1, padding, 'NHWC', [2, 3]);
      assert.deepEqual(ours.shape, native.shape);
      assert.ok(maxRelativeError(ours.dataSync(), native.dataSync()) < 1e-5);
    }
  });

  it('adds inputs of different widths by zero-padding the narrower at the end of the channel axis', () => {
    const a = tf.ones([1, 2, 2, 3]);
    const b = tf.fill([1, 2, 2, 5], 2);
    const sum = addForward([a, b]);
    assert.deepEqual(sum.shape, [1, 2, 2, 5]);
    assert.deepEqual(Array.from(sum.dataSync().slice(0, 5)), [3, 3, 3, 2, 2]);
  });

  it('batch norm normalises with batch statistics in training and updates moving statistics (Keras momentum)', () => {
    const x = tf.add(tf.mul(tf.tensor4d(values(4 * 3 * 3 * 2, 5), [4, 3, 3, 2]), 3), 1);
    const params = { movingMean: tf.variable(tf.zeros([2])), movingVariance: tf.variable(tf.ones([2])) };
    const attrs = { scale: false, center: false, epsilon: 1e-5, momentum: 0.9 };
    const y = batchNormForward(x, attrs, params, true);
    const { mean, variance } = tf.moments(y, [0, 1, 2]);
    assert.ok(maxRelativeError(mean.dataSync(), [0, 0]) < 1e-5);
    assert.ok(maxRelativeError(variance.dataSync(), [1, 1]) < 1e-3);
    const batchMoments = tf.moments(x, [0, 1, 2]);
    const unbiased = Array.from(batchMoments.variance.dataSync()).map((v) => 0.9 + 0.1 * v * (36 / 35));
    assert.ok(maxRelativeError(params.movingVariance.dataSync(), unbiased) < 1e-5);
    assert.ok(maxRelativeError(params.movingMean.dataSync(), Array.from(batchMoments.mean.dataSync()).map((m) => 0.1 * m)) < 1e-6);
    const inference = batchNormForward(x, attrs, params, false);
    const expected = tf.div(tf.sub(x, params.movingMean), tf.sqrt(tf.add(params.movingVariance, 1e-5)));
    assert.ok(maxRelativeError(inference.dataSync(), expected.dataSync()) < 1e-5);
  });
});

describe('training-mode batch norm gradient (written out)', () => {
  before(() => useBackend('cpu'));

  for (const shape of [[4, 3, 3, 5], [6, 5]] as const) {
    it(`equals autodiff of (x − mean)/√(var + ε)·γ + β, rank ${shape.length}`, () => {
      const x = tf.tensor(values(shape.reduce((a: number, b: number) => a * b, 1), 21), [...shape]);
      const c = shape[shape.length - 1]!;
      const gamma = tf.variable(tf.tensor1d(values(c, 22)));
      const beta = tf.variable(tf.tensor1d(values(c, 23)));
      const r = tf.tensor(values(x.size, 24), x.shape);
      const attrs = { scale: true, center: true, epsilon: 1e-3, momentum: 0.9 };
      const params = { gamma, beta, movingMean: tf.variable(tf.zeros([c])), movingVariance: tf.variable(tf.ones([c])) };
      const axes = shape.length === 4 ? [0, 1, 2] : [0];
      const reference = (xi: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => {
        const { mean, variance } = tf.moments(xi, axes);
        return tf.add(tf.mul(tf.div(tf.sub(xi, mean), tf.sqrt(tf.add(variance, 1e-3))), g), b);
      };
      const ours = tf.grads((xi: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(batchNormForward(xi, attrs, { ...params, gamma: g as tf.Variable, beta: b as tf.Variable }, true), r)))([x, gamma, beta]);
      const expected = tf.grads((xi: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(reference(xi, g, b), r)))([x, gamma, beta]);
      ours.forEach((g, i) => assert.ok(maxRelativeError(g.dataSync(), expected[i]!.dataSync()) < 1e-4, `gradient ${i}: ${maxRelativeError(g.dataSync(), expected[i]!.dataSync())}`));
      assert.ok(maxRelativeError(batchNormForward(x, attrs, params, true).dataSync(), reference(x, gamma, beta).dataSync()) < 1e-5);
    });
  }
});

describe('a training step through every layer type', () => {
  /** Loss and every trainable variable's gradient, in training mode, on `backend`. */
  async function gradients(backend: 'cpu' | 'wasm'): Promise<Float32Array[]> {
    await useBackend(backend);
    const graph = everyLayerGraph(3);
    const analysis = analyzeGraph(graph);
    const net = buildNetwork(analysis, analysis.widths, 11);
    const x = tf.tensor4d(values(4 * 8 * 8 * 3, 12), [4, 8, 8, 3]);
    const rates = { stem: 0.2, sep: 0.3 };
    const { value, grads } = tf.variableGrads(() => tf.mean(tf.square(net.forward(x, { training: true, dropRates: rates, seed: 13 }))) as tf.Scalar, net.trainable as tf.Variable[]);
    const out = [await value.data(), ...(await Promise.all(net.trainable.map((v) => grads[v.name]!.data())))] as Float32Array[];
    tf.dispose([value, x, ...Object.values(grads)]);
    net.dispose();
    return out;
  }

  it('runs on wasm with netadjust\'s kernels and gives the cpu backend\'s gradients for every variable, leaking nothing', async () => {
    const start = tf.memory().numTensors;
    const wasm = await gradients('wasm');
    const cpu = await gradients('cpu');
    assert.equal(tf.memory().numTensors, start);
    assert.equal(wasm.length, cpu.length);
    wasm.forEach((g, i) => assert.ok(maxRelativeError(g, cpu[i]!) < 1e-4, `gradient ${i} differs by ${maxRelativeError(g, cpu[i]!)}`));
    assert.ok(cpu.slice(1).every((g) => g.some((v) => v !== 0)), 'every variable gets a gradient');
  });
});
