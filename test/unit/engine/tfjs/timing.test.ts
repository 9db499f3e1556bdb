import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { analyzeGraph } from '../../../../src/model/analyze.js';
import type { LayerNode } from '../../../../src/model/graph.js';
import type { LayerTimingCase } from '../../../../src/engine/trainer.js';
import { median, quantile } from '../../../../src/engine/tfjs/timing.js';
import { createTfjsTrainer } from '../../../../src/engine/tfjs/trainer.js';
import { useBackend } from './backendHelpers.js';
import { everyLayerGraph, tinyResNet } from './tinyGraphs.js';

const every = everyLayerGraph(3);
const nodeNamed = (name: string): LayerNode => every.nodes.find((n) => n.name === name)!;
const options = { batchSize: 2, warmup: 1, repeats: 3 };

describe('tfjs timing', () => {
  before(() => useBackend('cpu'));

  it('takes quantiles as NumPy does (linear between order statistics)', () => {
    assert.equal(median([3, 1, 2]), 2);
    assert.equal(median([4, 1, 3, 2]), 2.5);
    assert.equal(quantile([4, 1, 3, 2], 0.25), 1.75);
    assert.equal(quantile([4, 1, 3, 2], 0.75), 3.25);
    assert.equal(quantile([7], 0.25), 7);
  });

  it('times every timed layer type alone, positive, and a conv 8× as wide both ways takes longer', async () => {
    const trainer = await createTfjsTrainer(every, { backend: 'cpu' });
    const cases: LayerTimingCase[] = [
      { node: nodeNamed('stem'), inputShape: [9, 9, 3], outChannels: 8 },
      { node: nodeNamed('grp'), inputShape: [8, 8, 8], outChannels: 6 },
      { node: nodeNamed('grp1'), inputShape: [8, 8, 6], outChannels: 12 },
      { node: nodeNamed('dil'), inputShape: [8, 8, 12], outChannels: 5 },
      { node: nodeNamed('dw'), inputShape: [8, 8, 5], outChannels: 10 },
      { node: nodeNamed('sep'), inputShape: [8, 8, 10], outChannels: 7 },
      { node: nodeNamed('pw'), inputShape: [4, 4, 14], outChannels: 6 },
      { node: nodeNamed('fc'), inputShape: [5], outChannels: 3 },
    ];
    const start = tf.memory().numTensors;
    const times = await trainer.timeLayers!(cases, options);
    assert.equal(tf.memory().numTensors, start);
    assert.equal(times.length, cases.length);
    assert.ok(times.every((t) => t > 0 && Number.isFinite(t)), times.join(', '));

    // 64× the MACs of the narrow case: even a noisy machine shows it at a factor of 2.
    const conv = nodeNamed('dil');
    const [narrow, wide] = await trainer.timeLayers!(
      [
        { node: conv, inputShape: [16, 16, 8], outChannels: 8 },
        { node: conv, inputShape: [16, 16, 64], outChannels: 64 },
      ],
      { batchSize: 2, warmup: 1, repeats: 5 },
    );
    assert.ok(wide! > 2 * narrow!, `narrow ${narrow} ms, wide ${wide} ms`);
    await trainer.dispose();
  });

  it('refuses layers it cannot time, channel counts that do not fit, and bad options, saying why', async () => {
    const trainer = await createTfjsTrainer(every, { backend: 'cpu' });
    await assert.rejects(trainer.timeLayers!([{ node: nodeNamed('bn0'), inputShape: [8, 8, 8], outChannels: 8 }], options), /cannot time layer 'bn0': a batch_norm layer/);
    await assert.rejects(trainer.timeLayers!([{ node: nodeNamed('grp'), inputShape: [8, 8, 7], outChannels: 6 }], options), /7 input and 6 output channels do not split into 2 groups/);
    await assert.rejects(trainer.timeLayers!([{ node: nodeNamed('dw'), inputShape: [8, 8, 5], outChannels: 5 }], options), /multiplier 2 on 5 channels has 10 outputs, not 5/);
    await assert.rejects(trainer.timeLayers!([], { batchSize: 0, warmup: 0, repeats: 1 }), /batch size ≥ 1/);
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(trainer.timeLayers!([{ node: nodeNamed('fc'), inputShape: [5], outChannels: 3 }], { ...options, signal: controller.signal }), { name: 'AbortError' });
    await trainer.dispose();
  });

  it('measures the whole network\'s latency: positive, ordered quartiles, and no tensors left', async () => {
    const graph = tinyResNet([8, 8, 3], 4);
    const trainer = await createTfjsTrainer(graph, { backend: 'cpu' });
    await assert.rejects(trainer.measureLatency!(options), /cannot measure latency: no network built/);
    await trainer.build(analyzeGraph(graph).widths, 1);
    const start = tf.memory().numTensors;
    const latency = await trainer.measureLatency!({ batchSize: 4, warmup: 1, repeats: 7 });
    assert.equal(tf.memory().numTensors, start);
    assert.equal(latency.batchSize, 4);
    assert.ok(latency.p25Ms > 0 && latency.p25Ms <= latency.medianMs && latency.medianMs <= latency.p75Ms, JSON.stringify(latency));
    await trainer.dispose();
  });
});
