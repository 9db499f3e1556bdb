/**
 * Which channels a pruned layer keeps, given one importance score per channel — coupled layers together.
 *
 * Members of a coupling group (widths tied by a residual add under `tie`, or any layers whose channels must line up)
 * must keep the SAME channel indices, or the add would sum unrelated channels. CHIP, for one, prunes a ResNet
 * stage's tied widths uniformly for this reason (reference section 11.1).
 */

/** Layer → kept channel indices, ascending. */
export type PruneSelection = Record<string, number[]>;

/**
 * Keeps `keep[layer]` channels of every scored layer: the highest scores, ties to the lower index. A coupling group
 * is chosen once, on the sum of its members' scores each divided by that member's total |score| — every member
 * weighs the same whatever its scale (L1 norms grow with fan-in, nuclear-norm drops with map size) — and every
 * member keeps those indices. Members' keep counts, where given, must agree; one given is enough. Groups must be
 * disjoint and their members scored with the same channel count.
 */
export function selectPrune(
  scores: Readonly<Record<string, ArrayLike<number>>>,
  keep: Readonly<Record<string, number>>,
  groups: readonly (readonly string[])[] = [],
): PruneSelection {
  const out: PruneSelection = {};
  const grouped = new Set<string>();
  for (const members of groups) {
    for (const m of members) {
      if (grouped.has(m)) {
        throw new RangeError(`'${m}' is in two coupling groups`);
      }
      if (!scores[m]) {
        throw new RangeError(`coupling group member '${m}' has no scores`);
      }
      grouped.add(m);
    }
    const kept = topIndices(combined(members, scores), groupKeep(members, keep), members.join(', '));
    members.forEach((m) => (out[m] = [...kept]));
  }
  for (const [layer, s] of Object.entries(scores)) {
    if (!grouped.has(layer)) {
      const k = keep[layer];
      if (k === undefined) {
        throw new RangeError(`no keep count for '${layer}'`);
      }
      out[layer] = topIndices(Array.from(s), k, layer);
    }
  }
  return out;
}

function combined(members: readonly string[], scores: Readonly<Record<string, ArrayLike<number>>>): number[] {
  const channels = scores[members[0]!]!.length;
  const sum = new Array<number>(channels).fill(0);
  for (const m of members) {
    const s = scores[m]!;
    if (s.length !== channels) {
      throw new RangeError(`coupled layers must have the same channels: '${m}' has ${s.length}, '${members[0]}' ${channels}`);
    }
    let total = 0;
    for (let i = 0; i < channels; i++) {
      total += Math.abs(s[i]!);
    }
    for (let i = 0; i < channels; i++) {
      sum[i]! += total > 0 ? s[i]! / total : 0;
    }
  }
  return sum;
}

function groupKeep(members: readonly string[], keep: Readonly<Record<string, number>>): number {
  const given = [...new Set(members.map((m) => keep[m]).filter((k): k is number => k !== undefined))];
  if (given.length === 0) {
    throw new RangeError(`no keep count for the coupling group ${members.join(', ')}`);
  }
  if (given.length > 1) {
    throw new RangeError(`coupled layers ${members.join(', ')} must keep the same number of channels, not ${given.join(' and ')}`);
  }
  return given[0]!;
}

/** The k best indices (highest score, ties to the lower index), ascending. */
function topIndices(scores: readonly number[], k: number, what: string): number[] {
  if (!Number.isInteger(k) || k < 1 || k > scores.length) {
    throw new RangeError(`'${what}' must keep a whole number of channels from 1 to ${scores.length}, not ${k}`);
  }
  const order = scores.map((_, i) => i).sort((a, b) => scores[b]! - scores[a]! || a - b);
  return order.slice(0, k).sort((a, b) => a - b);
}
