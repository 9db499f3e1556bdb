import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { analyzeGraph } from '../../../../src/model/analyze.js';
import { DEFAULT_SEARCH_SETTINGS, type SearchSettings } from '../../../../src/protocol/settings.js';
import { fillBatch } from '../../../../src/engine/data/batches.js';
import type { Trainer } from '../../../../src/engine/trainer.js';
import { buildNetwork } from '../../../../src/engine/tfjs/buildModel.js';
import { createTfjsTrainer } from '../../../../src/engine/tfjs/trainer.js';
import { loadNetworkWeights } from '../../../../src/engine/tfjs/weightFile.js';
import { readSafetensors } from '../../../../src/engine/weights/safetensors.js';
import { suiteWorkspaces } from '../../../helpers/runs.js';
import { maxRelativeError, useBackend } from './backendHelpers.js';
import { everyLayerGraph, tinyResNet } from './tinyGraphs.js';
import { toyDataset } from './toyData.js';

const settings: SearchSettings = { ...DEFAULT_SEARCH_SETTINGS, batchSize: 8, learningRate: 0.1, heldOutFraction: 0.25, augment: true };
const graph = tinyResNet([8, 8, 3], 4);
const analysis = analyzeGraph(graph);
// Augmentation on: feature maps must still see the images unaugmented.
const data = toyDataset([8, 8, 3], 4, 40, 8, true);
const workspace = suiteWorkspaces();

async function trainedTrainer(): Promise<Trainer> {
  const trainer = await createTfjsTrainer(graph, { backend: 'cpu', loadDataset: async () => data });
  await trainer.open({ format: 'folder', path: '/nowhere' }, settings);
  await trainer.build(analysis.widths, 4);
  // Trained a little, so the moving statistics are not the initial ones and inference mode shows.
  await trainer.train({ split: 'search', epochs: 1, settings, dropLayers: ['b1c1'], seed: 1 });
  return trainer;
}

/** The drop-point outputs of one direct inference pass over the first `n` training images, as one batch. */
function directForward(weights: string, n: number): Map<string, tf.Tensor> {
  const net = buildNetwork(analysis, analysis.widths, 0);
  loadNetworkWeights(net, weights);
  const buffer = new Float32Array(n * 8 * 8 * 3);
  fillBatch(data.train, Uint32Array.from({ length: n }, (_, i) => i), buffer, data.mean, data.std);
  const out = new Map<string, tf.Tensor>();
  tf.tidy(() => {
    net.forward(tf.tensor4d(buffer, [n, 8, 8, 3]), { training: false, onLayer: (node, _in, y) => out.set(node.name, tf.keep(tf.clone(y))) });
  });
  net.dispose();
  return out;
}

describe('tfjs feature maps', () => {
  before(() => useBackend('cpu'));

  it('writes each width variable\'s drop-point outputs and the labels of the first N training images, in order', async () => {
    const dir = workspace();
    const trainer = await trainedTrainer();
    const file = join(dir, 'maps.safetensors');
    const start = tf.memory().numTensors;
    // 20 images: two full batches of 8 and a partial one.
    await trainer.featureMaps!({ layers: ['b1c1', 'b2c2', 'fc'], images: 20, path: file });
    assert.equal(tf.memory().numTensors, start);
    const { tensors } = readSafetensors(file);
    assert.deepEqual([...tensors].map(([name, t]) => [name, t.dtype, t.shape]), [
      ['b1c1', 'F32', [20, 8, 8, 4]],
      ['b2c2', 'F32', [20, 4, 4, 6]],
      ['fc', 'F32', [20, 4]],
      ['labels', 'I32', [20]],
    ]);
    assert.deepEqual([...tensors.get('labels')!.data], [...data.train.labels.subarray(0, 20)]);
    // b1c1's drop point is after its batch norm and ReLU: no negative values; b2c2's is its batch norm (an add follows).
    assert.ok(tensors.get('b1c1')!.data.every((v) => v >= 0));
    assert.ok(tensors.get('b2c2')!.data.some((v) => v < 0));

    const weights = join(dir, 'weights.safetensors');
    await trainer.saveWeights!(weights);
    const direct = directForward(weights, 20);
    for (const [variable, point] of [['b1c1', 'b1r1'], ['b2c2', 'b2bn2'], ['fc', 'fc']] as const) {
      const error = maxRelativeError(tensors.get(variable)!.data, direct.get(point)!.dataSync());
      assert.ok(error < 1e-5, `${variable}: relative error ${error}`);
    }
    tf.dispose([...direct.values()]);
    await trainer.dispose();
  });

  it('clamps the image count to the training set, which is the full one (held-out images included)', async () => {
    const trainer = await trainedTrainer();
    const file = join(workspace(), 'all.safetensors');
    await trainer.featureMaps!({ layers: ['stem'], images: 1000, path: file });
    const { tensors } = readSafetensors(file);
    assert.deepEqual(tensors.get('stem')!.shape, [40, 8, 8, 4]);
    assert.deepEqual([...tensors.get('labels')!.data], [...data.train.labels]);
    await trainer.dispose();
  });

  it('refuses a name that is not a width variable or whose drop point never runs, and stops on an abort', async () => {
    const trainer = await trainedTrainer();
    const path = join(workspace(), 'x.safetensors');
    await assert.rejects(trainer.featureMaps!({ layers: ['b1c1', 'b1bn1'], images: 4, path }), /'b1bn1', which is not a width variable of the model \(it has stem, b1c1, /);
    await assert.rejects(trainer.featureMaps!({ layers: ['b1c1'], images: 0, path }), /whole number of images ≥ 1, got 0/);
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(trainer.featureMaps!({ layers: ['b1c1'], images: 4, path, signal: controller.signal }), { name: 'AbortError' });
    await trainer.dispose();

    // A classifier followed by the final softmax has that softmax as its drop point, and no pass runs it.
    const every = everyLayerGraph(3);
    const other = await createTfjsTrainer(every, { backend: 'cpu', loadDataset: async () => toyDataset([8, 8, 3], 3, 8, 4) });
    await other.open({ format: 'folder', path: '/nowhere' }, settings);
    await other.build(analyzeGraph(every).widths, 1);
    const start = tf.memory().numTensors;
    await assert.rejects(other.featureMaps!({ layers: ['sep', 'fc'], images: 4, path }), /'fc' cannot be taken: its drop point 'prob' is the model's final softmax/);
    assert.equal(tf.memory().numTensors, start);
    await other.featureMaps!({ layers: ['sep', 'hidden'], images: 4, path });
    assert.deepEqual([...readSafetensors(path).tensors].map(([name, t]) => [name, t.shape]), [['sep', [4, 4, 4, 7]], ['hidden', [4, 5]], ['labels', [4]]]);
    await other.dispose();
  });
});
