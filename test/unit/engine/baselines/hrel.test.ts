import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gaussianGram, hrelScores, hrelSigma, labelGram, mutualInformation, renyiEntropy, smoothSigma } from '../../../../src/engine/baselines/hrel.js';

const near = (actual: number, expected: number, eps = 1e-9) => assert.ok(Math.abs(actual - expected) <= eps, `${actual} vs ${expected}`);
const identity = (n: number, scale = 1) => Float64Array.from({ length: n * n }, (_, i) => (Math.floor(i / n) === i % n ? scale : 0));
const ones = (n: number) => new Float64Array(n * n).fill(1);
/** Block-diagonal all-ones blocks: the Gram matrix of samples that are identical within each block. */
const blocks = (of: readonly number[]) => Float64Array.from({ length: of.length ** 2 }, (_, i) => (of[Math.floor(i / of.length)] === of[i % of.length] ? 1 : 0));
/** Binary entropy in bits. */
const h2 = (p: number) => -(p * Math.log2(p) + (1 - p) * Math.log2(1 - p));

describe('matrix-based Rényi entropy', () => {
  it('of I/n is log₂ n for every α (uniform eigenvalues), whatever the scale', () => {
    for (const alpha of [0.5, 1, 2, 3]) {
      near(renyiEntropy(identity(4), 4, alpha), 2);
      near(renyiEntropy(identity(8, 0.25), 8, alpha), 3);
    }
  });

  it('of the all-ones matrix is 0 (one eigenvalue 1)', () => {
    near(renyiEntropy(ones(5), 5), 0, 1e-12);
    near(renyiEntropy(ones(5), 5, 2), 0, 1e-12);
  });

  it('of diag(3, 1) is the entropy of (3/4, 1/4): Shannon for α = 1, −log₂ Σλ² for α = 2', () => {
    near(renyiEntropy([3, 0, 0, 1], 2), h2(0.75));
    near(renyiEntropy([3, 0, 0, 1], 2, 2), -Math.log2(0.75 ** 2 + 0.25 ** 2));
  });

  it('of two blocks of two is 1 bit', () => {
    near(renyiEntropy(blocks([0, 0, 1, 1]), 4), 1);
  });
});

describe('HRel mutual information with the labels', () => {
  const labels = [0, 0, 1, 1];
  const ky = labelGram(labels);

  it('builds the label kernel: 1 within a class, exp(−2/σ²) ≈ 0 across at σ = 0.1', () => {
    assert.equal(ky[0 * 4 + 1], 1);
    assert.equal(ky[0 * 4 + 2], Math.exp(-2 / (0.1 * 0.1)));
    near(renyiEntropy(ky, 4), 1);
  });

  it('is 1 bit for a filter that separates the two classes, 0 for a constant one or one blind to the labels', () => {
    near(mutualInformation(blocks([0, 0, 1, 1]), ky, 4), 1);
    near(mutualInformation(ones(4), ky, 4), 0, 1e-12);
    // Splits {0, 2} from {1, 3}: 1 bit of its own, but the joint kernel is the identity (2 bits), so 1 + 1 − 2 = 0.
    near(mutualInformation(blocks([0, 1, 0, 1]), ky, 4), 0, 1e-12);
  });

  it('matches a hand computation with a Gaussian kernel', () => {
    // Two samples at distance 1, σ = 1: K = [[1, e⁻¹], [e⁻¹, 1]], eigenvalues (1 ± e⁻¹)/2 after normalising. Labels
    // differ, so Ky and the joint are the identity (1 bit each): I = S(K) + 1 − 1 = H((1 + e⁻¹)/2).
    const k = gaussianGram([0, 1], 2, 1);
    near(k[1]!, Math.exp(-1));
    near(mutualInformation(k, labelGram([0, 1]), 2), h2((1 + Math.exp(-1)) / 2));
  });

  it('scores each channel of a batch: the one that follows the labels above the constant one', () => {
    // 4 samples × 2 channels × 2 positions, channels-first per sample: channel 0 is 0 for class 0 and 10 for class 1;
    // channel 1 is 3 everywhere.
    const data = [0, 0, 3, 3, 0, 0, 3, 3, 10, 10, 3, 3, 10, 10, 3, 3];
    const scores = hrelScores({ samples: 4, channels: 2, data }, labels, 1);
    near(scores[0]!, 1, 1e-9);
    near(scores[1]!, 0, 1e-9);
    assert.throws(() => hrelScores({ samples: 4, channels: 2, data }, [0, 1], 1), /4 labels/);
  });

  it('picks the kernel width on the reference grid, and smooths it 0.9/0.1', () => {
    const samples = [0, 0, 0.1, 0, 5, 5, 5.1, 5];
    const sigma = hrelSigma(samples, 4, ky);
    const meanDistance = (4 * 0.1 + 8 * Math.hypot(5, 5) + 0 * 4) / 16;
    assert.ok(sigma >= 0.3 && sigma <= 10 * meanDistance + 1e-9, `σ = ${sigma}`);
    near(smoothSigma(1, 2), 1.1);
  });
});
