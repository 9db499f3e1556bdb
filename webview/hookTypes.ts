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

export interface PanelHook {
  charts(): Record<'loss' | 'accuracy' | 'cost' | 'fur', ChartSummary>;
  runId(): string | undefined;
}
