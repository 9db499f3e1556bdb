/**
 * Uniform width scaling to a budget (the baseline at the budget, and the start of a budgeted search): every
 * searchable width × one multiplier m, rounded as EfficientNet/MobileNet round it (`roundFilters`). The budget is in
 * MACs, or in the unit of another cost model (predicted latency).
 */
import type { ModelAnalysis, WidthGroup } from '../../model/analyze.js';
import { totalMacs } from '../../model/summary.js';
import type { CostModel } from '../cost/costModel.js';
import { macsCostModel } from '../cost/macsCost.js';
import type { SearchSettings } from '../../protocol/settings.js';
import type { WidthMap } from '../../protocol/types.js';
import { searchableGroups, variableWidthsOf, type GroupWidths } from '../search/groups.js';
import { minGroupWidth } from '../search/rounding.js';
import { gcd, lcm, roundFilters } from './roundFilters.js';

/** The reference implementations' channel divisor. */
export const ROUNDING_DIVISOR = 8;

/** Bisection steps on m: far below any width step of a real network (2⁻⁶⁰ of the bracket). */
const STEPS = 60;

export interface UniformScaling {
  /** Every group's width; groups the search may not move keep theirs. */
  readonly widths: GroupWidths;
  readonly variableWidths: WidthMap;
  readonly macs: number;
  /** The cost in the cost model's unit (equal to `macs` under the MACs model). */
  readonly cost: number;
  /** `cost` / the original network's cost. */
  readonly ratio: number;
  /** The width multiplier m. */
  readonly multiplier: number;
  /** The rounding divisor of the ladder that was used (8 unless a smaller one had to be taken; see scaleToBudget). */
  readonly divisor: number;
  /** Whether `cost` is within `settings.macsTolerance` of the target. */
  readonly withinTolerance: boolean;
}

/**
 * The multiplier m whose rounded widths cost as close to `target` as the rounding allows (MACs by default, or
 * `cost` in its unit). The cost never falls as m rises (`roundFilters` is monotone in m, and MACs — or a latency
 * model's monotone surfaces — in every width), so m is bisected on [0, 1]; of the two width assignments either side
 * of the target, the closer wins (the cheaper on a tie).
 *
 * Rounding, per searchable group of written width w and group divisor g (grouped convolutions):
 * - its divisor is lcm(gcd(D, w), g), where D is the ladder's divisor (8 first). Taking gcd(D, w) means a width the
 *   file does not write as a multiple of 8 (e.g. 12) rounds to what it is a multiple of (4): m = 1 then reproduces
 *   the network exactly, and no width ever rounds above the written one (12 at 0.9× would otherwise become 16);
 * - its floor is the minimum width rounded up to that divisor (as the search's update step does), but never above
 *   w: a group already at or below the minimum keeps its width.
 * The ladder: D = 8, 4, 2, 1. The first D that lands within `macsTolerance` of the target is used; if none does,
 * the closest result (the larger D on a tie). Small networks need it: in ResNet-20 every stage crosses the +divisor
 * correction of `roundFilters` at the same m (16·m, 32·m and 64·m all lose 10 % together at m = 0.556), so with
 * D = 8 its MACs jump from 0.31× to 0.67× of the original and 0.5× is out of reach; D = 4 lands within 1 %.
 */
export function scaleToBudget(
  analysis: ModelAnalysis,
  target: number,
  settings: SearchSettings,
  divisor = ROUNDING_DIVISOR,
  cost: CostModel = macsCostModel(analysis),
): UniformScaling {
  const originalCost = cost.total(analysis.widths);
  let best: UniformScaling | undefined;
  for (const d of ladder(divisor)) {
    const result = bisect(analysis, target, originalCost, settings, d, cost);
    if (result.withinTolerance) {
      return result;
    }
    if (!best || Math.abs(result.cost - target) < Math.abs(best.cost - target)) {
      best = result;
    }
  }
  return best!;
}

/** D, D/2, …, 1 (each a whole number). */
function ladder(divisor: number): number[] {
  const out: number[] = [];
  for (let d = Math.max(1, Math.floor(divisor)); d > 1; d = Math.floor(d / 2)) {
    out.push(d);
  }
  return [...out, 1];
}

/** The width of group `g` at multiplier m, with ladder divisor d. */
export function scaledGroupWidth(g: WidthGroup, m: number, d: number, minWidth: number): number {
  const divisor = lcm(gcd(d, g.value), g.divisor);
  const floor = Math.min(g.value, minGroupWidth(minWidth, divisor));
  return Math.min(g.value, roundFilters(g.value, m, divisor, floor));
}

function bisect(analysis: ModelAnalysis, target: number, originalCost: number, settings: SearchSettings, d: number, cost: CostModel): UniformScaling {
  const searchable = searchableGroups(analysis);
  const at = (m: number): UniformScaling => {
    const widths: GroupWidths = Object.fromEntries(analysis.groups.map((g) => [g.id, g.value]));
    for (const g of searchable) {
      widths[g.id] = scaledGroupWidth(g, m, d, settings.minWidth);
    }
    const variableWidths = variableWidthsOf(analysis, widths);
    const value = cost.total(variableWidths);
    const macs = cost.kind === 'macs' ? value : totalMacs(analysis, variableWidths);
    const withinTolerance = Math.abs(value - target) <= settings.macsTolerance * target;
    return { widths, variableWidths, macs, cost: value, ratio: value / originalCost, multiplier: m, divisor: d, withinTolerance };
  };
  let [lo, hi] = [at(0), at(1)];
  if (lo.cost >= target) {
    return lo;
  }
  if (hi.cost <= target) {
    return hi;
  }
  for (let k = 0; k < STEPS; k++) {
    const mid = at((lo.multiplier + hi.multiplier) / 2);
    if (mid.cost <= target) {
      lo = mid;
    } else {
      hi = mid;
    }
  }
  return target - lo.cost <= hi.cost - target ? lo : hi;
}
