import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { checkTarget } from '../../../../src/engine/budget/check.js';
import { BudgetError, budgetProblem, planBudget } from '../../../../src/engine/budget/plan.js';
import { loadModel } from '../../../../src/model/load.js';
import { DEFAULT_SEARCH_SETTINGS } from '../../../../src/protocol/settings.js';
import { REPO_ROOT } from '../../../helpers/cli.js';

const S = DEFAULT_SEARCH_SETTINGS;
const file = path.join(REPO_ROOT, 'examples', 'resnet20-cifar100.netadj.yaml');
// 40,556,800 MACs as written; the stem (16, fixed) and the classifier cost 443,968 of them with every searchable width at 0.
const resnet20 = loadModel(file, readFileSync(file, 'utf8')).analysis!;

describe('checkTarget', () => {
  it('accepts a reachable target, and a ratio of exactly 1', () => {
    assert.equal(checkTarget(resnet20, { kind: 'ratio', value: 0.5 }, S), undefined);
    assert.equal(checkTarget(resnet20, { kind: 'ratio', value: 1 }, S), undefined);
    assert.equal(checkTarget(resnet20, { kind: 'macs', value: 40_556_800 }, S), undefined);
    assert.equal(checkTarget(resnet20, { kind: 'macs', value: 20_000_000 }, S), undefined);
  });

  it('refuses a target larger than the network', () => {
    assert.equal(
      checkTarget(resnet20, { kind: 'ratio', value: 2 }, S),
      'the target (2× = 81.11 M MACs) is larger than the network (40.56 M MACs); netadjust shrinks or keeps, it does not grow the budget',
    );
    assert.match(checkTarget(resnet20, { kind: 'macs', value: 50_000_000 }, S)!, /^the target \(50\.00 M MACs\) is larger than the network \(40\.56 M MACs\)/);
  });

  it('refuses a target that would push a layer below the minimum width, naming it and the smallest reachable target', () => {
    // 0.02× needs m ≈ 0.03 (the layers next to the fixed stem and classifier cost only linearly in m): stage 1's
    // 16 channels would be 0.5.
    const message = checkTarget(resnet20, { kind: 'ratio', value: 0.02 }, S)!;
    assert.match(message, /^at 0\.02× the layer 'stage1\.0\.inner' would be 0\.5 channels, below the minimum width 4; the smallest reachable target is about 4\.87 M MACs \(ratio 0\.12\)$/);
    // The smallest reachable target itself passes; the minimum width is a setting.
    assert.equal(checkTarget(resnet20, { kind: 'ratio', value: 0.121 }, S), undefined);
    assert.match(checkTarget(resnet20, { kind: 'ratio', value: 0.3 }, { ...S, minWidth: 12 })!, /below the minimum width 12/);
  });

  it('refuses a target below what the fixed layers alone cost', () => {
    assert.equal(
      checkTarget(resnet20, { kind: 'macs', value: 400_000 }, S),
      'the target (400.00 k MACs) is below what the fixed layers alone cost (443.97 k MACs, with every searchable width at 0); the smallest reachable target is about 4.87 M MACs (ratio 0.12)',
    );
  });

  it('plans the budget of a run from the setting, or refuses it with the same message', () => {
    assert.equal(planBudget(resnet20, S), undefined);
    assert.equal(planBudget(resnet20, { ...S, targetMacs: 1 }), undefined, 'a ratio of 1 is the plain method');
    const budget = planBudget(resnet20, { ...S, targetMacs: 0.5 })!;
    assert.equal(budget.targetMacs, 20_278_400);
    assert.ok(Math.abs(budget.startMacs / budget.targetMacs - 1) <= S.macsTolerance);
    assert.equal(budget.startWidths['stem'], 16);
    assert.equal(budget.startWidths['stage1.0.inner'], 12);
    assert.equal(budgetProblem(resnet20, { ...S, targetMacs: 0.02 }), checkTarget(resnet20, { kind: 'ratio', value: 0.02 }, S));
    assert.throws(() => planBudget(resnet20, { ...S, targetMacs: 0.02 }), (e: unknown) => e instanceof BudgetError && /below the minimum width/.test(e.message));
    assert.throws(() => planBudget(resnet20, { ...S, targetMacs: 5e7 }), /larger than the network/);
  });
});
