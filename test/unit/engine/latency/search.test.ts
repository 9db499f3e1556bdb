import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { analyzeGraph } from '../../../../src/model/analyze.js';
import { totalMacs } from '../../../../src/model/summary.js';
import { DEFAULT_SEARCH_SETTINGS } from '../../../../src/protocol/settings.js';
import { checkTarget } from '../../../../src/engine/budget/check.js';
import { BudgetError, budgetProblem, planBudget } from '../../../../src/engine/budget/plan.js';
import { scaleToBudget } from '../../../../src/engine/budget/scale.js';
import { groupCostGradient } from '../../../../src/engine/cost/costModel.js';
import { buildLatencyTable } from '../../../../src/engine/latency/build.js';
import { latencyCostModel, type LatencyCostModel } from '../../../../src/engine/latency/model.js';
import { groupWidthsOf, searchableGroups } from '../../../../src/engine/search/groups.js';
import { flopsShares, probeDropRates } from '../../../../src/engine/search/probe.js';
import { rescaleToMacs } from '../../../../src/engine/search/rescale.js';
import { resnetCifar } from '../../../helpers/resnet.js';
import { suiteWorkspaces } from '../../../helpers/runs.js';
import { TimingTrainer } from './fakeTiming.js';

const S = { ...DEFAULT_SEARCH_SETTINGS, budget: 'latency' as const };
const resnet = analyzeGraph(resnetCifar(3, 100));

describe('the search under a latency model', () => {
  const workspace = suiteWorkspaces();
  let cost: LatencyCostModel;

  before(async () => {
    const build = await buildLatencyTable(resnet, new TimingTrainer(resnet), { workspace: workspace(), settings: S });
    cost = latencyCostModel(resnet, build.table, S.minWidth);
  });

  it('gives probe rates that remove the same expected latency from every group (B_g·p_g equal)', () => {
    const shares = flopsShares(resnet, resnet.widths, cost);
    const rates = probeDropRates(resnet, resnet.widths, S, cost);
    const gradient = groupCostGradient(resnet, cost, resnet.widths);
    const groups = searchableGroups(resnet);
    assert.deepEqual(Object.keys(rates), groups.map((g) => g.id));
    groups.forEach((g) => assert.equal(shares[g.id], resnet.widths[g.members[0]!]! * gradient[g.id]!));
    const mean = Object.values(shares).reduce((a, b) => a + b, 0) / groups.length;
    for (const g of groups) {
      assert.ok(rates[g.id]! < S.maxProbeDropRate, `${g.id} is not clipped`);
      assert.ok(Math.abs(rates[g.id]! * shares[g.id]! - S.probeDropRate * mean) < 1e-12, g.id);
    }
    // Latency is not MACs: the rates differ from the MACs-equalised ones.
    assert.notDeepEqual(rates, probeDropRates(resnet, resnet.widths, S));
  });

  it('rescales an update back within tolerance of a latency target, whatever its MACs', () => {
    const target = cost.total(resnet.widths);
    const grown = { ...groupWidthsOf(resnet, resnet.widths), c14: 80, c15: 80, c16: 80, c0: 12 };
    const r = rescaleToMacs(resnet, grown, target, S, cost);
    assert.ok(r.withinTolerance, `ratio ${r.ratio}`);
    assert.ok(Math.abs(cost.total(r.variableWidths) / target - 1) <= S.macsTolerance);
    assert.equal(r.cost, cost.total(r.variableWidths));
    assert.equal(r.macs, totalMacs(resnet, r.variableWidths), 'the result still reports MACs as MACs');
    assert.equal(r.widths['stem'], 16);
    assert.equal(r.widths['fc'], 100);
    // And to a smaller target.
    const half = rescaleToMacs(resnet, grown, 0.6 * target, S, cost);
    assert.ok(half.withinTolerance && Math.abs(half.ratio - 1) <= S.macsTolerance, `ratio ${half.ratio}`);
  });

  it('scales uniformly to a share of the predicted latency', () => {
    const target = 0.5 * cost.total(resnet.widths);
    const u = scaleToBudget(resnet, target, S, 8, cost);
    assert.ok(u.withinTolerance, `cost ${u.cost} for ${target}`);
    assert.equal(u.macs, totalMacs(resnet, u.variableWidths));
    assert.ok(Math.abs(u.ratio - 0.5) <= 0.5 * S.macsTolerance + 1e-12);
  });

  it('plans a latency budget: the uniform start at the latency target, its MACs recorded', () => {
    const budget = planBudget(resnet, { ...S, targetMacs: 0.5 }, cost)!;
    const predicted = cost.total(budget.startWidths);
    assert.ok(Math.abs(predicted / (0.5 * cost.total(resnet.widths)) - 1) <= S.macsTolerance, `${predicted}`);
    assert.equal(budget.startMacs, totalMacs(resnet, budget.startWidths));
    assert.equal(budget.targetMacs, budget.startMacs);
    assert.equal(planBudget(resnet, { ...S, targetMacs: 1 }, cost), undefined, 'a ratio of 1 is the plain method');
    assert.throws(() => planBudget(resnet, { ...S, targetMacs: 0.5 }), (e: unknown) => e instanceof BudgetError && /none was given/.test((e as Error).message));
  });

  it('refuses a MAC count as a latency target, with and without the table', () => {
    const expected = /^under budget 'latency' the target is a ratio of the original network's predicted latency, in \(0, 1\]; 20000000 is a MAC count: give a ratio such as 0\.5, or use budget 'macs'$/;
    assert.match(budgetProblem(resnet, { ...S, targetMacs: 20_000_000 })!, expected);
    assert.match(budgetProblem(resnet, { ...S, targetMacs: 20_000_000 }, cost)!, expected);
    assert.match(checkTarget(resnet, { kind: 'macs', value: 20_000_000 }, S, cost)!, expected);
    assert.throws(() => planBudget(resnet, { ...S, targetMacs: 20_000_000 }, cost), (e: unknown) => e instanceof BudgetError && expected.test((e as Error).message));
    assert.equal(budgetProblem(resnet, { ...S, targetMacs: 0.5 }), undefined, 'a ratio waits for the table');
    assert.equal(budgetProblem(resnet, { ...S, targetMacs: 0.5 }, cost), undefined);
    assert.equal(budgetProblem(resnet, { ...S, budget: 'macs', targetMacs: 20_000_000 }), undefined, 'a MAC count is fine under budget macs');
  });

  it('states unmeetable latency targets in milliseconds', () => {
    assert.match(checkTarget(resnet, { kind: 'ratio', value: 0.01 }, S, cost)!, /^the target \(0\.01× = [\d.]+ ms\) is below what the network's predicted latency keeps \([\d.]+ ms, with every searchable width at 0\); the smallest reachable target is about [\d.]+ ms \(ratio 0\.\d+\)$/);
    assert.match(checkTarget(resnet, { kind: 'ratio', value: 1.5 }, S, cost)!, /^the target \(1\.5× = [\d.]+ ms\) is larger than the network \([\d.]+ ms\)/);
  });
});
