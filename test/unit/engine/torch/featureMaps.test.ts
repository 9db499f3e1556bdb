/** The torch engine's feature maps: inference-mode outputs at width variables' drop points, as safetensors. */
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { channelStats } from '../../../../src/engine/data/stats.js';
import { createTorchTrainer } from '../../../../src/engine/torch/trainer.js';
import type { Trainer } from '../../../../src/engine/trainer.js';
import { readSafetensors, type Tensor } from '../../../../src/engine/weights/safetensors.js';
import { analyzeGraph } from '../../../../src/model/analyze.js';
import { DEFAULT_SEARCH_SETTINGS } from '../../../../src/protocol/settings.js';
import { cleanup, tempDir } from '../../../helpers/datasets.js';
import { writeToyIdx } from '../conformance/toyFiles.js';
import { torchPython } from '../conformance/trainers.js';
import { tinyResNet } from '../tfjs/tinyGraphs.js';
import { toyDataset } from '../tfjs/toyData.js';

const [SIZE, CLASSES, TRAIN, TEST] = [8, 4, 120, 8];
const EPSILON = 1e-3;

/**
 * The stem's drop point (stem → stem_bn → stem_relu) computed here from the weight file: a 3×3 'same' convolution of
 * the normalised image, batch norm with its moving statistics, ReLU. [N, H, W, C], as the feature-map file.
 */
function stemByHand(weights: Map<string, Tensor>, images: number): Float64Array {
  const data = toyDataset([SIZE, SIZE, 1], CLASSES, TRAIN, TEST).train;
  const { mean, std } = channelStats(data);
  const kernel = weights.get('stem/kernel')!.data; // [3, 3, 1, C]
  const at = (name: string) => weights.get(`stem_bn/${name}`)!.data;
  const channels = weights.get('stem/kernel')!.shape[3]!;
  const out = new Float64Array(images * SIZE * SIZE * channels);
  const pixel = (n: number, y: number, x: number) =>
    y < 0 || x < 0 || y >= SIZE || x >= SIZE ? 0 : Math.fround((data.images[(n * SIZE + y) * SIZE + x]! / 255 - mean[0]!) / std[0]!);
  for (let n = 0; n < images; n++) {
    for (let y = 0; y < SIZE; y++) {
      for (let x = 0; x < SIZE; x++) {
        for (let c = 0; c < channels; c++) {
          let sum = 0;
          for (let ky = 0; ky < 3; ky++) {
            for (let kx = 0; kx < 3; kx++) {
              sum += pixel(n, y + ky - 1, x + kx - 1) * kernel[(ky * 3 + kx) * channels + c]!;
            }
          }
          const normalised = ((sum - at('mean')[c]!) / Math.sqrt(at('var')[c]! + EPSILON)) * at('gamma')[c]! + at('beta')[c]!;
          out[((n * SIZE + y) * SIZE + x) * channels + c] = Math.max(0, normalised);
        }
      }
    }
  }
  return out;
}

describe('torch feature maps', () => {
  const graph = tinyResNet([SIZE, SIZE, 1], CLASSES);
  const settings = { ...DEFAULT_SEARCH_SETTINGS, batchSize: 16, heldOutFraction: 0.25, learningRate: 0.05 };
  let trainer: Trainer;
  let dir: string;
  before(async () => {
    dir = tempDir();
    trainer = await createTorchTrainer(graph, { python: await torchPython() });
    await trainer.open({ format: 'idx', path: writeToyIdx(SIZE, CLASSES, TRAIN, TEST) }, settings);
    await trainer.build(analyzeGraph(graph).widths, 1);
    // Trained, so the batch-norm statistics are not the identity.
    await trainer.train({ split: 'search', epochs: 1, settings, dropLayers: ['stem', 'b1c1'], seed: 1 });
  });
  after(async () => {
    await trainer?.dispose();
    cleanup();
  });

  it('saves [N, H, W, C] maps at the drop points, [N, C] for dense layers, and the labels, over the first images in order', async () => {
    const file = join(dir, 'maps.safetensors');
    await trainer.featureMaps!({ layers: ['b1c1', 'b2c2', 'fc', 'b1c1'], images: 37, path: file });
    const { tensors } = readSafetensors(file);
    assert.deepEqual([...tensors.keys()], ['b1c1', 'b2c2', 'fc', 'labels']);
    assert.deepEqual(tensors.get('b1c1')!.shape, [37, 8, 8, 4]);
    assert.deepEqual(tensors.get('b2c2')!.shape, [37, 4, 4, 6]);
    assert.deepEqual(tensors.get('fc')!.shape, [37, 4]);
    assert.equal(tensors.get('labels')!.dtype, 'I32');
    assert.deepEqual(Array.from(tensors.get('labels')!.data), Array.from(toyDataset([SIZE, SIZE, 1], CLASSES, TRAIN, TEST).train.labels.subarray(0, 37)));
    // b1c1's drop point is after its ReLU; b2c2's is its batch norm (the add follows), which goes negative.
    assert.ok(tensors.get('b1c1')!.data.every((v) => v >= 0));
    assert.ok(tensors.get('b2c2')!.data.some((v) => v < 0));
    // Batches of 16: the maps of images 32..36 come from the third batch, after the first two.
    assert.ok(tensors.get('fc')!.data.subarray(32 * 4).some((v) => v !== 0));
  });

  it('computes the first layer exactly as conv → BN (moving statistics) → ReLU by hand, with no channel drop', async () => {
    const maps = join(dir, 'stem.safetensors');
    const weights = join(dir, 'weights.safetensors');
    await trainer.featureMaps!({ layers: ['stem'], images: 10, path: maps });
    await trainer.saveWeights!(weights);
    const got = readSafetensors(maps).tensors.get('stem')!;
    const want = stemByHand(readSafetensors(weights).tensors, 10);
    assert.equal(got.data.length, want.length);
    const worst = want.reduce((m, v, i) => Math.max(m, Math.abs(v - got.data[i]!)), 0);
    assert.ok(worst < 1e-4, `largest difference ${worst}`);
    assert.ok(want.some((v) => v > 0) && want.some((v) => v === 0));
  });

  it('clamps the count to the training set (held-out part included)', async () => {
    const file = join(dir, 'all.safetensors');
    await trainer.featureMaps!({ layers: ['b2c1'], images: 10_000, path: file });
    assert.deepEqual(readSafetensors(file).tensors.get('b2c1')!.shape, [TRAIN, 4, 4, 6]);
  });

  it('refuses names that are not width variables and counts below one', async () => {
    await assert.rejects(trainer.featureMaps!({ layers: ['stem_bn', 'nope'], images: 4, path: join(dir, 'x') }), /feature maps asked for 'stem_bn', 'nope', which are not width variables of the model/);
    await assert.rejects(trainer.featureMaps!({ layers: ['stem'], images: 0, path: join(dir, 'x') }), /a whole number of images ≥ 1, got 0/);
  });

  it('stops when cancelled, leaving no file behind', async () => {
    const controller = new AbortController();
    const file = join(dir, 'cancelled.safetensors');
    const pending = trainer.featureMaps!({ layers: ['stem', 'b1c1', 'b1c2', 'b2c1', 'b2c2'], images: TRAIN, path: file, signal: controller.signal });
    controller.abort();
    await assert.rejects(pending, { name: 'AbortError' });
    assert.equal(existsSync(file), false);
    assert.deepEqual(readdirSync(dir).filter((f) => f.startsWith('.cancelled')), []);
    assert.equal((await trainer.evaluate('test')).images, TEST, 'the worker is still usable');
  });
});
