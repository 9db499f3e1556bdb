/**
 * Mini-batches for trainers: a seeded order per epoch, and a fast fill of normalised float32 NHWC batches with the
 * standard CIFAR augmentation (random crop from a 4-pixel zero-padded image, random horizontal flip).
 */
import { deriveSeed, permutation, seededRandom } from '../random.js';
import type { ImageSet } from './types.js';

/** Padding of the random crop, in pixels on each side (the standard CIFAR recipe). */
export const CROP_PADDING = 4;

/**
 * The batches of one epoch: a permutation of `0..count-1` seeded by `deriveSeed(seed, 'epoch', epoch)`, cut into
 * batches of `batchSize`; the last, partial batch is kept. The arrays are views of one permutation.
 */
export function batchOrder(count: number, batchSize: number, seed: number, epoch: number): Uint32Array[] {
  if (!(Number.isInteger(batchSize) && batchSize > 0)) {
    throw new RangeError(`Batch size must be a whole number ≥ 1, got ${batchSize}.`);
  }
  const order = permutation(count, seededRandom(deriveSeed(seed, 'epoch', epoch)));
  const batches: Uint32Array[] = [];
  for (let start = 0; start < count; start += batchSize) {
    batches.push(order.subarray(start, Math.min(start + batchSize, count)));
  }
  return batches;
}

/** The labels of the indexed images, as int32 (what one-hot and sparse losses take). */
export function labelsOf(set: ImageSet, indices: ArrayLike<number>): Int32Array {
  const out = new Int32Array(indices.length);
  for (let i = 0; i < indices.length; i++) {
    out[i] = set.labels[indices[i]!]!;
  }
  return out;
}

/** Byte → normalised value per channel: `lut[c·256 + v] = (v/255 − mean[c]) / std[c]`. */
let cachedLut: { mean: readonly number[]; std: readonly number[]; lut: Float32Array } | undefined;

function sameValues(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/** The lookup table for these statistics, rebuilt only when they change (trainers call fillBatch per batch). */
function normalisationTable(channels: number, mean: readonly number[], std: readonly number[]): Float32Array {
  if (mean.length !== channels || std.length !== channels) {
    throw new RangeError(`Need a mean and a std per channel (${channels}), got ${mean.length} and ${std.length}.`);
  }
  if (cachedLut !== undefined && sameValues(cachedLut.mean, mean) && sameValues(cachedLut.std, std)) {
    return cachedLut.lut;
  }
  const lut = new Float32Array(256 * channels);
  for (let c = 0; c < channels; c++) {
    for (let v = 0; v < 256; v++) {
      lut[c * 256 + v] = (v / 255 - mean[c]!) / std[c]!;
    }
  }
  cachedLut = { mean: [...mean], std: [...std], lut };
  return lut;
}

/**
 * Normalises `pixels` pixels from `images[s]` (advancing by `step` per pixel; negative when mirroring) into
 * `out[d]` onwards. RGB and gray are unrolled: they are nearly every dataset, and this is the hot loop.
 */
function copyRun(
  images: Uint8Array,
  s: number,
  step: number,
  out: Float32Array,
  d: number,
  pixels: number,
  channels: number,
  lut: Float32Array,
): void {
  const end = d + pixels * channels;
  if (channels === 3) {
    for (; d < end; d += 3, s += step) {
      out[d] = lut[images[s]!]!;
      out[d + 1] = lut[256 | images[s + 1]!]!;
      out[d + 2] = lut[512 | images[s + 2]!]!;
    }
  } else if (channels === 1) {
    for (; d < end; d++, s += step) {
      out[d] = lut[images[s]!]!;
    }
  } else {
    for (; d < end; d += channels, s += step) {
      for (let c = 0; c < channels; c++) {
        out[d + c] = lut[(c << 8) | images[s + c]!]!;
      }
    }
  }
}

/**
 * Copies one image shifted by (dx, dy) and optionally mirrored: output pixel (y, x) takes source pixel
 * (y + dy, x' + dx) with x' = x or W−1−x, and 0 (the mean, after normalisation) where that falls outside.
 * This equals cropping the padded image at (dx + pad, dy + pad) and then flipping the crop.
 */
function copyShifted(
  images: Uint8Array,
  src: number,
  out: Float32Array,
  dst: number,
  shape: readonly [number, number, number],
  lut: Float32Array,
  dx: number,
  dy: number,
  flip: boolean,
): void {
  const [h, w, channels] = shape;
  const row = w * channels;
  // Output columns whose source column is inside the image; outside them lies padding.
  const x0 = flip ? Math.max(0, dx) : Math.max(0, -dx);
  const x1 = flip ? Math.min(w, w + dx) : Math.min(w, w - dx);
  const step = flip ? -channels : channels;
  for (let y = 0; y < h; y++) {
    const o = dst + y * row;
    const sy = y + dy;
    if (sy < 0 || sy >= h || x1 <= x0) {
      out.fill(0, o, o + row);
      continue;
    }
    out.fill(0, o, o + x0 * channels);
    out.fill(0, o + x1 * channels, o + row);
    const s = src + sy * row + (flip ? w - 1 - x0 + dx : x0 + dx) * channels;
    copyRun(images, s, step, out, o + x0 * channels, x1 - x0, channels, lut);
  }
}

/**
 * Writes the indexed images into `out` as normalised float32 NHWC, `(x/255 − mean[c]) / std[c]`.
 * With `augment`, each image is randomly shifted by up to {@link CROP_PADDING} pixels (a crop of the zero-padded
 * image, padding 0 in normalised space = the mean) and mirrored with probability ½; three `random()` draws per
 * image, in the order x-offset, y-offset, flip. `out` must hold at least `indices.length` images; the rest is
 * left as it is. Allocates nothing per image.
 */
export function fillBatch(
  set: ImageSet,
  indices: ArrayLike<number>,
  out: Float32Array,
  mean: readonly number[],
  std: readonly number[],
  augment?: { random: () => number },
): void {
  const [h, w, channels] = set.shape;
  const size = h * w * channels;
  if (out.length < indices.length * size) {
    throw new RangeError(`Batch buffer holds ${out.length} values, ${indices.length} images need ${indices.length * size}.`);
  }
  const lut = normalisationTable(channels, mean, std);
  const span = 2 * CROP_PADDING + 1;
  for (let i = 0; i < indices.length; i++) {
    const index = indices[i]!;
    if (!(index >= 0 && index < set.count)) {
      throw new RangeError(`Image index ${index} is outside the set (0–${set.count - 1}).`);
    }
    if (augment === undefined) {
      copyRun(set.images, index * size, channels, out, i * size, h * w, channels, lut);
      continue;
    }
    const dx = Math.floor(augment.random() * span) - CROP_PADDING;
    const dy = Math.floor(augment.random() * span) - CROP_PADDING;
    const flip = augment.random() < 0.5;
    copyShifted(set.images, index * size, out, i * size, set.shape, lut, dx, dy, flip);
  }
}
