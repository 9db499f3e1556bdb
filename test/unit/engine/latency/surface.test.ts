import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluateSurface, monotoneValues, type Surface } from '../../../../src/engine/latency/surface.js';

/** f(x, y) = 1 + 2x + 3y + 0.5xy is bilinear, so piecewise-bilinear interpolation of its grid values is exact. */
const f = (x: number, y: number) => 1 + 2 * x + 3 * y + 0.5 * x * y;
const xs = [4, 8, 16, 32];
const ys = [2, 6, 10];
const bilinear: Surface = { xs, ys, values: xs.map((x) => ys.map((y) => f(x, y))) };
/** Not bilinear: interpolation is exact only on the grid. */
const g = (x: number, y: number) => 0.3 + 0.01 * x * x + Math.sqrt(y) * x * 0.2;
const curved: Surface = { xs, ys, values: xs.map((x) => ys.map((y) => g(x, y))) };

const close = (a: number, b: number, tol = 1e-9) => assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${a} vs ${b}`);

describe('the latency surface', () => {
  it('is exact on every grid point', () => {
    xs.forEach((x, i) => ys.forEach((y, j) => close(evaluateSurface(curved, x, y).value, curved.values[i]![j]!)));
  });

  it('is linear between grid points along each axis, and reproduces a bilinear function everywhere', () => {
    const v = (x: number, y: number) => evaluateSurface(curved, x, y).value;
    // Midway along x on a grid line in y: the mean of the two knots.
    close(v(12, 6), (g(8, 6) + g(16, 6)) / 2);
    close(v(8, 8), (g(8, 6) + g(8, 10)) / 2);
    for (const [x, y] of [[5, 3], [13.5, 9.1], [30, 2.5], [1, 1], [50, 14], [0.5, 20]] as const) {
      close(evaluateSurface(bilinear, x, y).value, f(x, y));
    }
  });

  it('extrapolates linearly with the end cells beyond the grid', () => {
    const v = (x: number) => evaluateSurface(curved, x, 6).value;
    const slope = (g(32, 6) - g(16, 6)) / 16;
    close(v(40), g(32, 6) + 8 * slope);
    close(v(64), g(32, 6) + 32 * slope);
    close(v(2), g(4, 6) - 2 * ((g(8, 6) - g(4, 6)) / 4));
  });

  it('has derivatives equal to central finite differences, inside cells, on grid lines and beyond the grid', () => {
    const h = 1e-6;
    for (const [x, y] of [[5, 3], [8, 3], [16, 6], [12, 10], [4, 2], [32, 10], [40, 12], [3, 1]] as const) {
      const p = evaluateSurface(curved, x, y);
      const dx = (evaluateSurface(curved, x + h, y).value - evaluateSurface(curved, x - h, y).value) / (2 * h);
      const dy = (evaluateSurface(curved, x, y + h).value - evaluateSurface(curved, x, y - h).value) / (2 * h);
      close(p.dx, dx, 1e-6);
      close(p.dy, dy, 1e-6);
    }
  });

  it('is constant along an axis with one knot, with a zero derivative there', () => {
    const row: Surface = { xs: [8, 16], ys: [10], values: [[1], [3]] };
    const p = evaluateSurface(row, 12, 99);
    assert.deepEqual(p, { value: 2, dx: 0.25, dy: 0 });
    assert.deepEqual(evaluateSurface({ xs: [3], ys: [5], values: [[0.7]] }, 10, 10), { value: 0.7, dx: 0, dy: 0 });
  });

  it('never predicts negative time, far below the grid', () => {
    const steep: Surface = { xs: [10, 20], ys: [1], values: [[1], [5]] };
    assert.deepEqual(evaluateSurface(steep, 2, 1), { value: 0, dx: 0, dy: 0 });
  });

  it('lifts timing dips to the running maximum along both axes', () => {
    assert.deepEqual(monotoneValues([[1, 3, 2], [0.5, 4, 4.5], [2, 1, 6]]), [[1, 3, 3], [1, 4, 4.5], [2, 4, 6]]);
  });
});
