import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { analyzeGraph, outChannels, type ModelAnalysis } from '../../../../src/model/analyze.js';
import type { ModelGraph } from '../../../../src/model/graph.js';
import { DEFAULT_SEARCH_SETTINGS, type SearchSettings } from '../../../../src/protocol/settings.js';
import type { Trainer, TrainOptions } from '../../../../src/engine/trainer.js';
import { createTfjsTrainer } from '../../../../src/engine/tfjs/trainer.js';
import { canonicalTensors, tensorKey } from '../../../../src/engine/weights/canonical.js';
import { readSafetensors, writeSafetensors } from '../../../../src/engine/weights/safetensors.js';
import { suiteWorkspaces } from '../../../helpers/runs.js';
import { useBackend } from './backendHelpers.js';
import { everyLayerGraph, tinyResNet } from './tinyGraphs.js';
import { toyDataset } from './toyData.js';

const settings: SearchSettings = { ...DEFAULT_SEARCH_SETTINGS, batchSize: 8, learningRate: 0.1, heldOutFraction: 0.25, augment: false };
const graph = tinyResNet([8, 8, 3], 4);
const analysis = analyzeGraph(graph);
const data = toyDataset([8, 8, 3], 4, 32, 16);
const ref = { format: 'folder', path: '/nowhere' } as const;
const trainOptions: TrainOptions = { split: 'search', epochs: 1, settings, dropLayers: ['stem', 'b1c1', 'b2c1'], seed: 3 };
const workspace = suiteWorkspaces();

async function trainerFor(model: ModelGraph = graph): Promise<Trainer> {
  const trainer = await createTfjsTrainer(model, { backend: 'cpu', loadDataset: async () => data });
  await trainer.open(ref, settings);
  return trainer;
}

/** What canonical.ts says a weight file of the model at its written widths holds: `[name, shape]` in order. */
function expectedTensors(model: ModelAnalysis): [string, readonly number[]][] {
  const channels = (name: string) => outChannels(model.layers.find((l) => l.node.name === name)!, model.widths)!;
  return canonicalTensors(model, channels, (node) => channels(node.inputs[0]!)).map((t) => [tensorKey(t.layer, t.tensor), t.shape]);
}

describe('tfjs weight files', () => {
  before(() => useBackend('cpu'));

  it('round-trips: a network loaded from a saved file evaluates exactly as the one saved', async () => {
    const file = join(workspace(), 'trained.safetensors');
    const source = await trainerFor();
    await source.build(analysis.widths, 1);
    await source.train(trainOptions);
    await source.saveWeights!(file);
    const expected = [await source.evaluate('test'), await source.evaluate('heldout', { dropRates: { b1c1: 0.3 }, seed: 2 })];
    await source.dispose();

    const target = await trainerFor();
    await target.build(analysis.widths, 7);
    assert.notDeepEqual(await target.evaluate('test'), expected[0]);
    await target.loadWeights!(file);
    assert.deepEqual([await target.evaluate('test'), await target.evaluate('heldout', { dropRates: { b1c1: 0.3 }, seed: 2 })], expected);
    // The loaded variables are still the ones training updates.
    await target.train(trainOptions);
    assert.notDeepEqual(await target.evaluate('test'), expected[0]);
    await target.dispose();
  });

  it('writes exactly the canonical names and shapes, in graph order, for every layer type', async () => {
    for (const model of [everyLayerGraph(3), tinyResNet([8, 8, 3], 4, [4, 6], true)]) {
      const a = analyzeGraph(model);
      const trainer = await createTfjsTrainer(model, { backend: 'cpu' });
      await trainer.build(a.widths, 1);
      const file = join(workspace(), 'weights.safetensors');
      await trainer.saveWeights!(file);
      await trainer.dispose();
      const { tensors } = readSafetensors(file);
      assert.deepEqual([...tensors].map(([name, t]) => [name, t.shape]), expectedTensors(a));
      assert.ok([...tensors.values()].every((t) => t.dtype === 'F32'));
    }
    // The every-layer graph's file holds a separable layer's two kernels, and no gamma where a batch norm has no scale.
    const names = expectedTensors(analyzeGraph(everyLayerGraph(3))).map(([name]) => name);
    assert.ok(names.includes('sep/depthwise') && names.includes('sep/kernel') && names.includes('bn1/beta'));
    assert.ok(!names.includes('bn1/gamma'));
  });

  it('refuses a file of another width, naming the file, the tensor and both shapes, and changes nothing', async () => {
    const file = join(workspace(), 'narrow.safetensors');
    const source = await trainerFor();
    await source.build(analysis.widths, 1);
    await source.saveWeights!(file);
    await source.dispose();
    const target = await trainerFor();
    await target.build({ ...analysis.widths, b1c1: 5 }, 2);
    const before = await target.evaluate('test');
    await assert.rejects(target.loadWeights!(file), (e: Error) => {
      assert.equal(e.message, `${file}: tensor 'b1c1/kernel' has shape [3, 3, 4, 4] in the file, but the network's is [3, 3, 4, 5]`);
      return true;
    });
    assert.deepEqual(await target.evaluate('test'), before);
    await target.dispose();
  });

  it('refuses a file that lacks one of the network\'s tensors, naming it', async () => {
    const dir = workspace();
    const full = join(dir, 'full.safetensors');
    const trainer = await trainerFor();
    await trainer.build(analysis.widths, 1);
    await trainer.saveWeights!(full);
    const { tensors } = readSafetensors(full);
    tensors.delete('b2bn1/mean');
    const partial = join(dir, 'partial.safetensors');
    writeSafetensors(partial, tensors);
    await assert.rejects(trainer.loadWeights!(partial), new RegExp(`^Error: ${partial}: the network's tensor 'b2bn1/mean' \\[6\\] is not in the file$`));
    await assert.rejects(trainer.loadWeights!(join(dir, 'absent.safetensors')), /cannot read .*absent\.safetensors: ENOENT/);
    // Saving twice gives the same bytes: nothing in the file depends on time or order of calls.
    const again = join(dir, 'again.safetensors');
    await trainer.saveWeights!(again);
    assert.deepEqual(readFileSync(again), readFileSync(full));
    await trainer.dispose();
  });

  it('leaks no tensors saving and loading', async () => {
    const file = join(workspace(), 'w.safetensors');
    const trainer = await trainerFor();
    await trainer.build(analysis.widths, 1);
    const start = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) {
      await trainer.saveWeights!(file);
      await trainer.loadWeights!(file);
    }
    assert.equal(tf.memory().numTensors, start);
    await trainer.dispose();
  });
});
