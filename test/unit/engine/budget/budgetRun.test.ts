import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { BudgetError } from '../../../../src/engine/budget/plan.js';
import { describeRun, resumeProblem, validateManifest } from '../../../../src/engine/runs/manifest.js';
import { openRun } from '../../../../src/engine/runs/store.js';
import { groupWidthsOf, searchableGroups } from '../../../../src/engine/search/groups.js';
import { rescaleToMacs } from '../../../../src/engine/search/rescale.js';
import { updateWidths } from '../../../../src/engine/search/update.js';
import { analyzeGraph } from '../../../../src/model/analyze.js';
import { totalMacs } from '../../../../src/model/summary.js';
import type { IterationRecord, ProgressEvent, RunReport } from '../../../../src/protocol/types.js';
import { FakeTrainer } from '../../../helpers/fakeTrainer.js';
import { newRun, QUICK, search, suiteWorkspaces } from '../../../helpers/runs.js';
import { resnetCifar } from '../../../helpers/resnet.js';

const analysis = analyzeGraph(resnetCifar(1, 10));
const originalMacs = totalMacs(analysis, analysis.widths);
const settings = { ...QUICK, iterations: 3, updateCount: 2, probeRepeats: 1, targetMacs: 0.5 };
const usefulness: Record<string, number> = { c3: 20, c4: 15, c0: 0.2, c2: 0.1 };
const fake = (extra: ConstructorParameters<typeof FakeTrainer>[1] = {}) => new FakeTrainer(analysis, { usefulness, noise: 0.01, ...extra });

/** A finished run's files, for comparing an interrupted run with an uninterrupted one (the clock is frozen). */
function snapshot(dir: string) {
  const read = (f: string) => fs.readFileSync(path.join(dir, f), 'utf8');
  return { report: read('report.json'), markdown: read('report.md'), iterations: [0, 1, 2].map((n) => read(`iterations/${n}.json`)), uniform: read('final/uniform.json') };
}

describe('a run under a MAC budget (targetMacs 0.5)', () => {
  const workspace = suiteWorkspaces();

  let dir = '';
  let report: RunReport;
  let records: IterationRecord[] = [];
  let trainer: FakeTrainer;
  const phases: ProgressEvent['phase'][] = [];
  let uniformStart = 0;

  before(async () => {
    const store = newRun(workspace(), analysis, settings);
    trainer = fake();
    const outcome = await search(store, analysis, trainer, {
      sink: {
        progress: (p) => {
          if (phases.at(-1) !== p.phase) {
            phases.push(p.phase);
          }
          uniformStart ||= p.phase === 'final-uniform' ? trainer.ticks : 0;
        },
      },
    });
    assert.equal(outcome.state, 'done', JSON.stringify(outcome));
    report = (outcome as { report: RunReport }).report;
    dir = store.dir;
    records = store.completedIterations();
  });

  it('records the budget and the uniformly scaled start in run.json', () => {
    const budget = openRun(dir).manifest.budget!;
    assert.equal(budget.targetMacs, 0.5 * originalMacs);
    assert.ok(Math.abs(budget.startMacs / budget.targetMacs - 1) <= settings.macsTolerance, `${budget.startMacs}`);
    assert.equal(budget.startWidths['stem'], 16);
    assert.equal(budget.startWidths['fc'], 10);
    assert.ok(budget.multiplier > 0.6 && budget.multiplier < 0.75, `m = ${budget.multiplier}`);
  });

  it('starts from the scaled widths, steps relative to them (c⁰) and rescales every iteration to the budget', () => {
    const budget = openRun(dir).manifest.budget!;
    assert.deepEqual(records[0]!.widths, budget.startWidths);
    const groups = searchableGroups(analysis);
    for (const r of records) {
      assert.ok(Math.abs(r.nextMacs / budget.targetMacs - 1) <= settings.macsTolerance, `iteration ${r.iteration}: ${r.nextMacs / budget.targetMacs}`);
      // Replaying the update with c⁰ = the scaled widths and the budget as the rescale target gives the recorded result.
      const update = updateWidths(r.fur, groupWidthsOf(analysis, r.widths), groupWidthsOf(analysis, budget.startWidths), settings, {
        iteration: r.iteration,
        order: groups.map((g) => g.id),
        divisors: Object.fromEntries(groups.map((g) => [g.id, g.divisor])),
      });
      assert.deepEqual(rescaleToMacs(analysis, update.widths, budget.targetMacs, settings).variableWidths, r.nextWidths);
    }
    assert.notDeepEqual(records.at(-1)!.nextWidths, budget.startWidths, 'the search moved the widths');
  });

  it('trains the original, the uniformly scaled and the adjusted network in the final phase and reports all three', () => {
    const budget = openRun(dir).manifest.budget!;
    assert.deepEqual(phases, ['search-train', 'fur', 'search-train', 'fur', 'search-train', 'fur', 'final-original', 'final-uniform', 'final-adjusted', 'done']);
    assert.deepEqual(trainer.trainings.map((t) => t.split), ['search', 'search', 'search', 'full', 'full', 'full']);
    assert.deepEqual(report.original.widths, analysis.widths);
    assert.deepEqual(report.uniform!.widths, budget.startWidths);
    assert.equal(report.uniform!.macs, budget.startMacs);
    assert.deepEqual(report.adjusted.widths, records.at(-1)!.nextWidths);
    assert.deepEqual(JSON.parse(fs.readFileSync(path.join(dir, 'report.json'), 'utf8')), report);
  });

  it('states the budget in report.md, with how close every iteration stayed to it', () => {
    const md = fs.readFileSync(path.join(dir, 'report.md'), 'utf8');
    assert.match(md, /\| uniformly scaled \| from scratch \| /);
    assert.match(md, /against the uniformly scaled network/);
    assert.match(md, /## Budget\n\nTarget: [\d.]+ M MACs, 0\.5× the original [\d.]+ M \(setting `targetMacs` = 0\.5\)\./);
    assert.match(md, /every searchable width × 0\.\d{4}, rounded to /);
    assert.match(md, /the farthest was iteration \d at [+−]\d\.\d\d %/);
    assert.match(md, /\| iteration \| MACs \| vs original \| MACs vs budget \|/);
    const section = md.slice(md.indexOf('## Search iterations'), md.indexOf('## Widths'));
    const rows = section.split('\n').filter((l) => /^\| [0-2] \| /.test(l));
    assert.equal(rows.length, 3);
    for (const row of rows) {
      const off = Number(row.split('|')[4]!.trim().replace('−', '-').replace(' %', ''));
      assert.ok(Math.abs(off) <= settings.macsTolerance * 100, row);
    }
    assert.match(md, /\| layer \| coupled to \| search \| original \| uniform \| adjusted \| change vs uniform \|/);
  });

  it('resumes to the same result after aborts in the search and in the uniform network\'s final training', async () => {
    const store = newRun(workspace(), analysis, settings);
    for (const tick of [7, uniformStart + 2]) {
      const controller = new AbortController();
      const outcome = await search(openRun(store.dir), analysis, fake({ abortAt: { tick, controller } }), { signal: controller.signal });
      assert.equal(outcome.state, 'cancelled', `abort at tick ${tick}`);
    }
    assert.equal((await search(openRun(store.dir), analysis, fake())).state, 'done');
    assert.deepEqual(snapshot(store.dir), snapshot(dir));
  });

  it('refuses to resume with another target', () => {
    const manifest = openRun(dir).manifest;
    assert.match(resumeProblem(manifest, analysis, { ...settings, targetMacs: 0.6 })!, /its settings differ \(targetMacs was 0\.5, now 0\.6\)/);
    assert.equal(resumeProblem(manifest, analysis, settings), undefined);
  });
});

describe('the budget in run.json', () => {
  const input = { modelFile: 'm.netadj.yaml', dataset: { format: 'cifar10' as const, path: 'd' }, engine: { engine: 'tfjs' as const, backend: 'fake', version: '0', reason: 't' }, versions: {} };

  it('is absent without a target, and for a target equal to the network', () => {
    assert.equal(describeRun(analysis, { ...input, settings: QUICK }).budget, undefined);
    assert.equal(describeRun(analysis, { ...input, settings: { ...QUICK, targetMacs: 1 } }).budget, undefined);
    assert.equal(describeRun(analysis, { ...input, settings: { ...QUICK, targetMacs: originalMacs } }).budget, undefined);
  });

  it('cannot be made for a target the network cannot meet', () => {
    assert.throws(() => describeRun(analysis, { ...input, settings: { ...QUICK, targetMacs: 0.001 } }), (e: unknown) => e instanceof BudgetError && /below/.test(e.message));
  });

  it('is checked when a run is opened', () => {
    const manifest = { runId: 'r', createdAt: 'now', ...describeRun(analysis, { ...input, settings: { ...QUICK, targetMacs: 0.5 } }) };
    assert.ok(manifest.budget);
    assert.deepEqual(validateManifest(JSON.parse(JSON.stringify(manifest)), 'run.json'), manifest);
    assert.throws(() => validateManifest({ ...manifest, budget: { ...manifest.budget, targetMacs: 'half' } }, 'run.json'), /'budget\.targetMacs' must be a number/);
    assert.throws(() => validateManifest({ ...manifest, budget: { ...manifest.budget, startWidths: { c0: 0 } } }, 'run.json'), /'budget\.startWidths' must map/);
  });
});
