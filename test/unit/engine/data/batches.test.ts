import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { batchOrder, fillBatch, labelsOf } from '../../../../src/engine/data/batches.js';
import { seededRandom } from '../../../../src/engine/random.js';
import { imageSet } from '../../../helpers/datasets.js';

const H = 6;
const W = 7;

/** Each pixel of image i encodes its position: channel 0 = i, 1 = y, 2 = x (all 0–255 bytes). */
const positional = imageSet(5, [H, W, 3], (i, k) => {
  const p = Math.floor(k / 3);
  return [i, Math.floor(p / W), p % W][k % 3]!;
});
// mean 0, std 1/255 makes the normalised value equal the byte value, so positions read back directly.
const identity = { mean: [0, 0, 0], std: [1 / 255, 1 / 255, 1 / 255] };

describe('batchOrder', () => {
  it('covers every index once per epoch, keeping the last partial batch', () => {
    const batches = batchOrder(10, 4, 7, 0);
    assert.deepEqual(batches.map((b) => b.length), [4, 4, 2]);
    assert.deepEqual([...batches.flatMap((b) => [...b])].sort((a, b) => a - b), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('is deterministic per (seed, epoch) and differs between epochs and seeds', () => {
    const flat = (s: number, e: number) => batchOrder(50, 8, s, e).flatMap((b) => [...b]);
    assert.deepEqual(flat(3, 1), flat(3, 1));
    assert.notDeepEqual(flat(3, 1), flat(3, 2));
    assert.notDeepEqual(flat(3, 1), flat(4, 1));
  });

  it('handles an empty set and rejects a bad batch size', () => {
    assert.deepEqual(batchOrder(0, 4, 1, 0), []);
    assert.throws(() => batchOrder(10, 0, 1, 0), RangeError);
  });
});

describe('labelsOf', () => {
  it('gathers the labels of the indices as int32', () => {
    const labels = labelsOf(positional, [4, 0, 2]);
    assert.ok(labels instanceof Int32Array);
    assert.deepEqual([...labels], [4, 0, 2]);
  });
});

describe('fillBatch', () => {
  it('normalises as (x/255 − mean)/std per channel, NHWC, in index order', () => {
    const set = imageSet(3, [2, 2, 3], (i, k) => (i * 40 + k * 17) % 256);
    const mean = [0.1, 0.5, 0.9];
    const std = [0.2, 0.3, 0.4];
    const out = new Float32Array(2 * 12);
    fillBatch(set, [2, 0], out, mean, std);
    for (let k = 0; k < 12; k++) {
      const v = set.images[2 * 12 + k]!;
      assert.ok(Math.abs(out[k]! - (v / 255 - mean[k % 3]!) / std[k % 3]!) < 1e-6);
    }
    assert.ok(Math.abs(out[12]! - (0 / 255 - 0.1) / 0.2) < 1e-6);
  });

  it('rejects a too-small buffer and a wrong number of statistics', () => {
    assert.throws(() => fillBatch(positional, [0, 1], new Float32Array(10), identity.mean, identity.std), RangeError);
    assert.throws(() => fillBatch(positional, [0], new Float32Array(126), [0], [1]), RangeError);
  });

  it('augments with a shifted crop and optional flip that keep every pixel where the pattern says', () => {
    const size = H * W * 3;
    const out = new Float32Array(5 * size);
    let flips = 0;
    const shifts = new Set<string>();
    const random = seededRandom(11);
    for (let round = 0; round < 40; round++) {
      fillBatch(positional, [0, 1, 2, 3, 4], out, identity.mean, identity.std, { random });
      for (let i = 0; i < 5; i++) {
        const px = (y: number, x: number) => Array.from(out.subarray(i * size + (y * W + x) * 3, i * size + (y * W + x) * 3 + 3), Math.round);
        // Recover the shift and flip from one in-image pixel: pick the first non-padding output pixel.
        let found: { y: number; x: number; v: number[] } | undefined;
        for (let y = 0; y < H && !found; y++) {
          for (let x = 0; x < W && !found; x++) {
            const v = px(y, x);
            if (v[0] === i && (v[1] !== 0 || v[2] !== 0 || i !== 0)) {
              found = { y, x, v };
            }
          }
        }
        assert.ok(found, 'some source pixel survives a shift of at most 4');
        const dy = found.v[1]! - found.y;
        // Flipped when moving right in the output moves left in the source.
        const next = found.x + 1 < W ? px(found.y, found.x + 1) : undefined;
        const flip = next !== undefined && next[0] === i && next[2] === found.v[2]! - 1;
        const dx = flip ? found.v[2]! - (W - 1 - found.x) : found.v[2]! - found.x;
        assert.ok(Math.abs(dx) <= 4 && Math.abs(dy) <= 4);
        flips += flip ? 1 : 0;
        shifts.add(`${dx},${dy}`);
        for (let y = 0; y < H; y++) {
          for (let x = 0; x < W; x++) {
            const sy = y + dy;
            const sx = (flip ? W - 1 - x : x) + dx;
            const inside = sy >= 0 && sy < H && sx >= 0 && sx < W;
            assert.deepEqual(px(y, x), inside ? [i, sy, sx] : [0, 0, 0], `image ${i} (${y},${x}) dx ${dx} dy ${dy} flip ${flip}`);
          }
        }
      }
    }
    assert.ok(flips > 60 && flips < 140, `about half flipped: ${flips} of 200`);
    assert.ok(shifts.size > 30, `many different shifts: ${shifts.size}`);
  });

  it('pads with 0, which is the mean after normalisation', () => {
    const set = imageSet(1, [2, 2, 1], () => 255);
    const out = new Float32Array(4);
    // random() = 0 shifts by (−4, −4): a 2×2 image is all padding. random() = 0.5 means no shift and no flip.
    fillBatch(set, [0], out, [0.5], [0.25], { random: () => 0 });
    assert.deepEqual([...out], [0, 0, 0, 0]);
    fillBatch(set, [0], out, [0.5], [0.25], { random: () => 0.5 });
    assert.deepEqual([...out], [2, 2, 2, 2]);
  });

  it('is deterministic given the same random stream', () => {
    const a = new Float32Array(5 * H * W * 3);
    const b = new Float32Array(5 * H * W * 3);
    fillBatch(positional, [4, 3, 2, 1, 0], a, identity.mean, identity.std, { random: seededRandom(5) });
    fillBatch(positional, [4, 3, 2, 1, 0], b, identity.mean, identity.std, { random: seededRandom(5) });
    assert.deepEqual(a, b);
  });
});
