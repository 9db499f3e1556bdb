import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { splitHeldOut } from '../../../../src/engine/data/split.js';
import { imageSet } from '../../../helpers/datasets.js';

describe('splitHeldOut', () => {
  const train = imageSet(25, [2, 2, 1], (i) => i);

  it('holds out the last round(fraction·N) images, by index order', () => {
    const { search, heldout } = splitHeldOut(train, 0.1);
    assert.equal(heldout.count, 3); // round(2.5) = 3
    assert.equal(search.count, 22);
    assert.equal(search.images.length, 22 * 4);
    assert.equal(heldout.images[0], 22);
    assert.deepEqual([...heldout.labels], [2, 3, 4]);
    assert.deepEqual(heldout.shape, train.shape);
  });

  it('is deterministic and returns views of the training set', () => {
    const a = splitHeldOut(train, 0.2);
    const b = splitHeldOut(train, 0.2);
    assert.deepEqual([...a.heldout.labels], [...b.heldout.labels]);
    assert.equal(a.heldout.images.buffer, train.images.buffer);
    assert.equal(a.search.labels.buffer, train.labels.buffer);
  });

  it('holds out nothing for fraction 0 and rejects fractions outside [0, 1)', () => {
    const { search, heldout } = splitHeldOut(train, 0);
    assert.equal(heldout.count, 0);
    assert.equal(heldout.images.length, 0);
    assert.equal(search.count, 25);
    assert.throws(() => splitHeldOut(train, 1), RangeError);
    assert.throws(() => splitHeldOut(train, -0.1), RangeError);
    assert.throws(() => splitHeldOut(train, Number.NaN), RangeError);
  });
});
