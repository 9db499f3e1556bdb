/**
 * Chart.js set-up shared by every chart. Only the pieces the panel uses are registered, so esbuild drops the rest
 * of the library. Chart.js draws on canvas and sets element sizes through the CSSOM, so it runs under the panel's
 * strict CSP (no 'unsafe-inline', no 'unsafe-eval').
 */
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  ScatterController,
  Tooltip,
  type ChartOptions,
  type ChartType,
  type ScaleOptions,
} from 'chart.js';
import { withAlpha } from '../color.js';
import type { Palette } from '../theme.js';

let registered = false;

export function registerCharts(): void {
  if (!registered) {
    Chart.register(LineController, LineElement, PointElement, ScatterController, BarController, BarElement, LinearScale, CategoryScale, Legend, Tooltip);
    registered = true;
  }
}

/** Theme font and text colour for everything Chart.js draws that a chart's own options do not name. */
export function applyThemeDefaults(palette: Palette): void {
  Chart.defaults.color = palette.foreground;
  Chart.defaults.borderColor = palette.grid;
  Chart.defaults.font.family = palette.fontFamily;
  Chart.defaults.font.size = Math.max(10, palette.fontSize - 2);
}

/**
 * Options every chart starts from. No animation: live updates arrive every few seconds and a redraw must show the
 * new point at once (and the browser tests read pixels right after an update).
 */
export function baseOptions<T extends ChartType>(palette: Palette): ChartOptions<T> {
  return {
    animation: false,
    responsive: true,
    maintainAspectRatio: false,
    interaction: { mode: 'nearest', intersect: false },
    plugins: {
      legend: { position: 'bottom', labels: { color: palette.foreground, boxWidth: 12, boxHeight: 12, padding: 8 } },
      tooltip: { backgroundColor: palette.background, titleColor: palette.foreground, bodyColor: palette.foreground, borderColor: palette.grid, borderWidth: 1 },
    },
  } as ChartOptions<T>;
}

/** A themed axis with a title. */
export function axis(palette: Palette, title: string, extra: Record<string, unknown> = {}): ScaleOptions {
  return {
    // Theme chart lines at full strength would outshine the data; the axis line itself keeps them.
    grid: { color: withAlpha(palette.grid, 0.45) },
    border: { color: palette.grid },
    ticks: { color: palette.muted },
    title: { display: title !== '', text: title, color: palette.muted },
    ...extra,
  } as ScaleOptions;
}

