import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeGraph } from '../../../../src/model/analyze.js';
import { groupMacsGradient, macsGradient, totalMacs } from '../../../../src/model/summary.js';
import { formatCost, formatMilliseconds, groupCostGradient } from '../../../../src/engine/cost/costModel.js';
import { macsCostModel } from '../../../../src/engine/cost/macsCost.js';
import { resnetCifar } from '../../../helpers/resnet.js';

describe('the MACs cost model', () => {
  const resnet = analyzeGraph(resnetCifar(3, 100));
  const cost = macsCostModel(resnet);
  const moved = { ...resnet.widths, c0: 20, c5: 12, c13: 70 };

  it('is the analyzer\'s MACs and their gradient, to the last bit', () => {
    assert.equal(cost.kind, 'macs');
    assert.equal(cost.unit, 'MACs');
    for (const w of [resnet.widths, moved]) {
      assert.equal(cost.total(w), totalMacs(resnet, w));
      assert.deepEqual(cost.gradient(w), macsGradient(resnet, w));
      assert.deepEqual(groupCostGradient(resnet, cost, w), groupMacsGradient(resnet, w));
    }
  });
});

describe('cost amounts for people', () => {
  it('writes MACs compactly and milliseconds to about four digits', () => {
    assert.equal(formatCost('MACs', 40_556_800), '40.56 M MACs');
    assert.equal(formatCost('ms', 3.14159), '3.142 ms');
    assert.deepEqual([0.0421337, 0.5, 41.7251, 215.44].map(formatMilliseconds), ['0.0421', '0.500', '41.73', '215.4']);
  });
});
