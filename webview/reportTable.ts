/**
 * The final report: every network the run trained, the latency budget's figures when it had one, original against
 * adjusted network, then every layer's width (rows from reportModel.ts).
 */
import { el, replaceChildren } from './dom.js';
import type { Figure, NetworkRow } from './networksModel.js';
import type { ReportRow, ReportView } from './reportModel.js';

export function renderReport(container: HTMLElement, view: ReportView | undefined): void {
  if (!view) {
    replaceChildren(container);
    return;
  }
  replaceChildren(
    container,
    networksTable(view.networks),
    view.latency.length > 0 && latencyTable(view.latency),
    table('Original and adjusted network, each trained from scratch with the same recipe', ['', 'original', 'adjusted', 'Δ'], view.metrics, 'report-metrics'),
    el('p', { className: 'note', text: `Adjusted model: ${view.adjustedModelFile}` }),
    table('Width per layer', ['layer', 'original', 'adjusted', 'Δ'], view.layers, 'report-layers'),
  );
}

function networksTable(rows: readonly NetworkRow[]): HTMLTableElement {
  const predicted = rows.some((r) => r.predicted !== undefined);
  const headings = ['network', 'MACs', 'params', 'test accuracy', 'Δ vs original', 'latency', ...(predicted ? ['predicted'] : []), 'recipe'];
  return el(
    'table',
    { className: 'report', attrs: { id: 'report-networks' } },
    el('caption', { text: 'Every network of the run, tested on the same test set; latency is the median inference time per forward pass' }),
    head(headings, (h) => h !== 'network' && h !== 'recipe'),
    el(
      'tbody',
      {},
      ...rows.map((r) =>
        el(
          'tr',
          { attrs: { 'data-network': r.network } },
          el('th', { text: r.name, attrs: { scope: 'row' } }),
          el('td', { className: 'num', text: r.macs }),
          el('td', { className: 'num', text: r.params }),
          el('td', { className: 'num', text: r.accuracy }),
          el('td', { className: `num delta ${r.tone}`, text: r.delta }),
          el('td', { className: 'num', text: r.latency, ...(r.latencySpread ? { title: r.latencySpread } : {}) }),
          predicted && el('td', { className: 'num', text: r.predicted ?? '—', title: "The latency table's prediction for these widths" }),
          el('td', { text: r.recipe }),
        ),
      ),
    ),
  );
}

function latencyTable(figures: readonly Figure[]): HTMLTableElement {
  return el(
    'table',
    { className: 'report', attrs: { id: 'report-latency' } },
    el('caption', { text: 'Latency budget: the search held per-layer latency measured on this engine instead of MACs' }),
    el('tbody', {}, ...figures.map((f) => el('tr', { title: f.title }, el('th', { text: f.name, attrs: { scope: 'row' } }), el('td', { className: 'num', text: f.value })))),
  );
}

function table(caption: string, headings: readonly string[], rows: readonly ReportRow[], id: string): HTMLTableElement {
  return el('table', { className: 'report', attrs: { id } }, el('caption', { text: caption }), head(headings, (_, i) => i > 0), el('tbody', {}, ...rows.map(row)));
}

function head(headings: readonly string[], numeric: (heading: string, index: number) => boolean): HTMLTableSectionElement {
  return el('thead', {}, el('tr', {}, ...headings.map((h, i) => el('th', { text: h, className: numeric(h, i) ? 'num' : '', attrs: { scope: 'col' } }))));
}

function row(r: ReportRow): HTMLTableRowElement {
  return el(
    'tr',
    {},
    el('th', { text: r.name, attrs: { scope: 'row' } }),
    el('td', { className: 'num', text: r.original }),
    el('td', { className: 'num', text: r.adjusted }),
    el('td', { className: `num delta ${r.tone}`, text: r.delta }),
  );
}
