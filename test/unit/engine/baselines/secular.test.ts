import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { symmetricEigen, symmetricEigenvalues } from '../../../../src/engine/baselines/linalg.js';
import { downdatedEigenvalues, principalSubmatrixEigenvalues } from '../../../../src/engine/baselines/secular.js';
import { seededRandom } from '../../../../src/engine/random.js';

const ascending = (x: ArrayLike<number>) => Array.from(x).sort((a, b) => a - b);

function assertSameSpectrum(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance: number): void {
  const a = ascending(actual);
  const e = ascending(expected);
  assert.equal(a.length, e.length, `${a.length} eigenvalues, expected ${e.length}`);
  a.forEach((x, i) => assert.ok(Math.abs(x - e[i]!) <= tolerance, `eigenvalue ${i}: ${a} vs ${e}`));
}

function randomSymmetric(n: number, random: () => number): Float64Array {
  const m = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      m[i * n + j] = m[j * n + i] = random() * 2 - 1;
    }
  }
  return m;
}

function withoutRowAndColumn(m: Float64Array, n: number, drop: number): Float64Array {
  return Float64Array.from(
    Array.from({ length: n * n }, (_, k) => k).filter((k) => Math.floor(k / n) !== drop && k % n !== drop),
    (k) => m[k]!,
  );
}

/** Q·diag(values)·Qᵀ for a random orthogonal Q (Gram–Schmidt of random vectors): a known spectrum, clusters included. */
function withSpectrum(values: readonly number[], random: () => number): Float64Array {
  const n = values.length;
  const q: number[][] = [];
  while (q.length < n) {
    const v = Array.from({ length: n }, () => random() * 2 - 1);
    for (const u of q) {
      const dot = v.reduce((s, x, i) => s + x * u[i]!, 0);
      v.forEach((_, i) => (v[i]! -= dot * u[i]!));
    }
    const norm = Math.hypot(...v);
    q.push(v.map((x) => x / norm));
  }
  const m = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      m[i * n + j] = values.reduce((s, lambda, k) => s + lambda * q[k]![i]! * q[k]![j]!, 0);
    }
  }
  return m;
}

/** Both secular routes against direct eigen-solves, for every row of `m` and v = each row of `m` scaled. */
function checkAgainstDirect(m: Float64Array, n: number): void {
  const { values, vectors } = symmetricEigen(m, n);
  const tolerance = 1e-12 * Math.max(1, ...values.map(Math.abs));
  for (let r = 0; r < n; r++) {
    const z = vectors.subarray(r * n, (r + 1) * n);
    assertSameSpectrum(principalSubmatrixEigenvalues(values, z), symmetricEigenvalues(withoutRowAndColumn(m, n, r), n - 1), tolerance);
    const v = Array.from({ length: n }, (_, j) => m[r * n + j]! * 0.7);
    const zv = Array.from({ length: n }, (_, k) => v.reduce((s, x, p) => s + x * vectors[p * n + k]!, 0));
    const direct = m.map((x, k) => x - v[Math.floor(k / n)]! * v[k % n]!);
    assertSameSpectrum(downdatedEigenvalues(values, zv), symmetricEigenvalues(direct, n), tolerance);
  }
}

describe('secular equations: eigenvalues after deleting a row and column', () => {
  it('leaves the other eigenvalues of a diagonal matrix as they are', () => {
    assert.deepEqual(ascending(principalSubmatrixEigenvalues(Float64Array.of(1, 2, 3), [0, 1, 0])), [1, 3]);
    assert.deepEqual(ascending(principalSubmatrixEigenvalues(Float64Array.of(7), [1])), []);
  });

  it('keeps all but one copy of a repeated eigenvalue', () => {
    // 2·I: every principal submatrix is 2·I again, whatever basis the eigenvectors come in.
    const z = [0.5, -0.5, 0.5, 0.5];
    assertSameSpectrum(principalSubmatrixEigenvalues(Float64Array.of(2, 2, 2, 2), z), [2, 2, 2], 0);
  });

  it('matches direct eigen-solves of random symmetric matrices, negative eigenvalues included', () => {
    const random = seededRandom(11);
    for (const n of [2, 3, 5, 9, 17]) {
      checkAgainstDirect(randomSymmetric(n, random), n);
    }
  });

  it('matches direct eigen-solves when eigenvalues repeat or vanish', () => {
    const random = seededRandom(12);
    checkAgainstDirect(withSpectrum([0, 0, 0, 1, 2, 2, 2, 5], random), 8);
    checkAgainstDirect(withSpectrum([3, 3, 3, 3, 3], random), 5);
    checkAgainstDirect(withSpectrum([0, 1e-9, 1, 1 + 1e-12, 4], random), 5);
  });

  it('rejects weights that do not pair with the eigenvalues', () => {
    assert.throws(() => principalSubmatrixEigenvalues(Float64Array.of(1, 2), [1]), /2 eigenvalues need as many weights, not 1/);
    assert.throws(() => downdatedEigenvalues(Float64Array.of(1, 2), [1, 0, 0]), /not 3/);
  });
});

describe('secular equations: eigenvalues after a rank-one downdate', () => {
  it('solves hand-computed cases', () => {
    // Where 1 − Σ… cancels, a root is as exact as a few ε·‖G‖, as any eigen-solver's.
    const roundoff = (norm: number) => 16 * Number.EPSILON * norm;
    // diag(4, 9) − (2, 0)(2, 0)ᵀ = diag(0, 9).
    assertSameSpectrum(downdatedEigenvalues(Float64Array.of(4, 9), [2, 0]), [0, 9], roundoff(9));
    // 2·I − v·vᵀ with |v| = 1: 1 once, 2 three times.
    assertSameSpectrum(downdatedEigenvalues(Float64Array.of(2, 2, 2, 2), [0.5, 0.5, -0.5, 0.5]), [1, 2, 2, 2], roundoff(2));
    // [[2, 1], [1, 2]] − (1, 1)(1, 1)ᵀ = I: in the eigenbasis (1, 3), v = (0, √2).
    assertSameSpectrum(downdatedEigenvalues(Float64Array.of(1, 3), [0, Math.SQRT2]), [1, 1], roundoff(3));
    // 1×1: 5 − 2² = 1.
    assertSameSpectrum(downdatedEigenvalues(Float64Array.of(5), [2]), [1], roundoff(5));
    assertSameSpectrum(downdatedEigenvalues(Float64Array.of(5, 6), [0, 0]), [5, 6], 0);
  });

  it('agrees with direct eigen-solves on small random matrices (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.boolean(), (n, seed, clustered) => {
        const random = seededRandom(seed);
        const spectrum = Array.from({ length: n }, () => (clustered ? Math.floor(random() * 3) : random() * 4 - 1));
        checkAgainstDirect(clustered ? withSpectrum(spectrum, random) : randomSymmetric(n, random), n);
      }),
      { numRuns: 200, seed: 5 },
    );
  });
});
