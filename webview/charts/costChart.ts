/**
 * MACs and parameters of the network each iteration trained (after the uniformly scaled start under a budget, and
 * before the adjusted one), on two axes: the method holds MACs at the budget — the original's, or the run's target
 * drawn as a dashed line — so the MACs line is flat by design while parameters move.
 */
import { Chart, type Plugin } from 'chart.js';
import { formatCount } from '../format.js';
import type { Palette } from '../theme.js';
import type { CostSeries } from '../viewModel.js';
import { axis, baseOptions } from './common.js';
import { referenceLinePlugin, type DrawnLine, type ReferenceLine } from './referenceLine.js';

type CostChartType = Chart<'line', number[], string>;

export const EMPTY_COSTS: CostSeries = { budgetMacs: 0, budgetLabel: '', labels: [], macs: [], params: [] };

/** Half-width of the smallest MACs axis range, relative to the original MACs. */
const MACS_WINDOW = 0.02;

export class CostChart {
  readonly chart: CostChartType;
  private palette: Palette;
  private costs: CostSeries = EMPTY_COSTS;
  private readonly budget: ReturnType<typeof referenceLinePlugin>;

  constructor(canvas: HTMLCanvasElement, palette: Palette) {
    this.palette = palette;
    this.budget = referenceLinePlugin(() => this.budgetLine(), () => this.palette);
    this.chart = new Chart(canvas, { type: 'line', data: { labels: [], datasets: [] }, options: this.options(), plugins: [this.budget.plugin as Plugin<'line'>] });
  }

  update(costs: CostSeries): void {
    const budgetChanged = costs.budgetMacs !== this.costs.budgetMacs || costs.budgetLabel !== this.costs.budgetLabel;
    this.costs = costs;
    if (budgetChanged) {
      this.chart.options = this.options();
    }
    const p = this.palette;
    this.chart.data.labels = [...costs.labels];
    this.chart.data.datasets = [
      { label: 'MACs', data: [...costs.macs], yAxisID: 'macs', borderColor: p.blue, backgroundColor: p.blue, pointRadius: 3, borderWidth: 2 },
      { label: 'params', data: [...costs.params], yAxisID: 'params', borderColor: p.purple, backgroundColor: p.purple, pointRadius: 3, borderWidth: 2, borderDash: [5, 3] },
    ];
    this.chart.update();
  }

  retheme(palette: Palette): void {
    this.palette = palette;
    this.chart.options = this.options();
    this.update(this.costs);
  }

  /** Where the budget line went on the last draw, if there is one. */
  budgetDrawn(): DrawnLine | undefined {
    return this.budget.drawn();
  }

  /** Nothing to draw before the first iteration, nor under a latency budget (MACs are not what it holds). */
  private budgetLine(): ReferenceLine | undefined {
    const { budgetMacs, budgetLabel, labels } = this.costs;
    return budgetMacs > 0 && labels.length > 0 ? { scaleId: 'macs', value: budgetMacs, label: `${budgetLabel} ${formatCount(budgetMacs)}` } : undefined;
  }

  private options(): CostChartType['options'] {
    const p = this.palette;
    const ticks = { color: p.muted, maxTicksLimit: 6, callback: (v: number | string) => formatCount(Number(v)) };
    const base = baseOptions<'line'>(p);
    return {
      ...base,
      // Point-style legend markers: a dashed line's legend box is unreadable at 12 px.
      plugins: { ...base.plugins, legend: { ...base.plugins?.legend, labels: { ...base.plugins?.legend?.labels, usePointStyle: true } } },
      scales: {
        x: axis(p, 'iteration', { type: 'category' }),
        // At least ±2 % around the budget: the rescale keeps MACs within about 1 %, which then reads as the flat
        // line it is, while a real drift beyond the tolerance still shows. Not from zero, which would flatten it.
        macs: axis(p, 'MACs', { type: 'linear', position: 'left', ...this.macsWindow(), ticks }),
        params: axis(p, 'params', { type: 'linear', position: 'right', grace: '5%', ticks, grid: { drawOnChartArea: false } }),
      },
    } as CostChartType['options'];
  }

  private macsWindow(): { suggestedMin?: number; suggestedMax?: number } {
    const budget = this.costs.budgetMacs;
    return budget > 0 ? { suggestedMin: budget * (1 - MACS_WINDOW), suggestedMax: budget * (1 + MACS_WINDOW) } : {};
  }
}
