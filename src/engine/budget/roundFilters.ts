/** The channel rounding of uniform width scaling, as EfficientNet and MobileNet do it. */

/**
 * `round_filters` / `_make_divisible` of the EfficientNet and MobileNet reference implementations (reference
 * section 11.4): `new = max(minWidth, ⌊(w·m + d/2) / d⌋·d)`, and one divisor more when that rounding lost more than
 * 10 % of `w·m`. `minWidth` defaults to the divisor, as `min_depth = min_depth or divisor` there.
 *
 * Examples: 32 at 0.5 → 16; 24 at 0.75 → 18 rounds to 16, under 0.9·18, so 24; MobileNetV2's 32-channel stem at
 * 0.35 → 11.2 rounds to 8, under 0.9·11.2, so 16.
 */
export function roundFilters(width: number, multiplier: number, divisor = 8, minWidth = divisor): number {
  if (!(divisor >= 1) || !Number.isInteger(divisor)) {
    throw new RangeError(`the rounding divisor must be a whole number ≥ 1, not ${divisor}`);
  }
  const scaled = width * multiplier;
  const rounded = Math.max(minWidth, Math.floor((scaled + divisor / 2) / divisor) * divisor);
  return rounded < 0.9 * scaled ? rounded + divisor : rounded;
}

export function gcd(a: number, b: number): number {
  let [x, y] = [Math.abs(a), Math.abs(b)];
  while (y > 0) {
    [x, y] = [y, x % y];
  }
  return x;
}

export function lcm(a: number, b: number): number {
  return a === 0 || b === 0 ? 0 : Math.abs(a * b) / gcd(a, b);
}
