/**
 * Projection back onto the budget — MACs, or latency under a latency cost model: one common factor on every
 * searchable width, found by bisection.
 */
import type { ModelAnalysis } from '../../model/analyze.js';
import type { SearchSettings } from '../../protocol/settings.js';
import type { WidthMap } from '../../protocol/types.js';
import { totalMacs } from '../../model/summary.js';
import type { CostModel } from '../cost/costModel.js';
import { macsCostModel } from '../cost/macsCost.js';
import { searchableGroups, variableWidthsOf, type GroupWidths } from './groups.js';
import { minGroupWidth, roundToMultiple } from './rounding.js';

/** The reference's bisection budget on its own bracket. */
const REFERENCE_STEPS = 20;
/** Total bisection steps before giving up and reporting the ratio reached. */
const MAX_STEPS = 60;

export interface RescaleResult {
  /** Every group's width; non-searchable groups unchanged. */
  readonly widths: GroupWidths;
  readonly variableWidths: WidthMap;
  readonly macs: number;
  /** The cost at the widths, in the cost model's unit (equal to `macs` under the MACs model). */
  readonly cost: number;
  /** `cost / target`. */
  readonly ratio: number;
  /** The common factor applied to the searchable widths. */
  readonly scale: number;
  /** Bisection steps taken (0: already within tolerance). */
  readonly steps: number;
  readonly withinTolerance: boolean;
}

interface Probe {
  readonly scale: number;
  readonly widths: GroupWidths;
  /** In the cost model's unit. */
  readonly cost: number;
  readonly error: number;
}

/**
 * Scales every searchable width by one factor s so that the cost (MACs by default; `cost` in its own unit) lands
 * within `macsTolerance` of `target` (relative to the target). Each width becomes `round(s·c)` to a multiple of its
 * divisor and at least the minimum width (re-enforced after scaling, which the reference skips). First the
 * reference's bisection (≤ 20 steps on the bracket [1, 1 − e], e = (F − F₀)/F); if that does not land (a large
 * fixed part of the network, or rounding), a bracket known to contain the target is bisected further, up to 60
 * steps in all; if rounding still keeps it out, single widths are nudged (see nudgeToBudget). The closest result
 * is returned with the ratio it reached.
 */
export function rescaleToMacs(
  analysis: ModelAnalysis,
  groupWidths: Readonly<GroupWidths>,
  target: number,
  settings: SearchSettings,
  cost: CostModel = macsCostModel(analysis),
): RescaleResult {
  const at = projector(analysis, groupWidths, target, settings, cost);
  const tolerance = settings.macsTolerance;
  let best = at(1);
  let steps = 0;
  const consider = (p: Probe): Probe => {
    steps++;
    if (Math.abs(p.error) < Math.abs(best.error)) {
      best = p;
    }
    return p;
  };
  if (Math.abs(best.error) > tolerance) {
    referenceBisection(at, best.cost, target, tolerance, consider);
  }
  if (Math.abs(best.error) > tolerance) {
    const bracket = enclosingBracket(at);
    while (bracket && steps < MAX_STEPS && Math.abs(best.error) > tolerance) {
      const mid = consider(at((bracket.lo + bracket.hi) / 2));
      bracket[mid.error > 0 ? 'hi' : 'lo'] = mid.scale;
    }
  }
  if (Math.abs(best.error) > tolerance) {
    best = nudgeToBudget(analysis, best, target, tolerance, settings, cost);
  }
  return finish(analysis, best, steps, tolerance, cost);
}

/**
 * When no common factor lands within tolerance — in a small network one channel can be more than 1 % of the
 * cost — single widths are nudged one step (their divisor) at a time, always the step that brings the cost
 * closest to the target, until within tolerance or no step helps.
 */
function nudgeToBudget(analysis: ModelAnalysis, start: Probe, target: number, tolerance: number, settings: SearchSettings, cost: CostModel): Probe {
  const searchable = searchableGroups(analysis);
  let best = start;
  for (let round = 0; round < 4 * searchable.length && Math.abs(best.error) > tolerance; round++) {
    let step: Probe | undefined;
    for (const g of searchable) {
      for (const delta of [-g.divisor, g.divisor]) {
        const width = (best.widths[g.id] ?? g.value) + delta;
        if (width < minGroupWidth(settings.minWidth, g.divisor)) {
          continue;
        }
        const widths: GroupWidths = { ...best.widths, [g.id]: width };
        const value = cost.total(variableWidthsOf(analysis, widths));
        const candidate = { scale: best.scale, widths, cost: value, error: (value - target) / target };
        if (Math.abs(candidate.error) < Math.abs((step ?? best).error)) {
          step = candidate;
        }
      }
    }
    if (!step) {
      break;
    }
    best = step;
  }
  return best;
}

/**
 * The width assignment and its cost at a scale. MACs never decrease with the scale, nor does a latency model (its
 * surfaces are monotone), so bisection applies.
 */
function projector(analysis: ModelAnalysis, groupWidths: Readonly<GroupWidths>, target: number, settings: SearchSettings, cost: CostModel): (scale: number) => Probe {
  const searchable = searchableGroups(analysis);
  return (scale) => {
    const widths: GroupWidths = { ...groupWidths };
    for (const g of searchable) {
      const base = groupWidths[g.id] ?? g.value;
      widths[g.id] = Math.max(roundToMultiple(scale * base, g.divisor), minGroupWidth(settings.minWidth, g.divisor));
    }
    const value = cost.total(variableWidthsOf(analysis, widths));
    return { scale, widths, cost: value, error: (value - target) / target };
  };
}

/** The reference's `scale_to_ori_flops` loop, bracket and update rule as written there. */
function referenceBisection(at: (s: number) => Probe, cost: number, target: number, tolerance: number, consider: (p: Probe) => Probe): void {
  const e = (cost - target) / cost;
  let begin = 1;
  let end = Math.max(1 - e, 0);
  for (let k = 0; k < REFERENCE_STEPS; k++) {
    const p = consider(at((begin + end) / 2));
    if (Math.abs(p.error) <= tolerance) {
      return;
    }
    const tooBig = p.error > 0;
    if (p.scale > 1 === tooBig) {
      end = p.scale;
    } else {
      begin = p.scale;
    }
  }
}

/** [lo, hi] with cost(lo) ≤ target ≤ cost(hi), or null when even the minimum widths exceed the target. */
function enclosingBracket(at: (s: number) => Probe): { lo: number; hi: number } | null {
  if (at(0).error > 0) {
    return null;
  }
  let hi = 1;
  for (let i = 0; i < 64 && at(hi).error < 0; i++) {
    hi *= 2;
  }
  return { lo: 0, hi };
}

function finish(analysis: ModelAnalysis, best: Probe, steps: number, tolerance: number, cost: CostModel): RescaleResult {
  const variableWidths = variableWidthsOf(analysis, best.widths);
  return {
    widths: best.widths,
    variableWidths,
    macs: cost.kind === 'macs' ? best.cost : totalMacs(analysis, variableWidths),
    cost: best.cost,
    ratio: 1 + best.error,
    scale: best.scale,
    steps,
    withinTolerance: Math.abs(best.error) <= tolerance,
  };
}
