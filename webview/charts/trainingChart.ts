/**
 * Loss or accuracy per epoch, one line per training of the run. Search iterations are shades of one colour (the
 * latest strongest) so the eye follows the search; each final network gets its own colour (networkStyle.ts), dashed
 * where it is fine-tuned or distilled rather than trained from scratch.
 */
import { Chart, type ChartDataset } from 'chart.js';
import { withAlpha } from '../color.js';
import { defaultRecipe, networkColour, recipeDash } from '../networkStyle.js';
import type { Palette } from '../theme.js';
import type { Point, TrainingSeries } from '../viewModel.js';
import { axis, baseOptions } from './common.js';

export type TrainingMetric = 'loss' | 'accuracy';

export class TrainingChart {
  readonly chart: Chart<'line', Point[]>;
  private readonly metric: TrainingMetric;
  private palette: Palette;
  private series: readonly TrainingSeries[] = [];
  private iterations = 1;

  constructor(canvas: HTMLCanvasElement, metric: TrainingMetric, palette: Palette) {
    this.metric = metric;
    this.palette = palette;
    this.chart = new Chart(canvas, { type: 'line', data: { datasets: [] }, options: this.options() });
  }

  /** `iterations` is the run's planned count, so shades do not shift as iterations finish. */
  update(series: readonly TrainingSeries[], iterations: number): void {
    this.series = series;
    this.iterations = Math.max(1, iterations);
    this.chart.data.datasets = series.map((s) => this.dataset(s));
    this.chart.update();
  }

  retheme(palette: Palette): void {
    this.palette = palette;
    this.chart.options = this.options();
    this.update(this.series, this.iterations);
  }

  private dataset(s: TrainingSeries): ChartDataset<'line', Point[]> {
    const colour = this.colour(s);
    const final = s.kind !== 'iteration';
    return {
      label: s.label,
      data: s.points.map((p) => ({ ...p })),
      borderColor: colour,
      backgroundColor: colour,
      borderWidth: final ? 2 : 1.5,
      borderDash: s.network ? recipeDash(defaultRecipe(s.network)) : [],
      pointRadius: s.points.length > 40 ? 0 : 2,
      tension: 0.2,
    };
  }

  private colour(s: TrainingSeries): string {
    if (s.network) {
      return networkColour(this.palette, s.network);
    }
    return withAlpha(this.palette.blue, 0.35 + (0.65 * ((s.iteration ?? 0) + 1)) / this.iterations);
  }

  private options(): Chart<'line', Point[]>['options'] {
    const p = this.palette;
    const percent = this.metric === 'accuracy';
    return {
      ...baseOptions<'line'>(p),
      scales: {
        x: axis(p, 'epoch', { type: 'linear', ticks: { color: p.muted, precision: 0 } }),
        y: axis(p, percent ? 'training accuracy' : 'training loss', {
          type: 'linear',
          ticks: { color: p.muted, ...(percent ? { callback: (v: number | string) => `${Math.round(Number(v) * 100)} %` } : {}) },
        }),
      },
    } as Chart<'line', Point[]>['options'];
  }
}
