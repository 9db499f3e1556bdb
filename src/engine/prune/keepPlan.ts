/**
 * How many, and which, channels each layer keeps so the pruned network lands at a target cost.
 *
 * The pruning baselines prune every layer by the same ratio (Li et al. and CHIP prune per layer, not by one global
 * ranking, so a layer with large-norm filters cannot take another's share): a ratio r keeps round(r·n) of the n
 * prunable classes of every connected unit of layers (a residual stage is one unit: its adds tie its layers'
 * channels), the best by score. r is found by bisection so the network's cost (MACs, or latency under a latency
 * budget) is as close to the target as the rounding allows.
 */
import type { Widths } from '../../model/channels.js';
import { UnionFind } from '../../model/unionFind.js';
import type { ChannelClasses } from './channelClasses.js';

export interface KeepPlan {
  /** The classes kept (fixed ones included). */
  readonly kept: ReadonlySet<number>;
  /** Every width variable's new value. */
  readonly widths: Record<string, number>;
  readonly ratio: number;
  readonly cost: number;
}

export interface KeepOptions {
  /** The widths the classes were built at (every width variable). */
  readonly widths: Widths;
  /** One score per output channel of every prunable variable; higher is more important. */
  readonly scores: ReadonlyMap<string, ArrayLike<number>>;
  readonly cost: (widths: Widths) => number;
  readonly target: number;
  /** No layer keeps fewer channels than this (or than it had). */
  readonly minWidth: number;
}

/** The plan whose cost is closest to `options.target` (ties: the cheaper one). */
export function planKeep(classes: ChannelClasses, options: KeepOptions): KeepPlan {
  const ranking = rankUnits(classes, options.scores);
  const at = (ratio: number): KeepPlan => {
    const kept = keepAt(classes, ranking, ratio, options.minWidth);
    const widths = widthsOf(classes, kept, options.widths);
    return { kept, widths, ratio, cost: options.cost(widths) };
  };
  let best = at(1);
  const consider = (p: KeepPlan) => {
    const [d, e] = [Math.abs(p.cost - options.target), Math.abs(best.cost - options.target)];
    if (d < e || (d === e && p.cost < best.cost)) {
      best = p;
    }
    return p;
  };
  let [lo, hi] = [0, 1];
  for (let i = 0; i < 40 && hi - lo > 1e-6; i++) {
    const mid = (lo + hi) / 2;
    if (consider(at(mid)).cost > options.target) {
      hi = mid;
    } else {
      lo = mid;
    }
  }
  return best;
}

/** Kept output positions of `layer` (its channels, or features for `flatten`) under a plan, ascending. */
export function keptPositions(classes: ChannelClasses, kept: ReadonlySet<number>, layer: string): number[] {
  const ids = classes.classOf.get(layer);
  if (!ids) {
    throw new Error(`no layer '${layer}'`);
  }
  const out: number[] = [];
  ids.forEach((id, p) => {
    if (kept.has(id)) {
      out.push(p);
    }
  });
  return out;
}

interface Unit {
  readonly members: readonly string[];
  /** The unit's prunable classes, best first. */
  readonly ranked: readonly number[];
}

/**
 * Groups prunable variables that share classes into units, and ranks each unit's classes by the sum of their
 * channels' scores, each variable's scores divided by its total |score| so every layer weighs the same whatever its
 * scale (L1 norms grow with fan-in, CHIP's drops with map size). Ties go to the lower class id (the earlier channel).
 */
function rankUnits(classes: ChannelClasses, scores: ReadonlyMap<string, ArrayLike<number>>): Unit[] {
  const score = new Map<number, number>();
  const owners = new Map<number, string[]>();
  for (const [variable, ids] of classes.prunable) {
    const s = scores.get(variable);
    if (!s || s.length !== ids.length) {
      throw new Error(`layer '${variable}' needs ${ids.length} channel scores, got ${s ? s.length : 'none'}`);
    }
    let total = 0;
    for (let i = 0; i < s.length; i++) {
      total += Math.abs(s[i]!);
    }
    ids.forEach((id, i) => {
      if (!classes.fixed.has(id)) {
        score.set(id, (score.get(id) ?? 0) + (total > 0 ? s[i]! / total : 0));
        owners.set(id, [...(owners.get(id) ?? []), variable]);
      }
    });
  }
  const unitOf = new UnionFind();
  for (const vars of owners.values()) {
    vars.forEach((v) => unitOf.union(vars[0]!, v));
  }
  const root = (v: string) => unitOf.find(v);
  const units = new Map<string, { members: Set<string>; classes: number[] }>();
  for (const [id, vars] of owners) {
    const key = root(vars[0]!);
    const unit = units.get(key) ?? { members: new Set<string>(), classes: [] };
    vars.forEach((v) => unit.members.add(v));
    unit.classes.push(id);
    units.set(key, unit);
  }
  return [...units.values()].map((u) => ({
    members: [...u.members],
    ranked: u.classes.sort((a, b) => score.get(b)! - score.get(a)! || a - b),
  }));
}

function keepAt(classes: ChannelClasses, units: readonly Unit[], ratio: number, minWidth: number): Set<number> {
  const kept = new Set(classes.fixed);
  for (const unit of units) {
    const k = Math.max(1, Math.round(ratio * unit.ranked.length));
    unit.ranked.slice(0, k).forEach((id) => kept.add(id));
    // A layer whose channels all ranked low still keeps its minimum: its best channels, in rank order.
    for (const member of unit.members) {
      // Channels per class: a class kept keeps every channel of the layer that belongs to it.
      const channels = new Map<number, number>();
      const ids = classes.prunable.get(member)!;
      ids.forEach((id) => channels.set(id, (channels.get(id) ?? 0) + 1));
      let short = Math.min(minWidth, ids.length) - ids.reduce((n, id) => n + (kept.has(id) ? 1 : 0), 0);
      for (const id of unit.ranked) {
        if (short <= 0) {
          break;
        }
        if (channels.has(id) && !kept.has(id)) {
          kept.add(id);
          short -= channels.get(id)!;
        }
      }
    }
  }
  return kept;
}

function widthsOf(classes: ChannelClasses, kept: ReadonlySet<number>, base: Widths): Record<string, number> {
  const widths: Record<string, number> = { ...base };
  for (const [variable, ids] of classes.prunable) {
    widths[variable] = ids.reduce((n, id) => n + (kept.has(id) ? 1 : 0), 0);
  }
  return widths;
}
