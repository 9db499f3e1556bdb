/**
 * HRel — filter relevance as mutual information with the labels (Sarvani, Ghorai, Dubey, Basha, Neural Networks 147,
 * 2022; reference section 11.2, `ResNet-56/resnet_network.py` of the official code), estimated with the matrix-based
 * Rényi entropy of Gram matrices over a mini-batch of n samples. Matrices are row-major n×n Float64Arrays.
 */
import { symmetricEigenvalues } from './linalg.js';

/** The label kernel's width in the reference code. */
export const LABEL_SIGMA = 0.1;

/**
 * Matrix-based Rényi α-entropy in bits of a Gram matrix, normalised to unit trace first (so its eigenvalues λ sum to
 * 1): `log₂(Σ λ^α) / (1 − α)`, and its α → 1 limit `−Σ λ log₂ λ`. The reference uses α = 1 (the default here) and,
 * like it, takes |λ| (rounding can leave tiny negative eigenvalues) and counts 0·log 0 as 0.
 */
export function renyiEntropy(gram: ArrayLike<number>, n: number, alpha = 1): number {
  if (!(alpha > 0)) {
    throw new RangeError(`the Rényi order α must be positive, not ${alpha}`);
  }
  let trace = 0;
  for (let i = 0; i < n; i++) {
    trace += gram[i * n + i]!;
  }
  if (!(trace > 0)) {
    throw new RangeError('a Gram matrix with a zero trace has no entropy');
  }
  const lambdas = Array.from(symmetricEigenvalues(gram, n), (l) => Math.abs(l) / trace);
  if (alpha === 1) {
    return -lambdas.reduce((acc, l) => acc + (l > 0 ? l * Math.log2(l) : 0), 0);
  }
  return Math.log2(lambdas.reduce((acc, l) => acc + l ** alpha, 0)) / (1 - alpha);
}

/** The element-wise (Hadamard) product: the joint Gram matrix, whose entropy is the joint entropy. */
export function hadamard(a: ArrayLike<number>, b: ArrayLike<number>): Float64Array {
  if (a.length !== b.length) {
    throw new RangeError(`the matrices differ in size (${a.length} and ${b.length} values)`);
  }
  return Float64Array.from(a, (x, i) => x * b[i]!);
}

/** `I(X; Y) = S(Kx) + S(Ky) − S(Kx ∘ Ky)`, in bits. */
export function mutualInformation(kx: ArrayLike<number>, ky: ArrayLike<number>, n: number, alpha = 1): number {
  return renyiEntropy(kx, n, alpha) + renyiEntropy(ky, n, alpha) - renyiEntropy(hadamard(kx, ky), n, alpha);
}

/** Squared Euclidean distances between the n rows (each `dim` values) of a row-major matrix. */
export function squaredDistances(samples: ArrayLike<number>, n: number): Float64Array {
  const dim = samples.length / n;
  const d = new Float64Array(n * n);
  for (let a = 0; a < n; a++) {
    for (let b = a + 1; b < n; b++) {
      let sum = 0;
      for (let k = 0; k < dim; k++) {
        const diff = samples[a * dim + k]! - samples[b * dim + k]!;
        sum += diff * diff;
      }
      d[a * n + b] = sum;
      d[b * n + a] = sum;
    }
  }
  return d;
}

/** `K[a,b] = exp(−‖x_a − x_b‖² / σ²)` over n samples (the reference's `kernel_mat`: σ², not 2σ²). */
export function gaussianGram(samples: ArrayLike<number>, n: number, sigma: number): Float64Array {
  return squaredDistances(samples, n).map((d2) => Math.exp(-d2 / (sigma * sigma)));
}

/** The Gaussian kernel on one-hot labels: 1 for the same class, exp(−2/σ²) otherwise (≈ 0 at σ = 0.1). */
export function labelGram(labels: readonly number[], sigma = LABEL_SIGMA): Float64Array {
  const n = labels.length;
  const other = Math.exp(-2 / (sigma * sigma));
  return Float64Array.from({ length: n * n }, (_, i) => (labels[Math.floor(i / n)] === labels[i % n] ? 1 : other));
}

/**
 * One layer's output over a batch: n samples, each channels-first (`channels` rows of `positions` values, as CHIP's
 * `FeatureMaps`), sample after sample.
 */
export interface BatchMaps {
  readonly samples: number;
  readonly channels: number;
  readonly data: ArrayLike<number>;
}

/**
 * HRel's score of every channel f of a layer on one batch: I(F_f; Y), F_f being the n flattened maps of channel f
 * under the Gaussian kernel of width `sigma` (one per layer: `hrelSigma`). The reference averages it over batches.
 */
export function hrelScores(batch: BatchMaps, labels: readonly number[], sigma: number, alpha = 1): Float64Array {
  const { samples: n, channels } = batch;
  if (labels.length !== n) {
    throw new RangeError(`${n} samples need ${n} labels, not ${labels.length}`);
  }
  const positions = batch.data.length / (n * channels);
  const ky = labelGram(labels);
  return Float64Array.from({ length: channels }, (_, f) => {
    const maps = new Float64Array(n * positions);
    for (let s = 0; s < n; s++) {
      for (let p = 0; p < positions; p++) {
        maps[s * positions + p] = batch.data[(s * channels + f) * positions + p]!;
      }
    }
    return mutualInformation(gaussianGram(maps, n, sigma), ky, n, alpha);
  });
}

/**
 * The reference's kernel width for a layer: over σ in `linspace(0.3, 10·mean(d), steps)` (d: pairwise distances of
 * the whole layer's flattened outputs, the zero diagonal included in the mean), the one whose kernel best aligns
 * with the label kernel, `2·log₂(tr(K·Ky) / (‖K‖_F·‖Ky‖_F))`. The reference uses 300 steps in its first 20 epochs,
 * then 100, and smooths the pick across epochs with `smoothSigma`.
 */
export function hrelSigma(samples: ArrayLike<number>, n: number, ky: ArrayLike<number>, steps = 100): number {
  const d2 = squaredDistances(samples, n);
  const meanDistance = d2.reduce((acc, x) => acc + Math.sqrt(x), 0) / (n * n);
  const [lo, hi] = [0.3, 10 * meanDistance];
  let best = { sigma: lo, alignment: -Infinity };
  for (let i = 0; i < steps; i++) {
    const sigma = steps === 1 ? lo : lo + ((hi - lo) * i) / (steps - 1);
    const k = d2.map((x) => Math.exp(-x / (sigma * sigma)));
    const alignment = kernelAlignment(k, ky);
    if (alignment > best.alignment) {
      best = { sigma, alignment };
    }
  }
  return best.sigma;
}

/** The reference's `kernel_loss` (β = 1). Its 1/n on K cancels in the ratio. */
function kernelAlignment(k: ArrayLike<number>, ky: ArrayLike<number>): number {
  let [dot, kk, yy] = [0, 0, 0];
  for (let i = 0; i < k.length; i++) {
    // tr(K·Ky) = Σ K[i,j]·Ky[j,i] = Σ K[i,j]·Ky[i,j] for symmetric matrices.
    dot += k[i]! * ky[i]!;
    kk += k[i]! ** 2;
    yy += ky[i]! ** 2;
  }
  return 2 * Math.log2(dot / Math.sqrt(kk * yy));
}

/** The reference's smoothing of a layer's σ across epochs: 0.9 of the previous, 0.1 of the new pick. */
export function smoothSigma(previous: number, next: number): number {
  return 0.9 * previous + 0.1 * next;
}
