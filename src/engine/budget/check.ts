/**
 * Whether a target can be met by shrinking the network uniformly — checked before a run starts, so a bad target
 * is a clear message rather than a silent clamp. The target is in MACs, or under `budget: latency` a ratio of the
 * original network's predicted latency.
 */
import type { ModelAnalysis, WidthGroup } from '../../model/analyze.js';
import { expandGroupWidths } from '../../model/summary.js';
import type { SearchSettings } from '../../protocol/settings.js';
import { formatCost, type CostModel } from '../cost/costModel.js';
import { macsCostModel } from '../cost/macsCost.js';
import { searchableGroups } from '../search/groups.js';
import { formatRatio, targetMacsOf, type Target } from './target.js';

/** Bisection steps for the exact (unrounded) multiplier. */
const STEPS = 60;

/**
 * Under `budget: latency` a target is a ratio of the original's predicted latency: a MAC count cannot be one (no
 * table converts MACs into milliseconds). Undefined for a ratio or under `budget: macs`.
 */
export function latencyTargetProblem(target: Target, settings: Pick<SearchSettings, 'budget'>): string | undefined {
  if (settings.budget !== 'latency' || target.kind === 'ratio') {
    return undefined;
  }
  return `under budget 'latency' the target is a ratio of the original network's predicted latency, in (0, 1]; ${target.value} is a MAC count: give a ratio such as 0.5, or use budget 'macs'`;
}

/**
 * Why `target` cannot be the run's budget, or undefined when it can, for the cost `cost` (MACs by default; under
 * `budget: latency` the run's latency model, and a MAC count is refused first, see latencyTargetProblem). In order:
 * - above the original cost (a ratio of exactly 1 is fine: it is the plain method);
 * - at or below what the fixed layers alone cost (every searchable width at 0 still costs that);
 * - so small that the exact uniform multiplier m (no rounding: MACs(w·m) = target) would put some searchable width
 *   below `settings.minWidth`. The layer named is the narrowest; the smallest reachable target is the cost at the
 *   largest such m that keeps every width at the minimum or above ("about": the rounding moves it a little).
 * Groups already at or below the minimum width cannot shrink: they count as fixed here, as in `scaleToBudget`.
 */
export function checkTarget(analysis: ModelAnalysis, target: Target, settings: SearchSettings, model: CostModel = macsCostModel(analysis)): string | undefined {
  const latency = latencyTargetProblem(target, settings);
  if (latency) {
    return latency;
  }
  const amount = (value: number) => formatCost(model.unit, value);
  const originalCost = model.total(analysis.widths);
  const wanted = targetMacsOf(target, originalCost);
  const asked = target.kind === 'ratio' ? `${formatRatio(target.value)}× = ${amount(wanted)}` : amount(wanted);
  if (wanted > originalCost * (1 + 1e-9)) {
    return `the target (${asked}) is larger than the network (${amount(originalCost)}); netadjust shrinks or keeps, it does not grow the budget`;
  }
  const scalable = searchableGroups(analysis).filter((g) => g.value > settings.minWidth);
  const cost = exactCost(analysis, scalable, model);
  const smallest = smallestReachable(scalable, settings.minWidth, cost, originalCost, amount);
  const fixed = cost(0);
  if (wanted <= fixed) {
    // Under latency the floor is not only fixed layers: every layer keeps a time that does not shrink with its width.
    const floor = model.unit === 'MACs' ? 'the fixed layers alone cost' : "the network's predicted latency keeps";
    return `the target (${asked}) is below what ${floor} (${amount(fixed)}, with every searchable width at 0); ${smallest}`;
  }
  const m = exactMultiplier(cost, wanted);
  const narrowest = [...scalable].sort((a, b) => a.value - b.value)[0];
  if (narrowest && narrowest.value * m < settings.minWidth) {
    const at = target.kind === 'ratio' ? `${formatRatio(target.value)}×` : `${amount(wanted)} (${formatRatio(wanted / originalCost)}×)`;
    return `at ${at} the layer '${narrowest.id}' would be ${(narrowest.value * m).toFixed(1)} channels, below the minimum width ${settings.minWidth}; ${smallest}`;
  }
  return undefined;
}

/** The cost with every scalable group at w·m exactly (no rounding), the others as written. */
function exactCost(analysis: ModelAnalysis, scalable: readonly WidthGroup[], model: CostModel): (m: number) => number {
  return (m) => model.total(expandGroupWidths(analysis, Object.fromEntries(scalable.map((g) => [g.id, g.value * m]))));
}

/** The m in [0, 1] with cost(m) = wanted; cost is continuous and rising, and cost(0) < wanted ≤ cost(1). */
function exactMultiplier(cost: (m: number) => number, wanted: number): number {
  let [lo, hi] = [0, 1];
  for (let k = 0; k < STEPS; k++) {
    const mid = (lo + hi) / 2;
    if (cost(mid) < wanted) {
      lo = mid;
    } else {
      hi = mid;
    }
  }
  return hi;
}

function smallestReachable(scalable: readonly WidthGroup[], minWidth: number, cost: (m: number) => number, originalCost: number, amount: (value: number) => string): string {
  const m = Math.max(0, ...scalable.map((g) => minWidth / g.value));
  const reachable = cost(m);
  return `the smallest reachable target is about ${amount(reachable)} (ratio ${formatRatio(reachable / originalCost)})`;
}
