/**
 * FUR of every layer group in the latest iteration, as horizontal bars sorted most useful first and coloured by
 * what the update did with the group: grown, shrunk or kept. One dataset per action with `grouped: false` gives
 * a real legend while each row still holds a single full-height bar.
 */
import { Chart, type ChartDataset } from 'chart.js';
import { withAlpha } from '../color.js';
import { formatFur } from '../format.js';
import type { Palette } from '../theme.js';
import type { FurAction, FurBar, FurView } from '../viewModel.js';
import { axis, baseOptions } from './common.js';

type FurChartType = Chart<'bar', (number | null)[], string>;

const ACTIONS: readonly { action: FurAction; label: string }[] = [
  { action: 'grow', label: 'grown' },
  { action: 'shrink', label: 'shrunk' },
  { action: 'keep', label: 'kept' },
];

/** Pixel height per bar; the canvas grows with the number of groups so names stay readable. */
export const FUR_ROW_HEIGHT = 18;

/** Pixels the axis, its title and the legend take whatever the rows: a network of few layers still gets real bars. */
export const FUR_CHART_CHROME = 96;

export class FurChart {
  readonly chart: FurChartType;
  private palette: Palette;
  private bars: readonly FurBar[] = [];

  constructor(canvas: HTMLCanvasElement, palette: Palette) {
    this.palette = palette;
    this.chart = new Chart(canvas, { type: 'bar', data: { labels: [], datasets: [] }, options: this.options() });
  }

  update(view: FurView | undefined): void {
    this.bars = view?.bars ?? [];
    this.chart.data.labels = this.bars.map((b) => b.group);
    this.chart.data.datasets = ACTIONS.map(({ action, label }) => this.dataset(action, label));
    this.chart.update();
  }

  retheme(palette: Palette): void {
    this.palette = palette;
    this.chart.options = this.options();
    this.update({ iteration: 0, bars: this.bars });
  }

  private dataset(action: FurAction, label: string): ChartDataset<'bar', (number | null)[]> {
    const colour = action === 'grow' ? this.palette.green : action === 'shrink' ? this.palette.red : withAlpha(this.palette.foreground, 0.45);
    return {
      label,
      data: this.bars.map((b) => (b.action === action ? b.fur : null)),
      backgroundColor: colour,
      borderColor: colour,
      grouped: false,
      barPercentage: 0.85,
      categoryPercentage: 1,
    };
  }

  private options(): FurChartType['options'] {
    const p = this.palette;
    return {
      ...baseOptions<'bar'>(p),
      indexAxis: 'y',
      interaction: { mode: 'nearest', axis: 'y', intersect: false },
      scales: {
        x: axis(p, 'FUR (held-out loss increase)', { type: 'linear', ticks: { color: p.muted, maxTicksLimit: 5, callback: (v: number | string) => formatFur(Number(v)) } }),
        y: axis(p, '', { type: 'category', ticks: { color: p.foreground, autoSkip: false } }),
      },
      plugins: {
        ...baseOptions<'bar'>(p).plugins,
        tooltip: { ...baseOptions<'bar'>(p).plugins?.tooltip, callbacks: { label: (item) => this.tooltip(item.dataIndex) } },
      },
    } as FurChartType['options'];
  }

  /** "FUR 3.84e-3 · width 42 → 47": what the bar means for the layer. */
  private tooltip(index: number): string {
    const bar = this.bars[index];
    return bar ? `FUR ${formatFur(bar.fur)} · width ${bar.width} → ${bar.nextWidth}` : '';
  }
}
