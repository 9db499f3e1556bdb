import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { channelIndependence, channelsFirst, chipScores, nuclearNorm } from '../../../../src/engine/baselines/chip.js';
import { seededRandom } from '../../../../src/engine/random.js';

const close = (actual: ArrayLike<number>, expected: readonly number[], eps = 1e-9) =>
  assert.ok(actual.length === expected.length && Array.from(actual).every((a, i) => Math.abs(a - expected[i]!) <= eps), `${Array.from(actual)} vs ${expected}`);

describe('nuclear norm', () => {
  it('sums the singular values of tiny matrices', () => {
    close([nuclearNorm([3, 0, 0, 4], 2, 2)], [7]);
    // Rank 1: [[1,2],[2,4]] = [1,2]ᵀ·[1,2], one singular value |[1,2]|² = 5.
    close([nuclearNorm([1, 2, 2, 4], 2, 2)], [5]);
    // 3×2 [[1,0],[0,1],[1,1]]: AᵀA = [[2,1],[1,2]], eigenvalues 1 and 3, so 1 + √3.
    close([nuclearNorm([1, 0, 0, 1, 1, 1], 3, 2)], [1 + Math.sqrt(3)]);
    // The same through the wide side (2×3 = its transpose).
    close([nuclearNorm([1, 0, 1, 0, 1, 1], 2, 3)], [1 + Math.sqrt(3)]);
  });
});

describe('CHIP channel independence', () => {
  it('is the drop in nuclear norm when a channel is zeroed', () => {
    // diag(3, 4): zeroing channel 0 leaves 4, channel 1 leaves 3.
    close(channelIndependence({ channels: 2, data: [3, 0, 0, 4] }), [3, 4]);
    // Rows [1,0], [2,0], [0,1]: ‖A‖* = √5 + 1. Zeroing row 0 leaves σ = 2, 1 (CI √5 − 2); row 1 leaves 1, 1
    // (CI √5 − 1); row 2 leaves √5 (CI 1). Channel 0 is a multiple of channel 1 and the weakest: the least independent.
    const ci = channelIndependence({ channels: 3, data: [1, 0, 2, 0, 0, 1] });
    close(ci, [Math.sqrt(5) - 2, Math.sqrt(5) - 1, 1]);
    assert.ok(ci[0]! < ci[2]! && ci[2]! < ci[1]!);
  });

  it('rounds the maps to 4 decimals first, as the reference does', () => {
    close(channelIndependence({ channels: 2, data: [3.00004, 0, 0, 4] }), [3, 4]);
    close(channelIndependence({ channels: 2, data: [3.00004, 0, 0, 4] }, null), [3.00004, 4]);
  });

  it('averages over images', () => {
    const scores = chipScores([
      { channels: 2, data: [3, 0, 0, 4] },
      { channels: 2, data: [1, 0, 0, 2] },
    ]);
    close(scores, [2, 3]);
    assert.throws(() => chipScores([]), /at least one image/);
  });

  it('reads TensorFlow.js [H, W, C] maps channels-first', () => {
    // 2 positions × 3 channels, channels fastest → rows per channel.
    const maps = channelsFirst([1, 2, 3, 4, 5, 6], 3);
    assert.deepEqual(Array.from(maps.data), [1, 4, 2, 5, 3, 6]);
  });
});

describe('CHIP on either side of the Gram matrix', () => {
  it('agrees with zeroing each row and taking the norm again, with more channels than positions and fewer', () => {
    const random = seededRandom(3);
    for (const [channels, positions] of [[6, 3], [3, 6], [4, 4]] as const) {
      const data = Array.from({ length: channels * positions }, () => Math.round(random() * 1e4) / 1e4);
      const direct = Array.from({ length: channels }, (_, c) => {
        const zeroed = data.map((x, i) => (Math.floor(i / positions) === c ? 0 : x));
        return nuclearNorm(data, channels, positions) - nuclearNorm(zeroed, channels, positions);
      });
      close(channelIndependence({ channels, data }), direct, 1e-9);
    }
  });
});
