import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ranks, spearman } from '../../../../src/engine/latency/rank.js';

describe('Spearman rank correlation', () => {
  it('ranks with ties averaged', () => {
    assert.deepEqual(ranks([10, 30, 20, 30]), [1, 3.5, 2, 3.5]);
  });

  it('is 1 for the same order, −1 for the reverse, whatever the scale', () => {
    assert.equal(spearman([1, 2, 3, 4], [10, 200, 3000, 40000]), 1);
    assert.equal(spearman([1, 2, 3, 4], [4, 3, 2, 1]), -1);
  });

  it('matches 1 − 6Σd²/(n(n²−1)) without ties', () => {
    // Ranks b: 2, 1, 4, 3, 5; d = −1, 1, −1, 1, 0; Σd² = 4; ρ = 1 − 24/120 = 0.8.
    assert.ok(Math.abs(spearman([1, 2, 3, 4, 5], [20, 10, 40, 30, 50]) - 0.8) < 1e-12);
  });

  it('is undefined (NaN) for fewer than two values or a constant side', () => {
    assert.ok(Number.isNaN(spearman([1], [2])));
    assert.ok(Number.isNaN(spearman([1, 2, 3], [5, 5, 5])));
    assert.throws(() => spearman([1, 2], [1]), RangeError);
  });
});
