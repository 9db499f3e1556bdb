/**
 * A run's budget: from the `targetMacs` setting to the uniformly scaled start that `run.json` records, and back
 * from `run.json` to where the search starts and what it rescales to.
 */
import type { ModelAnalysis } from '../../model/analyze.js';
import { totalMacs, totalParams } from '../../model/summary.js';
import type { SearchSettings } from '../../protocol/settings.js';
import type { RunBudget, RunManifest, WidthMap } from '../../protocol/types.js';
import { checkTarget } from './check.js';
import { scaleToBudget } from './scale.js';
import { targetFromSetting, targetMacsOf } from './target.js';

export class BudgetError extends Error {}

/** Why the settings' target cannot be this model's budget (see `checkTarget`), or undefined. */
export function budgetProblem(analysis: ModelAnalysis, settings: SearchSettings): string | undefined {
  const target = targetFromSetting(settings.targetMacs);
  return target ? checkTarget(analysis, target, settings) : undefined;
}

/**
 * The budget of a new run, or undefined when it keeps the original MACs (`targetMacs` 0, or a target equal to the
 * original — the plain method, with nothing to compare a uniform scaling against). Throws a BudgetError with
 * `checkTarget`'s message for a target that cannot be met.
 */
export function planBudget(analysis: ModelAnalysis, settings: SearchSettings): RunBudget | undefined {
  const target = targetFromSetting(settings.targetMacs);
  if (!target) {
    return undefined;
  }
  const problem = checkTarget(analysis, target, settings);
  if (problem) {
    throw new BudgetError(problem);
  }
  const originalMacs = totalMacs(analysis, analysis.widths);
  const targetMacs = targetMacsOf(target, originalMacs);
  if (targetMacs >= originalMacs) {
    return undefined;
  }
  const scaled = scaleToBudget(analysis, targetMacs, settings);
  return {
    targetMacs,
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
