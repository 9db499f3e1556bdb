/**
 * The panel: lays out the header, the charts, accuracy against MACs of every final network, the width heatmap and
 * the report, and redraws them from the state.
 * Every part is a function of the snapshot, so a reload or a finished run reopened from its folder draws exactly
 * what the live run drew.
 */
import type { WebviewToHost } from '../src/protocol/webview.js';
import { applyThemeDefaults, registerCharts } from './charts/common.js';
import { CostChart, EMPTY_COSTS } from './charts/costChart.js';
import { FUR_CHART_CHROME, FUR_ROW_HEIGHT, FurChart } from './charts/furChart.js';
import { TradeoffChart } from './charts/tradeoffChart.js';
import { TrainingChart } from './charts/trainingChart.js';
import { WidthHeatmap } from './charts/widthHeatmap.js';
import { el } from './dom.js';
import { Header } from './header.js';
import { actions, headerView, waitingForFirstEpoch } from './headerModel.js';
import { reportView } from './reportModel.js';
import { renderReport } from './reportTable.js';
import type { PanelState } from './state.js';
import type { Palette } from './theme.js';
import { tradeoffView } from './tradeoffModel.js';
import { costSeries, furView, trainingCurves, widthGrid } from './viewModel.js';

/** A titled block of the panel that is hidden while it has nothing to show. */
interface Section {
  readonly element: HTMLElement;
  readonly caption: HTMLElement;
  readonly body: HTMLElement;
}

export class Panel {
  readonly header: Header;
  readonly loss: TrainingChart;
  readonly accuracy: TrainingChart;
  readonly cost: CostChart;
  readonly fur: FurChart;
  readonly tradeoff: TradeoffChart;
  readonly widths: WidthHeatmap;
  private readonly waiting: HTMLElement;
  private readonly sections: Record<'loss' | 'accuracy' | 'cost' | 'fur' | 'tradeoff' | 'widths' | 'report', Section>;
  /** The snapshot last drawn: batch-level progress changes only the header, so charts redraw on a new snapshot only. */
  private drawn: PanelState['snapshot'] | null = null;

  constructor(root: HTMLElement, palette: Palette, post: (message: WebviewToHost) => void) {
    registerCharts();
    applyThemeDefaults(palette);
    this.header = new Header(post);
    this.waiting = el('section', { className: 'waiting', attrs: { id: 'waiting' } }, el('vscode-progress-ring'), el('span', { text: 'Waiting for the first epoch…' }));
    this.sections = {
      loss: canvasSection('loss', 'Training loss per epoch'),
      accuracy: canvasSection('accuracy', 'Training accuracy per epoch'),
      cost: canvasSection('cost', 'MACs and parameters per iteration'),
      fur: canvasSection('fur', 'FUR per layer'),
      tradeoff: canvasSection('tradeoff', 'Test accuracy vs MACs, one point per network'),
      widths: section('widths', 'Widths across iterations'),
      report: section('report', 'Report'),
    };
    this.loss = new TrainingChart(canvasOf(this.sections.loss), 'loss', palette);
    this.accuracy = new TrainingChart(canvasOf(this.sections.accuracy), 'accuracy', palette);
    this.cost = new CostChart(canvasOf(this.sections.cost), palette);
    this.fur = new FurChart(canvasOf(this.sections.fur), palette);
    this.tradeoff = new TradeoffChart(canvasOf(this.sections.tradeoff), palette);
    this.widths = new WidthHeatmap(palette, (layer) => {
      const runId = this.drawn?.manifest.runId;
      if (runId !== undefined) {
        post({ kind: 'revealLayer', runId, layer });
      }
    });
    this.sections.widths.body.append(this.widths.element);
    const s = this.sections;
    const charts = el('div', { className: 'grid' }, s.loss.element, s.accuracy.element, s.cost.element, s.fur.element);
    root.replaceChildren(this.header.element, this.waiting, charts, s.tradeoff.element, s.widths.element, s.report.element);
  }

  render(state: PanelState): void {
    const snapshot = state.snapshot;
    this.header.update(headerView(state), actions(snapshot));
    this.waiting.hidden = !waitingForFirstEpoch(snapshot);
    if (snapshot === this.drawn) {
      return;
    }
    this.drawn = snapshot;
    const curves = trainingCurves(snapshot?.epochs ?? []);
    const iterations = snapshot?.manifest.settings.iterations ?? 1;
    this.loss.update(curves.loss, iterations);
    this.accuracy.update(curves.accuracy, iterations);
    this.sections.loss.element.hidden = this.sections.accuracy.element.hidden = curves.loss.length === 0;
    this.drawIterations(snapshot);
    const tradeoff = tradeoffView(snapshot);
    this.tradeoff.update(tradeoff);
    this.sections.tradeoff.element.hidden = !tradeoff;
    renderReport(this.sections.report.body, snapshot?.report ? reportView(snapshot.report) : undefined);
    this.sections.report.element.hidden = !snapshot?.report;
  }

  retheme(palette: Palette): void {
    applyThemeDefaults(palette);
    for (const part of [this.loss, this.accuracy, this.cost, this.fur, this.tradeoff, this.widths]) {
      part.retheme(palette);
    }
  }

  private drawIterations(snapshot: PanelState['snapshot']): void {
    const none = !snapshot || snapshot.iterations.length === 0;
    const fur = snapshot ? furView(snapshot.iterations) : undefined;
    this.cost.update(snapshot ? costSeries(snapshot) : EMPTY_COSTS);
    this.fur.update(fur);
    // A bar per group at a readable height; Chart.js follows its container's size.
    this.sections.fur.body.style.height = `${FUR_CHART_CHROME + FUR_ROW_HEIGHT * (fur?.bars.length ?? 0)}px`;
    this.sections.fur.caption.textContent = fur ? `FUR per layer, iteration ${fur.iteration + 1} (most useful first)` : 'FUR per layer';
    this.widths.update(snapshot ? widthGrid(snapshot) : { columns: [], rows: [] });
    for (const key of ['cost', 'fur', 'widths'] as const) {
      this.sections[key].element.hidden = none;
    }
  }
}

function section(id: string, title: string): Section {
  const caption = el('h2', { text: title });
  const content = el('div', { className: 'section-body' });
  return { element: el('section', { className: 'card', attrs: { id: `section-${id}` } }, caption, content), caption, body: content };
}

/** Chart.js sizes a canvas from its parent, so each canvas gets a box whose height the stylesheet sets. */
function canvasSection(id: string, title: string): Section {
  const caption = el('h2', { text: title });
  const box = el('div', { className: 'chart-box' }, el('canvas', { attrs: { id: `chart-${id}`, role: 'img', 'aria-label': title } }));
  return { element: el('section', { className: 'card', attrs: { id: `section-${id}` } }, caption, box), caption, body: box };
}

function canvasOf(s: Section): HTMLCanvasElement {
  return s.body.querySelector('canvas')!;
}
