/**
 * Weight files across engines and through the pruner: a file either engine writes loads into the other with the
 * same results, and a network cut by the pruner computes exactly what the original computes when the cut channels'
 * batch norms are zeroed (so the cut channels carried nothing) — for every trainer.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { analyzeGraph } from '../../../../src/model/analyze.js';
import type { ModelGraph } from '../../../../src/model/graph.js';
import { totalMacs } from '../../../../src/model/summary.js';
import { DEFAULT_SEARCH_SETTINGS, type SearchSettings } from '../../../../src/protocol/settings.js';
import type { DatasetRef } from '../../../../src/protocol/types.js';
import { channelClasses } from '../../../../src/engine/prune/channelClasses.js';
import { keptPositions, planKeep } from '../../../../src/engine/prune/keepPlan.js';
import { sliceWeights } from '../../../../src/engine/prune/sliceWeights.js';
import type { Trainer } from '../../../../src/engine/trainer.js';
import { f32, readSafetensors, writeSafetensors, type Tensor } from '../../../../src/engine/weights/safetensors.js';
import { cleanup } from '../../../helpers/datasets.js';
import { tinyResNet } from '../tfjs/tinyGraphs.js';
import { writeToyIdx } from './toyFiles.js';
import { TRAINERS } from './trainers.js';

const settings: SearchSettings = { ...DEFAULT_SEARCH_SETTINGS, batchSize: 8, learningRate: 0.1, heldOutFraction: 0.25 };
const dropLayers = ['stem', 'b1c1', 'b1c2', 'b2c1', 'b2c2'];

let idx: DatasetRef;
let dir: string;
before(() => {
  idx = { format: 'idx', path: writeToyIdx(8, 4, 64, 16) };
  dir = mkdtempSync(path.join(tmpdir(), 'netadjust-weights-'));
});
after(cleanup);

async function opened(create: (g: ModelGraph) => Promise<Trainer>, graph: ModelGraph): Promise<Trainer> {
  const trainer = await create(graph);
  await trainer.open(idx, settings);
  return trainer;
}

describe('weight files across engines', () => {
  it('a trained network saved by one engine tests the same in the other, both ways', async () => {
    const graph = tinyResNet([8, 8, 1], 4, [4, 6], true);
    const widths = analyzeGraph(graph).widths;
    const [a, b] = await Promise.all(TRAINERS.map((k) => opened(k.create, graph)));
    try {
      for (const [from, to] of [[a!, b!], [b!, a!]] as const) {
        await from.build(widths, 5);
        await from.train({ split: 'search', epochs: 1, settings, dropLayers, seed: 1 });
        const file = path.join(dir, `${from.info.engine}.safetensors`);
        await from.saveWeights!(file);
        const expected = await from.evaluate('test');
        await to.build(widths, 99);
        await to.loadWeights!(file);
        const got = await to.evaluate('test');
        assert.ok(Math.abs(got.loss - expected.loss) < 1e-4, `${from.info.engine} → ${to.info.engine}: ${got.loss} vs ${expected.loss}`);
        assert.equal(got.accuracy, expected.accuracy);
      }
    } finally {
      await Promise.all([a!.dispose(), b!.dispose()]);
    }
  });
});

for (const kind of TRAINERS) {
  describe(`pruning through weight files: ${kind.name}`, () => {
    for (const flatten of [false, true]) {
      it(`a cut network computes what the original computes with the cut channels silenced (${flatten ? 'flatten' : 'global pooling'} head)`, async () => {
        const graph = tinyResNet([8, 8, 1], 4, [6, 8], flatten);
        const analysis = analyzeGraph(graph);
        const trainer = await opened(kind.create, graph);
        try {
          await trainer.build(analysis.widths, 7);
          await trainer.train({ split: 'search', epochs: 1, settings, dropLayers, seed: 2 });
          const trained = path.join(dir, `${kind.name}-${flatten}-trained.safetensors`);
          await trainer.saveWeights!(trained);
          const classes = channelClasses(analysis, analysis.widths);
          const scores = new Map([...classes.prunable].map(([v, ids]) => [v, Float64Array.from(ids, (_, i) => ((i * 5 + v.length) % 7) + 1)]));
          const plan = planKeep(classes, { widths: analysis.widths, scores, cost: (w) => totalMacs(analysis, w), target: 0.5 * totalMacs(analysis, analysis.widths), minWidth: 2 });
          assert.ok(Object.entries(plan.widths).some(([v, w]) => w < analysis.widths[v]!), 'something was cut');

          // Silence every cut channel at its batch norm: γ = β = 0 gives exact zeros through ReLU, adds and pools.
          const tensors = new Map(readSafetensors(trained).tensors);
          for (const variable of classes.prunable.keys()) {
            const kept = new Set(keptPositions(classes, plan.kept, variable));
            const bn = graph.nodes.find((n) => n.type === 'batch_norm' && n.inputs[0] === variable)!.name;
            for (const name of ['gamma', 'beta']) {
              const t = tensors.get(`${bn}/${name}`)!;
              tensors.set(`${bn}/${name}`, f32(t.shape, (t.data as Float32Array).map((x, c) => (kept.has(c) ? x : 0))) as Tensor);
            }
          }
          const silenced = path.join(dir, `${kind.name}-${flatten}-silenced.safetensors`);
          writeSafetensors(silenced, tensors);
          await trainer.loadWeights!(silenced);
          const expected = await trainer.evaluate('test');

          const cut = path.join(dir, `${kind.name}-${flatten}-cut.safetensors`);
          writeSafetensors(cut, sliceWeights(analysis, classes, plan.kept, tensors, silenced));
          await trainer.build(plan.widths, 8);
          await trainer.loadWeights!(cut);
          const got = await trainer.evaluate('test');
          assert.ok(Math.abs(got.loss - expected.loss) < 1e-4, `${got.loss} vs ${expected.loss}`);
          assert.equal(got.accuracy, expected.accuracy);
        } finally {
          await trainer.dispose();
        }
      });
    }
  });
}
