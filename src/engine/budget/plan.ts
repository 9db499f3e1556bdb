/**
 * A run's budget: from the `targetMacs` setting to the uniformly scaled start that `run.json` records, and back
 * from `run.json` to where the search starts and what it rescales to.
 */
import type { ModelAnalysis } from '../../model/analyze.js';
import { totalParams } from '../../model/summary.js';
import type { SearchSettings } from '../../protocol/settings.js';
import type { RunBudget, RunManifest, WidthMap } from '../../protocol/types.js';
import type { CostModel } from '../cost/costModel.js';
import { macsCostModel } from '../cost/macsCost.js';
import { checkTarget, latencyTargetProblem } from './check.js';
import { ROUNDING_DIVISOR, scaleToBudget } from './scale.js';
import { targetFromSetting, targetMacsOf } from './target.js';

export class BudgetError extends Error {}

/**
 * Why the settings' target cannot be this model's budget (see `checkTarget`), or undefined. Under `budget: latency`
 * without the latency model (before the table is built) only what needs no table is checked: that the target is a
 * ratio; with the model, everything.
 */
export function budgetProblem(analysis: ModelAnalysis, settings: SearchSettings, cost?: CostModel): string | undefined {
  const target = targetFromSetting(settings.targetMacs);
  if (!target) {
    return undefined;
  }
  return settings.budget === 'latency' && !cost ? latencyTargetProblem(target, settings) : checkTarget(analysis, target, settings, cost);
}

/**
 * The budget of a new run, or undefined when it keeps the original cost (`targetMacs` 0, or a target equal to the
 * original — the plain method, with nothing to compare a uniform scaling against). Throws a BudgetError with
 * `checkTarget`'s message for a target that cannot be met. Under `budget: latency` it needs the run's latency model
 * (`cost`): the uniform start is scaled to the target's share of the original's predicted latency, and
 * `targetMacs` records the MACs of that start, since the budget itself is in latency (see `rescaleTarget`).
 */
export function planBudget(analysis: ModelAnalysis, settings: SearchSettings, cost?: CostModel): RunBudget | undefined {
  const target = targetFromSetting(settings.targetMacs);
  if (!target) {
    return undefined;
  }
  if (settings.budget === 'latency' && cost?.kind !== 'latency') {
    throw new BudgetError(latencyTargetProblem(target, settings) ?? `a latency budget is planned on the run's latency table, and none was given`);
  }
  const model = cost ?? macsCostModel(analysis);
  const problem = checkTarget(analysis, target, settings, model);
  if (problem) {
    throw new BudgetError(problem);
  }
  const original = model.total(analysis.widths);
  const wanted = targetMacsOf(target, original);
  if (wanted >= original) {
    return undefined;
  }
  const scaled = scaleToBudget(analysis, wanted, settings, ROUNDING_DIVISOR, model);
  return {
    targetMacs: model.kind === 'macs' ? wanted : scaled.macs,
    multiplier: scaled.multiplier,
    divisor: scaled.divisor,
    startWidths: scaled.variableWidths,
    startMacs: scaled.macs,
    startParams: totalParams(analysis, scaled.variableWidths),
  };
}

/**
 * Where a run's search starts and what every iteration is rescaled to: the uniformly scaled widths and the target
 * under a budget (as the reference's "searched 0.8×" starts from ResNet-18 × 0.8 and searches at that cost), else
 * the original widths and MACs. The start widths are also c⁰, the widths the adjusting-rate step is relative to.
 */
export function searchStart(manifest: RunManifest): { readonly widths: WidthMap; readonly macs: number } {
  const budget = manifest.budget;
  return budget ? { widths: budget.startWidths, macs: budget.targetMacs } : { widths: manifest.originalWidths, macs: manifest.originalMacs };
}

/**
 * What every iteration is rescaled to, in the unit of the run's cost model: under MACs `searchStart`'s MACs; under
 * latency the original network's predicted latency, times the `targetMacs` ratio when the run has a budget.
 */
export function rescaleTarget(manifest: RunManifest, cost: CostModel): number {
  if (cost.kind === 'macs') {
    return searchStart(manifest).macs;
  }
  const original = cost.total(manifest.originalWidths);
  const target = targetFromSetting(manifest.settings.targetMacs);
  return manifest.budget && target ? targetMacsOf(target, original) : original;
}
