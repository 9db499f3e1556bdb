/**
 * What the search holds constant (or shrinks to a target): a cost of the widths and its gradient. The FUR probe
 * rates (B_g = c_g·∂cost/∂c_g), the rescale after each update and the uniform scaling to a budget all go through
 * this interface, so the same method runs on multiply-accumulates or on latency measured on the run's engine.
 */
import type { ModelAnalysis } from '../../model/analyze.js';
import type { Widths } from '../../model/channels.js';
import { formatCompact } from '../../model/table.js';
import type { CostBudget } from '../../protocol/settings.js';

/** `MACs` per image, or `ms` per forward pass of the latency batch. */
export type CostUnit = 'MACs' | 'ms';

export interface CostModel {
  readonly kind: CostBudget;
  readonly unit: CostUnit;
  /** The cost of the network at `widths` (every width variable of the model). */
  total(widths: Widths): number;
  /** `∂ total / ∂ w` for every width variable w, at `widths`. */
  gradient(widths: Widths): Record<string, number>;
}

/**
 * `∂ total / ∂ g` for every coupling group g: its members move together, so their derivatives add (in member order,
 * as `groupMacsGradient` adds them, so a MACs model gives the very same numbers).
 */
export function groupCostGradient(analysis: ModelAnalysis, cost: CostModel, widths: Widths): Record<string, number> {
  const perVariable = cost.gradient(widths);
  return Object.fromEntries(analysis.groups.map((g) => [g.id, g.members.reduce((acc, m) => acc + (perVariable[m] ?? 0), 0)]));
}

/** `40.56 M MACs`, `3.142 ms`: an amount of a cost, for messages and reports. */
export function formatCost(unit: CostUnit, value: number): string {
  return unit === 'MACs' ? `${formatCompact(value)} MACs` : `${formatMilliseconds(value)} ms`;
}

/** `0.0421`, `3.142`, `41.73`, `215.4`: about four significant digits, what timings of a few percent noise merit. */
export function formatMilliseconds(ms: number): string {
  const size = Math.abs(ms);
  return size >= 100 ? ms.toFixed(1) : size >= 10 ? ms.toFixed(2) : size >= 1 ? ms.toFixed(3) : ms.toPrecision(3);
}
