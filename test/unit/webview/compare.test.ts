/**
 * A finished comparison (recorded from a real `netadjust compare` run) through the panel's models: every network's
 * point and row, the budget, the cost chart's uniform start, the curves and header of the new final phases, and
 * the latency block of a run under a latency budget.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isFineTunePhase, isTrainingPhase, phaseLabel, phaseNetwork, phasePruneMethod } from '../../../src/protocol/phases.js';
import type { RunPhase, RunReport } from '../../../src/protocol/types.js';
import { headerView } from '../../../webview/headerModel.js';
import { formatMs, latencyFigures, networkRows, reportedNetworks } from '../../../webview/networksModel.js';
import { reportView } from '../../../webview/reportModel.js';
import { padded, tradeoffView } from '../../../webview/tradeoffModel.js';
import { costSeries, trainingCurves } from '../../../webview/viewModel.js';
import { replay } from '../../helpers/panelFixture.js';
import { compareMessages, compareSnapshot } from '../../webview/compareFixtures.js';

const compared = compareSnapshot('compare');
const report = compared.report!;
const ALL = ['original', 'uniform', 'adjusted', 'adjusted-distilled', 'l1', 'chip', 'hrel'];

describe('phases', () => {
  it('name every phase of a comparison and tell trainings from scoring and timing', () => {
    const labels: Record<RunPhase, string> = {
      'latency-table': 'timing layers for the latency table',
      'search-train': 'training (search)',
      fur: 'measuring FUR',
      'final-original': 'final training: original',
      'final-uniform': 'final training: uniformly scaled',
      'final-adjusted': 'final training: adjusted',
      'final-adjusted-distilled': 'final training: adjusted + distillation',
      'final-l1': 'fine-tuning: L1-norm pruned',
      'final-chip': 'fine-tuning: CHIP pruned',
      'final-hrel': 'fine-tuning: HRel pruned',
      'prune-l1': 'pruning: scoring channels by L1 norm',
      'prune-chip': 'pruning: scoring channels by CHIP',
      'prune-hrel': 'pruning: scoring channels by HRel',
      done: 'writing the report',
    };
    for (const [phase, label] of Object.entries(labels) as [RunPhase, string][]) {
      assert.equal(phaseLabel(phase), label);
      assert.equal(isTrainingPhase(phase), phase === 'search-train' || phase.startsWith('final-'), phase);
    }
    assert.equal(phaseNetwork('final-adjusted-distilled'), 'adjusted-distilled');
    assert.equal(phasePruneMethod('prune-chip'), 'chip');
    assert.deepEqual([isFineTunePhase('final-l1'), isFineTunePhase('final-adjusted'), isFineTunePhase('prune-l1')], [true, false, false]);
    // A phase from a newer engine: shown by its name, not mistaken for a training.
    assert.equal(phaseLabel('final-quantized' as RunPhase), 'final-quantized');
    assert.equal(isTrainingPhase('final-quantized' as RunPhase), false);
  });
});

describe('networks of a comparison', () => {
  it('lists every network the report holds, once, in a fixed order, with its recipe', () => {
    const networks = reportedNetworks(report);
    assert.deepEqual(networks.map((n) => n.network), ALL);
    assert.deepEqual(networks.map((n) => n.recipe), ['scratch', 'scratch', 'scratch', 'distilled', 'fine-tune', 'fine-tune', 'fine-tune']);
    assert.deepEqual(reportedNetworks({ ...report, pruned: { chip: report.pruned!.chip! }, distilled: undefined } as RunReport).map((n) => n.network), ['original', 'uniform', 'adjusted', 'chip']);
  });

  it('infers the recipe of reports that do not carry it, and skips results without their numbers', () => {
    const { recipe: _r, ...bare } = report.pruned!.l1!;
    const old = { ...report, pruned: { l1: bare, hrel: { macs: 1 } } } as unknown as RunReport;
    assert.deepEqual(reportedNetworks(old).filter((n) => n.network === 'l1' || n.network === 'hrel').map((n) => [n.network, n.recipe]), [['l1', 'fine-tune']]);
  });

  it('formats a row per network: MACs, params, accuracy against the original, latency with its batch, recipe', () => {
    const rows = networkRows(report);
    assert.deepEqual(
      rows.map((r) => [r.name, r.macs, r.params, r.accuracy, r.delta, r.tone, r.latency, r.recipe]),
      [
        ['original', '2.82 M', '35.67 k', '76.80 %', '', 'same', '0.383 ms (batch 1)', 'from scratch'],
        ['uniformly scaled', '1.43 M', '18.23 k', '72.00 %', '\u22124.80 pp', 'worse', '0.251 ms (batch 1)', 'from scratch'],
        ['adjusted', '1.42 M', '15.45 k', '73.40 %', '\u22123.40 pp', 'worse', '0.276 ms (batch 1)', 'from scratch'],
        ['adjusted + distillation', '1.42 M', '15.45 k', '69.80 %', '\u22127.00 pp', 'worse', '0.269 ms (batch 1)', 'distilled from the original'],
        ['L1-norm pruned', '1.43 M', '18.23 k', '76.60 %', '\u22120.20 pp', 'worse', '0.241 ms (batch 1)', 'fine-tuned from the original'],
        ['CHIP pruned', '1.43 M', '18.23 k', '74.60 %', '\u22122.20 pp', 'worse', '0.252 ms (batch 1)', 'fine-tuned from the original'],
        ['HRel pruned', '1.43 M', '18.23 k', '75.00 %', '\u22121.80 pp', 'worse', '0.243 ms (batch 1)', 'fine-tuned from the original'],
      ],
    );
    assert.match(rows[0]!.latencySpread!, /^median of the timed passes; quartiles 0\.\d+ ms – 0\.\d+ ms$/);
    assert.ok(rows.every((r) => r.predicted === undefined), 'no prediction column under a MAC budget');
    const { latency: _l, ...untimed } = report.original;
    assert.equal(networkRows({ ...report, original: untimed }).at(0)!.latency, '—');
    const cut = { ...report.pruned!.l1!, beforeFineTune: { testAccuracy: 0.4125, testLoss: 1.7 } };
    assert.equal(networkRows({ ...report, pruned: { l1: cut } }).find((r) => r.network === 'l1')!.recipe, 'fine-tuned from the original (41.25 % right after the cut)');
  });

  it('formats milliseconds to three significant digits', () => {
    assert.deepEqual([0.41234, 0.27959, 1.8449, 23.46, 143.2, 1234.5].map(formatMs), ['0.412 ms', '0.280 ms', '1.84 ms', '23.5 ms', '143 ms', '1235 ms']);
  });

  it('has no latency block under a MAC budget', () => {
    assert.deepEqual(reportView(report).latency, []);
    assert.deepEqual(latencyFigures(undefined), []);
  });
});

describe('accuracy vs MACs', () => {
  const view = tradeoffView(compared)!;

  it('has one point per network at its MACs and test accuracy', () => {
    assert.deepEqual(view.points.map((p) => p.network), ALL);
    const byNetwork = Object.fromEntries(view.points.map((p) => [p.network, p]));
    assert.deepEqual([byNetwork['l1']!.macs, byNetwork['l1']!.accuracy], [report.pruned!.l1!.macs, report.pruned!.l1!.testAccuracy]);
    assert.deepEqual([byNetwork['original']!.macs, byNetwork['original']!.accuracy], [2_823_040, 0.768]);
  });

  it("draws the budget at the run's target, and both axes hold every point and the budget with room to spare", () => {
    assert.equal(view.budgetMacs, compared.manifest.budget!.targetMacs);
    assert.equal(view.budgetMacs, 1_411_520);
    const macs = [...view.points.map((p) => p.macs), view.budgetMacs!];
    assert.ok(view.x.min < Math.min(...macs) && view.x.max > Math.max(...macs), JSON.stringify(view.x));
    const accuracy = view.points.map((p) => p.accuracy);
    assert.ok(view.y.min < Math.min(...accuracy) && view.y.max > Math.max(...accuracy) && view.y.max <= 1, JSON.stringify(view.y));
  });

  it('has no budget line without a budget, nor under a latency budget (its target is not in MACs)', () => {
    const { budget: _b, ...plain } = compared.manifest;
    assert.equal(tradeoffView({ ...compared, manifest: plain })!.budgetMacs, undefined);
    const latency = compareSnapshot('latency');
    assert.ok(latency.manifest.budget, 'the latency run records its uniformly scaled start');
    assert.equal(tradeoffView(latency)!.budgetMacs, undefined);
  });

  it('waits for the report', () => {
    const running = replay(compareMessages('compare').slice(0, 10)).snapshot!;
    assert.equal(tradeoffView(running), undefined);
    assert.equal(tradeoffView(undefined), undefined);
  });

  it('pads a range around its values, within its bounds', () => {
    assert.deepEqual(padded([10, 20], 0.1, 0, 0, 100), { min: 9, max: 21 });
    assert.deepEqual(padded([0.5, 0.99], 0.5, 0, 0, 1), { min: 0.255, max: 1 });
    const single = padded([100], 0.1, 0.05, 0, Number.POSITIVE_INFINITY);
    assert.ok(single.min < 100 && single.max > 100);
  });
});

describe('the comparison in the other charts and the header', () => {
  it('draws a curve per final network, fine-tunings included, and none for channel scoring', () => {
    const { loss } = trainingCurves(compared.epochs);
    assert.deepEqual(loss.map((s) => s.label), [
      'iteration 1',
      'iteration 2',
      'iteration 3',
      'final original',
      'final uniformly scaled',
      'final adjusted',
      'final adjusted + distillation',
      'final L1-norm pruned',
      'final CHIP pruned',
      'final HRel pruned',
    ]);
    assert.deepEqual(loss.map((s) => s.points.length), [2, 2, 2, 4, 4, 4, 4, 4, 4, 4]);
    assert.ok(compared.epochs.every((e) => !e.phase.startsWith('prune-')));
  });

  it('puts the uniformly scaled start before the iterations and the budget line at the target', () => {
    const c = costSeries(compared);
    assert.deepEqual(c.labels, ['uniform', '1', '2', '3', 'adjusted']);
    assert.deepEqual([c.macs[0], c.params[0]], [report.uniform!.macs, report.uniform!.params]);
    assert.deepEqual([c.budgetMacs, c.budgetLabel], [1_411_520, 'target']);
    // Before the report, the start comes from the manifest.
    const running = replay(compareMessages('compare').slice(0, 10)).snapshot!;
    assert.deepEqual(costSeries(running).labels, ['uniform', '1']);
    assert.equal(costSeries(running).macs[0], compared.manifest.budget!.startMacs);
  });

  it('has no MACs budget line under a latency budget', () => {
    assert.deepEqual([costSeries(compareSnapshot('latency')).budgetMacs, costSeries(compareSnapshot('latency')).budgetLabel], [0, '']);
  });

  it('the header names pruning, fine-tuning and distillation as they run', () => {
    const messages = compareMessages('compare');
    const at = (phase: RunPhase) => headerView(replay(messages.slice(0, messages.findIndex((m) => m.kind === 'progress' && m.event.phase === phase) + 1)))!;
    assert.deepEqual([at('prune-chip').phase, at('prune-chip').step, at('prune-chip').iteration], ['pruning: scoring channels by CHIP', 'step 0/1', 'iteration 3/3']);
    assert.deepEqual([at('final-chip').phase, at('final-chip').step], ['fine-tuning: CHIP pruned', 'epoch 1/4']);
    assert.equal(at('final-adjusted-distilled').phase, 'final training: adjusted + distillation');
  });

  it('times the latency table before the first iteration, counting steps', () => {
    const first = compareMessages('compare').slice(0, 1);
    const timing = { runId: compared.manifest.runId, phase: 'latency-table' as const, epoch: 3, epochs: 12, batch: 0, batches: 0, loss: 0, accuracy: 0, learningRate: 0, imagesPerSecond: 0, etaSeconds: 90, epochEnd: false };
    const view = headerView(replay([...first, { kind: 'progress', event: timing }]))!;
    assert.deepEqual([view.phase, view.step, view.iteration], ['timing layers for the latency table', 'step 3/12', undefined]);
  });
});

describe('a latency budget', () => {
  const latency = compareSnapshot('latency');

  it('shows how the table was made and how far MACs and latency disagree', () => {
    assert.deepEqual(
      reportView(latency.report!).latency.map((f) => [f.name, f.value]),
      [
        ['latency table', 'latency-table.json'],
        ['timed on', 'tfjs · wasm, batch 1'],
        ['MACs–latency rank correlation', 'ρ = 0.24'],
        ['table / measured', '0.91×'],
        ['adjusted / original MACs', '0.580×'],
        ['adjusted / original latency', '0.698×'],
      ],
    );
  });

  it("adds the table's prediction to every network's row", () => {
    assert.deepEqual(networkRows(latency.report!).map((r) => [r.name, r.predicted]), [
      ['original', '0.366 ms'],
      ['uniformly scaled', '0.293 ms'],
      ['adjusted', '0.292 ms'],
      ['L1-norm pruned', '0.289 ms'],
    ]);
  });

  it('leaves out the figures the report does not have', () => {
    const { tableOverMeasured: _t, adjustedLatencyRatio: _a, ...partial } = latency.report!.latency!;
    assert.deepEqual(latencyFigures(partial).map((f) => f.name), ['latency table', 'timed on', 'MACs–latency rank correlation', 'adjusted / original MACs']);
  });
});
