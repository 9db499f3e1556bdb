/**
 * A layer's latency as a function of its channels: piecewise-bilinear interpolation on the timed grid, linear
 * extrapolation beyond it (the end cells' planes continued), and an axis of one value is constant along it.
 *
 * The gradient is the interpolant's own: inside a cell the bilinear form's partial derivatives; on a grid line,
 * where the interpolant has a kink, the mean of the slopes on either side — the limit of a central difference,
 * so a finite-difference check of `value` agrees with it everywhere.
 */

export interface Surface {
  /** Ascending input-channel knots. */
  readonly xs: readonly number[];
  /** Ascending output-channel knots (one value: constant in y). */
  readonly ys: readonly number[];
  /** `values[i][j]` at `(xs[i], ys[j])`. */
  readonly values: readonly (readonly number[])[];
}

export interface SurfacePoint {
  readonly value: number;
  readonly dx: number;
  readonly dy: number;
}

/** The cells (index of their lower knot) a coordinate lies in: two on an interior knot, one elsewhere. */
function cells(knots: readonly number[], at: number): number[] {
  const last = knots.length - 2;
  if (last < 0) {
    return [];
  }
  let i = 0;
  while (i < last && at >= knots[i + 1]!) {
    i++;
  }
  return i > 0 && at === knots[i] ? [i - 1, i] : [i];
}

/** Position within cell i as a fraction (below 0 or above 1 when extrapolating), and the cell's width. */
function fraction(knots: readonly number[], i: number, at: number): { t: number; width: number } {
  const width = knots[i + 1]! - knots[i]!;
  return { t: (at - knots[i]!) / width, width };
}

/**
 * The surface's value and partial derivatives at (x, y). The value is clamped at 0 (a layer takes no negative time,
 * which far extrapolation toward zero channels could give); where it is, the derivatives are 0.
 */
export function evaluateSurface(s: Surface, x: number, y: number): SurfacePoint {
  const xCells = cells(s.xs, x);
  const yCells = cells(s.ys, y);
  const xAxis = xCells.length > 0 ? xCells : [-1];
  const yAxis = yCells.length > 0 ? yCells : [-1];
  // Value: any cell gives the same (the interpolant is continuous); slopes: mean over the cells on either side.
  const at = (i: number, j: number) => cellPoint(s, i, j, x, y);
  const value = at(xAxis[0]!, yAxis[0]!).value;
  const dx = xAxis.reduce((acc, i) => acc + at(i, yAxis[0]!).dx, 0) / xAxis.length;
  const dy = yAxis.reduce((acc, j) => acc + at(xAxis[0]!, j).dy, 0) / yAxis.length;
  return value > 0 ? { value, dx, dy } : { value: 0, dx: 0, dy: 0 };
}

/** Bilinear on cell (i, j); an index of −1 stands for an axis with a single knot (constant along it). */
function cellPoint(s: Surface, i: number, j: number, x: number, y: number): SurfacePoint {
  const v = (a: number, b: number) => s.values[Math.max(a, 0)]![Math.max(b, 0)]!;
  const fx = i < 0 ? { t: 0, width: 1 } : fraction(s.xs, i, x);
  const fy = j < 0 ? { t: 0, width: 1 } : fraction(s.ys, j, y);
  const [i1, j1] = [i < 0 ? 0 : i + 1, j < 0 ? 0 : j + 1];
  const [i0, j0] = [Math.max(i, 0), Math.max(j, 0)];
  const [v00, v10, v01, v11] = [v(i0, j0), v(i1, j0), v(i0, j1), v(i1, j1)];
  const { t } = fx;
  const u = fy.t;
  return {
    value: (1 - t) * (1 - u) * v00 + t * (1 - u) * v10 + (1 - t) * u * v01 + t * u * v11,
    dx: i < 0 ? 0 : ((1 - u) * (v10 - v00) + u * (v11 - v01)) / fx.width,
    dy: j < 0 ? 0 : ((1 - t) * (v01 - v00) + t * (v11 - v10)) / fy.width,
  };
}

/**
 * Lifts every value to the running maximum along both axes, so the surface never falls as channels grow. Timing
 * noise and kernel selection can make a wider layer time a little faster than a narrower one; left in, such dips
 * give negative marginal costs (B_g < 0 in the probe rates) and a cost that is not monotone in the rescale's scale
 * factor, whose bisection assumes it is. Along the input axis first, then the output axis: the result is
 * non-decreasing in both.
 */
export function monotoneValues(values: readonly (readonly number[])[]): number[][] {
  const out = values.map((row) => [...row]);
  for (let i = 1; i < out.length; i++) {
    out[i] = out[i]!.map((v, j) => Math.max(v, out[i - 1]![j]!));
  }
  for (const row of out) {
    for (let j = 1; j < row.length; j++) {
      row[j] = Math.max(row[j]!, row[j - 1]!);
    }
  }
  return out;
}
