/** "Did you mean …?" for misspelt types, keys and layer names. */

/** Edit distance (insertions, deletions, substitutions, adjacent swaps), case-insensitive. */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  // Rows of the dynamic-programming table: two back for the swap rule, one back, current.
  let prev2: number[] = [];
  let prev = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const row = [i];
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let best = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) {
        best = Math.min(best, prev2[j - 2]! + 1);
      }
      row.push(best);
    }
    prev2 = prev;
    prev = row;
  }
  return prev[t.length]!;
}

/**
 * The candidate closest to `word`, if close enough to be a plausible typo (at most a third of its letters wrong,
 * and at least one right), or one that starts with it (`conv` for `convolution` is not offered, `max` → `maxpool` is).
 */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = editDistance(word, c);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  if (best === undefined || word.length === 0) {
    return undefined;
  }
  const limit = Math.max(1, Math.floor(Math.max(word.length, best.length) / 3));
  if (bestDistance <= limit && bestDistance < Math.max(word.length, best.length)) {
    return best;
  }
  const lower = word.toLowerCase();
  return [...candidates].find((c) => lower.length >= 3 && c.toLowerCase().startsWith(lower));
}

/** ` Did you mean 'x'?` or the empty string. */
export function didYouMean(word: string, candidates: Iterable<string>): string {
  const c = closest(word, candidates);
  return c === undefined ? '' : ` Did you mean '${c}'?`;
}
