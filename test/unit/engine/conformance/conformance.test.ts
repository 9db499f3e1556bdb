/**
 * One contract for every trainer: the same model graphs and the same tiny datasets (real files, read by each
 * engine's own readers) through each, with the same checks.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { analyzeGraph } from '../../../../src/model/analyze.js';
import type { ModelGraph } from '../../../../src/model/graph.js';
import { summarize } from '../../../../src/model/summary.js';
import { DEFAULT_SEARCH_SETTINGS, type SearchSettings } from '../../../../src/protocol/settings.js';
import type { DatasetRef } from '../../../../src/protocol/types.js';
import type { ProbeSpec, Trainer, TrainOptions } from '../../../../src/engine/trainer.js';
import { cleanup } from '../../../helpers/datasets.js';
import { everyLayerGraph, tinyResNet } from '../tfjs/tinyGraphs.js';
import { writeToyFolder, writeToyIdx } from './toyFiles.js';
import { TRAINERS } from './trainers.js';

const settings: SearchSettings = { ...DEFAULT_SEARCH_SETTINGS, batchSize: 8, learningRate: 0.1, weightDecay: 1e-4, heldOutFraction: 0.25 };
const resnet = tinyResNet([8, 8, 1], 4);
const resnetAnalysis = analyzeGraph(resnet);
const dropLayers = ['stem', 'b1c1', 'b1c2', 'b2c1', 'b2c2'];
const train = (over: Partial<TrainOptions> = {}): TrainOptions => ({ split: 'search', epochs: 2, settings, dropLayers, seed: 3, ...over });
const withoutSeconds = <T extends { seconds: number }>(r: T) => ({ ...r, seconds: 0 });

let idx: DatasetRef;
let folder: DatasetRef;
before(() => {
  idx = { format: 'idx', path: writeToyIdx(8, 4, 64, 16) };
  folder = { format: 'folder', path: writeToyFolder(8, 3, 32, 8) };
});
after(cleanup);

for (const kind of TRAINERS) {
  describe(`trainer conformance: ${kind.name}`, () => {
    const open: Trainer[] = [];
    const trainerFor = async (graph: ModelGraph, ref: DatasetRef, s: SearchSettings = settings) => {
      const trainer = await kind.create(graph);
      open.push(trainer);
      await trainer.open(ref, s);
      return trainer;
    };
    after(async () => {
      await Promise.all(open.map((t) => t.dispose()));
    });

    it("builds networks whose MACs and parameters equal the analyzer's, for every layer type and at changed widths", async () => {
      const graph = everyLayerGraph(3);
      const analysis = analyzeGraph(graph);
      const trainer = await trainerFor(graph, folder);
      for (const widths of [analysis.widths, { ...analysis.widths, stem: 10, grp: 12, dil: 9, sep: 3, pw: 11, hidden: 2 }]) {
        await trainer.build(widths, 1);
        const expected = summarize(analysis, widths);
        assert.equal(trainer.countParams(), expected.totalParams);
        assert.ok(trainer.countMacs, 'the trainer counts the MACs of its network');
        assert.equal(await trainer.countMacs(), expected.totalMacs);
      }
    });

    it('reads the same files into the same split: image shape, classes and counts', async () => {
      const trainer = await kind.create(resnet);
      open.push(trainer);
      assert.deepEqual(await trainer.open(idx, settings), { imageShape: [8, 8, 1], classes: 4, trainImages: 48, heldOutImages: 16, testImages: 16 });
      await assert.rejects(trainer.open(folder, settings), /8×8×3 images.*takes 8×8×1/);
    });

    it('probes at rate 0 exactly as plain evaluation', async () => {
      const trainer = await trainerFor(everyLayerGraph(3), folder);
      await trainer.build(analyzeGraph(everyLayerGraph(3)).widths, 2);
      const plain = await trainer.evaluate('heldout');
      assert.deepEqual(await trainer.evaluate('heldout', { dropRates: { stem: 0, grp: 0, sep: 0, hidden: 0 }, seed: 8 }), plain);
    });

    it('lowers the loss by training, and a probe at a positive rate raises the trained loss on average', async () => {
      const trainer = await trainerFor(resnet, idx);
      await trainer.build(resnetAnalysis.widths, 5);
      const before = await trainer.evaluate('test');
      const result = await trainer.train(train({ epochs: 5 }));
      const after = await trainer.evaluate('test');
      assert.ok(after.loss < before.loss * 0.7, `loss ${before.loss} → ${after.loss}`);
      assert.ok(after.accuracy > 0.5, `accuracy ${after.accuracy}`);
      assert.equal(result.images, 48);
      const baseline = await trainer.evaluate('heldout');
      let increase = 0;
      for (const layer of dropLayers) {
        for (const seed of [1, 2, 3]) {
          increase += (await trainer.evaluate('heldout', { dropRates: { [layer]: 0.3 }, seed })).loss - baseline.loss;
        }
      }
      assert.ok(increase > 0, `mean loss change under probes: ${increase / 15}`);
    });

    it('gives the same result for the same seed: training, evaluation and probes', async () => {
      const trainer = await trainerFor(resnet, idx, { ...settings, trainDropRate: 0.3, labelSmoothing: 0.1 });
      const run = async () => {
        await trainer.build(resnetAnalysis.widths, 9);
        const trained = withoutSeconds(await trainer.train(train({ epochs: 2, settings: { ...settings, trainDropRate: 0.3, labelSmoothing: 0.1 } })));
        return { trained, probe: await trainer.evaluate('heldout', { dropRates: { b1c1: 0.3 }, seed: 4 }) };
      };
      assert.deepEqual(await run(), await run());
    });

    it('answers many probes at once with the values of separate passes (same masks)', async () => {
      const trainer = await trainerFor(resnet, idx);
      await trainer.build(resnetAnalysis.widths, 7);
      await trainer.train(train({ epochs: 1 }));
      const probes: ProbeSpec[] = [
        { dropRates: {}, seed: 1 },
        ...dropLayers.flatMap((layer, i) => [11, 12].map((seed) => ({ dropRates: { [layer]: 0.1 + 0.05 * i }, seed }))),
        { dropRates: { b1c2: 0.2, b2c2: 0.2 }, seed: 5 },
      ];
      assert.ok(trainer.probe, 'the trainer reuses computation across probes');
      const separate = [];
      for (const p of probes) {
        separate.push(await trainer.evaluate('heldout', p));
      }
      const batches: number[] = [];
      assert.deepEqual(await trainer.probe('heldout', probes, { onProgress: (b) => batches.push(b) }), separate);
      assert.deepEqual(batches, [1, 2]);
    });
  });
}

describe('trainer conformance: across trainers', () => {
  it('initialises the same network from the same seed: equal held-out metrics before training', async () => {
    const results = [];
    for (const kind of TRAINERS) {
      const trainer = await kind.create(everyLayerGraph(3));
      try {
        await trainer.open(folder, settings);
        await trainer.build({ ...analyzeGraph(everyLayerGraph(3)).widths, grp: 12 }, 3);
        results.push(await trainer.evaluate('heldout', { dropRates: { grp: 0.25, hidden: 0.2 }, seed: 6 }));
      } finally {
        await trainer.dispose();
      }
    }
    const [first, ...rest] = results;
    for (const r of rest) {
      assert.ok(Math.abs(r.loss - first!.loss) < 1e-5 * Math.max(1, first!.loss), `${r.loss} vs ${first!.loss}`);
      assert.equal(r.accuracy, first!.accuracy);
    }
  });
});
