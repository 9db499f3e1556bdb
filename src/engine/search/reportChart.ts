/**
 * `accuracy-vs-macs.svg`: every network of the report as a labelled point, test accuracy against MACs, with the
 * budget as a vertical line — the comparison at a glance for people reading `report.md` outside the editor (the
 * editor's panel draws the same chart with Chart.js). Plain SVG 1.1, no scripts, readable on light and dark pages.
 */
import { formatCompact } from '../../model/table.js';
import type { RunReport } from '../../protocol/types.js';
import { resultRows } from './reportRows.js';

export const CHART_FILE = 'accuracy-vs-macs.svg';

const [W, H] = [860, 400];
/** The plot's margins; the legend (one row per network: colour, name, accuracy, MACs) fills the right margin. */
const PAD = { left: 64, right: 340, top: 32, bottom: 52 };
const LEGEND_ROW = 22;
const COLORS = ['#6b7280', '#d97706', '#2563eb', '#7c3aed', '#059669', '#db2777', '#0891b2'];

export function accuracyChartSvg(report: RunReport, budgetMacs?: number): string {
  const rows = resultRows(report);
  const xs = [...rows.map(([, r]) => r.macs), ...(budgetMacs ? [budgetMacs] : [])];
  const ys = rows.map(([, r]) => r.testAccuracy * 100);
  const x = scale(niceRange(Math.min(...xs), Math.max(...xs)), [PAD.left, W - PAD.right]);
  const y = scale(niceRange(Math.min(...ys), Math.max(...ys)), [H - PAD.bottom, PAD.top]);
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<title>Test accuracy against MACs: ${rows.map(([n]) => n).join(', ')}</title>`,
    `<rect width="${W}" height="${H}" fill="#ffffff"/>`,
    ...axes(x, y),
    ...(budgetMacs ? [`<line x1="${x.at(budgetMacs)}" x2="${x.at(budgetMacs)}" y1="${PAD.top}" y2="${H - PAD.bottom}" stroke="#dc2626" stroke-dasharray="6 4"/>`, `<text x="${x.at(budgetMacs) + 4}" y="${PAD.top + 12}" fill="#dc2626">budget</text>`] : []),
    // Networks at the same budget crowd one spot, so names go in the legend, not beside the points; a point's
    // tooltip and its legend row carry the same numbers.
    ...rows.flatMap(([name, r], i) => {
      const [px, py] = [x.at(r.macs), y.at(r.testAccuracy * 100)];
      const color = COLORS[i % COLORS.length]!;
      const figures = `${(r.testAccuracy * 100).toFixed(2)} % · ${formatCompact(r.macs)} MACs`;
      const ly = PAD.top + 8 + i * LEGEND_ROW;
      const lx = W - PAD.right + 24;
      return [
        `<circle cx="${px.toFixed(1)}" cy="${py.toFixed(1)}" r="5" fill="${color}" fill-opacity="0.85" stroke="#ffffff"><title>${escape(name)}: ${figures}</title></circle>`,
        `<circle cx="${lx}" cy="${ly}" r="5" fill="${color}"/>`,
        `<text x="${lx + 12}" y="${ly + 4}" fill="#111827">${escape(name)}</text>`,
        `<text x="${W - 12}" y="${ly + 4}" text-anchor="end" fill="#374151">${figures}</text>`,
      ];
    }),
    '</svg>',
  ];
  return `${parts.join('\n')}\n`;
}

interface Scale {
  readonly lo: number;
  readonly hi: number;
  readonly step: number;
  at(v: number): number;
}

function axes(x: Scale, y: Scale): string[] {
  const out = [
    `<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${H - PAD.bottom}" y2="${H - PAD.bottom}" stroke="#374151"/>`,
    `<line x1="${PAD.left}" x2="${PAD.left}" y1="${PAD.top}" y2="${H - PAD.bottom}" stroke="#374151"/>`,
    `<text x="${(PAD.left + W - PAD.right) / 2}" y="${H - 12}" text-anchor="middle" fill="#111827">MACs</text>`,
    `<text transform="translate(16 ${(PAD.top + H - PAD.bottom) / 2}) rotate(-90)" text-anchor="middle" fill="#111827">test accuracy (%)</text>`,
  ];
  for (const v of ticks(x)) {
    out.push(`<text x="${x.at(v).toFixed(1)}" y="${H - PAD.bottom + 16}" text-anchor="middle" fill="#374151">${formatCompact(v)}</text>`);
  }
  for (const v of ticks(y)) {
    out.push(`<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${y.at(v).toFixed(1)}" y2="${y.at(v).toFixed(1)}" stroke="#e5e7eb"/>`);
    out.push(`<text x="${PAD.left - 6}" y="${(y.at(v) + 4).toFixed(1)}" text-anchor="end" fill="#374151">${Number(v.toFixed(6))}</text>`);
  }
  return out;
}

function ticks(s: Scale): number[] {
  const out: number[] = [];
  for (let v = s.lo; v <= s.hi + s.step / 2; v += s.step) {
    out.push(v);
  }
  return out;
}

/** A range padded to round steps (1, 2 or 5 × 10ⁿ, about five of them), never empty. */
function niceRange(min: number, max: number): { lo: number; hi: number; step: number } {
  const span = max - min || Math.abs(max) || 1;
  const raw = span / 5;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw)!;
  return { lo: Math.floor((min - span * 0.05) / step) * step, hi: Math.ceil((max + span * 0.05) / step) * step, step };
}

function scale(r: { lo: number; hi: number; step: number }, [a, b]: [number, number]): Scale {
  return { ...r, at: (v) => a + ((v - r.lo) / (r.hi - r.lo)) * (b - a) };
}

function escape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
