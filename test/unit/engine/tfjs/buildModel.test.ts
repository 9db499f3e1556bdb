import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { analyzeGraph } from '../../../../src/model/analyze.js';
import type { ModelGraph } from '../../../../src/model/graph.js';
import { summarize } from '../../../../src/model/summary.js';
import { buildNetwork } from '../../../../src/engine/tfjs/buildModel.js';
import { graphOf, node } from '../../../helpers/graphs.js';
import { useBackend, values } from './backendHelpers.js';
import { everyLayerGraph, tinyResNet } from './tinyGraphs.js';

function batch(graph: ModelGraph, n: number, seed = 7): tf.Tensor4D {
  const [h, w, c] = graph.input;
  return tf.tensor4d(values(n * h * w * c, seed), [n, h, w, c]);
}

describe('buildNetwork', () => {
  before(() => useBackend('cpu'));

  it('builds and runs every layer type, in training and inference mode', () => {
    const graph = everyLayerGraph(3);
    const net = buildNetwork(analyzeGraph(graph), analyzeGraph(graph).widths, 1);
    const x = batch(graph, 4);
    for (const training of [true, false]) {
      const logits = net.forward(x, { training, seed: 3 });
      assert.deepEqual(logits.shape, [4, 3]);
      assert.ok(Array.from(logits.dataSync()).every(Number.isFinite));
    }
    assert.equal(net.classes, 3);
    net.dispose();
    x.dispose();
  });

  const resnetWidths = { stem: 5, b1c1: 3, b1c2: 7, b2c1: 9, b2c2: 4 };
  const graphs: Array<[string, ModelGraph, Record<string, number>]> = [
    ['every layer type', everyLayerGraph(4), { stem: 10, grp: 12, grp1: 18, dil: 7, sep: 9, side: 3, pw: 5, hidden: 4 }],
    ['tiny ResNet', tinyResNet([8, 8, 3], 2), resnetWidths],
    ['tiny ResNet with flatten', tinyResNet([12, 12, 1], 4, [3, 5], true), resnetWidths],
  ];
  for (const [name, graph, changed] of graphs) {
    it(`counts exactly the analyzer's trainable parameters: ${name}, at written and changed widths`, () => {
      const analysis = analyzeGraph(graph);
      for (const widths of [analysis.widths, { ...analysis.widths, ...changed }]) {
        const net = buildNetwork(analysis, widths, 2);
        assert.equal(net.countParams(), summarize(analysis, widths).totalParams);
        net.dispose();
      }
    });
  }

  it('pads a residual add up to the widest input, zeros at the end of the channel axis', () => {
    const graph = graphOf([4, 4, 2], [
      node('a', 'conv2d', ['input'], {}, 3),
      node('b', 'conv2d', ['a'], {}, 5),
      node('sum', 'add', ['a', 'b']),
      node('gap', 'global_avg_pool', ['sum']),
      node('fc', 'dense', ['gap'], {}, 2),
    ]);
    const analysis = analyzeGraph(graph);
    for (const [a, b] of [[3, 5], [6, 2]]) {
      const net = buildNetwork(analysis, { a: a!, b: b!, fc: 2 }, 1);
      // The classifier's kernel rows are the add's channels.
      assert.deepEqual(net.trainable.at(-2)!.shape, [Math.max(a!, b!), 2]);
      assert.ok(Array.from(net.forward(batch(graph, 2), { training: false }).dataSync()).every(Number.isFinite));
      net.dispose();
    }
  });

  it('rejects widths that are missing, and images of the wrong shape', () => {
    const graph = tinyResNet([8, 8, 3], 2);
    const analysis = analyzeGraph(graph);
    assert.throws(() => buildNetwork(analysis, { ...analysis.widths, b1c1: 0 }, 1), /b1c1/);
    const net = buildNetwork(analysis, analysis.widths, 1);
    assert.throws(() => net.forward(tf.zeros([1, 8, 8, 1]) as tf.Tensor4D, { training: false }), /8×8×3/);
    net.dispose();
  });

  it('initialises from the seed: same seed same weights, other seed other weights', () => {
    const analysis = analyzeGraph(tinyResNet([8, 8, 3], 2));
    const [a, b, c] = [1, 1, 2].map((s) => buildNetwork(analysis, analysis.widths, s));
    assert.deepEqual(a!.trainable[0]!.dataSync(), b!.trainable[0]!.dataSync());
    assert.notDeepEqual(a!.trainable[0]!.dataSync(), c!.trainable[0]!.dataSync());
    [a, b, c].forEach((n) => n!.dispose());
  });
});

describe('channel drop at the drop points', () => {
  before(() => useBackend('cpu'));
  const graph = tinyResNet([8, 8, 3], 3);
  const analysis = analyzeGraph(graph);

  it('at rate 0 is exactly plain evaluation; at a positive rate changes the output, reproducibly per seed', () => {
    const net = buildNetwork(analysis, analysis.widths, 4);
    const x = batch(graph, 6);
    const plain = net.forward(x, { training: false }).dataSync();
    const zero = net.forward(x, { training: false, dropRates: { b1c1: 0, b2c2: 0 }, seed: 9 }).dataSync();
    assert.deepEqual(zero, plain);
    const probe = (seed: number) => net.forward(x, { training: false, dropRates: { b2c1: 0.5 }, seed }).dataSync();
    assert.notDeepEqual(probe(1), plain);
    assert.deepEqual(probe(1), probe(1));
    assert.notDeepEqual(probe(1), probe(2));
    assert.throws(() => net.forward(x, { training: false, dropRates: { nosuch: 0.1 } }), /'nosuch', which is not a width variable/);
    net.dispose();
  });

  it('drops whole channels with the 1/(1−p) scale', () => {
    const graph1 = graphOf([2, 2, 1], [node('c', 'conv2d', ['input'], { kernel: [1, 1] }, 64), node('gap', 'global_avg_pool', ['c']), node('fc', 'dense', ['gap'], {}, 2)]);
    const net = buildNetwork(analyzeGraph(graph1), { c: 64, fc: 2 }, 1);
    const kernel = net.trainable[0]!;
    kernel.assign(tf.ones([1, 1, 1, 64]));
    net.trainable[1]!.assign(tf.eye(64, 2));
    // fc sees the channel means; with an identity-like kernel its two logits are channels 0 and 1 of sample 0.
    const out = net.forward(tf.ones([8, 2, 2, 1]), { training: false, dropRates: { c: 0.5 }, seed: 5 }).dataSync();
    assert.ok(Array.from(out).every((v) => v === 0 || Math.abs(v - 2) < 1e-6), `got ${Array.from(out)}`);
    assert.ok(Array.from(out).some((v) => v === 0) && Array.from(out).some((v) => v !== 0));
    net.dispose();
  });
});
