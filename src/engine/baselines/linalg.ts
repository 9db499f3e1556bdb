/**
 * The little linear algebra the pruning criteria need, on plain arrays: Gram matrices and the eigenvalues of a
 * symmetric matrix. Matrices are row-major Float64Arrays; sizes are channel counts or batch sizes (tens to a few
 * hundred), where cyclic Jacobi is simple, accurate and fast enough.
 */

/** Sweeps before giving up; Jacobi converges quadratically, so real inputs need well under 20. */
const MAX_SWEEPS = 60;

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
 * Eigenvalues of a symmetric n×n matrix (row-major; the input is not changed), in no particular order, by cyclic
 * Jacobi rotations (Numerical Recipes' `jacobi`, eigenvalues only): each rotation zeroes one off-diagonal pair, and
 * sweeps repeat until the off-diagonal mass is negligible against the whole matrix.
 */
export function symmetricEigenvalues(matrix: ArrayLike<number>, n: number): Float64Array {
  if (matrix.length !== n * n) {
    throw new RangeError(`a ${n}×${n} matrix needs ${n * n} values, not ${matrix.length}`);
  }
  const a = Float64Array.from(matrix);
  const total = sumOfSquares(a);
  for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    if (offDiagonal(a, n) <= 1e-30 * total) {
      break;
    }
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        rotate(a, n, p, q);
      }
    }
  }
  return Float64Array.from({ length: n }, (_, i) => a[i * n + i]!);
}

/** One Jacobi rotation Pᵀ·A·P in the (p, q) plane that zeroes a[p][q] (and a[q][p]). */
function rotate(a: Float64Array, n: number, p: number, q: number): void {
  const apq = a[p * n + q]!;
  if (apq === 0) {
    return;
  }
  const theta = (a[q * n + q]! - a[p * n + p]!) / (2 * apq);
  // The smaller root of t² + 2θt − 1 = 0: the rotation angle stays below π/4, which keeps the method stable.
  const t = (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
  const c = 1 / Math.sqrt(t * t + 1);
  const s = t * c;
  for (let k = 0; k < n; k++) {
    const [akp, akq] = [a[k * n + p]!, a[k * n + q]!];
    a[k * n + p] = c * akp - s * akq;
    a[k * n + q] = s * akp + c * akq;
  }
  for (let k = 0; k < n; k++) {
    const [apk, aqk] = [a[p * n + k]!, a[q * n + k]!];
    a[p * n + k] = c * apk - s * aqk;
    a[q * n + k] = s * apk + c * aqk;
  }
  // Exactly zero, as the rotation intends, rather than what rounding left.
  a[p * n + q] = 0;
  a[q * n + p] = 0;
}

function sumOfSquares(a: Float64Array): number {
  let sum = 0;
  for (const x of a) {
    sum += x * x;
  }
  return sum;
}

function offDiagonal(a: Float64Array, n: number): number {
  let sum = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (i !== j) {
        sum += a[i * n + j]! ** 2;
      }
    }
  }
  return sum;
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
