import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { CHIP_DECIMALS, channelIndependence, channelsFirst, chipScores, nuclearNorm } from '../../../../src/engine/baselines/chip.js';
import { seededRandom } from '../../../../src/engine/random.js';
import { directChannelIndependence, roundedMaps } from './chipReference.js';

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

describe('CHIP by secular equations against one eigen-solve per channel', () => {
  /** Every CI within 1e-9 of ‖A‖* of the direct route's. */
  function agrees(channels: number, data: ArrayLike<number>, decimals: number | null = CHIP_DECIMALS): Float64Array {
    const map = { channels, data };
    const fast = channelIndependence(map, decimals);
    const direct = directChannelIndependence(map, decimals);
    const norm = nuclearNorm(roundedMaps(map, decimals), channels, data.length / channels);
    const worst = Math.max(0, ...fast.map((ci, c) => Math.abs(ci - direct[c]!)));
    assert.ok(worst <= 1e-9 * norm + 1e-12, `${channels}×${data.length / channels}: off by ${worst} of ‖A‖* ${norm}`);
    return fast;
  }
  const uniform = (n: number, random: () => number) => Array.from({ length: n }, () => random() * 2 - 1);
  const postReLU = (n: number, random: () => number) => Array.from({ length: n }, () => Math.max(0, random() * 2 - 1) * 3);
  /** `rows` channels, each a random combination of `basis`'s rows. */
  const combinations = (basis: readonly number[][], rows: number, random: () => number) =>
    Array.from({ length: rows }, () => {
      const weights = basis.map(() => random() * 2 - 1);
      return basis[0]!.map((_, p) => basis.reduce((s, b, k) => s + weights[k]! * b[p]!, 0));
    });

  it('agrees on random maps with fewer channels than positions, more, and as many', () => {
    const random = seededRandom(21);
    for (const [channels, positions] of [[12, 30], [30, 12], [16, 16], [24, 64], [64, 24], [1, 9], [9, 1]] as const) {
      agrees(channels, uniform(channels * positions, random));
      agrees(channels, postReLU(channels * positions, random));
      agrees(channels, uniform(channels * positions, random), null);
    }
  });

  it('agrees when channels repeat, and solves repeated eigenvalues exactly', () => {
    const random = seededRandom(22);
    for (const [distinct, copies, positions] of [[4, 3, 20], [5, 4, 6], [3, 2, 6]] as const) {
      const rows = Array.from({ length: distinct }, () => uniform(positions, random));
      agrees(distinct * copies, Array.from({ length: copies }, () => rows).flat(2));
    }
    // Rows 2·e_k: A·Aᵀ = 4·I, and without any row 4·I again: each CI is 2.
    const scaledIdentity = [2, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0];
    close(agrees(4, scaledIdentity), [2, 2, 2, 2]);
    // Those rows twice over 4 positions: Aᵀ·A = 8·I, less one row 8, 8, 8, 4: CI = 4·√8 − 3·√8 − 2 = √8 − 2.
    const twice = [...scaledIdentity.filter((_, i) => i % 8 < 4), ...scaledIdentity.filter((_, i) => i % 8 < 4)];
    close(agrees(8, twice), Array.from({ length: 8 }, () => Math.sqrt(8) - 2));
  });

  it('gives an all-zero channel no independence', () => {
    const random = seededRandom(23);
    for (const [channels, positions] of [[6, 10], [10, 4], [5, 5]] as const) {
      const data = uniform(channels * positions, random).map((x, i) => (Math.floor(i / positions) === 2 ? 0 : x));
      const ci = agrees(channels, data);
      assert.ok(Math.abs(ci[2]!) <= 1e-12 * nuclearNorm(data, channels, positions), `zero channel scores ${ci[2]}`);
    }
    close(agrees(3, new Float64Array(12)), [0, 0, 0]);
  });

  it('agrees when one channel carries nearly all of the energy, and with one position', () => {
    const random = seededRandom(26);
    for (const [channels, positions] of [[5, 12], [12, 5], [6, 6]] as const) {
      const data = postReLU(channels * positions, random).map((x, i) => (i < positions ? 1000 * x : x));
      agrees(channels, data);
    }
    // The one nonzero channel of a single position: without it, nothing is left.
    close(agrees(2, [0, -1.9987]), [0, 1.9987]);
  });

  it('agrees on rank-one maps, where CI_c = |v|·(|u| − √(|u|² − u_c²)) for A = u·vᵀ', () => {
    const random = seededRandom(24);
    for (const [channels, positions] of [[6, 9], [9, 6], [7, 1], [1, 7]] as const) {
      // Quarters: exact in 4 decimals, so the rounding leaves A = u·vᵀ as it is.
      const u = Array.from({ length: channels }, () => Math.round(random() * 8) / 4 + 0.25);
      const v = Array.from({ length: positions }, () => Math.round(random() * 8) / 4 - 1);
      const data = u.flatMap((uc) => v.map((vp) => uc * vp));
      const uNorm = Math.hypot(...u);
      const expected = u.map((uc) => Math.hypot(...v) * (uNorm - Math.sqrt(Math.max(0, uNorm ** 2 - uc ** 2))));
      close(agrees(channels, data), expected, 1e-9 * uNorm * Math.hypot(...v));
    }
  });

  it('scores a channel in the span of the others below its own norm, and an orthogonal one at its norm', () => {
    const random = seededRandom(25);
    for (const [channels, positions, rank] of [[8, 12, 3], [12, 5, 3], [10, 10, 9]] as const) {
      const basis = Array.from({ length: rank }, () => uniform(positions - 1, random));
      // The last position is only the last channel's: that channel is orthogonal to every other.
      const rows = [...combinations(basis, channels - 1, random).map((r) => [...r, 0]), [...Array<number>(positions - 1).fill(0), 1.5]];
      const data = rows.flat().map((x) => Math.round(x * 1e4) / 1e4);
      const ci = agrees(channels, data);
      for (let c = 0; c < channels; c++) {
        const own = Math.hypot(...data.slice(c * positions, (c + 1) * positions));
        const slack = 1e-9 * own;
        if (c === channels - 1) {
          assert.ok(Math.abs(ci[c]! - own) <= slack, `orthogonal channel: ${ci[c]} vs its norm ${own}`);
        } else {
          assert.ok(ci[c]! >= -slack && ci[c]! < own - 1e-6, `channel ${c} in the others' span: ${ci[c]} vs its norm ${own}`);
        }
      }
    }
  });

  it('agrees on small random maps, with repeated, zero, dependent and dominant channels (property)', () => {
    const maps = fc
      .record({
        channels: fc.integer({ min: 1, max: 9 }),
        positions: fc.integer({ min: 1, max: 9 }),
        seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        // Integers in −3..3 make exact ties and dependences common; doubles make generic maps.
        small: fc.boolean(),
        twist: fc.constantFrom('none', 'repeat', 'zero', 'combine', 'dominant'),
      })
      .map(({ channels, positions, seed, small, twist }) => {
        const random = seededRandom(seed);
        const rows = Array.from({ length: channels }, () =>
          Array.from({ length: positions }, () => (small ? Math.floor(random() * 7) - 3 : Math.round((random() * 4 - 2) * 1e4) / 1e4)),
        );
        if (channels > 1 && twist === 'repeat') {
          rows[channels - 1] = [...rows[0]!];
        } else if (twist === 'zero') {
          rows[0] = rows[0]!.map(() => 0);
        } else if (channels > 2 && twist === 'combine') {
          rows[channels - 1] = rows[0]!.map((x, p) => 2 * x - rows[1]![p]!);
        } else if (twist === 'dominant') {
          rows[0] = rows[0]!.map((x) => 1000 * x);
        }
        return { channels, positions, data: rows.flat() };
      });
    fc.assert(
      fc.property(maps, ({ channels, positions, data }) => {
        const ci = agrees(channels, data);
        // Zeroing a row never raises a singular value, and ‖A‖* ≤ ‖A⁽ᶜ⁾‖* + ‖a_c‖ (the triangle inequality).
        ci.forEach((x, c) => {
          const own = Math.hypot(...data.slice(c * positions, (c + 1) * positions));
          assert.ok(x >= -1e-9 * (own + 1) && x <= own * (1 + 1e-9) + 1e-12, `CI ${x} outside [0, ${own}]`);
        });
      }),
      { numRuns: 300, seed: 7 },
    );
  });
});
