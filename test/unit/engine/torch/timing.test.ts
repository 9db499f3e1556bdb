/** The torch engine's latency measurements: single layers at given widths, and whole forward passes. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTorchTrainer } from '../../../../src/engine/torch/trainer.js';
import type { LayerTimingCase, Trainer } from '../../../../src/engine/trainer.js';
import { analyzeGraph } from '../../../../src/model/analyze.js';
import type { LayerNode } from '../../../../src/model/graph.js';
import { torchPython } from '../conformance/trainers.js';
import { everyLayerGraph, tinyResNet } from '../tfjs/tinyGraphs.js';

const layers = new Map(everyLayerGraph().nodes.map((n) => [n.name, n]));
const nodeOf = (name: string): LayerNode => layers.get(name)!;
const conv3x3: LayerNode = { name: 'wide', type: 'conv2d', inputs: ['input'], attrs: { kernel: [3, 3], stride: [1, 1], padding: 'same', dilation: [1, 1], groups: 1, bias: true } };

describe('torch layer and network timing', () => {
  let trainer: Trainer;
  before(async () => {
    trainer = await createTorchTrainer(tinyResNet([16, 16, 3], 10), { python: await torchPython() });
  });
  after(async () => trainer?.dispose());

  it('times every timed layer type (no dataset or network needed) in positive milliseconds', async () => {
    const cases: LayerTimingCase[] = [
      { node: nodeOf('grp'), inputShape: [8, 8, 8], outChannels: 6 },
      { node: nodeOf('dil'), inputShape: [8, 8, 12], outChannels: 5 },
      { node: nodeOf('dw'), inputShape: [8, 8, 5], outChannels: 10 },
      { node: nodeOf('sep'), inputShape: [8, 8, 10], outChannels: 7 },
      { node: nodeOf('pw'), inputShape: [4, 4, 8], outChannels: 6 },
      { node: nodeOf('fc'), inputShape: [5], outChannels: 3 },
    ];
    const ms = await trainer.timeLayers!(cases, { batchSize: 4, warmup: 1, repeats: 3 });
    assert.equal(ms.length, cases.length);
    assert.ok(ms.every((t) => Number.isFinite(t) && t > 0), `${ms}`);
  });

  it('finds a convolution 4× as wide (16× the MACs) slower than one a quarter as wide', async () => {
    const [narrow, wide] = await trainer.timeLayers!(
      [
        { node: conv3x3, inputShape: [32, 32, 16], outChannels: 16 },
        { node: conv3x3, inputShape: [32, 32, 64], outChannels: 64 },
      ],
      { batchSize: 8, warmup: 2, repeats: 7 },
    );
    assert.ok(wide! > 2 * narrow!, `64 → 64 channels: ${wide} ms, 16 → 16: ${narrow} ms`);
  });

  it('refuses layers it cannot time and bad options, naming the cause', async () => {
    const options = { batchSize: 2, warmup: 0, repeats: 1 };
    await assert.rejects(trainer.timeLayers!([{ node: nodeOf('bn0'), inputShape: [8, 8, 8], outChannels: 8 }], options), /cannot time layer 'bn0' of type 'batch_norm'/);
    await assert.rejects(trainer.timeLayers!([{ node: nodeOf('grp'), inputShape: [8, 8, 8], outChannels: 5 }], options), /cannot time layer 'grp': 8 → 5 channels do not split into 2 groups/);
    await assert.rejects(trainer.timeLayers!([], { batchSize: 0, warmup: 0, repeats: 1 }), /timing needs a whole batchSize ≥ 1, warmup ≥ 0 and repeats ≥ 1, got 0, 0 and 1/);
    assert.deepEqual(await trainer.timeLayers!([], options), []);
  });

  it('measures whole forward passes of the built network: positive quartiles in order', async () => {
    await assert.rejects(trainer.measureLatency!({ batchSize: 2, warmup: 0, repeats: 1 }), /cannot measure latency: no network built/);
    await trainer.build(analyzeGraph(tinyResNet([16, 16, 3], 10)).widths, 1);
    const m = await trainer.measureLatency!({ batchSize: 8, warmup: 2, repeats: 9 });
    assert.equal(m.batchSize, 8);
    assert.ok(m.p25Ms > 0 && m.p25Ms <= m.medianMs && m.medianMs <= m.p75Ms, JSON.stringify(m));
  });

  it('stops a long measurement when cancelled', async () => {
    const controller = new AbortController();
    const pending = trainer.measureLatency!({ batchSize: 2, warmup: 0, repeats: 1_000_000, signal: controller.signal });
    setTimeout(() => controller.abort(), 200);
    await assert.rejects(pending, { name: 'AbortError' });
  });
});
