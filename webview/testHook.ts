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
      tradeoff: summarise(panel.tradeoff.chart),
    }),
    budgetLine: (chart) => {
      const drawn = chart === 'cost' ? panel.cost.budgetDrawn() : panel.tradeoff.budgetDrawn();
      return drawn ? { value: drawn.line.value, label: drawn.line.label, vertical: drawn.vertical, pixel: drawn.pixel, from: drawn.from, to: drawn.to } : null;
    },
    tradeoffPoints: () => panel.tradeoff.points().map((p) => ({ ...p, label: { ...p.label } })),
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
