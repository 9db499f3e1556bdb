/** Rounding as the method's reference implementation does it (Python 3 `round`: ties to even). */

/**
 * Rounds half to even, like Python's `round`. The k schedule depends on it: with k₀ = 6 and decay 0.5, the
 * reference's 6, 6, 5, 4, 4, 4, 3, 2, 2, 2 comes out only with ties going to the even neighbour.
 */
export function roundHalfEven(x: number): number {
  const floor = Math.floor(x);
  // Exact for every double: x and floor(x) lie in the same binade or x is below 1.
  const fraction = x - floor;
  if (fraction > 0.5) {
    return floor + 1;
  }
  if (fraction < 0.5) {
    return floor;
  }
  return floor % 2 === 0 ? floor : floor + 1;
}

/** The nearest multiple of `divisor` (ties to the even multiple); `divisor` 1 is plain `roundHalfEven`. */
export function roundToMultiple(x: number, divisor: number): number {
  return divisor * roundHalfEven(x / divisor);
}

/** The smallest width a group may take: `minWidth` rounded up to its divisor, and never below one divisor. */
export function minGroupWidth(minWidth: number, divisor: number): number {
  return Math.max(divisor, Math.ceil(minWidth / divisor) * divisor);
}
