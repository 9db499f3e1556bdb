import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gcd, lcm, roundFilters } from '../../../../src/engine/budget/roundFilters.js';

describe('roundFilters (EfficientNet/MobileNet channel rounding)', () => {
  it('matches a hand-computed table, the +divisor correction included', () => {
    // [width, multiplier, divisor, minWidth | undefined, expected, why]
    const table: [number, number, number, number | undefined, number, string][] = [
      [32, 1, 8, undefined, 32, 'a multiple of 8 at 1× is kept'],
      [32, 0.5, 8, undefined, 16, '16 exactly'],
      [64, 0.7, 8, undefined, 48, '44.8 + 4 = 48.8 → 48'],
      [40, 0.5, 8, undefined, 24, '20 + 4 = 24 → 24: half a divisor rounds up'],
      [16, 0.35, 8, undefined, 8, '5.6 + 4 = 9.6 → 8, and 8 ≥ 0.9·5.6'],
      [24, 0.75, 8, undefined, 24, '18 + 4 = 22 → 16 < 0.9·18 = 16.2: one divisor more'],
      [16, 0.7, 8, undefined, 16, '11.2 + 4 = 15.2 → 8 < 0.9·11.2 = 10.08: one divisor more'],
      [32, 0.35, 8, undefined, 16, "MobileNetV2-0.35's stem: 11.2 → 8 < 10.08 → 16"],
      [10, 0.1, 8, undefined, 8, '1 + 4 = 5 → 0; the minimum defaults to the divisor'],
      [10, 0.1, 8, 4, 4, 'an explicit minimum below the divisor'],
      [12, 0.5, 1, 4, 6, 'divisor 1: plain rounding, 6.5 → 6'],
      [3, 0.5, 1, 1, 2, '1.5 + 0.5 = 2 → 2'],
      [7, 0.5, 1, 1, 4, '3.5 + 0.5 = 4 → 4'],
      [4, 0.5, 1, 1, 2, '2 + 0.5 → 2'],
      [100, 0.5, 4, undefined, 52, '50 + 2 = 52 → 52'],
    ];
    for (const [w, m, d, min, expected, why] of table) {
      assert.equal(roundFilters(w, m, d, min), expected, `${w} × ${m} to ${d}: ${why}`);
    }
  });

  it('never falls as the multiplier rises (so the budget bisection applies)', () => {
    for (const w of [12, 16, 24, 40, 64, 100]) {
      let previous = 0;
      for (let m = 0; m <= 2; m += 0.001) {
        const r = roundFilters(w, m, 8);
        assert.ok(r >= previous, `${w} at ${m}: ${r} < ${previous}`);
        previous = r;
      }
    }
  });

  it('refuses a divisor that is not a whole number ≥ 1', () => {
    assert.throws(() => roundFilters(16, 0.5, 0), /divisor/);
    assert.throws(() => roundFilters(16, 0.5, 2.5), /divisor/);
  });

  it('gcd and lcm', () => {
    assert.equal(gcd(8, 12), 4);
    assert.equal(gcd(8, 5), 1);
    assert.equal(lcm(8, 3), 24);
    assert.equal(lcm(8, 4), 8);
  });
});
