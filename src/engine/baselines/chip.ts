/**
 * CHIP — channel independence (Sui et al., NeurIPS 2021; reference section 11.1, `calculate_ci.py` of the official
 * code): a channel whose feature map is a linear combination of the others' adds little to the nuclear norm of the
 * layer's feature-map matrix, so it is redundant.
 */
import { gramOfColumns, gramOfRows, symmetricEigenvalues, withoutRowAndColumn } from './linalg.js';
import { roundHalfEven } from '../search/rounding.js';

/**
 * One image's post-activation feature maps of one layer, channels-first: row c (`positions` values from
 * `c·positions`) is channel c's H·W map — the reference's `[C, H·W]` matrix A. Use `channelsFirst` on a
 * TensorFlow.js `[H, W, C]` output.
 */
export interface FeatureMaps {
  readonly channels: number;
  readonly data: ArrayLike<number>;
}

/** The reference rounds feature maps to 4 decimals before the norms (`np.round(np.load(…), 4)`). */
export const CHIP_DECIMALS = 4;

/**
 * ‖A‖* = Σ σᵢ(A) = Σ √λᵢ of the Gram matrix on A's shorter side (A·Aᵀ or Aᵀ·A: the same nonzero eigenvalues), so
 * the eigen-solve is as small, and has as few zero eigenvalues, as possible.
 */
export function nuclearNorm(a: ArrayLike<number>, rows: number, cols: number): number {
  return rows <= cols ? nuclearNormOfGram(gramOfRows(a, rows, cols), rows) : nuclearNormOfGram(gramOfColumns(a, rows, cols), cols);
}

/**
 * Eigenvalues the solver cannot tell from 0 (it is accurate to about 1e-16 of the largest) are 0: the square root
 * would turn their rounding noise into 1e-8 of the norm, per eigenvalue.
 */
const ZERO_EIGENVALUE = 1e-13;

function nuclearNormOfGram(gram: Float64Array, n: number): number {
  const lambdas = symmetricEigenvalues(gram, n);
  const floor = ZERO_EIGENVALUE * Math.max(0, ...lambdas);
  let sum = 0;
  for (const lambda of lambdas) {
    sum += lambda > floor ? Math.sqrt(lambda) : 0;
  }
  return sum;
}

/**
 * CI_c = ‖A‖* − ‖A⁽ᶜ⁾‖* for every channel c of one image, A⁽ᶜ⁾ being A with row c set to zero (`reduced_1_row_norm`).
 * With C ≤ H·W, zeroing row c of A zeroes row and column c of A·Aᵀ, so ‖A⁽ᶜ⁾‖* comes from the C×C Gram matrix
 * without them; with fewer positions than channels (deep layers), it is Aᵀ·A − a_c·a_cᵀ, a_c being row c. Either way
 * one Gram product, then C eigen-solves of the smaller side — O(C·min(C, H·W)³), fine for a few hundred channels;
 * precompute offline beyond. `decimals` (default the reference's 4; null for none) rounds the maps first, ties to even
 * as NumPy does.
 */
export function channelIndependence(map: FeatureMaps, decimals: number | null = CHIP_DECIMALS): Float64Array {
  const c = map.channels;
  const positions = map.data.length / c;
  if (!Number.isInteger(positions) || positions === 0) {
    throw new RangeError(`${map.data.length} values are not ${c} equal channel maps`);
  }
  const scale = decimals === null ? 0 : 10 ** decimals;
  const a = scale ? Float64Array.from(map.data, (x) => roundHalfEven(x * scale) / scale) : Float64Array.from(map.data);
  if (c <= positions) {
    const gram = gramOfRows(a, c, positions);
    const full = nuclearNormOfGram(gram, c);
    return Float64Array.from({ length: c }, (_, ch) => full - (c === 1 ? 0 : nuclearNormOfGram(withoutRowAndColumn(gram, c, ch), c - 1)));
  }
  const gram = gramOfColumns(a, c, positions);
  const full = nuclearNormOfGram(gram, positions);
  return Float64Array.from({ length: c }, (_, ch) => {
    const downdated = gram.map((g, k) => g - a[ch * positions + Math.floor(k / positions)]! * a[ch * positions + (k % positions)]!);
    return full - nuclearNormOfGram(downdated, positions);
  });
}

/**
 * A layer's CHIP scores: the mean CI per channel over images (the reference averages over each batch, then over its
 * 5 batches of equal size — the same as over all images). Keep the highest, prune the lowest.
 */
export function chipScores(images: readonly FeatureMaps[], decimals: number | null = CHIP_DECIMALS): Float64Array {
  if (images.length === 0) {
    throw new RangeError('CHIP needs the feature maps of at least one image');
  }
  const c = images[0]!.channels;
  const sum = new Float64Array(c);
  for (const image of images) {
    if (image.channels !== c) {
      throw new RangeError(`every image must have ${c} channels, not ${image.channels}`);
    }
    channelIndependence(image, decimals).forEach((ci, ch) => (sum[ch]! += ci));
  }
  return sum.map((s) => s / images.length);
}

/** `[H, W, C]` (TensorFlow.js, channels-last) → channels-first rows, as `FeatureMaps` wants. */
export function channelsFirst(hwc: ArrayLike<number>, channels: number): FeatureMaps {
  const positions = hwc.length / channels;
  const data = new Float64Array(hwc.length);
  for (let p = 0; p < positions; p++) {
    for (let ch = 0; ch < channels; ch++) {
      data[ch * positions + p] = hwc[p * channels + ch]!;
    }
  }
  return { channels, data };
}
