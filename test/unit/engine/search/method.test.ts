import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeGraph } from '../../../../src/model/analyze.js';
import { DEFAULT_SEARCH_SETTINGS } from '../../../../src/protocol/settings.js';
import { dropLayers, searchableGroups } from '../../../../src/engine/search/groups.js';
import { flopsShares, probeDropRates } from '../../../../src/engine/search/probe.js';
import { minGroupWidth, roundHalfEven, roundToMultiple } from '../../../../src/engine/search/rounding.js';
import { adjustRates, updateCount } from '../../../../src/engine/search/schedule.js';
import { updateWidths } from '../../../../src/engine/search/update.js';
import { graphOf, node } from '../../../helpers/graphs.js';

const S = DEFAULT_SEARCH_SETTINGS;

describe('rounding', () => {
  it('rounds ties to even, as Python does', () => {
    assert.deepEqual([0.5, 1.5, 2.5, 3.5, -0.5, -1.5, 2.4999, 2.5001].map(roundHalfEven), [0, 2, 2, 4, 0, -2, 2, 3]);
  });

  it('rounds to multiples of a divisor and keeps at least one divisor', () => {
    assert.equal(roundToMultiple(13, 8), 16);
    assert.equal(roundToMultiple(12, 8), 16); // 1.5 → 2
    assert.equal(roundToMultiple(20, 8), 16); // 2.5 → 2
    assert.equal(minGroupWidth(4, 1), 4);
    assert.equal(minGroupWidth(4, 8), 8);
    assert.equal(minGroupWidth(10, 4), 12);
  });
});

describe('schedules', () => {
  it('gives the reference k schedule 6,6,5,4,4,4,3,2,2,2 for k₀ = 6, decay 0.5', () => {
    assert.deepEqual(Array.from({ length: 10 }, (_, t) => updateCount(t, S)), [6, 6, 5, 4, 4, 4, 3, 2, 2, 2]);
  });

  it('never goes below zero', () => {
    assert.deepEqual([0, 1, 2, 3].map((t) => updateCount(t, { updateCount: 2, updateCountDecay: 1 })), [2, 1, 0, 0]);
  });

  it('gives adjusting rates 0.15, 0.14, … 0.10 by rank, floored at 0', () => {
    const rates = adjustRates(6, S);
    [0.15, 0.14, 0.13, 0.12, 0.11, 0.1].forEach((r, i) => assert.ok(Math.abs(rates[i]! - r) < 1e-12));
    assert.deepEqual(adjustRates(4, { adjustRate: 0.1, adjustRateDecay: 0.05 }).map((r) => Math.round(r * 100) / 100), [0.1, 0.05, 0, 0]);
    assert.deepEqual(adjustRates(0, S), []);
  });
});

/** A plain chain of equal-cost convolutions a → b → c → d → e, then a fixed classifier. */
function chain(widths = [16, 16, 16, 16, 16]) {
  const names = ['a', 'b', 'c', 'd', 'e'];
  return analyzeGraph(graphOf([8, 8, 3], [...names.map((n, i) => node(n, 'conv2d', [i === 0 ? 'input' : names[i - 1]!], {}, widths[i]!)), node('gap', 'global_avg_pool', ['e']), node('fc', 'dense', ['gap'], {}, 10)]));
}

describe('probe rates', () => {
  it('equalise the expected MACs each probe removes', () => {
    const a = chain([16, 8, 32, 16, 4]);
    const rates = probeDropRates(a, a.widths, S);
    const shares = flopsShares(a, a.widths);
    const removed = Object.keys(rates).map((id) => rates[id]! * shares[id]!);
    const mean = Object.values(shares).reduce((x, y) => x + y, 0) / 5;
    removed.forEach((r) => assert.ok(Math.abs(r - S.probeDropRate * mean) < 1e-6));
    assert.deepEqual(Object.keys(rates), ['a', 'b', 'c', 'd', 'e']);
  });

  it('clip a very cheap layer at maxProbeDropRate', () => {
    const a = chain([1, 64, 64, 64, 64]);
    const rates = probeDropRates(a, a.widths, { probeDropRate: 0.5, maxProbeDropRate: 0.9 });
    assert.equal(rates['a'], 0.9);
    assert.ok(rates['c']! < 0.9);
  });
});

describe('width update', () => {
  const order = ['a', 'b', 'c', 'd', 'e'];
  const original = { a: 16, b: 16, c: 64, d: 16, e: 16 };
  const settings = { ...S, updateCount: 2, updateCountDecay: 0, adjustRate: 0.15, adjustRateDecay: 0.05 };

  it('grows the top k and shrinks the bottom k by rates of the ORIGINAL width', () => {
    const fur = { a: 0.1, b: 0.5, c: 0.9, d: -0.2, e: 0.3 };
    const current = { a: 20, b: 16, c: 40, d: 16, e: 16 };
    const u = updateWidths(fur, current, original, settings, { iteration: 0, order });
    assert.deepEqual(u.grown, ['c', 'b']);
    assert.deepEqual(u.shrunk, ['d', 'a']);
    // c: 40 + 0.15·64 = 49.6 → 50; b: 16 + 0.10·16 = 17.6 → 18; d: 16 − 2.4 → 14; a: 20 − 1.6 = 18.4 → 18.
    assert.deepEqual(u.widths, { a: 18, b: 18, c: 50, d: 14, e: 16 });
  });

  it('never shrinks below the minimum width', () => {
    const u = updateWidths({ a: 0, b: 1, c: 2, d: 3, e: 4 }, { ...original, a: 5 }, original, { ...settings, minWidth: 4 }, { iteration: 0, order });
    assert.equal(u.widths['a'], 4);
  });

  it('caps k at half the groups, so no group both grows and shrinks', () => {
    const u = updateWidths({ a: 1, b: 2, c: 3 }, { a: 16, b: 16, c: 16 }, { a: 16, b: 16, c: 16 }, { ...settings, updateCount: 6 }, { iteration: 0 });
    assert.equal(u.k, 1);
    assert.deepEqual([u.grown, u.shrunk], [['c'], ['a']]);
    assert.equal(u.widths['b'], 16);
  });

  it('breaks ties in group order, as the reference: the bottom takes the earliest, the top the latest', () => {
    const u = updateWidths({ a: 1, b: 1, c: 1, d: 1, e: 1 }, original, original, settings, { iteration: 0, order });
    assert.deepEqual(u.shrunk, ['a', 'b']);
    assert.deepEqual(u.grown, ['e', 'd']);
  });

  it('moves nothing when k is 0 (the reference would move every layer)', () => {
    const u = updateWidths({ a: 1, b: 2 }, { a: 16, b: 16 }, { a: 16, b: 16 }, { ...settings, updateCount: 0 }, { iteration: 0 });
    assert.deepEqual(u.widths, { a: 16, b: 16 });
    assert.equal(u.k, 0);
  });

  it('rounds a grouped width to its divisor', () => {
    const u = updateWidths({ a: 2, b: 1 }, { a: 32, b: 32 }, { a: 32, b: 32 }, { ...settings, adjustRate: 0.4, adjustRateDecay: 0 }, { iteration: 0, divisors: { a: 8, b: 8 } });
    assert.deepEqual(u.widths, { a: 48, b: 16 }); // 32 ± 12.8 → 44.8 → 48, 19.2 → 16
  });
});

describe('groups', () => {
  it('lists searchable width variables in graph order for training-time dropout', () => {
    const a = chain();
    assert.deepEqual(dropLayers(a), ['a', 'b', 'c', 'd', 'e']);
    assert.deepEqual(searchableGroups(a).map((g) => g.id), ['a', 'b', 'c', 'd', 'e']);
  });
});
