/**
 * The final report's tables, already formatted: every network the run trained, original against adjusted, each
 * layer's width, and under a latency budget the latency table's figures. Pure; unit-tested.
 */
import type { RunReport } from '../src/protocol/types.js';
import { formatCount, formatPercent, formatRelative, formatSigned } from './format.js';
import { latencyFigures, networkRows, type Figure, type NetworkRow } from './networksModel.js';

/** Whether a change is good news, bad news or neither; the table colours the Δ cell by it. */
export type Tone = 'better' | 'worse' | 'same';

export interface ReportRow {
  readonly name: string;
  readonly original: string;
  readonly adjusted: string;
  readonly delta: string;
  readonly tone: Tone;
}

export interface ReportView {
  /** A row per network of the report, the original first. */
  readonly networks: readonly NetworkRow[];
  readonly metrics: readonly ReportRow[];
  readonly layers: readonly ReportRow[];
  readonly adjustedModelFile: string;
  /** Under a latency budget: how the latency table was made and how MACs and latency compare; empty otherwise. */
  readonly latency: readonly Figure[];
}

/**
 * MACs, params, test accuracy and loss, then every layer's width. MACs are held constant by the method, so a MACs
 * change is neither good nor bad; fewer params, higher accuracy and lower loss are better.
 */
export function reportView(report: RunReport): ReportView {
  const { original: o, adjusted: a } = report;
  const metrics: ReportRow[] = [
    { name: 'MACs', original: formatCount(o.macs), adjusted: formatCount(a.macs), delta: formatRelative(a.macs, o.macs), tone: 'same' },
    { name: 'params', original: formatCount(o.params), adjusted: formatCount(a.params), delta: formatRelative(a.params, o.params), tone: tone(o.params - a.params) },
    {
      name: 'test accuracy',
      original: formatPercent(o.testAccuracy),
      adjusted: formatPercent(a.testAccuracy),
      delta: formatSigned((a.testAccuracy - o.testAccuracy) * 100, 2, 'pp'),
      tone: tone(a.testAccuracy - o.testAccuracy),
    },
    { name: 'test loss', original: o.testLoss.toFixed(4), adjusted: a.testLoss.toFixed(4), delta: formatSigned(a.testLoss - o.testLoss, 4), tone: tone(o.testLoss - a.testLoss) },
  ];
  const layers = Object.entries(o.widths).map(([name, width]): ReportRow => {
    const adjusted = a.widths[name] ?? width;
    return { name, original: String(width), adjusted: String(adjusted), delta: formatSigned(adjusted - width, 0), tone: 'same' };
  });
  return { networks: networkRows(report), metrics, layers, adjustedModelFile: report.adjustedModelFile, latency: latencyFigures(report.latency) };
}

/** `gain` > 0 is an improvement. Differences below rounding noise count as none. */
function tone(gain: number): Tone {
  return Math.abs(gain) < 1e-9 ? 'same' : gain > 0 ? 'better' : 'worse';
}
