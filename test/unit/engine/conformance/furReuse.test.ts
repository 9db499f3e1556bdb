/**
 * Probes that reuse computation change the cost of the FUR phase, not its values: a whole search through each real
 * trainer gives the same FUR, held-out metrics and widths with the trainer's batched `probe` as with one
 * `evaluate` per probe pass (the masks are seeded by probe and batch either way).
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { analyzeGraph } from '../../../../src/model/analyze.js';
import { runSearch } from '../../../../src/engine/search/loop.js';
import type { Trainer } from '../../../../src/engine/trainer.js';
import type { ProgressEvent } from '../../../../src/protocol/types.js';
import { cleanup } from '../../../helpers/datasets.js';
import { cleanUp, newRun, QUICK, tempWorkspace } from '../../../helpers/runs.js';
import { tinyResNet } from '../tfjs/tinyGraphs.js';
import { writeToyIdx } from './toyFiles.js';
import { TRAINERS } from './trainers.js';

/** The same trainer without its `probe`, so the search falls back to one evaluation per pass. */
function withoutProbe(t: Trainer): Trainer {
  return {
    info: t.info,
    open: (ref, s) => t.open(ref, s),
    build: (w, seed) => t.build(w, seed),
    train: (o) => t.train(o),
    evaluate: (split, o) => t.evaluate(split, o),
    countParams: () => t.countParams(),
    dispose: () => t.dispose(),
  };
}

describe('FUR with and without probe reuse', () => {
  const workspace = tempWorkspace();
  const data = { format: 'idx', path: writeToyIdx(8, 4, 64, 16) } as const;
  after(() => {
    cleanUp(workspace);
    cleanup();
  });
  const analysis = analyzeGraph(tinyResNet([8, 8, 1], 4));
  const settings = { ...QUICK, iterations: 2, epochsPerIteration: 1, finalEpochs: 1, batchSize: 8, heldOutFraction: 0.25, probeRepeats: 2, updateCount: 1 };

  for (const kind of TRAINERS) {
    it(`gives identical FUR values and widths through the ${kind.name} trainer`, async () => {
      const results = [];
      for (const reuse of [true, false]) {
        const created = await kind.create(analysis.graph);
        const trainer = reuse ? created : withoutProbe(created);
        assert.equal(reuse, trainer.probe !== undefined);
        const dataset = await trainer.open(data, settings);
        const store = newRun(workspace, analysis, settings);
        const fur: ProgressEvent[] = [];
        const outcome = await runSearch({ analysis, trainer, dataset, settings, store, sink: { progress: (e) => e.phase === 'fur' && fur.push(e) } });
        await trainer.dispose();
        assert.equal(outcome.state, 'done', outcome.state === 'failed' ? outcome.message : '');
        // Progress still counts probe passes up to all of them: 1 baseline + 5 groups × 2 repeats per iteration.
        assert.deepEqual(fur.filter((e) => e.iteration === 0).at(-1)!.epoch, 11);
        results.push(store.completedIterations().map((r) => ({ fur: r.fur, dropRates: r.dropRates, val: r.val, nextWidths: r.nextWidths })));
      }
      assert.deepEqual(results[0], results[1]);
      assert.ok(Object.values(results[0]![0]!.fur).every(Number.isFinite));
    });
  }
});
