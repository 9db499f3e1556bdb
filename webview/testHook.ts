/**
 * A read-only view of what the panel drew, on `window.__netadjustPanel`, for the browser tests: the data Chart.js
 * holds cannot be read back from pixels. It exposes no way to post messages or change state.
 */
import type { Chart } from 'chart.js';
import type { Panel } from './panel.js';
import type { ChartSummary, PanelHook } from './hookTypes.js';
import type { PanelState } from './state.js';

export function testHook(panel: Panel, state: () => PanelState): PanelHook {
  return {
    charts: () => ({
      loss: summarise(panel.loss.chart),
      accuracy: summarise(panel.accuracy.chart),
      cost: summarise(panel.cost.chart),
      fur: summarise(panel.fur.chart),
    }),
    runId: () => state().snapshot?.manifest.runId,
  };
}

function summarise(chart: Chart): ChartSummary {
  return {
    labels: (chart.data.labels ?? []).map(String),
    datasets: chart.data.datasets.map((d) => ({
      label: d.label ?? '',
      points: (d.data as unknown[]).filter((v) => v !== null && v !== undefined).length,
      colour: String(d.borderColor),
    })),
  };
}
