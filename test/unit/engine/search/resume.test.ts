import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { analyzeGraph, type ModelAnalysis } from '../../../../src/model/analyze.js';
import { seededRandom } from '../../../../src/engine/random.js';
import { openRun } from '../../../../src/engine/runs/store.js';
import type { IterationRecord } from '../../../../src/protocol/types.js';
import { FakeTrainer, type FakeOptions } from '../../../helpers/fakeTrainer.js';
import { cleanUp, filesUnder, newRun, QUICK, search, suiteWorkspaces, tempWorkspace } from '../../../helpers/runs.js';
import { resnetCifar } from '../../../helpers/resnet.js';

const settings = { ...QUICK, iterations: 4, updateCount: 3, updateCountDecay: 0.5, probeRepeats: 1 };
const usefulness: Record<string, number> = { c3: 20, c13: 15, c16: 12, c0: 0.2, c2: 0.1, c9: 0.3 };
const fake = (a: ModelAnalysis, extra: FakeOptions = {}) => new FakeTrainer(a, { usefulness, noise: 0.01, ...extra });

/** What a finished run leaves, minus nothing: the clock is frozen, so even timings match. */
function snapshot(dir: string) {
  const read = (f: string) => fs.readFileSync(path.join(dir, f), 'utf8');
  const iterations = fs.readdirSync(path.join(dir, 'iterations')).sort().map((f) => JSON.parse(read(`iterations/${f}`)) as IterationRecord);
  return { report: read('report.json'), markdown: read('report.md'), iterations, original: read('final/original.json'), adjusted: read('final/adjusted.json') };
}

describe('resume', () => {
  const analysis = analyzeGraph(resnetCifar(1, 10));
  let reference: ReturnType<typeof snapshot>;
  let totalTicks = 0;
  let finalStart = 0;
  const workspace = suiteWorkspaces();

  before(async () => {
    const store = newRun(workspace(), analysis, settings);
    const trainer = fake(analysis);
    let ticksAtFinal = 0;
    const outcome = await search(store, analysis, trainer, { sink: { progress: (p) => (p.phase === 'final-original' && ticksAtFinal === 0 ? (ticksAtFinal = trainer.ticks) : 0) } });
    assert.equal(outcome.state, 'done');
    reference = snapshot(store.dir);
    // The search must actually have moved widths, or identical results would prove nothing.
    assert.notDeepEqual(reference.iterations.at(-1)!.nextWidths, analysis.widths);
    totalTicks = trainer.ticks;
    finalStart = ticksAtFinal - 1;
  });

  /** Runs to the end, aborting at each tick in `stops` (counted within each attempt), resuming after each. */
  async function interrupted(stops: readonly number[]): Promise<{ dir: string; last: FakeTrainer }> {
    const store = newRun(workspace(), analysis, settings);
    for (const tick of stops) {
      const controller = new AbortController();
      const outcome = await search(openRun(store.dir), analysis, fake(analysis, { abortAt: { tick, controller } }), { signal: controller.signal });
      assert.equal(outcome.state, 'cancelled', `abort at tick ${tick}`);
      const last = openRun(store.dir).readEvents().events.at(-1);
      assert.deepEqual(last && { event: last.event, state: 'state' in last ? last.state : '' }, { event: 'ended', state: 'cancelled' });
    }
    const last = fake(analysis);
    assert.equal((await search(openRun(store.dir), analysis, last)).state, 'done');
    return { dir: store.dir, last };
  }

  it('reaches identical widths and an identical report after aborts mid-iteration', async () => {
    const random = seededRandom(7);
    for (let trial = 0; trial < 3; trial++) {
      const stops = [1 + Math.floor(random() * (finalStart - 1)), 1 + Math.floor(random() * 20)];
      const { dir } = await interrupted(stops);
      assert.deepEqual(snapshot(dir), reference, `stops ${stops}`);
    }
  });

  it('resumes the final phase without retraining what is saved', async () => {
    // Attempt 1 stops in the original network's training; attempt 2 retrains it (build, 4 batches, test: ticks
    // 1–6) and stops in the adjusted one's training; attempt 3 trains only the adjusted network.
    const inOriginal = finalStart + 3;
    const inAdjusted = 9;
    const { dir, last } = await interrupted([inOriginal, inAdjusted]);
    assert.deepEqual(snapshot(dir), reference);
    assert.ok(totalTicks > inOriginal);
    assert.deepEqual(last.trainings.map((t) => t.split), ['full']);
    assert.deepEqual(last.evaluations.map((e) => e.split), ['test']);
  });

  it('treats a finished run as finished', async () => {
    const { dir } = await interrupted([]);
    const trainer = fake(analysis);
    const outcome = await search(openRun(dir), analysis, trainer);
    assert.equal(outcome.state, 'done');
    assert.equal(trainer.ticks, 0);
  });

  it('leaves no temporary files behind', async () => {
    const { dir } = await interrupted([5]);
    assert.deepEqual(filesUnder(dir).filter((f) => f.endsWith('.tmp')), []);
    assert.deepEqual(filesUnder(dir), ['accuracy-vs-macs.svg', 'adjusted-widths.json', 'events.jsonl', 'final/adjusted.json', 'final/original.json', ...[0, 1, 2, 3].map((n) => `iterations/${n}.json`), 'report.json', 'report.md', 'run.json']);
  });

  it('continues after a crash that tore the last line of events.jsonl', async () => {
    const store = newRun(workspace(), analysis, settings);
    const controller = new AbortController();
    await search(store, analysis, fake(analysis, { abortAt: { tick: 30, controller } }), { signal: controller.signal });
    fs.appendFileSync(store.eventsFile, '{"event":"progress","runId":"x","pha');
    assert.equal(openRun(store.dir).readEvents().skipped, 1);
    assert.equal((await search(openRun(store.dir), analysis, fake(analysis))).state, 'done');
    const log = openRun(store.dir).readEvents();
    assert.equal(log.skipped, 0);
    assert.deepEqual(snapshot(store.dir), reference);
    assert.ok(log.events.some((e) => e.event === 'log' && /resuming run .* at iteration/.test(e.message)));
  });
});

describe('refusing to resume', () => {
  const workspace = tempWorkspace();
  after(() => cleanUp(workspace));
  const analysis = analyzeGraph(resnetCifar(1, 10));

  async function partialRun() {
    const store = newRun(workspace, analysis, settings);
    const controller = new AbortController();
    await search(store, analysis, fake(analysis, { abortAt: { tick: 25, controller } }), { signal: controller.signal });
    return store;
  }

  it('refuses a model whose widths changed, and touches nothing', async () => {
    const store = await partialRun();
    const before = filesUnder(store.dir).map((f) => [f, fs.readFileSync(path.join(store.dir, f), 'utf8')]);
    const graph = resnetCifar(1, 10);
    const changed = analyzeGraph({ ...graph, widths: graph.widths.map((w) => (w.name === 'c3' ? { ...w, value: 24 } : w)) });
    const outcome = await search(openRun(store.dir), changed, fake(changed));
    assert.equal(outcome.state, 'failed');
    assert.match(outcome.state === 'failed' ? outcome.message : '', /cannot resume run .*: the model's widths changed since the run started \('c3' was 32, now 24\); start a new run instead/);
    assert.deepEqual(filesUnder(store.dir).map((f) => [f, fs.readFileSync(path.join(store.dir, f), 'utf8')]), before);
  });

  it('refuses a model whose structure changed at the same widths', async () => {
    const store = await partialRun();
    const graph = resnetCifar(1, 10);
    const changed = analyzeGraph({ ...graph, nodes: graph.nodes.map((n) => (n.name === 'c0' && n.type === 'conv2d' ? { ...n, attrs: { ...n.attrs, kernel: [5, 5] as [number, number] } } : n)) });
    const outcome = await search(openRun(store.dir), changed, fake(changed));
    assert.match(outcome.state === 'failed' ? outcome.message : '', /structure .* changed/);
  });

  it('refuses different settings', async () => {
    const store = await partialRun();
    const outcome = await search(openRun(store.dir), analysis, fake(analysis), { settings: { ...settings, learningRate: 0.1 } });
    assert.match(outcome.state === 'failed' ? outcome.message : '', /its settings differ \(learningRate was 0.15, now 0.1\)/);
  });
});
