/**
 * Under `budget: latency`: `RunReport.latency` and the Latency section of `report.md` — how the table was made, how
 * well it predicts the measured latency, and how far MACs and latency disagree for this model on this engine.
 */
import type { ModelAnalysis } from '../../model/analyze.js';
import { evaluateTerms } from '../../model/cost.js';
import type { Widths } from '../../model/channels.js';
import type { IterationRecord, LatencyReport, RunManifest, RunReport } from '../../protocol/types.js';
import { rescaleTarget } from '../budget/plan.js';
import { formatMilliseconds, type CostModel } from '../cost/costModel.js';
import type { LatencyCostModel } from '../latency/model.js';
import { spearman } from '../latency/rank.js';
import { RUN_TABLE_FILE } from '../latency/runTable.js';
import { ratio, table } from './reportResults.js';
import { resultRows } from './reportRows.js';
import type { Session } from './session.js';

/** Layers listed in the report's table of the largest latencies. */
const LISTED_LAYERS = 10;

export interface LatencyReportInput {
  readonly manifest: RunManifest;
  readonly analysis: ModelAnalysis;
  /** The final results; the summary reads the original and the adjusted network, the section every network. */
  readonly report: RunReport;
  readonly iterations: readonly IterationRecord[];
  /** The run's cost model; the section and the field exist only for a latency model. */
  readonly cost?: CostModel;
}

type SummaryInput = Omit<LatencyReportInput, 'report' | 'iterations'> & { readonly networks: Pick<RunReport, 'original' | 'adjusted'> };

interface LayerCosts {
  readonly layer: string;
  readonly type: string;
  readonly macs: number;
  readonly ms: number;
}

function latencyModel(cost: CostModel | undefined): LatencyCostModel | undefined {
  return cost?.kind === 'latency' && 'layerLatencies' in cost ? (cost as LatencyCostModel) : undefined;
}

/** Every timed layer's MACs and predicted latency at `widths`. */
function layerCosts(analysis: ModelAnalysis, model: LatencyCostModel, widths: Widths): LayerCosts[] {
  const macs = new Map(analysis.layers.map((l) => [l.node.name, evaluateTerms(l.cost.macs, widths)]));
  return model.layerLatencies(widths).map((l) => ({ ...l, macs: macs.get(l.layer) ?? 0 }));
}

/**
 * `RunReport.latency`, or undefined when the run's budget is not latency. The rank correlation is 0 where it cannot
 * be measured (fewer than two timed layers, or one side ranking them all equal). The ratios to measured latency are
 * there when the final phase could time the networks.
 */
export function latencyReport({ manifest, analysis, networks: report, cost }: SummaryInput): LatencyReport | undefined {
  const model = latencyModel(cost);
  if (!model) {
    return undefined;
  }
  const layers = layerCosts(analysis, model, manifest.originalWidths);
  const rho = spearman(layers.map((l) => l.macs), layers.map((l) => l.ms));
  const [original, adjusted] = [report.original.latency?.medianMs, report.adjusted.latency?.medianMs];
  const { machine } = model.table;
  return {
    tableFile: RUN_TABLE_FILE,
    engine: machine.engine,
    backend: machine.backend,
    batchSize: machine.batchSize,
    layerRankCorrelation: Number.isFinite(rho) ? rho : 0,
    ...(original ? { tableOverMeasured: model.total(manifest.originalWidths) / original } : {}),
    adjustedMacsRatio: report.adjusted.macs / report.original.macs,
    ...(original && adjusted !== undefined ? { adjustedLatencyRatio: adjusted / original } : {}),
  };
}

/** `{ latency }` to spread into the run's report: empty unless the run's budget is latency. */
export function latencyField(session: Pick<Session, 'analysis' | 'store' | 'cost'>, networks: Pick<RunReport, 'original' | 'adjusted'>): { readonly latency?: LatencyReport } {
  const latency = latencyReport({ manifest: session.store.manifest, analysis: session.analysis, networks, cost: session.cost });
  return latency ? { latency } : {};
}

/** The Latency section of `report.md`; empty when the run's budget is not latency. */
export function latencySection(input: LatencyReportInput): string[] {
  const model = latencyModel(input.cost);
  const summary = latencyReport({ ...input, networks: input.report });
  if (!model || !summary) {
    return [];
  }
  const { machine, timing } = model.table;
  return [
    '## Latency',
    '',
    `The search held latency instead of MACs: the FUR probe rates, the rescale after every update${input.manifest.budget ? ' and the uniform scaling to the budget' : ''} used a per-layer latency table timed on ${machine.engine} (${machine.backend}), ${machine.batchSize} image${machine.batchSize === 1 ? '' : 's'} per pass, the median of ${timing.repeats} passes after ${timing.warmup} warm-up ones (\`${RUN_TABLE_FILE}\`). A network's predicted latency is the sum of its layers', each interpolated between the timed channel counts (a timing that dips as channels grow is lifted to its narrower neighbour's). The table covers the width-owning layers only (convolutions and dense layers): batch norm, activations, pooling and additions are not in it.`,
    '',
    ...networkTable(input, model),
    '',
    ...iterationTable(input, model),
    ...layerTable(input, model),
    '',
    disagreement(summary, input),
    '',
  ];
}

function networkTable({ report }: LatencyReportInput, model: LatencyCostModel): string[] {
  const rows = resultRows(report).map(([name, r]) => {
    const predicted = model.total(r.widths);
    const measured = r.latency?.medianMs;
    return [name, ratio(r.macs, report.original.macs), `${formatMilliseconds(predicted)} ms`, measured !== undefined ? `${formatMilliseconds(measured)} ms` : '–', measured ? (predicted / measured).toFixed(3) : '–'];
  });
  return table(['network', 'MACs vs original', 'predicted latency', 'measured latency (median)', 'predicted / measured'], rows);
}

/** How close every iteration's rescale came to the latency target (the records keep MACs; this is the latency). */
function iterationTable({ manifest, iterations }: LatencyReportInput, model: LatencyCostModel): string[] {
  if (iterations.length === 0) {
    return [];
  }
  const target = rescaleTarget(manifest, model);
  const rows = iterations.map((r) => {
    const next = model.total(r.nextWidths);
    const off = (next / target - 1) * 100;
    return [String(r.iteration), `${formatMilliseconds(model.total(r.widths))} ms`, `${formatMilliseconds(next)} ms`, `${off >= 0 ? '+' : '−'}${Math.abs(off).toFixed(2)} %`];
  });
  return [
    `Every iteration was rescaled to ${formatMilliseconds(target)} ms of predicted latency (tolerance ±${(manifest.settings.macsTolerance * 100).toFixed(1)} %):`,
    '',
    ...table(['iteration', 'predicted latency', 'next widths, predicted', 'vs target'], rows),
    '',
  ];
}

function layerTable({ analysis, manifest }: LatencyReportInput, model: LatencyCostModel): string[] {
  const layers = layerCosts(analysis, model, manifest.originalWidths);
  const [macs, ms] = [layers.reduce((a, l) => a + l.macs, 0), layers.reduce((a, l) => a + l.ms, 0)];
  const share = (x: number, total: number) => (total > 0 ? `${((100 * x) / total).toFixed(1)} %` : '–');
  const largest = [...layers].sort((a, b) => b.ms - a.ms).slice(0, LISTED_LAYERS);
  return [
    `The ${largest.length} layers of the original network with the largest predicted latency, of ${layers.length} timed:`,
    '',
    ...table(
      ['layer', 'type', 'MACs share', 'latency share', 'predicted latency'],
      largest.map((l) => [l.layer, l.type, share(l.macs, macs), share(l.ms, ms), `${formatMilliseconds(l.ms)} ms`]),
    ),
  ];
}

/** One paragraph: rank agreement over layers, and the adjusted network's gain in MACs against in latency. */
function disagreement(summary: LatencyReport, { analysis, manifest, cost }: LatencyReportInput): string {
  const layers = layerCosts(analysis, latencyModel(cost)!, manifest.originalWidths);
  const rho = spearman(layers.map((l) => l.macs), layers.map((l) => l.ms));
  const agreement = !Number.isFinite(rho)
    ? 'The layers\' MACs and latencies cannot be rank-correlated (too few layers, or all equal on one side).'
    : `Over the ${layers.length} timed layers, the Spearman rank correlation of MACs and latency is ${rho.toFixed(2)}: ${rho >= 0.9 ? 'MACs order this model\'s layers almost as latency does' : rho >= 0.6 ? 'MACs are a rough guide to which layers are slow' : 'MACs are a poor guide to which layers are slow'} on this engine.`;
  const coverage = summary.tableOverMeasured === undefined ? '' : ` The table predicts ${summary.tableOverMeasured.toFixed(3)}× the measured latency of the original${coverageCause(summary.tableOverMeasured)}.`;
  const latency = summary.adjustedLatencyRatio;
  const gain =
    latency === undefined
      ? ` The adjusted network costs ${summary.adjustedMacsRatio.toFixed(3)}× the original's MACs; its latency was not measured.`
      : ` The adjusted network costs ${summary.adjustedMacsRatio.toFixed(3)}× the original's MACs and ${latency.toFixed(3)}× its measured latency: ${verdict(summary.adjustedMacsRatio, latency)}.`;
  return `${agreement}${coverage}${gain}`;
}

/** Why the table's sum misses the measured latency, by the side it misses on. */
function coverageCause(predictedOverMeasured: number): string {
  if (predictedOverMeasured < 1) {
    return '; the rest is the layers it does not cover and the time between layers';
  }
  return ': timed alone (fresh inputs, no overlap with other layers) the layers take longer than inside the network';
}

function verdict(macs: number, latency: number): string {
  const points = Math.abs(macs - latency) * 100;
  if (points < 2) {
    return 'here the two proxies agree within 2 points';
  }
  return `the two proxies are ${points.toFixed(1)} points of the original apart, and MACs make it look ${macs < latency ? 'cheaper' : 'dearer'} than it runs`;
}
