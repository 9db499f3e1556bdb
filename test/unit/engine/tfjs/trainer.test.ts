import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { analyzeGraph } from '../../../../src/model/analyze.js';
import { summarize } from '../../../../src/model/summary.js';
import { DEFAULT_SEARCH_SETTINGS, type SearchSettings } from '../../../../src/protocol/settings.js';
import type { LoadedDataset } from '../../../../src/engine/data/types.js';
import type { BatchProgress, Trainer, TrainOptions } from '../../../../src/engine/trainer.js';
import { createTfjsTrainer } from '../../../../src/engine/tfjs/trainer.js';
import { useBackend } from './backendHelpers.js';
import { tinyResNet } from './tinyGraphs.js';
import { toyDataset } from './toyData.js';

const settings: SearchSettings = {
  ...DEFAULT_SEARCH_SETTINGS,
  batchSize: 8,
  learningRate: 0.1,
  minLearningRate: 0.001,
  weightDecay: 1e-4,
  heldOutFraction: 0.25,
  augment: false,
};
const graph = tinyResNet([8, 8, 3], 4);
const analysis = analyzeGraph(graph);
const dropLayers = ['stem', 'b1c1', 'b1c2', 'b2c1', 'b2c2'];
const ref = { format: 'folder', path: '/nowhere' } as const;

async function trainerFor(dataset: LoadedDataset, s: SearchSettings = settings): Promise<Trainer> {
  const trainer = await createTfjsTrainer(graph, { backend: 'cpu', loadDataset: async () => dataset });
  await trainer.open(ref, s);
  return trainer;
}

const trainOptions = (over: Partial<TrainOptions> = {}): TrainOptions => ({ split: 'search', epochs: 2, settings, dropLayers, seed: 3, ...over });

describe('tfjs trainer', () => {
  before(() => useBackend('cpu'));
  const data = toyDataset([8, 8, 3], 4, 64, 16);

  it('reports the engine, opens the dataset and splits off the held-out part', async () => {
    const trainer = await createTfjsTrainer(graph, { backend: 'cpu', loadDataset: async () => data });
    assert.equal(trainer.info.backend, 'cpu');
    assert.equal(trainer.info.engine, 'tfjs');
    const info = await trainer.open(ref, settings);
    assert.deepEqual(info, { imageShape: [8, 8, 3], classes: 4, trainImages: 48, heldOutImages: 16, testImages: 16 });
  });

  it('refuses a dataset whose image shape or class count does not fit the model, saying both', async () => {
    await assert.rejects(trainerFor(toyDataset([8, 8, 1], 4, 8, 4)), /8×8×1 images.*takes 8×8×3/);
    await assert.rejects(trainerFor(toyDataset([8, 8, 3], 2, 8, 4)), /2 classes.*into 4/);
  });

  it('counts the analyzer\'s parameters', async () => {
    const trainer = await trainerFor(data);
    const widths = { ...analysis.widths, b1c1: 7, b2c2: 3 };
    await trainer.build(widths, 1);
    assert.equal(trainer.countParams(), summarize(analysis, widths).totalParams);
    await trainer.dispose();
  });

  it('lowers the loss on a learnable toy problem, with per-batch progress and a cosine learning rate', async () => {
    const trainer = await trainerFor(data);
    await trainer.build(analysis.widths, 5);
    const before = await trainer.evaluate('test');
    const progress: BatchProgress[] = [];
    const result = await trainer.train(trainOptions({ epochs: 4, onProgress: (p) => progress.push(p) }));
    const after = await trainer.evaluate('test');
    assert.ok(after.loss < before.loss * 0.7, `loss ${before.loss} → ${after.loss}`);
    assert.ok(after.accuracy > 0.5, `accuracy ${after.accuracy}`);
    assert.equal(result.epochs, 4);
    assert.equal(result.images, 48);
    assert.equal(progress.length, 4 * 6);
    assert.deepEqual(progress.filter((p) => p.epochEnd).map((p) => p.epoch), [1, 2, 3, 4]);
    assert.equal(progress[0]!.learningRate, 0.1);
    assert.ok(progress.at(-1)!.learningRate < 0.02 && progress.at(-1)!.learningRate > 0.001);
    assert.ok(progress.every((p) => p.imagesPerSecond > 0 && Number.isFinite(p.loss)));
    await trainer.dispose();
  });

  it('is deterministic: the same seeds give the same training and evaluation, to the last bit', async () => {
    const run = async () => {
      const trainer = await trainerFor(toyDataset([8, 8, 3], 4, 64, 16, true), { ...settings, augment: true, trainDropRate: 0.3, labelSmoothing: 0.1 });
      await trainer.build(analysis.widths, 9);
      const train = await trainer.train(trainOptions({ epochs: 2 }));
      const probe = await trainer.evaluate('heldout', { dropRates: { b1c1: 0.3 }, seed: 4 });
      await trainer.dispose();
      return { train: { ...train, seconds: 0 }, probe };
    };
    assert.deepEqual(await run(), await run());
  });

  it('probes: rate 0 is exactly plain evaluation, a positive rate changes the loss, reproducibly per seed', async () => {
    const trainer = await trainerFor(data);
    await trainer.build(analysis.widths, 2);
    await trainer.train(trainOptions({ epochs: 1 }));
    const plain = await trainer.evaluate('heldout');
    assert.deepEqual(await trainer.evaluate('heldout', { dropRates: Object.fromEntries(dropLayers.map((l) => [l, 0])), seed: 8 }), plain);
    const probe = (seed: number) => trainer.evaluate('heldout', { dropRates: { b2c1: 0.4 }, seed });
    const first = await probe(1);
    assert.notEqual(first.loss, plain.loss);
    assert.deepEqual(await probe(1), first);
    assert.notEqual((await probe(2)).loss, first.loss);
    await trainer.dispose();
  });

  it('stops within one batch of an abort, with an AbortError', async () => {
    const trainer = await trainerFor(data);
    await trainer.build(analysis.widths, 1);
    const controller = new AbortController();
    let batches = 0;
    let atAbort = -1;
    const onProgress = (p: BatchProgress) => {
      batches++;
      if (p.epoch === 2 && p.batch === 2) {
        // Aborted from outside, as a cancel request arrives: on the event loop, between batches.
        setImmediate(() => {
          atAbort = batches;
          controller.abort();
        });
      }
    };
    await assert.rejects(trainer.train(trainOptions({ epochs: 3, signal: controller.signal, onProgress })), { name: 'AbortError' });
    assert.ok(atAbort > 0 && batches - atAbort <= 1, `${batches - atAbort} batches ran after the abort`);
    await assert.rejects(trainer.evaluate('test', { signal: controller.signal }), { name: 'AbortError' });
    await trainer.dispose();
  });

  it('leaks no tensors across open, build, train, evaluate, probe, build again and dispose', async () => {
    const start = tf.memory().numTensors;
    const trainer = await trainerFor(data);
    for (const seed of [1, 2]) {
      await trainer.build(analysis.widths, seed);
      await trainer.train(trainOptions({ epochs: 2, settings: { ...settings, trainDropRate: 0.2 } }));
      await trainer.evaluate('heldout', { dropRates: { b1c1: 0.2 }, seed: 1 });
      await trainer.probe!('heldout', [{ dropRates: {}, seed: 1 }, { dropRates: { b1c2: 0.2 }, seed: 2 }, { dropRates: { b2c2: 0.1, stem: 0.1 }, seed: 3 }]);
      await trainer.evaluate('test');
    }
    await trainer.dispose();
    assert.equal(tf.memory().numTensors, start);
  });
});
