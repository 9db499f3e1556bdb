import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { analyzeGraph } from '../../../../src/model/analyze.js';
import { totalMacs } from '../../../../src/model/summary.js';
import type { ProgressEvent } from '../../../../src/protocol/types.js';
import { FakeTrainer } from '../../../helpers/fakeTrainer.js';
import { graphOf, node } from '../../../helpers/graphs.js';
import { cleanUp, newRun, QUICK, search, tempWorkspace } from '../../../helpers/runs.js';

/** Six equal-cost convolutions (no residuals); `c` is by far the most useful, `e` the least. */
function chain() {
  const names = ['a', 'b', 'c', 'd', 'e', 'f'];
  return analyzeGraph(
    graphOf([8, 8, 3], [...names.map((n, i) => node(n, 'conv2d', [i === 0 ? 'input' : names[i - 1]!], {}, 16)), node('gap', 'global_avg_pool', ['f']), node('fc', 'dense', ['gap'], {}, 10)]),
  );
}
const usefulness = { a: 1, b: 1, c: 40, d: 1, e: 0.1, f: 1 };

describe('search loop', () => {
  const workspace = tempWorkspace();
  after(() => cleanUp(workspace));

  it('grows the useful layer over iterations at constant MACs', async () => {
    const analysis = chain();
    const settings = { ...QUICK, iterations: 6, updateCount: 1 };
    const store = newRun(workspace, analysis, settings);
    const outcome = await search(store, analysis, new FakeTrainer(analysis, { usefulness, noise: 0.001 }));
    assert.equal(outcome.state, 'done');
    const records = store.completedIterations();
    assert.equal(records.length, 6);
    const c = records.map((r) => r.nextWidths['c']!);
    assert.ok(c.every((w, i) => i === 0 || w >= c[i - 1]!), `c: ${c}`);
    assert.ok(c.at(-1)! > 16 + 6, `c: ${c}`);
    assert.ok(records.at(-1)!.nextWidths['e']! < 16);
    for (const r of records) {
      assert.ok(Math.abs(r.nextMacs / store.manifest.originalMacs - 1) <= 0.01);
      assert.equal(r.nextWidths['fc'], 10);
      assert.ok(r.fur['c']! > r.fur['e']!);
    }
    if (outcome.state === 'done') {
      assert.deepEqual(outcome.report.adjusted.widths, records.at(-1)!.nextWidths);
      assert.deepEqual(outcome.report.original.widths, analysis.widths);
    }
  });

  it('drives the trainer as the method says: seeds per iteration, drop layers in graph order, probes one group at a time', async () => {
    const analysis = chain();
    const store = newRun(workspace, analysis, { ...QUICK, iterations: 2 });
    const trainer = new FakeTrainer(analysis, { usefulness });
    await search(store, analysis, trainer);
    assert.deepEqual(trainer.trainings.map((t) => t.split), ['search', 'search', 'full', 'full']);
    assert.notEqual(trainer.trainings[0]!.seed, trainer.trainings[1]!.seed);
    assert.equal(trainer.trainings[2]!.seed, trainer.trainings[3]!.seed);
    assert.deepEqual(trainer.trainings[0]!.dropLayers, ['a', 'b', 'c', 'd', 'e', 'f']);
    const firstIteration = trainer.evaluations.slice(0, 1 + 6 * QUICK.probeRepeats);
    assert.deepEqual(firstIteration[0]!.dropRates, {});
    assert.deepEqual(firstIteration.slice(1).map((e) => Object.keys(e.dropRates).join()), ['a', 'a', 'b', 'b', 'c', 'c', 'd', 'd', 'e', 'e', 'f', 'f']);
    assert.deepEqual(trainer.evaluations.slice(-2).map((e) => e.split), ['test', 'test']);
  });

  it('moves coupled widths together and gives their group one FUR, probing all members at once', async () => {
    const analysis = analyzeGraph(
      graphOf([8, 8, 3], [
        node('a', 'conv2d', ['input'], {}, 16),
        node('b', 'conv2d', ['a'], {}, 16),
        node('sum', 'add', ['a', 'b'], { mode: 'tie' }),
        node('c', 'conv2d', ['sum'], {}, 16),
        node('d', 'conv2d', ['c'], {}, 16),
        node('gap', 'global_avg_pool', ['d']),
        node('fc', 'dense', ['gap'], {}, 10),
      ]),
    );
    const store = newRun(workspace, analysis, { ...QUICK, iterations: 3, updateCount: 1 });
    const trainer = new FakeTrainer(analysis, { usefulness: { a: 30, b: 30, c: 1, d: 0.1 } });
    assert.equal((await search(store, analysis, trainer)).state, 'done');
    for (const r of store.completedIterations()) {
      assert.deepEqual(Object.keys(r.fur).sort(), ['a', 'c', 'd']);
      assert.equal(r.nextWidths['a'], r.nextWidths['b']);
    }
    assert.ok(trainer.evaluations.some((e) => Object.keys(e.dropRates).join() === 'a,b' && e.dropRates['a'] === e.dropRates['b']));
    assert.ok(store.completedIterations().at(-1)!.nextWidths['a']! > 16);
  });

  it('reports progress with a time estimate that falls to zero, and the phases in order', async () => {
    const analysis = chain();
    const store = newRun(workspace, analysis, { ...QUICK, iterations: 2 });
    const events: ProgressEvent[] = [];
    await search(store, analysis, new FakeTrainer(analysis), { sink: { progress: (p) => events.push(p) } });
    const phases = [...new Set(events.map((e) => e.phase))];
    assert.deepEqual(phases, ['search-train', 'fur', 'final-original', 'final-adjusted', 'done']);
    assert.ok(events[0]!.etaSeconds > 0);
    assert.equal(events.at(-1)!.etaSeconds, 0);
    const etas = events.map((e) => e.etaSeconds);
    assert.ok(etas.every((x) => Number.isFinite(x) && x >= 0));
    assert.ok(etas[0]! > etas[Math.floor(etas.length / 2)]!);
  });

  it('fails with a clear message when training diverges, keeping completed iterations', async () => {
    const analysis = chain();
    const store = newRun(workspace, analysis);
    const trainer = new FakeTrainer(analysis, { trainLoss: (call, epoch) => (call === 1 && epoch === 2 ? NaN : undefined) });
    const outcome = await search(store, analysis, trainer);
    assert.deepEqual(outcome, { state: 'failed', message: 'training diverged: loss is NaN at iteration 1, epoch 2; lower the learning rate' });
    assert.equal(store.completedIterations().length, 1);
    const last = store.readEvents().events.at(-1)!;
    assert.deepEqual({ ...last, time: '' }, { event: 'ended', state: 'failed', message: outcome.state === 'failed' ? outcome.message : '', time: '' });
  });

  it('fails when a held-out loss is not finite, naming the probe', async () => {
    const analysis = chain();
    const store = newRun(workspace, analysis);
    const outcome = await search(store, analysis, new FakeTrainer(analysis, { heldOutLoss: (call) => (call === 3 ? Infinity : undefined) }));
    assert.equal(outcome.state, 'failed');
    assert.match(outcome.state === 'failed' ? outcome.message : '', /held-out loss is infinite at iteration 0, probe of 'b', pass 1; lower/);
  });

  it('turns a trainer error into a failure that says where it happened', async () => {
    const analysis = chain();
    const store = newRun(workspace, analysis);
    const trainer = new FakeTrainer(analysis);
    trainer.evaluate = async () => {
      throw new Error('the dataset file vanished');
    };
    const outcome = await search(store, analysis, trainer);
    assert.deepEqual(outcome, { state: 'failed', message: 'the dataset file vanished (at iteration 0, held-out baseline)' });
  });

  it('says what to lower when the trainer runs out of memory', async () => {
    const analysis = chain();
    const store = newRun(workspace, analysis);
    const trainer = new FakeTrainer(analysis);
    trainer.evaluate = async () => {
      throw new RangeError('Array buffer allocation failed');
    };
    const outcome = await search(store, analysis, trainer);
    assert.equal(outcome.state, 'failed');
    assert.match(outcome.state === 'failed' ? outcome.message : '', /^out of memory at iteration 0, held-out baseline \(batch size \d+\): lower the batch size/);
  });

  it('stops promptly on abort, leaving completed iterations and recording the cancellation', async () => {
    const analysis = chain();
    const store = newRun(workspace, analysis);
    const controller = new AbortController();
    // Iteration 0 takes 1 build + 4 batches + 13 passes = 18 ticks; abort inside iteration 1's training.
    const trainer = new FakeTrainer(analysis, { abortAt: { tick: 21, controller } });
    const outcome = await search(store, analysis, trainer, { signal: controller.signal });
    assert.deepEqual(outcome, { state: 'cancelled', completedIterations: 1 });
    assert.equal(trainer.ticks, 21);
    const last = store.readEvents().events.at(-1)!;
    assert.equal(last.event, 'ended');
    assert.equal(last.event === 'ended' && last.state, 'cancelled');
  });

  it('keeps MACs of the final adjusted network at the original budget', async () => {
    const analysis = chain();
    const store = newRun(workspace, analysis);
    const outcome = await search(store, analysis, new FakeTrainer(analysis, { usefulness }));
    assert.equal(outcome.state, 'done');
    if (outcome.state === 'done') {
      const original = totalMacs(analysis, analysis.widths);
      assert.ok(Math.abs(outcome.report.adjusted.macs / original - 1) <= 0.01);
      assert.equal(outcome.report.original.macs, original);
    }
  });
});
