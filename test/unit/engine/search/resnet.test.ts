import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeGraph } from '../../../../src/model/analyze.js';
import { totalMacs } from '../../../../src/model/summary.js';
import { DEFAULT_SEARCH_SETTINGS } from '../../../../src/protocol/settings.js';
import { dropLayers } from '../../../../src/engine/search/groups.js';
import { flopsShares, probeDropRates } from '../../../../src/engine/search/probe.js';
import { resnetCifar } from '../../../helpers/resnet.js';

/** The worked example of the reference description (section 4.3 and 5): ResNet-20, CIFAR-100, original widths. */
describe('ResNet-20 on CIFAR-100: the reference worked example', () => {
  const a = analyzeGraph(resnetCifar());
  const shares = flopsShares(a, a.widths);
  const rates = probeDropRates(a, a.widths, DEFAULT_SEARCH_SETTINGS);
  const close = (x: number, y: number, tol: number) => assert.ok(Math.abs(x - y) <= tol, `${x} vs ${y}`);

  it('has 40,556,800 MACs with the stem and 18 searchable convs', () => {
    assert.equal(totalMacs(a, a.widths), 40_556_800);
    assert.equal(Object.keys(shares).length, 18);
    assert.deepEqual(dropLayers(a), Array.from({ length: 18 }, (_, i) => `c${i}`));
  });

  it('gives the FLOPs shares c·∂F/∂c of the reference', () => {
    close(shares['c0']!, 4.72e6, 0.01e6); // inner conv
    close(shares['c1']!, 2.36e6, 0.01e6); // output conv, the stem owns the trunk
    close(shares['c7']!, 8.26e6, 0.01e6); // owns the stage-2 trunk
    close(shares['c13']!, 7.08e6, 0.01e6); // owns the stage-3 trunk and feeds the classifier
    close(shares['c6']!, 3.54e6, 0.01e6); // stride-2 inner convs
    close(shares['c12']!, 3.54e6, 0.01e6);
  });

  it('probes at p ≈ 0.024 for c7 and ≈ 0.085 for non-owner output convs at p₀ = 0.05', () => {
    close(rates['c7']!, 0.024, 0.0015);
    close(rates['c1']!, 0.085, 0.0015);
    close(rates['c9']!, 0.085, 0.0015);
    assert.equal(rates['stem'], undefined);
  });
});
