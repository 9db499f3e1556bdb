/**
 * The "Accuracy vs MACs" chart: one point per network the report holds, the MAC budget as a vertical line, and
 * axis ranges that hold both with room for the names. Pure; unit-tested.
 */
import type { FinalNetwork } from '../src/protocol/types.js';
import type { RunSnapshot } from '../src/protocol/webview.js';
import type { Recipe } from './networkStyle.js';
import { reportedNetworks } from './networksModel.js';

export interface TradeoffPoint {
  readonly network: FinalNetwork;
  readonly name: string;
  readonly macs: number;
  readonly accuracy: number;
  readonly recipe: Recipe;
}

export interface Range {
  readonly min: number;
  readonly max: number;
}

export interface TradeoffView {
  readonly points: readonly TradeoffPoint[];
  /** The run's MAC target, when it has one (not under a latency budget, whose target is not in MACs). */
  readonly budgetMacs?: number;
  readonly x: Range;
  readonly y: Range;
}

/** Share of the data's span added on each side of an axis: room for the markers and the names beside them. */
const X_PADDING = 0.12;
const Y_PADDING = 0.15;
/** The smallest span an axis shows, relative to its largest value (a single point still gets an axis around it). */
const MIN_X_SPAN = 0.05;
const MIN_Y_SPAN = 0.01;

/** Undefined until the report is in: the points are the final networks' test results. */
export function tradeoffView(snapshot: RunSnapshot | undefined): TradeoffView | undefined {
  const report = snapshot?.report;
  if (!snapshot || !report) {
    return undefined;
  }
  const points = reportedNetworks(report).map(({ network, name, result, recipe }): TradeoffPoint => ({ network, name, macs: result.macs, accuracy: result.testAccuracy, recipe }));
  if (points.length === 0) {
    return undefined;
  }
  const budgetMacs = snapshot.manifest.settings.budget !== 'latency' ? snapshot.manifest.budget?.targetMacs : undefined;
  const xs = [...points.map((p) => p.macs), ...(budgetMacs !== undefined ? [budgetMacs] : [])];
  const ys = points.map((p) => p.accuracy);
  return {
    points,
    ...(budgetMacs !== undefined ? { budgetMacs } : {}),
    x: padded(xs, X_PADDING, MIN_X_SPAN, 0, Number.POSITIVE_INFINITY),
    y: padded(ys, Y_PADDING, MIN_Y_SPAN, 0, 1),
  };
}

/** [min, max] of `values` widened by `padding` of their span (at least `minSpan` of the largest), within [floor, ceiling]. */
export function padded(values: readonly number[], padding: number, minSpan: number, floor: number, ceiling: number): Range {
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const span = Math.max(hi - lo, Math.abs(hi) * minSpan, Number.EPSILON);
  const centre = (lo + hi) / 2;
  const half = span / 2 + span * padding;
  return { min: Math.max(floor, centre - half), max: Math.min(ceiling, centre + half) };
}
