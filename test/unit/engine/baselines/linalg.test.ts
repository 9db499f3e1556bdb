import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gramOfRows, symmetricEigen, symmetricEigenvalues, withoutRowAndColumn } from '../../../../src/engine/baselines/linalg.js';
import { seededRandom } from '../../../../src/engine/random.js';

const sorted = (x: Float64Array) => [...x].sort((a, b) => a - b);
const close = (actual: readonly number[], expected: readonly number[], eps = 1e-10) =>
  assert.ok(actual.length === expected.length && actual.every((a, i) => Math.abs(a - expected[i]!) <= eps), `${actual} vs ${expected}`);

describe('symmetric eigenvalues', () => {
  it('solves small hand-computed cases', () => {
    close(sorted(symmetricEigenvalues([3, 0, 0, 4], 2)), [3, 4]);
    close(sorted(symmetricEigenvalues([2, 1, 1, 2], 2)), [1, 3]);
    // [[1,2],[2,4]] is rank 1: eigenvalues 0 and 5.
    close(sorted(symmetricEigenvalues([1, 2, 2, 4], 2)), [0, 5]);
    // The 3×3 matrix with 2 on the diagonal and 1 elsewhere: 1, 1, 4.
    close(sorted(symmetricEigenvalues([2, 1, 1, 1, 2, 1, 1, 1, 2], 3)), [1, 1, 4]);
    close([...symmetricEigenvalues([7], 1)], [7]);
  });

  it('keeps the trace and the Frobenius norm of a random 12×12 symmetric matrix', () => {
    const random = seededRandom(7);
    const n = 12;
    const m = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = i; j < n; j++) {
        m[i * n + j] = m[j * n + i] = random() * 2 - 1;
      }
    }
    const lambdas = symmetricEigenvalues(m, n);
    const trace = Array.from({ length: n }, (_, i) => m[i * n + i]!).reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(lambdas.reduce((a, b) => a + b, 0) - trace) < 1e-10);
    assert.ok(Math.abs(lambdas.reduce((a, b) => a + b * b, 0) - m.reduce((a, b) => a + b * b, 0)) < 1e-10);
  });

  it('builds the Gram matrix of the rows', () => {
    close([...gramOfRows([1, 0, 0, 1, 1, 1], 3, 2)], [1, 0, 1, 0, 1, 1, 1, 1, 2]);
    assert.throws(() => gramOfRows([1, 2, 3], 2, 2), /4 values/);
  });

  it('drops a row and its column', () => {
    close([...withoutRowAndColumn(Float64Array.of(1, 2, 3, 4, 5, 6, 7, 8, 9), 3, 1)], [1, 3, 7, 9]);
  });
});

describe('symmetric eigendecomposition', () => {
  it('gives the same eigenvalues, ascending, with orthonormal eigenvectors: G·q = λ·q', () => {
    const random = seededRandom(8);
    for (const n of [1, 2, 7, 15]) {
      const m = new Float64Array(n * n);
      for (let i = 0; i < n; i++) {
        for (let j = i; j < n; j++) {
          m[i * n + j] = m[j * n + i] = random() * 2 - 1;
        }
      }
      const { values, vectors } = symmetricEigen(m, n);
      close([...values], sorted(symmetricEigenvalues(m, n)), 0);
      for (let k = 0; k < n; k++) {
        for (let i = 0; i < n; i++) {
          const gq = Array.from({ length: n }, (_, j) => m[i * n + j]! * vectors[j * n + k]!).reduce((a, b) => a + b, 0);
          assert.ok(Math.abs(gq - values[k]! * vectors[i * n + k]!) < 1e-12, `G·q ≠ λ·q for eigenvalue ${k} of ${n}×${n}`);
        }
        for (let l = 0; l < n; l++) {
          const dot = Array.from({ length: n }, (_, i) => vectors[i * n + k]! * vectors[i * n + l]!).reduce((a, b) => a + b, 0);
          assert.ok(Math.abs(dot - (k === l ? 1 : 0)) < 1e-12, `eigenvectors ${k} and ${l} of ${n}×${n} are not orthonormal`);
        }
      }
    }
    assert.throws(() => symmetricEigen([1, 2, 3], 2), /4 values, not 3/);
  });
});
