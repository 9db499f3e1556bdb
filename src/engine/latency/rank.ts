/** Spearman's rank correlation, for how far two costs of the same layers agree on their order. */

/** Ranks 1…n, ties sharing the mean of the ranks they span. */
export function ranks(values: readonly number[]): number[] {
  const order = values.map((v, i) => ({ v, i })).sort((a, b) => a.v - b.v);
  const out = new Array<number>(values.length).fill(0);
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && order[end + 1]!.v === order[start]!.v) {
      end++;
    }
    const rank = (start + end) / 2 + 1;
    for (let k = start; k <= end; k++) {
      out[order[k]!.i] = rank;
    }
    start = end + 1;
  }
  return out;
}

/**
 * Spearman's ρ: the Pearson correlation of the ranks (ties averaged), in [−1, 1]. Undefined — NaN — for fewer than
 * two values or when either side ranks everything equal.
 */
export function spearman(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) {
    throw new RangeError(`spearman: ${a.length} values against ${b.length}`);
  }
  if (a.length < 2) {
    return NaN;
  }
  const [ra, rb] = [ranks(a), ranks(b)];
  const mean = (a.length + 1) / 2;
  let [sab, saa, sbb] = [0, 0, 0];
  ra.forEach((x, i) => {
    const [da, db] = [x - mean, rb[i]! - mean];
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  });
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : NaN;
}
