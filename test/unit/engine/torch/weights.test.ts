/** The torch engine's weight files: netadjust's canonical safetensors layout, written and read by the worker. */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { deriveSeed, seededRandom } from '../../../../src/engine/random.js';
import { networkPlan } from '../../../../src/engine/tfjs/plan.js';
import { createTorchTrainer } from '../../../../src/engine/torch/trainer.js';
import { workerPlan } from '../../../../src/engine/torch/workerPlan.js';
import type { Trainer } from '../../../../src/engine/trainer.js';
import { canonicalTensors, tensorKey, type CanonicalTensor } from '../../../../src/engine/weights/canonical.js';
import { f32, readSafetensors, writeSafetensors, type Tensor } from '../../../../src/engine/weights/safetensors.js';
import { analyzeGraph } from '../../../../src/model/analyze.js';
import type { ModelGraph } from '../../../../src/model/graph.js';
import { DEFAULT_SEARCH_SETTINGS } from '../../../../src/protocol/settings.js';
import { cleanup, tempDir } from '../../../helpers/datasets.js';
import { writeToyFolder, writeToyIdx } from '../conformance/toyFiles.js';
import { torchPython } from '../conformance/trainers.js';
import { everyLayerGraph, tinyResNet } from '../tfjs/tinyGraphs.js';
import { runPython } from './pythonRun.js';

/** What a weight file of `graph` at its written widths holds, by canonical.ts. */
function expectedTensors(graph: ModelGraph): CanonicalTensor[] {
  const analysis = analyzeGraph(graph);
  const channels = networkPlan(analysis, analysis.widths).channels;
  return canonicalTensors(analysis, (layer) => channels.get(layer) ?? 0, (node) => channels.get(node.inputs[0]!)!);
}

/** init.ts' initial values in TensorFlow's layout: the tfjs engine's, so the layout of the file is checked too. */
function initialValues(t: CanonicalTensor, seed: number): Float32Array {
  const size = t.shape.reduce((a, b) => a * b, 1);
  if (t.tensor === 'bias' || t.tensor === 'beta' || t.tensor === 'mean') {
    return new Float32Array(size);
  }
  if (t.tensor === 'gamma' || t.tensor === 'var') {
    return new Float32Array(size).fill(1);
  }
  const [a, b] = t.shape as number[];
  const dense = t.shape.length === 2;
  const fanIn = t.tensor === 'depthwise' ? a! * b! : t.shape.slice(0, -1).reduce((x, y) => x * y, 1);
  const limit = Math.sqrt(6 / (dense ? a! + b! : fanIn));
  const random = seededRandom(deriveSeed(seed, t.layer, t.tensor));
  return Float32Array.from({ length: size }, () => (2 * random() - 1) * limit);
}

const settings = { ...DEFAULT_SEARCH_SETTINGS, batchSize: 8, heldOutFraction: 0.25, learningRate: 0.05 };

describe('torch weight files', () => {
  const graph = tinyResNet([8, 8, 1], 4);
  const widths = analyzeGraph(graph).widths;
  let trainer: Trainer;
  let dir: string;
  before(async () => {
    dir = tempDir();
    trainer = await createTorchTrainer(graph, { python: await torchPython() });
    await trainer.open({ format: 'idx', path: writeToyIdx(8, 4, 160, 16) }, settings);
  });
  after(async () => {
    await trainer?.dispose();
    cleanup();
  });

  it('writes every tensor of every layer type in the canonical names, TensorFlow shapes and values', async () => {
    const every = everyLayerGraph(3);
    const other = await createTorchTrainer(every, { python: await torchPython() });
    try {
      await other.open({ format: 'folder', path: writeToyFolder(8, 3, 12, 3) }, settings);
      await other.build(analyzeGraph(every).widths, 7);
      const file = join(dir, 'every.safetensors');
      await other.saveWeights!(file);
      const { tensors } = readSafetensors(file);
      assert.equal(Number(readFileSync(file).readBigUInt64LE(0)) % 8, 0, 'the data starts 8-byte aligned');
      const expected = expectedTensors(every);
      assert.deepEqual([...tensors.keys()], expected.map((t) => tensorKey(t.layer, t.tensor)));
      assert.ok(expected.some((t) => t.tensor === 'depthwise') && expected.some((t) => t.layer === 'sep' && t.tensor === 'kernel'));
      for (const t of expected) {
        const stored = tensors.get(tensorKey(t.layer, t.tensor))!;
        assert.equal(stored.dtype, 'F32');
        assert.deepEqual(stored.shape, t.shape, `${t.layer}/${t.tensor}`);
        assert.deepEqual(stored.data, initialValues(t, 7), `${t.layer}/${t.tensor}`);
      }
    } finally {
      await other.dispose();
    }
  });

  it('round-trips a trained network: loading its file into another network gives identical metrics', async () => {
    await trainer.build(widths, 1);
    await trainer.train({ split: 'search', epochs: 2, settings, dropLayers: ['stem', 'b1c1', 'b2c1'], seed: 1 });
    const trained = [await trainer.evaluate('test'), await trainer.evaluate('heldout', { dropRates: { b1c1: 0.3 }, seed: 4 })];
    const file = join(dir, 'trained.safetensors');
    await trainer.saveWeights!(file);
    assert.deepEqual(readdirSync(dir).filter((f) => f.endsWith('.tmp')), [], 'no temporary file is left behind');

    await trainer.build(widths, 2);
    assert.notDeepEqual(await trainer.evaluate('test'), trained[0]);
    await trainer.loadWeights!(file);
    assert.deepEqual([await trainer.evaluate('test'), await trainer.evaluate('heldout', { dropRates: { b1c1: 0.3 }, seed: 4 })], trained);

    const { tensors } = readSafetensors(file);
    const moved = tensors.get('stem_bn/mean')!.data;
    assert.ok(moved.some((v) => v !== 0), 'the batch-norm statistics are in the file');
    // Trains on from the loaded weights (the tensors still take gradients).
    const more = await trainer.train({ split: 'search', epochs: 1, settings, dropLayers: [], seed: 3 });
    assert.ok(Number.isFinite(more.loss));
    assert.notDeepEqual(await trainer.evaluate('test'), trained[0]);
  });

  it('reads files written by the TS writer, metadata included', async () => {
    await trainer.build(widths, 5);
    const file = join(dir, 'ts.safetensors');
    await trainer.saveWeights!(file);
    const before = await trainer.evaluate('test');
    writeSafetensors(join(dir, 'rewritten.safetensors'), readSafetensors(file).tensors, { producer: 'a test' });
    await trainer.build(widths, 6);
    await trainer.loadWeights!(join(dir, 'rewritten.safetensors'));
    assert.deepEqual(await trainer.evaluate('test'), before);
  });

  it('refuses a file with a missing or misshapen tensor, naming it and both shapes, and keeps its weights', async () => {
    await trainer.build(widths, 5);
    const file = join(dir, 'good.safetensors');
    await trainer.saveWeights!(file);
    const before = await trainer.evaluate('test');
    const tensors = new Map<string, Tensor>(readSafetensors(file).tensors);

    const wrong = new Map(tensors);
    wrong.set('b2c1/kernel', f32([3, 3, 4, 5], new Float32Array(180)));
    wrong.set('fc/bias', f32([3], new Float32Array(3)));
    writeSafetensors(join(dir, 'wrong.safetensors'), wrong);
    await assert.rejects(trainer.loadWeights!(join(dir, 'wrong.safetensors')), {
      message: `${join(dir, 'wrong.safetensors')}: tensor 'b2c1/kernel' has shape [3, 3, 4, 5], but the network's is [3, 3, 4, 6]`,
    });

    const missing = new Map(tensors);
    missing.delete('b1bn2/var');
    writeSafetensors(join(dir, 'missing.safetensors'), missing);
    await assert.rejects(trainer.loadWeights!(join(dir, 'missing.safetensors')), /missing\.safetensors: tensor 'b1bn2\/var' \(shape \[4\]\) is missing/);

    writeFileSync(join(dir, 'junk.safetensors'), 'not a tensor file');
    await assert.rejects(trainer.loadWeights!(join(dir, 'junk.safetensors')), /junk\.safetensors: not a safetensors file \(header length \d+ exceeds the file\)/);
    await assert.rejects(trainer.loadWeights!(join(dir, 'none.safetensors')), /cannot read .*none\.safetensors: No such file or directory/);
    assert.deepEqual(await trainer.evaluate('test'), before, 'a refused file changes nothing');
  });

  it('loads in place: channels-last memory, gradients and every tensor (batch-norm statistics too) as the file has them', async () => {
    const file = join(dir, 'inplace.safetensors');
    const plan = JSON.stringify(JSON.stringify(workerPlan(analyzeGraph(graph), widths)));
    const py = await runPython<Record<string, boolean>>(`
import json, torch
from netadjust_worker.model import Network
from netadjust_worker.weights import load_weights, save_weights
plan = json.loads(${plan})
a = Network(plan, 1, torch.device("cpu"), True)
a.params["stem_bn"]["mean"].fill_(0.25)
save_weights(a, ${JSON.stringify(file)})
b = Network(plan, 2, torch.device("cpu"), True)
where = [t.data_ptr() for t in b.trainable]
load_weights(b, ${JSON.stringify(file)})
tensors = lambda net: [t for p in net.params.values() for t in p.values()]
print(json.dumps({
    "equal": all(torch.equal(x, y) for x, y in zip(tensors(a), tensors(b))),
    "inPlace": where == [t.data_ptr() for t in b.trainable],
    "channelsLast": all(t.is_contiguous(memory_format=torch.channels_last) for t in b.trainable if t.dim() == 4),
    "notPlain": not b.params["b1c1"]["kernel"].is_contiguous(),
    "gradients": all(t.requires_grad and t.is_leaf for t in b.trainable),
}))`);
    assert.deepEqual(py, { equal: true, inPlace: true, channelsLast: true, notPlain: true, gradients: true });
  });

  it('says where it cannot write, and leaves nothing behind', async () => {
    await assert.rejects(trainer.saveWeights!(join(dir, 'no', 'such', 'folder', 'w.safetensors')), /cannot write .*w\.safetensors: No such file or directory/);
    assert.equal(existsSync(join(dir, 'no')), false);
  });
});
