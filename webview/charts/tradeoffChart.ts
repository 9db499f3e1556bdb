/**
 * Test accuracy against MACs, one labelled point per network of the report — original, uniformly scaled, adjusted,
 * adjusted with distillation, pruned — with the run's MAC budget as a dashed vertical line. One dataset per
 * network gives each a legend entry and its own colour; the marker says how it was trained (networkStyle.ts).
 */
import { Chart, type ChartDataset, type Plugin } from 'chart.js';
import { formatCount, formatPercent } from '../format.js';
import { networkColour, RECIPE_NAMES, RECIPE_POINT_STYLE } from '../networkStyle.js';
import type { Palette } from '../theme.js';
import type { Range, TradeoffPoint, TradeoffView } from '../tradeoffModel.js';
import type { Point } from '../viewModel.js';
import { axis, baseOptions } from './common.js';
import { placeLabels, type Box } from './labelLayout.js';
import { referenceLinePlugin, type DrawnLine, type ReferenceLine } from './referenceLine.js';

type TradeoffChartType = Chart<'scatter', Point[]>;

/** A point as drawn: its network's name and where its marker and its name are on the canvas. */
export interface DrawnPoint {
  readonly name: string;
  readonly colour: string;
  readonly x: number;
  readonly y: number;
  readonly label: Box;
}

const POINT_RADIUS = 6;

export class TradeoffChart {
  readonly chart: TradeoffChartType;
  private palette: Palette;
  private view: TradeoffView | undefined;
  private drawnPoints: DrawnPoint[] = [];
  private readonly budget: ReturnType<typeof referenceLinePlugin>;

  constructor(canvas: HTMLCanvasElement, palette: Palette) {
    this.palette = palette;
    this.budget = referenceLinePlugin(() => this.budgetLine(), () => this.palette);
    this.chart = new Chart(canvas, {
      type: 'scatter',
      data: { datasets: [] },
      options: this.options(),
      plugins: [this.budget.plugin as Plugin<'scatter'>, this.namesPlugin()],
    });
  }

  update(view: TradeoffView | undefined): void {
    this.view = view;
    this.chart.options = this.options();
    this.chart.data.datasets = (view?.points ?? []).map((p) => this.dataset(p));
    this.chart.update();
  }

  retheme(palette: Palette): void {
    this.palette = palette;
    this.update(this.view);
  }

  /** Where the budget line went on the last draw, if there is one. */
  budgetDrawn(): DrawnLine | undefined {
    return this.budget.drawn();
  }

  /** Every visible point and its name as last drawn. */
  points(): readonly DrawnPoint[] {
    return this.drawnPoints;
  }

  private budgetLine(): ReferenceLine | undefined {
    const macs = this.view?.budgetMacs;
    return macs === undefined ? undefined : { scaleId: 'x', value: macs, label: `budget ${formatCount(macs)}` };
  }

  private dataset(p: TradeoffPoint): ChartDataset<'scatter', Point[]> {
    const colour = networkColour(this.palette, p.network);
    return {
      label: p.name,
      data: [{ x: p.macs, y: p.accuracy }],
      backgroundColor: colour,
      borderColor: colour,
      pointStyle: RECIPE_POINT_STYLE[p.recipe],
      pointRadius: POINT_RADIUS,
      pointHoverRadius: POINT_RADIUS + 2,
    };
  }

  /** Writes each visible point's network name beside it, placed clear of the others (labelLayout.ts). */
  private namesPlugin(): Plugin<'scatter'> {
    return {
      id: 'netadjustPointNames',
      afterDatasetsDraw: (chart) => {
        const p = this.palette;
        const ctx = chart.ctx;
        ctx.save();
        ctx.font = `${Math.max(10, p.fontSize - 1)}px ${p.fontFamily}`;
        ctx.textAlign = 'left';
        ctx.textBaseline = 'middle';
        const shown = chart.data.datasets.flatMap((d, i) => {
          const element = chart.getDatasetMeta(i).data[0];
          return chart.isDatasetVisible(i) && element ? [{ name: d.label ?? '', colour: String(d.borderColor), x: element.x, y: element.y }] : [];
        });
        const height = Math.max(10, p.fontSize - 1) + 4;
        const boxes = placeLabels(
          shown.map((s) => ({ x: s.x, y: s.y, width: ctx.measureText(s.name).width + 2, height })),
          chart.chartArea,
        );
        ctx.fillStyle = p.foreground;
        shown.forEach((s, i) => ctx.fillText(s.name, boxes[i]!.x + 1, boxes[i]!.y + height / 2));
        ctx.restore();
        this.drawnPoints = shown.map((s, i) => ({ ...s, label: boxes[i]! }));
      },
    };
  }

  private options(): TradeoffChartType['options'] {
    const p = this.palette;
    const base = baseOptions<'scatter'>(p);
    const view = this.view;
    return {
      ...base,
      interaction: { mode: 'nearest', intersect: true },
      plugins: {
        ...base.plugins,
        legend: { ...base.plugins?.legend, labels: { ...base.plugins?.legend?.labels, usePointStyle: true } },
        tooltip: { ...base.plugins?.tooltip, callbacks: { label: (item) => this.tooltip(item.datasetIndex) } },
      },
      scales: {
        // Suggested bounds: the axes hold the points, their names and the budget, and still end on round ticks.
        x: axis(p, 'MACs', { type: 'linear', ...suggested(view?.x), ticks: { color: p.muted, maxTicksLimit: 6, callback: (v: number | string) => formatCount(Number(v)) } }),
        y: axis(p, 'test accuracy', { type: 'linear', ...suggested(view?.y), ticks: { color: p.muted, maxTicksLimit: 6, callback: (v: number | string) => formatPercent(Number(v), 1) } }),
      },
    } as TradeoffChartType['options'];
  }

  /** "adjusted: 35.84 M MACs · 58.12 % · from scratch". */
  private tooltip(index: number): string {
    const point = this.view?.points[index];
    return point ? `${point.name}: ${formatCount(point.macs)} MACs · ${formatPercent(point.accuracy)} · ${RECIPE_NAMES[point.recipe]}` : '';
  }
}

function suggested(range: Range | undefined): { suggestedMin?: number; suggestedMax?: number } {
  return range ? { suggestedMin: range.min, suggestedMax: range.max } : {};
}
