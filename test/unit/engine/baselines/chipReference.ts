/**
 * CHIP's channel independence the direct way, one eigen-solve per channel (O(C·m³)): the oracle the secular-equation
 * implementation in src/engine/baselines/chip.ts is checked and timed against.
 */
import { CHIP_DECIMALS, type FeatureMaps } from '../../../../src/engine/baselines/chip.js';
import { gramOfColumns, gramOfRows, symmetricEigenvalues, withoutRowAndColumn } from '../../../../src/engine/baselines/linalg.js';
import { roundHalfEven } from '../../../../src/engine/search/rounding.js';

/** Σ √λ, eigenvalues within 1e-13 of the largest counting 0 — the same floor as chip.ts. */
function nuclearNormOfGram(gram: Float64Array, n: number): number {
  const lambdas = symmetricEigenvalues(gram, n);
  const floor = 1e-13 * Math.max(0, ...lambdas);
  return lambdas.reduce((sum, lambda) => sum + (lambda > floor ? Math.sqrt(lambda) : 0), 0);
}

/** The maps rounded as `channelIndependence` rounds them. */
export function roundedMaps(map: FeatureMaps, decimals: number | null): Float64Array {
  const scale = decimals === null ? 0 : 10 ** decimals;
  return scale ? Float64Array.from(map.data, (x) => roundHalfEven(x * scale) / scale) : Float64Array.from(map.data);
}

/** CI per channel: A·Aᵀ without row and column c (C ≤ H·W), or Aᵀ·A − a_c·a_cᵀ, each eigen-solved afresh. */
export function directChannelIndependence(map: FeatureMaps, decimals: number | null = CHIP_DECIMALS): Float64Array {
  const c = map.channels;
  const positions = map.data.length / c;
  const a = roundedMaps(map, decimals);
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
