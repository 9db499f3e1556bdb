/**
 * CHIP — channel independence (Sui et al., NeurIPS 2021; reference section 11.1, `calculate_ci.py` of the official
 * code): a channel whose feature map is a linear combination of the others' adds little to the nuclear norm of the
 * layer's feature-map matrix, so it is redundant.
 */
import { gramOfColumns, gramOfRows, symmetricEigen, symmetricEigenvalues, withoutRowAndColumn } from './linalg.js';
import { downdatedEigenvalues, principalSubmatrixEigenvalues } from './secular.js';
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
  return nuclearNormOfEigenvalues(symmetricEigenvalues(gram, n));
}

/** Σ √λ over a Gram matrix's eigenvalues, those within `ZERO_EIGENVALUE` of the largest (or negative) counting 0. */
function nuclearNormOfEigenvalues(lambdas: Float64Array): number {
  const floor = ZERO_EIGENVALUE * largestOf(lambdas);
  let sum = 0;
  for (const lambda of lambdas) {
    sum += lambda > floor ? Math.sqrt(lambda) : 0;
  }
  return sum;
}

function largestOf(lambdas: Float64Array): number {
  let largest = 0;
  for (const lambda of lambdas) {
    largest = Math.max(largest, lambda);
  }
  return largest;
}

/**
 * Eigenvalues from G's decomposition carry G's rounding error, a few ε·‖G‖, where a fresh eigen-solve of the changed
 * matrix errs by a few ε of its own largest eigenvalue. While that largest stays above this fraction of ‖G‖, the
 * error stays under 1e-14 of it, far below `ZERO_EIGENVALUE`, and the floor treats both alike. Below it (the channel
 * carried most of the map's energy) the channel is solved directly. The largest eigenvalue falls below half of ‖G‖
 * only if the channel holds over a third of the weight of G's top eigenvector (take the Rayleigh quotient of that
 * vector without the channel), so at most two channels per image take the direct route.
 */
const SECULAR_RANGE = 0.5;

/**
 * CI_c = ‖A‖* − ‖A⁽ᶜ⁾‖* for every channel c of one image, A⁽ᶜ⁾ being A with row c set to zero (`reduced_1_row_norm`).
 * With C ≤ H·W, zeroing row c of A zeroes row and column c of G = A·Aᵀ, so ‖A⁽ᶜ⁾‖* comes from G without them; with
 * fewer positions than channels (deep layers), from G = Aᵀ·A − a_c·a_cᵀ, a_c being row c. Either way G is
 * eigendecomposed once, and each channel's eigenvalues follow from secular equations (secular.ts) in O(m²), m being
 * the smaller side — O(C·m²) per image instead of C eigen-solves, O(C·m³). `decimals` (default the reference's 4;
 * null for none) rounds the maps first, ties to even as NumPy does.
 */
export function channelIndependence(map: FeatureMaps, decimals: number | null = CHIP_DECIMALS): Float64Array {
  const c = map.channels;
  const positions = map.data.length / c;
  if (!Number.isInteger(positions) || positions === 0) {
    throw new RangeError(`${map.data.length} values are not ${c} equal channel maps`);
  }
  const a = rounded(map.data, decimals);
  return c <= positions ? independenceByRows(a, c, positions) : independenceByColumns(a, c, positions);
}

/** ‖A⁽ᶜ⁾‖* from the secular eigenvalues, or from `direct()` when they lie too far below ‖G‖ to trust (`SECULAR_RANGE`). */
function reducedNorm(secular: Float64Array, norm: number, direct: () => Float64Array): number {
  return nuclearNormOfEigenvalues(largestOf(secular) >= SECULAR_RANGE * norm ? secular : direct());
}

/** A copy rounded to `decimals` (null: none); a plain loop, as `Float64Array.from` with a mapper is ~10× slower. */
function rounded(data: ArrayLike<number>, decimals: number | null): Float64Array {
  const out = Float64Array.from(data);
  if (decimals !== null) {
    const scale = 10 ** decimals;
    for (let i = 0; i < out.length; i++) {
      out[i] = roundHalfEven(out[i]! * scale) / scale;
    }
  }
  return out;
}

/** C ≤ H·W: each channel's ‖A⁽ᶜ⁾‖* from the eigenvalues of A·Aᵀ without row and column c (z = row c of Q). */
function independenceByRows(a: Float64Array, c: number, positions: number): Float64Array {
  const gram = gramOfRows(a, c, positions);
  const { values, vectors } = symmetricEigen(gram, c);
  const norm = largestOf(values);
  const full = nuclearNormOfEigenvalues(values);
  return Float64Array.from({ length: c }, (_, ch) => {
    const secular = principalSubmatrixEigenvalues(values, vectors.subarray(ch * c, (ch + 1) * c));
    return full - reducedNorm(secular, norm, () => symmetricEigenvalues(withoutRowAndColumn(gram, c, ch), c - 1));
  });
}

/** C > H·W: each channel's ‖A⁽ᶜ⁾‖* from the eigenvalues of Aᵀ·A − a_c·a_cᵀ (z = Qᵀ·a_c). */
function independenceByColumns(a: Float64Array, c: number, positions: number): Float64Array {
  const gram = gramOfColumns(a, c, positions);
  const { values, vectors } = symmetricEigen(gram, positions);
  const norm = largestOf(values);
  const full = nuclearNormOfEigenvalues(values);
  const z = new Float64Array(positions);
  return Float64Array.from({ length: c }, (_, ch) => {
    const row = a.subarray(ch * positions, (ch + 1) * positions);
    z.fill(0);
    for (let p = 0; p < positions; p++) {
      for (let k = 0; k < positions; k++) {
        z[k]! += row[p]! * vectors[p * positions + k]!;
      }
    }
    const downdated = () => symmetricEigenvalues(gram.map((g, k) => g - row[Math.floor(k / positions)]! * row[k % positions]!), positions);
    return full - reducedNorm(downdatedEigenvalues(values, z), norm, downdated);
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
