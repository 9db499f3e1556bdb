import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { selectPrune } from '../../../../src/engine/baselines/select.js';

describe('selectPrune', () => {
  it('keeps the highest-scoring channels of a layer, ties to the lower index, in ascending order', () => {
    assert.deepEqual(selectPrune({ a: [0.1, 0.9, 0.5, 0.9] }, { a: 2 }), { a: [1, 3] });
    assert.deepEqual(selectPrune({ a: [1, 1, 1, 1] }, { a: 3 }), { a: [0, 1, 2] });
  });

  it('keeps identical indices in every member of a coupling group, chosen on normalised scores', () => {
    // a's scores sum to 20, b's to 1: normalised a = [.5, 0, .45, .05], b = [.1, .6, 0, .3]; together
    // [.6, .6, .45, .35] → channels 0 and 1. Raw sums would let a decide alone ([10.1, .6, 9, 1.3] → 0 and 2).
    const scores = { a: [10, 0, 9, 1], b: [0.1, 0.6, 0, 0.3], c: [5, 1, 3] };
    const kept = selectPrune(scores, { a: 2, c: 1 }, [['a', 'b']]);
    assert.deepEqual(kept, { a: [0, 1], b: [0, 1], c: [0] });
    assert.notEqual(kept['a'], kept['b'], 'each member gets its own array');
  });

  it('refuses groups that cannot be pruned alike', () => {
    assert.throws(() => selectPrune({ a: [1, 2], b: [1, 2, 3] }, { a: 1 }, [['a', 'b']]), /same channels/);
    assert.throws(() => selectPrune({ a: [1, 2], b: [1, 2] }, { a: 1, b: 2 }, [['a', 'b']]), /same number of channels/);
    assert.throws(() => selectPrune({ a: [1, 2] }, { a: 1 }, [['a', 'x']]), /'x' has no scores/);
    assert.throws(() => selectPrune({ a: [1, 2], b: [1, 2] }, { a: 1 }, [['a', 'b'], ['b']]), /two coupling groups/);
    assert.throws(() => selectPrune({ a: [1, 2] }, { a: 0 }), /from 1 to 2, not 0/);
    assert.throws(() => selectPrune({ a: [1, 2] }, {}), /no keep count for 'a'/);
  });
});
