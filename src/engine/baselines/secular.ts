/**
 * Eigenvalues of a symmetric matrix G after a small change, from one eigendecomposition G = Q·Λ·Qᵀ, by secular
 * equations: O(n) work per eigenvalue and iteration instead of a fresh O(n³) eigen-solve per change.
 * - Without row and column r (a principal submatrix): the roots of Σᵢ zᵢ²/(λᵢ − μ) = 0 with z = row r of Q, since
 *   (G − μI)⁻¹ at (r, r) = Σᵢ zᵢ²/(λᵢ − μ) = det(G without r − μI)/det(G − μI) (Cramer's rule).
 * - Minus v·vᵀ (a rank-one downdate): the roots of 1 − Σᵢ zᵢ²/(λᵢ − μ) = 0 with z = Qᵀ·v (the determinant lemma).
 * Between two consecutive poles λᵢ both sums are monotone and run from −∞ to +∞ (or back), so each gap holds
 * exactly one root (Cauchy interlacing), and an iteration that keeps a sign-changing bracket inside the gap cannot
 * miss it. A λᵢ whose weight zᵢ is negligible is an eigenvalue of the changed matrix as it stands, and so is each
 * extra copy of a repeated λ: a rotation within its eigenspace moves all of the cluster's weight onto one copy
 * (deflation, as LAPACK's `dlaed2` does for rank-one updates).
 */

const EPS = Number.EPSILON;

/**
 * Deflation moves the matrix by at most 8ε·‖G‖ (in the 2-norm), so no eigenvalue by more (Weyl): within what the
 * eigen-solver that produced Λ and Q already gets wrong (its backward error is a small multiple of ε·‖G‖), and the
 * bound LAPACK's `dlaed2` uses.
 */
const DEFLATION = 8 * EPS;

/**
 * Generous: the iteration meets its own convergence tests within a handful of steps, and even if every other step
 * bisects, the bracket falls from ‖G‖ to ε²·‖G‖ within ~210.
 */
const MAX_ITERATIONS = 400;

/** The poles left after deflation: strictly ascending, each with its weight zᵢ² > 0. */
interface Poles {
  readonly at: Float64Array;
  readonly weight: Float64Array;
  count: number;
}

/**
 * The n − 1 eigenvalues (in no particular order) of G without row and column r, given G's eigenvalues `values`
 * (ascending) and `z` = row r of the eigenvector matrix (`z[k]` pairs with `values[k]`).
 */
export function principalSubmatrixEigenvalues(values: Float64Array, z: ArrayLike<number>): Float64Array {
  const n = values.length;
  checkSizes(values, z);
  if (n <= 1) {
    return new Float64Array(0);
  }
  const scale = normOf(values);
  // z is a unit vector: zeroing zᵢ turns the projector that deletes row r by |zᵢ|, moving G's part by ≈ |zᵢ|·‖G‖.
  const out: number[] = [];
  const poles = deflate(values, z, DEFLATION, DEFLATION * scale, out);
  if (poles.count === 0) {
    throw new RangeError('the eigenvector row is zero: the eigenvectors are not orthonormal');
  }
  for (let right = 1; right < poles.count; right++) {
    out.push(rootInGap(poles, right, 0, poles.at[right - 1]!, poles.at[right]!, scale));
  }
  return Float64Array.from(out);
}

/**
 * The n eigenvalues (in no particular order) of G − v·vᵀ, given G's eigenvalues `values` (ascending) and `z` = Qᵀ·v,
 * v in the eigenvector basis (`z[k]` pairs with `values[k]`).
 */
export function downdatedEigenvalues(values: Float64Array, z: ArrayLike<number>): Float64Array {
  checkSizes(values, z);
  let zNorm = 0;
  for (let k = 0; k < z.length; k++) {
    zNorm = Math.hypot(zNorm, z[k]!);
  }
  if (zNorm === 0) {
    return Float64Array.from(values);
  }
  const scale = normOf(values);
  // Zeroing zᵢ changes z·zᵀ by about |zᵢ|·‖z‖ in the 2-norm.
  const out: number[] = [];
  const poles = deflate(values, z, (DEFLATION * scale) / zNorm, DEFLATION * scale, out);
  if (poles.count === 0) {
    return Float64Array.from(out);
  }
  // The lowest root lies in [λ₁ − Σw, λ₁]: there every term wᵢ/(λᵢ − μ) ≤ wᵢ/Σw, so 1 − Σ… ≥ 0.
  let total = 0;
  for (let k = 0; k < poles.count; k++) {
    total += poles.weight[k]!;
  }
  out.push(rootInGap(poles, 0, -1, poles.at[0]! - total, poles.at[0]!, Math.max(scale, total)));
  for (let right = 1; right < poles.count; right++) {
    out.push(rootInGap(poles, right, -1, poles.at[right - 1]!, poles.at[right]!, scale));
  }
  return Float64Array.from(out);
}

function checkSizes(values: Float64Array, z: ArrayLike<number>): void {
  if (z.length !== values.length) {
    throw new RangeError(`${values.length} eigenvalues need as many weights, not ${z.length}`);
  }
}

/** ‖G‖₂ from its eigenvalues (ascending). */
function normOf(values: Float64Array): number {
  return values.length === 0 ? 0 : Math.max(Math.abs(values[0]!), Math.abs(values[values.length - 1]!));
}

/**
 * Splits (values, z) into poles that stay and eigenvalues that deflate (pushed onto `deflated`): zᵢ with
 * |zᵢ| ≤ `weightTolerance`, and of two neighbouring poles, the one a rotation empties when the coupling it leaves
 * behind, c·s·(λⱼ − λᵢ), is within `gapTolerance`.
 */
function deflate(values: Float64Array, z: ArrayLike<number>, weightTolerance: number, gapTolerance: number, deflated: number[]): Poles {
  const n = values.length;
  const at = new Float64Array(n);
  const size = new Float64Array(n);
  let m = 0;
  for (let i = 0; i < n; i++) {
    const zi = Math.abs(z[i]!);
    const di = values[i]!;
    if (zi <= weightTolerance) {
      deflated.push(di);
      continue;
    }
    if (m > 0) {
      const zp = size[m - 1]!;
      const dp = at[m - 1]!;
      const r = Math.hypot(zp, zi);
      const c = zi / r;
      const s = zp / r;
      if (Math.abs(c * s * (di - dp)) <= gapTolerance) {
        // dp·c² + di·s² and dp·s² + di·c², written so that equal poles stay exactly what they were.
        deflated.push(dp + (di - dp) * s * s);
        at[m - 1] = di - (di - dp) * s * s;
        size[m - 1] = r;
        continue;
      }
    }
    at[m] = di;
    size[m] = zi;
    m++;
  }
  return { at, weight: size.map((x) => x * x), count: m };
}

/** Scratch for one evaluation: the sums over the poles left (ψ) and right (φ) of the gap, and their derivatives. */
interface Sums {
  psi: number;
  dpsi: number;
  phi: number;
  dphi: number;
}

function evaluate(poles: Poles, right: number, y: number, sums: Sums): void {
  let psi = 0;
  let dpsi = 0;
  let phi = 0;
  let dphi = 0;
  const { at, weight, count } = poles;
  for (let j = 0; j < right; j++) {
    const inv = 1 / (at[j]! - y);
    const t = weight[j]! * inv;
    psi += t;
    dpsi += t * inv;
  }
  for (let j = right; j < count; j++) {
    const inv = 1 / (at[j]! - y);
    const t = weight[j]! * inv;
    phi += t;
    dphi += t * inv;
  }
  sums.psi = psi;
  sums.dpsi = dpsi;
  sums.phi = phi;
  sums.dphi = dphi;
}

/**
 * The root of f(μ) = c0 + Σⱼ wⱼ/(dⱼ − μ) in (lo, hi), where hi is pole `right` and lo is pole `right − 1` (or, with
 * `right` 0, a point where f ≤ 0): f rises from −∞ (or ≤ 0) at lo to +∞ at hi. Each step fits f by
 * a + s/(d_left − μ) + S/(d_right − μ), matching value and slope of the sums left and right of the gap (Li's "middle
 * way"), and solves that exactly; a step outside the bracket, or one after a model step that failed to halve |f|,
 * is replaced by bisection. Stops when f is zero within its rounding error, or the step or the bracket is a few ulps.
 */
function rootInGap(poles: Poles, right: number, c0: number, lo: number, hi: number, scale: number): number {
  const sums: Sums = { psi: 0, dpsi: 0, phi: 0, dphi: 0 };
  // An absolute resolution far below the few ε·‖G‖ of rounding error that G's decomposition leaves in every root; it
  // keeps a bisection towards a root at 0 from running on into subnormal numbers.
  const tiny = EPS * EPS * scale;
  const dl = right > 0 ? poles.at[right - 1]! : Number.NaN;
  const dr = poles.at[right]!;
  let y = lo + 0.5 * (hi - lo);
  let previous = Number.POSITIVE_INFINITY;
  let modelStep = false;
  for (let iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
    evaluate(poles, right, y, sums);
    const f = c0 + sums.psi + sums.phi;
    // psi ≤ 0 ≤ phi, so phi − psi is Σ|terms|; each term and the sum carry a few ulps of error.
    if (f === 0 || Math.abs(f) <= 4 * EPS * (Math.abs(c0) + sums.phi - sums.psi)) {
      return y;
    }
    if (f < 0) {
      lo = y;
    } else {
      hi = y;
    }
    const width = hi - lo;
    if (width <= 2 * EPS * Math.max(Math.abs(lo), Math.abs(hi)) + tiny) {
      return lo + 0.5 * width;
    }
    // The model converges quadratically once close: a model step that fails to halve |f| is followed by a bisection.
    const stalled: boolean = modelStep && Math.abs(f) > 0.5 * previous;
    previous = Math.abs(f);
    const model: number = stalled ? Number.NaN : modelRoot(c0, sums, y, dl, dr);
    if (Math.abs(model - y) <= 2 * EPS * Math.abs(y) + tiny) {
      // The model puts the root within rounding of y (maybe just past the bracket end that y now is).
      return y;
    }
    modelStep = model > lo && model < hi;
    y = modelStep ? model : lo + 0.5 * width;
  }
  return y;
}

/**
 * The root in (dl, dr) of c + s/(dl − x) + S/(dr − x), the two-pole model of f at y (s = 0 without a left pole,
 * dl NaN); NaN when rounding leaves it no root there. It is found as the distance from the pole nearer to y, which
 * near convergence is the pole nearer to the root, so that a root close to a pole keeps its relative accuracy.
 */
function modelRoot(c0: number, sums: Sums, y: number, dl: number, dr: number): number {
  const toRight = dr - y;
  const bigS = sums.dphi * toRight * toRight;
  const b0 = sums.phi - sums.dphi * toRight;
  if (Number.isNaN(dl)) {
    const c = c0 + sums.psi + b0;
    return c < 0 ? dr + bigS / c : Number.NaN;
  }
  const fromLeft = y - dl;
  const s = sums.dpsi * fromLeft * fromLeft;
  const c = c0 + sums.psi + sums.dpsi * fromLeft + b0;
  const delta = dr - dl;
  // With x = dl + t the model is c·t² − (c·Δ + s + S)·t + s·Δ = 0; with x = dr − t, the same with (−c, S, s).
  return fromLeft <= toRight ? dl + rootFromPole(c, s, bigS, delta) : dr - rootFromPole(-c, bigS, s, delta);
}

/** The root in (0, Δ) of c·t² − (c·Δ + near + far)·t + near·Δ, in the form that does not cancel; NaN if none. */
function rootFromPole(c: number, near: number, far: number, delta: number): number {
  const b = c * delta + near + far;
  if (c === 0) {
    return (near * delta) / (near + far);
  }
  const root = Math.sqrt(Math.max(0, b * b - 4 * c * near * delta));
  const q = b >= 0 ? b + root : b - root;
  const t1 = q / (2 * c);
  const t2 = q === 0 ? Number.NaN : (2 * near * delta) / q;
  return t1 > 0 && t1 < delta ? t1 : t2;
}
