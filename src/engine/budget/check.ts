/**
 * Whether a MAC target can be met by shrinking the network uniformly — checked before a run starts, so a bad target
 * is a clear message rather than a silent clamp.
 */
import type { ModelAnalysis, WidthGroup } from '../../model/analyze.js';
import { expandGroupWidths, totalMacs } from '../../model/summary.js';
import { formatCompact } from '../../model/table.js';
import type { SearchSettings } from '../../protocol/settings.js';
import { searchableGroups } from '../search/groups.js';
import { formatRatio, targetMacsOf, type Target } from './target.js';

/** Bisection steps for the exact (unrounded) multiplier. */
const STEPS = 60;

/**
 * Why `target` cannot be the run's budget, or undefined when it can. In order:
 * - above the original MACs (a ratio of exactly 1 is fine: it is the plain method);
 * - at or below what the fixed layers alone cost (every searchable width at 0 still costs that);
 * - so small that the exact uniform multiplier m (no rounding: MACs(w·m) = target) would put some searchable width
 *   below `settings.minWidth`. The layer named is the narrowest; the smallest reachable target is the cost at the
 *   largest such m that keeps every width at the minimum or above ("about": the rounding moves it a little).
 * Groups already at or below the minimum width cannot shrink: they count as fixed here, as in `scaleToBudget`.
 */
export function checkTarget(analysis: ModelAnalysis, target: Target, settings: SearchSettings): string | undefined {
  const originalMacs = totalMacs(analysis, analysis.widths);
  const macs = targetMacsOf(target, originalMacs);
  const asked = target.kind === 'ratio' ? `${formatRatio(target.value)}× = ${formatCompact(macs)} MACs` : `${formatCompact(macs)} MACs`;
  if (macs > originalMacs * (1 + 1e-9)) {
    return `the target (${asked}) is larger than the network (${formatCompact(originalMacs)} MACs); netadjust shrinks or keeps, it does not grow the budget`;
  }
  const scalable = searchableGroups(analysis).filter((g) => g.value > settings.minWidth);
  const cost = exactCost(analysis, scalable);
  const smallest = smallestReachable(scalable, settings.minWidth, cost, originalMacs);
  const fixed = cost(0);
  if (macs <= fixed) {
    return `the target (${asked}) is below what the fixed layers alone cost (${formatCompact(fixed)} MACs, with every searchable width at 0); ${smallest}`;
  }
  const m = exactMultiplier(cost, macs);
  const narrowest = [...scalable].sort((a, b) => a.value - b.value)[0];
  if (narrowest && narrowest.value * m < settings.minWidth) {
    const at = target.kind === 'ratio' ? `${formatRatio(target.value)}×` : `${formatCompact(macs)} MACs (${formatRatio(macs / originalMacs)}×)`;
    return `at ${at} the layer '${narrowest.id}' would be ${(narrowest.value * m).toFixed(1)} channels, below the minimum width ${settings.minWidth}; ${smallest}`;
  }
  return undefined;
}

/** MACs with every scalable group at w·m exactly (no rounding), the others as written. */
function exactCost(analysis: ModelAnalysis, scalable: readonly WidthGroup[]): (m: number) => number {
  return (m) => totalMacs(analysis, expandGroupWidths(analysis, Object.fromEntries(scalable.map((g) => [g.id, g.value * m]))));
}

/** The m in [0, 1] with cost(m) = macs; cost is continuous and rising, and cost(0) < macs ≤ cost(1). */
function exactMultiplier(cost: (m: number) => number, macs: number): number {
  let [lo, hi] = [0, 1];
  for (let k = 0; k < STEPS; k++) {
    const mid = (lo + hi) / 2;
    if (cost(mid) < macs) {
      lo = mid;
    } else {
      hi = mid;
    }
  }
  return hi;
}

function smallestReachable(scalable: readonly WidthGroup[], minWidth: number, cost: (m: number) => number, originalMacs: number): string {
  const m = Math.max(0, ...scalable.map((g) => minWidth / g.value));
  const macs = cost(m);
  return `the smallest reachable target is about ${formatCompact(macs)} MACs (ratio ${formatRatio(macs / originalMacs)})`;
}
