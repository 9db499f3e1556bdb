import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeGraph } from '../../../../src/model/analyze.js';
import { totalMacs } from '../../../../src/model/summary.js';
import { DEFAULT_SEARCH_SETTINGS } from '../../../../src/protocol/settings.js';
import { groupWidthsOf } from '../../../../src/engine/search/groups.js';
import { rescaleToMacs } from '../../../../src/engine/search/rescale.js';
import { graphOf, node } from '../../../helpers/graphs.js';
import { fixWidths, resnetCifar } from '../../../helpers/resnet.js';

const S = DEFAULT_SEARCH_SETTINGS;

describe('rescale to the original MACs', () => {
  const resnet = analyzeGraph(resnetCifar());
  const target = totalMacs(resnet, resnet.widths);

  it('lands within 1 % after a grow/shrink step, keeping fixed widths', () => {
    const grown = { ...groupWidthsOf(resnet, resnet.widths), c14: 74, c15: 74, c16: 74, c0: 14 };
    const r = rescaleToMacs(resnet, grown, target, S);
    assert.ok(r.withinTolerance);
    assert.ok(Math.abs(r.macs / target - 1) <= 0.01, `ratio ${r.ratio}`);
    assert.equal(r.widths['stem'], 16);
    assert.equal(r.widths['fc'], 100);
    assert.ok(r.scale < 1);
    assert.equal(Math.abs(totalMacs(resnet, r.variableWidths) - r.macs) < 1e-6, true);
  });

  it('re-enforces the minimum width after scaling', () => {
    const narrow = { ...groupWidthsOf(resnet, resnet.widths), c0: 4, c2: 4, c4: 4, c17: 400, c16: 400 };
    const r = rescaleToMacs(resnet, narrow, target, { ...S, minWidth: 4 });
    assert.ok(r.scale < 0.9);
    for (const [id, w] of Object.entries(r.widths)) {
      assert.ok(w >= 4, `${id} = ${w}`);
    }
    assert.ok(r.withinTolerance, `ratio ${r.ratio}`);
  });

  it('does nothing when already within tolerance', () => {
    const r = rescaleToMacs(resnet, groupWidthsOf(resnet, resnet.widths), target, S);
    assert.equal(r.steps, 0);
    assert.equal(r.scale, 1);
  });

  it('widens the bracket when the reference bisection cannot land (a large fixed part)', () => {
    // A fixed, expensive layer makes MACs nearly flat in the searchable widths: F(1 − e) stays above F₀.
    const g = fixWidths(graphOf([16, 16, 3], [node('big', 'conv2d', ['input'], {}, 64), node('s', 'conv2d', ['big'], { kernel: [1, 1] }, 8), node('gap', 'global_avg_pool', ['s']), node('fc', 'dense', ['gap'], {}, 10)]), ['big']);
    const a = analyzeGraph(g);
    const f0 = totalMacs(a, a.widths);
    const r = rescaleToMacs(a, { big: 64, s: 200, fc: 10 }, f0, { ...S, minWidth: 1 });
    assert.ok(r.withinTolerance, `ratio ${r.ratio}`);
    assert.ok(r.steps > 20);
  });

  it('rounds to divisors and reports the ratio it reached when it cannot land', () => {
    const g = graphOf([4, 4, 8], [node('a', 'conv2d', ['input'], { groups: 8, kernel: [1, 1] }, 8), node('gap', 'global_avg_pool', ['a']), node('fc', 'dense', ['gap'], {}, 2)]);
    const a = analyzeGraph(g);
    const r = rescaleToMacs(a, { a: 16, fc: 2 }, totalMacs(a, a.widths) * 1.5, S);
    assert.equal(r.widths['a']! % 8, 0);
    assert.equal(r.withinTolerance, false);
    assert.ok(Math.abs(r.ratio - totalMacs(a, r.variableWidths) / (totalMacs(a, a.widths) * 1.5)) < 1e-12);
    assert.ok(r.steps <= 60);
  });
});

describe('rescale on networks too small for one common factor', () => {
  const small = analyzeGraph(
    graphOf([8, 8, 3], [node('a', 'conv2d', ['input'], {}, 8), node('b', 'conv2d', ['a'], {}, 12), node('gap', 'global_avg_pool', ['b']), node('fc', 'dense', ['gap'], {}, 10)]),
  );
  const target = totalMacs(small, small.widths);

  it('nudges single widths when no common factor lands within 1 %', () => {
    // Every common factor rounds 10/10 to a point more than 1 % away; moving b alone by one channel lands.
    const r = rescaleToMacs(small, { a: 10, b: 10, fc: 10 }, target, S);
    assert.ok(r.withinTolerance, `ratio ${r.ratio}`);
    assert.deepEqual(r.widths, { a: 10, b: 9, fc: 10 });
  });
});
