import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { analyzeGraph } from '../../../../src/model/analyze.js';
import { summarize, totalMacs } from '../../../../src/model/summary.js';
import { timedLayers } from '../../../../src/engine/latency/layers.js';
import { spearman } from '../../../../src/engine/latency/rank.js';
import type { SearchSettings } from '../../../../src/protocol/settings.js';
import type { RunReport } from '../../../../src/protocol/types.js';
import { rescaleTarget } from '../../../../src/engine/budget/plan.js';
import { prepareRun, PrepareError, type PreparedRun } from '../../../../src/engine/host/prepare.js';
import { latencyCostModel, type LatencyCostModel } from '../../../../src/engine/latency/model.js';
import { readRunTable, RUN_TABLE_FILE } from '../../../../src/engine/latency/runTable.js';
import { RUNS_FOLDER } from '../../../../src/engine/runs/store.js';
import { FakeTrainer, type FakeOptions } from '../../../helpers/fakeTrainer.js';
import { search, suiteWorkspaces } from '../../../helpers/runs.js';
import { fakeNetworkMs, fakeTimedLayerMs, MEASURED_OVER_LAYERS, TimingTrainer } from './fakeTiming.js';

const MODEL = `netadjust: 1
name: tiny-resnet
input: [32, 32, 3]
residual: pad
layers:
  - {type: conv, name: stem, width: 16, kernel: 3, searchable: false}
  - {type: stage, name: stage1, block: basic, repeat: 1, inner: 16, out: 16}
  - {type: stage, name: stage2, block: basic, repeat: 2, stride: 2, inner: 32, out: 32}
  - {type: gap}
  - {type: dense, name: fc, units: 10}
`;

const SETTINGS: Partial<SearchSettings> = {
  iterations: 3,
  epochsPerIteration: 2,
  finalEpochs: 2,
  probeRepeats: 1,
  updateCount: 2,
  updateCountDecay: 0,
  budget: 'latency',
  targetMacs: 0.5,
  latencyBatchSize: 2,
};

interface Started {
  readonly prepared: PreparedRun;
  readonly trainers: TimingTrainer[];
}

/** `prepareRun` on a workspace holding the model, with fake timing trainers (configured by `setUp`). */
async function start(workspace: string, extra: { resume?: string; settings?: Partial<SearchSettings>; setUp?: (t: TimingTrainer) => void; fake?: FakeOptions } = {}): Promise<Started> {
  const modelFile = path.join(workspace, 'tiny.netadj.yaml');
  fs.writeFileSync(modelFile, MODEL);
  const trainers: TimingTrainer[] = [];
  const prepared = await prepareRun(
    { modelFile, workspace, dataset: { format: 'cifar10', path: 'data' }, settings: extra.settings ?? SETTINGS, ...(extra.resume ? { resume: extra.resume } : {}) },
    async (_choice, graph) => {
      const t = new TimingTrainer(analyzeGraph(graph), { usefulness: { 'stage2.0.inner': 20, 'stage1.0.out': 0.1 }, noise: 0.01, ...extra.fake });
      extra.setUp?.(t);
      trainers.push(t);
      return t;
    },
  );
  return { prepared, trainers };
}

function runFolders(workspace: string): string[] {
  const root = path.join(workspace, RUNS_FOLDER);
  return fs.existsSync(root) ? fs.readdirSync(root) : [];
}

const snapshot = (dir: string) => ['report.json', 'report.md', 'iterations/0.json', 'iterations/1.json', 'iterations/2.json'].map((f) => fs.readFileSync(path.join(dir, f), 'utf8'));

describe('a run under budget latency (targetMacs 0.5)', () => {
  const workspace = suiteWorkspaces();
  let run: Started;
  let report: RunReport;
  let cost: LatencyCostModel;

  before(async () => {
    run = await start(workspace());
    const { prepared } = run;
    const outcome = await search(prepared.store, prepared.analysis, run.trainers[0]!);
    assert.equal(outcome.state, 'done', JSON.stringify(outcome));
    report = (outcome as { report: RunReport }).report;
    cost = latencyCostModel(prepared.analysis, readRunTable(prepared.store.dir), prepared.settings.minWidth);
  });

  it('builds the table before the run folder, keeps a copy in it and says where the timings came from', () => {
    const { prepared, trainers } = run;
    const table = readRunTable(prepared.store.dir);
    assert.equal(trainers[0]!.timedCases, Object.keys(table.entries).length);
    assert.equal(table.machine.batchSize, 2);
    assert.deepEqual(table.timing, { warmup: 3, repeats: 10 });
    const logs = prepared.store.readEvents().events.filter((e) => e.event === 'log').map((e) => (e as { message: string }).message);
    assert.match(logs[0]!, new RegExp(`^latency table: ${Object.keys(table.entries).length} layer timings at batch size 2 on tfjs \\(fake\\), 0 from the cache .* and ${Object.keys(table.entries).length} timed now`));
  });

  it('starts from the uniform scaling to half the predicted latency and rescales every iteration to it', () => {
    const { manifest } = run.prepared.store;
    const target = rescaleTarget(manifest, cost);
    assert.ok(Math.abs(target - 0.5 * cost.total(manifest.originalWidths)) < 1e-12);
    const budget = manifest.budget!;
    assert.ok(Math.abs(cost.total(budget.startWidths) / target - 1) <= 0.01, 'the uniform start');
    assert.equal(budget.startMacs, totalMacs(run.prepared.analysis, budget.startWidths));
    const records = run.prepared.store.completedIterations();
    assert.deepEqual(records[0]!.widths, budget.startWidths);
    for (const r of records) {
      assert.ok(Math.abs(cost.total(r.nextWidths) / target - 1) <= 0.01, `iteration ${r.iteration}: ${cost.total(r.nextWidths) / target}`);
      assert.equal(r.nextMacs, totalMacs(run.prepared.analysis, r.nextWidths), 'the records keep MACs');
    }
    assert.notDeepEqual(records.at(-1)!.nextWidths, budget.startWidths, 'the search moved the widths');
  });

  it('reports the table, the rank agreement of MACs and latency, and both ratios', () => {
    const latency = report.latency!;
    const measured = (w: Record<string, number>) => MEASURED_OVER_LAYERS * fakeNetworkMs(run.prepared.analysis, w) + 0.05;
    assert.equal(latency.tableFile, RUN_TABLE_FILE);
    assert.deepEqual([latency.engine, latency.backend, latency.batchSize], ['tfjs', 'fake', 2]);
    // The layers' MACs (the analyzer's summary) against their own fake timings at the original widths.
    const analysis = run.prepared.analysis;
    const timed = timedLayers(analysis);
    const macs = summarize(analysis).layers.filter((l) => timed.some((t) => t.node.name === l.name)).map((l) => l.macs);
    const ms = timed.map((l) => fakeTimedLayerMs(l, analysis.widths));
    assert.equal(macs.length, 8);
    assert.ok(Math.abs(latency.layerRankCorrelation - spearman(macs, ms)) < 1e-12, `${latency.layerRankCorrelation} vs ${spearman(macs, ms)}`);
    assert.ok(Math.abs(latency.tableOverMeasured! - cost.total(report.original.widths) / measured(report.original.widths)) < 1e-12);
    assert.equal(latency.adjustedMacsRatio, report.adjusted.macs / report.original.macs);
    assert.ok(Math.abs(latency.adjustedLatencyRatio! - measured(report.adjusted.widths) / measured(report.original.widths)) < 1e-12);
    assert.deepEqual(JSON.parse(fs.readFileSync(path.join(run.prepared.store.dir, 'report.json'), 'utf8')).latency, latency);
  });

  it('writes a Latency section into report.md', () => {
    const md = fs.readFileSync(path.join(run.prepared.store.dir, 'report.md'), 'utf8');
    const section = md.slice(md.indexOf('## Latency'));
    assert.ok(md.includes('## Latency'));
    assert.match(section, /The table covers the width-owning layers only \(convolutions and dense layers\): batch norm, activations, pooling and additions are not in it\./);
    assert.match(section, /\| network \| MACs vs original \| predicted latency \| measured latency \(median\) \| predicted \/ measured \|/);
    assert.match(section, /\| iteration \| predicted latency \| next widths, predicted \| vs target \|/);
    assert.match(section, /\| layer \| type \| MACs share \| latency share \| predicted latency \|/);
    assert.match(section, /Spearman rank correlation of MACs and latency is \d\.\d\d/);
    assert.match(section, /The adjusted network costs \d\.\d{3}× the original's MACs and \d\.\d{3}× its measured latency/);
    assert.match(md, /Target: 0\.5× the original network's predicted latency/);
  });

  it('resumes an interrupted run from the run\'s own table, timing nothing, to the same result', async () => {
    const ws = workspace();
    const controller = new AbortController();
    const first = await start(ws, { fake: { abortAt: { tick: 20, controller } } });
    const cancelled = await search(first.prepared.store, first.prepared.analysis, first.trainers[0]!, { signal: controller.signal });
    assert.equal(cancelled.state, 'cancelled');
    assert.equal(first.prepared.store.completedIterations().length, 1, 'interrupted in the middle of the search');
    // The cache is gone: only the run's copy could give the same numbers, and the trainer refuses to time.
    fs.rmSync(path.join(ws, '.netadjust', 'latency'), { recursive: true });
    const resumed = await start(ws, { resume: first.prepared.store.runId, setUp: (t) => (t.failTiming = true) });
    assert.equal(resumed.prepared.resumed, true);
    const outcome = await search(resumed.prepared.store, resumed.prepared.analysis, resumed.trainers[0]!);
    assert.equal(outcome.state, 'done', JSON.stringify(outcome));
    assert.equal(resumed.trainers[0]!.timedCases, 0);
    assert.deepEqual(snapshot(resumed.prepared.store.dir).slice(2), snapshot(run.prepared.store.dir).slice(2));
  });

  it('fails a resume whose run lost its table, naming the file', async () => {
    const ws = workspace();
    const first = await start(ws);
    fs.rmSync(path.join(first.prepared.store.dir, RUN_TABLE_FILE));
    const outcome = await search(first.prepared.store, first.prepared.analysis, first.trainers[0]!);
    assert.equal(outcome.state, 'failed');
    assert.match((outcome as { message: string }).message, /latency-table\.json is missing: a run under budget 'latency' keeps the latency table it was planned with there; start a new run/);
  });
});

describe('starting a run under budget latency', () => {
  const workspace = suiteWorkspaces();

  it('refuses a MAC count before any engine starts, leaving no run folder', async () => {
    const ws = workspace();
    let created = 0;
    const modelFile = path.join(ws, 'tiny.netadj.yaml');
    fs.writeFileSync(modelFile, MODEL);
    await assert.rejects(
      prepareRun({ modelFile, workspace: ws, dataset: { format: 'cifar10', path: 'data' }, settings: { ...SETTINGS, targetMacs: 2_000_000 } }, async (_c, graph) => {
        created++;
        return new TimingTrainer(analyzeGraph(graph));
      }),
      (e: unknown) => e instanceof PrepareError && /^under budget 'latency' the target is a ratio/.test((e as Error).message),
    );
    assert.equal(created, 0);
    assert.deepEqual(runFolders(ws), []);
  });

  it('refuses an engine that cannot time layers, naming it, leaving no run folder', async () => {
    const ws = workspace();
    const modelFile = path.join(ws, 'tiny.netadj.yaml');
    fs.writeFileSync(modelFile, MODEL);
    await assert.rejects(
      prepareRun({ modelFile, workspace: ws, dataset: { format: 'cifar10', path: 'data' }, settings: SETTINGS }, async (_c, graph) => new FakeTrainer(analyzeGraph(graph))),
      (e: unknown) => e instanceof PrepareError && /^the tfjs engine \(fake backend\) cannot time single layers/.test((e as Error).message),
    );
    assert.deepEqual(runFolders(ws), []);
  });

  it('refuses a latency target the network cannot reach, with the numbers in ms, leaving no run folder', async () => {
    const ws = workspace();
    await assert.rejects(start(ws, { settings: { ...SETTINGS, targetMacs: 0.01 } }), (e: unknown) => e instanceof PrepareError && / ms\)/.test((e as Error).message));
    assert.deepEqual(runFolders(ws), []);
  });

  it('plans no budget for a ratio of 1, and still holds the predicted latency', async () => {
    const ws = workspace();
    const run = await start(ws, { settings: { ...SETTINGS, targetMacs: 0, iterations: 2 } });
    assert.equal(run.prepared.store.manifest.budget, undefined);
    const outcome = await search(run.prepared.store, run.prepared.analysis, run.trainers[0]!);
    assert.equal(outcome.state, 'done');
    const cost = latencyCostModel(run.prepared.analysis, readRunTable(run.prepared.store.dir), 4);
    const original = cost.total(run.prepared.analysis.widths);
    run.prepared.store.completedIterations().forEach((r) => assert.ok(Math.abs(cost.total(r.nextWidths) / original - 1) <= 0.01));
  });
});
