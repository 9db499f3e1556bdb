/**
 * The little linear algebra the pruning criteria need, on plain arrays: Gram matrices and the eigenvalues (and
 * eigenvectors) of a symmetric matrix. Matrices are row-major Float64Arrays; sizes are channel counts or batch sizes
 * (tens to a few hundred).
 */
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';

/** `A·Aᵀ` of an r×c row-major matrix: the r×r Gram matrix of its rows. */
export function gramOfRows(a: ArrayLike<number>, rows: number, cols: number): Float64Array {
  if (a.length !== rows * cols) {
    throw new RangeError(`a ${rows}×${cols} matrix needs ${rows * cols} values, not ${a.length}`);
  }
  const g = new Float64Array(rows * rows);
  for (let i = 0; i < rows; i++) {
    for (let j = i; j < rows; j++) {
      let sum = 0;
      for (let k = 0; k < cols; k++) {
        sum += a[i * cols + k]! * a[j * cols + k]!;
      }
      g[i * rows + j] = sum;
      g[j * rows + i] = sum;
    }
  }
  return g;
}

/** `Aᵀ·A` of an r×c row-major matrix: the c×c Gram matrix of its columns. */
export function gramOfColumns(a: ArrayLike<number>, rows: number, cols: number): Float64Array {
  if (a.length !== rows * cols) {
    throw new RangeError(`a ${rows}×${cols} matrix needs ${rows * cols} values, not ${a.length}`);
  }
  const g = new Float64Array(cols * cols);
  for (let k = 0; k < rows; k++) {
    for (let i = 0; i < cols; i++) {
      const aki = a[k * cols + i]!;
      for (let j = i; j < cols; j++) {
        g[i * cols + j]! += aki * a[k * cols + j]!;
      }
    }
  }
  for (let i = 0; i < cols; i++) {
    for (let j = 0; j < i; j++) {
      g[i * cols + j] = g[j * cols + i]!;
    }
  }
  return g;
}

/**
 * Eigenvalues of a symmetric n×n matrix (row-major; the input is not changed), in no particular order: ml-matrix's
 * symmetric eigen-solver (Householder tridiagonalisation, then implicit QL — the JAMA/EISPACK `tred2`/`tql2` pair),
 * several times faster than Jacobi rotations at the sizes CHIP and HRel solve thousands of times (a layer's channels,
 * a batch's samples).
 */
export function symmetricEigenvalues(matrix: ArrayLike<number>, n: number): Float64Array {
  if (matrix.length !== n * n) {
    throw new RangeError(`a ${n}×${n} matrix needs ${n * n} values, not ${matrix.length}`);
  }
  if (n === 0) {
    return new Float64Array(0);
  }
  const rows = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => matrix[i * n + j]!));
  return Float64Array.from(new EigenvalueDecomposition(new Matrix(rows), { assumeSymmetric: true }).realEigenvalues);
}

/** Eigenvalues of a symmetric matrix, ascending, with an orthonormal eigenvector for each. */
export interface SymmetricEigen {
  readonly values: Float64Array;
  /** Row-major n×n: column k is the eigenvector of `values[k]`. */
  readonly vectors: Float64Array;
}

/**
 * Eigenvalues and eigenvectors of a symmetric n×n matrix (row-major; not changed), by the same ml-matrix solver as
 * `symmetricEigenvalues` — which computes the vectors anyway, so the eigenvalues are the very same numbers.
 */
export function symmetricEigen(matrix: ArrayLike<number>, n: number): SymmetricEigen {
  if (matrix.length !== n * n) {
    throw new RangeError(`a ${n}×${n} matrix needs ${n * n} values, not ${matrix.length}`);
  }
  if (n === 0) {
    return { values: new Float64Array(0), vectors: new Float64Array(0) };
  }
  const rows = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => matrix[i * n + j]!));
  const solved = new EigenvalueDecomposition(new Matrix(rows), { assumeSymmetric: true });
  const values = Float64Array.from(solved.realEigenvalues);
  const v = solved.eigenvectorMatrix;
  // The solver sorts ascending already; sorting here keeps that a checked fact rather than an assumption.
  const order = Array.from({ length: n }, (_, k) => k).sort((a, b) => values[a]! - values[b]!);
  const vectors = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < n; k++) {
      vectors[i * n + k] = v.get(i, order[k]!);
    }
  }
  return { values: Float64Array.from(order, (k) => values[k]!), vectors };
}

/** The matrix without row and column `drop`. */
export function withoutRowAndColumn(m: Float64Array, n: number, drop: number): Float64Array {
  const out = new Float64Array((n - 1) * (n - 1));
  let k = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (i !== drop && j !== drop) {
        out[k++] = m[i * n + j]!;
      }
    }
  }
  return out;
}

/** Row-major copy of a nested array (all rows the same length). */
export function flatten(rows: readonly (readonly number[])[]): { data: Float64Array; rows: number; cols: number } {
  const cols = rows[0]?.length ?? 0;
  if (rows.some((r) => r.length !== cols)) {
    throw new RangeError('every row must have the same length');
  }
  return { data: Float64Array.from(rows.flat()), rows: rows.length, cols };
}
