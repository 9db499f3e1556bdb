/** The final report: original against adjusted network, then every layer's width (rows from reportModel.ts). */
import { el, replaceChildren } from './dom.js';
import type { ReportRow, ReportView } from './reportModel.js';

export function renderReport(container: HTMLElement, view: ReportView | undefined): void {
  if (!view) {
    replaceChildren(container);
    return;
  }
  replaceChildren(
    container,
    table('Original and adjusted network, each trained from scratch with the same recipe', ['', 'original', 'adjusted', 'Δ'], view.metrics, 'report-metrics'),
    el('p', { className: 'note', text: `Adjusted model: ${view.adjustedModelFile}` }),
    table('Width per layer', ['layer', 'original', 'adjusted', 'Δ'], view.layers, 'report-layers'),
  );
}

function table(caption: string, headings: readonly string[], rows: readonly ReportRow[], id: string): HTMLTableElement {
  return el(
    'table',
    { className: 'report', attrs: { id } },
    el('caption', { text: caption }),
    el('thead', {}, el('tr', {}, ...headings.map((h, i) => el('th', { text: h, className: i > 0 ? 'num' : '', attrs: { scope: 'col' } })))),
    el('tbody', {}, ...rows.map(row)),
  );
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
