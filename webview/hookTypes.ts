/** The shape of `window.__netadjustPanel` (webview/testHook.ts). Types only, DOM-free: the Node-side browser tests import it. */

export interface DatasetSummary {
  readonly label: string;
  /** Points that carry a value (null gaps in the FUR chart's per-action datasets are not counted). */
  readonly points: number;
  /** The colour it is drawn in, to check theme switches. */
  readonly colour: string;
}

export interface ChartSummary {
  readonly labels: readonly string[];
  readonly datasets: readonly DatasetSummary[];
}

/** A reference line as last drawn, in CSS pixels of its canvas (canvas pixels at a device pixel ratio of 1): where along its scale, and its extent across the plot. */
export interface LineSummary {
  readonly value: number;
  readonly label: string;
  readonly vertical: boolean;
  readonly pixel: number;
  readonly from: number;
  readonly to: number;
}

/** A point of the accuracy-vs-MACs chart as last drawn: its marker's centre and its name's box, in CSS pixels of its canvas. */
export interface PointSummary {
  readonly name: string;
  readonly colour: string;
  readonly x: number;
  readonly y: number;
  readonly label: { readonly x: number; readonly y: number; readonly width: number; readonly height: number };
}

export interface PanelHook {
  charts(): Record<'loss' | 'accuracy' | 'cost' | 'fur' | 'tradeoff', ChartSummary>;
  /** The budget line of the MACs chart or the accuracy-vs-MACs chart; null where none is drawn. */
  budgetLine(chart: 'cost' | 'tradeoff'): LineSummary | null;
  tradeoffPoints(): readonly PointSummary[];
  runId(): string | undefined;
}
