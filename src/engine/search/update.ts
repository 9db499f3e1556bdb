/** The width update of one iteration: the k most useful groups grow, the k least useful shrink. */
import type { SearchSettings } from '../../protocol/settings.js';
import type { GroupWidths } from './groups.js';
import { minGroupWidth, roundToMultiple } from './rounding.js';
import { adjustRates, updateCount } from './schedule.js';

export interface UpdateOptions {
  /** Search iteration (0-based): sets k through the schedule. */
  readonly iteration: number;
  /** The groups to rank, in group order (ties go to the earlier one). Default: the keys of `fur`. */
  readonly order?: readonly string[];
  /** Width multiples per group (grouped convolutions); default 1. */
  readonly divisors?: Readonly<Record<string, number>>;
}

export interface WidthUpdate {
  /** Every group of `current`, the ranked ones moved. */
  readonly widths: GroupWidths;
  /** Grown groups, most useful first. */
  readonly grown: string[];
  /** Shrunk groups, least useful first. */
  readonly shrunk: string[];
  /** The number of groups actually moved each way (the schedule's k, capped at half the ranked groups). */
  readonly k: number;
}

/**
 * One update step. The r-th group of each list moves by `max(η − r·δ, 0)` of its ORIGINAL width (as the reference
 * does, so a layer's step does not compound with its current size), rounded to its divisor; a shrink stops at the
 * minimum width. k is capped at ⌊L/2⌋ so that no group is in both lists (the reference asserts only k ≤ L, and with
 * k = 0 its slicing would move every layer; here k = 0 moves none).
 */
export function updateWidths(
  fur: Readonly<Record<string, number>>,
  current: Readonly<GroupWidths>,
  original: Readonly<GroupWidths>,
  settings: SearchSettings,
  options: UpdateOptions,
): WidthUpdate {
  const order = (options.order ?? Object.keys(fur)).filter((id) => fur[id] !== undefined);
  const k = Math.min(updateCount(options.iteration, settings), Math.floor(order.length / 2));
  const rates = adjustRates(k, settings);
  const { top, bottom } = rank(order, fur, k);
  const widths: GroupWidths = { ...current };
  const step = (id: string, sign: 1 | -1, rate: number): void => {
    const divisor = options.divisors?.[id] ?? 1;
    const moved = roundToMultiple(widthOf(current, id) + sign * rate * widthOf(original, id), divisor);
    widths[id] = Math.max(moved, minGroupWidth(settings.minWidth, divisor));
  };
  top.forEach((id, r) => step(id, 1, rates[r]!));
  bottom.forEach((id, r) => step(id, -1, rates[r]!));
  return { widths, grown: top, shrunk: bottom, k };
}

/**
 * One ascending sort by FUR, ties kept in group order (a stable sort, like the reference's argsort on small arrays):
 * the bottom k are its head, the top k its tail reversed. With 2k ≤ L the lists never overlap, even under ties.
 */
function rank(order: readonly string[], fur: Readonly<Record<string, number>>, k: number): { top: string[]; bottom: string[] } {
  const ascending = [...order].sort((a, b) => fur[a]! - fur[b]!);
  return { top: k > 0 ? ascending.slice(-k).reverse() : [], bottom: ascending.slice(0, k) };
}

function widthOf(widths: Readonly<GroupWidths>, id: string): number {
  const value = widths[id];
  if (value === undefined) {
    throw new Error(`no width given for group '${id}'`);
  }
  return value;
}
