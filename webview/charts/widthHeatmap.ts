/**
 * Every searchable layer's width across the iterations, as a heatmap table: a row per layer, a column per
 * iteration, each cell tinted by how far the width moved from the original (green wider, red narrower). A table
 * rather than a canvas keeps the numbers readable and selectable, and lets a layer name link to the model file.
 */
import { withAlpha } from '../color.js';
import { el, replaceChildren } from '../dom.js';
import { formatRelative } from '../format.js';
import type { Palette } from '../theme.js';
import type { WidthGrid, WidthRow } from '../viewModel.js';

/** A width ratio of 2 (or ½) gets the strongest tint; smaller moves fade towards the background. */
const FULL_TINT_LOG2 = 1;

export class WidthHeatmap {
  readonly element: HTMLTableElement;
  private palette: Palette;
  private grid: WidthGrid = { columns: [], rows: [] };
  private readonly onLayer: (layer: string) => void;

  constructor(palette: Palette, onLayer: (layer: string) => void) {
    this.palette = palette;
    this.onLayer = onLayer;
    this.element = el('table', { className: 'heatmap', attrs: { 'aria-label': 'Layer widths across iterations' } });
  }

  update(grid: WidthGrid): void {
    this.grid = grid;
    const head = el('thead', {}, el('tr', {}, el('th', { text: 'layer' }), el('th', { text: 'original', className: 'num' }), ...grid.columns.map((c) => el('th', { text: c, className: 'num' }))));
    replaceChildren(this.element, head, el('tbody', {}, ...grid.rows.map((r) => this.row(r))));
  }

  retheme(palette: Palette): void {
    this.palette = palette;
    this.update(this.grid);
  }

  private row(row: WidthRow): HTMLTableRowElement {
    const link = el('button', { className: 'link', text: row.layer, title: `Show ${row.layer} in the model file` });
    link.addEventListener('click', () => this.onLayer(row.layer));
    return el('tr', {}, el('th', { attrs: { scope: 'row' } }, link), el('td', { className: 'num', text: String(row.original) }), ...row.widths.map((w) => this.cell(w, row.original)));
  }

  private cell(width: number | null, original: number): HTMLTableCellElement {
    if (width === null) {
      return el('td', { className: 'num', text: '—' });
    }
    const td = el('td', { className: 'num', text: String(width), title: `${width} channels (original ${original}, ${formatRelative(width, original)})` });
    const tint = tintOf(width, original, this.palette);
    if (tint) {
      // Through the CSSOM: the CSP blocks style attributes, not style properties set from script.
      td.style.backgroundColor = tint;
    }
    return td;
  }
}

/** The cell colour for `width` against `original`, or undefined when it did not move. */
export function tintOf(width: number, original: number, palette: Palette): string | undefined {
  if (width === original || original <= 0 || width <= 0) {
    return undefined;
  }
  const strength = Math.min(1, Math.abs(Math.log2(width / original)) / FULL_TINT_LOG2);
  return withAlpha(width > original ? palette.green : palette.red, 0.15 + 0.55 * strength);
}
