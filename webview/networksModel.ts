/**
 * Every network a run's report holds — original, uniformly scaled, adjusted, adjusted with distillation, pruned — as
 * the scatter chart's points and the report's rows, and the latency budget's figures. Pure; unit-tested.
 */
import { NETWORK_NAMES, networkResults } from '../src/protocol/phases.js';
import { FINAL_NETWORKS, type FinalNetwork, type LatencyMeasurement, type LatencyReport, type NetworkResult, type RunReport } from '../src/protocol/types.js';
import { formatCount, formatPercent, formatSigned } from './format.js';
import { defaultRecipe, RECIPE_NAMES, type Recipe } from './networkStyle.js';

export interface ReportedNetwork {
  readonly network: FinalNetwork;
  readonly name: string;
  readonly result: NetworkResult;
  readonly recipe: Recipe;
}

/** The report's networks in a fixed order (FINAL_NETWORKS), each once, skipping those the run did not train. */
export function reportedNetworks(report: RunReport): ReportedNetwork[] {
  const results = networkResults(report);
  return FINAL_NETWORKS.flatMap((network) => {
    const result = results[network];
    return isResult(result) ? [{ network, name: NETWORK_NAMES[network], result, recipe: recipeOf(result, network) }] : [];
  });
}

/** One row of the networks table, formatted. */
export interface NetworkRow {
  readonly network: FinalNetwork;
  readonly name: string;
  readonly recipe: string;
  readonly macs: string;
  readonly params: string;
  readonly accuracy: string;
  /** Test accuracy against the original's, in percentage points ("" for the original itself). */
  readonly delta: string;
  readonly tone: 'better' | 'worse' | 'same';
  /** "1.84 ms (batch 1)", or "—" where the engine could not time it. */
  readonly latency: string;
  /** The spread of the timed passes, for the cell's tooltip. */
  readonly latencySpread?: string;
  /** The latency table's prediction, under a latency budget ("—" where it has none). */
  readonly predicted?: string;
}

export function networkRows(report: RunReport): NetworkRow[] {
  const networks = reportedNetworks(report);
  const withPrediction = networks.some((n) => finite(n.result.predictedLatencyMs));
  const original = report.original.testAccuracy;
  return networks.map(({ network, name, result, recipe }): NetworkRow => {
    const gain = result.testAccuracy - original;
    const latency = isMeasurement(result.latency) ? result.latency : undefined;
    return {
      network,
      name,
      recipe: beforeFineTune(result) === undefined ? RECIPE_NAMES[recipe] : `${RECIPE_NAMES[recipe]} (${formatPercent(beforeFineTune(result)!)} right after the cut)`,
      macs: formatCount(result.macs),
      params: formatCount(result.params),
      accuracy: formatPercent(result.testAccuracy),
      delta: network === 'original' ? '' : formatSigned(gain * 100, 2, 'pp'),
      tone: network === 'original' || Math.abs(gain) < 1e-9 ? 'same' : gain > 0 ? 'better' : 'worse',
      latency: latency ? `${formatMs(latency.medianMs)} (batch ${latency.batchSize})` : '—',
      ...(latency ? { latencySpread: `median of the timed passes; quartiles ${formatMs(latency.p25Ms)} – ${formatMs(latency.p75Ms)}` } : {}),
      ...(withPrediction ? { predicted: finite(result.predictedLatencyMs) ? formatMs(result.predictedLatencyMs) : '—' } : {}),
    };
  });
}

/** A pruned network's test accuracy before fine-tuning, where the report has a usable one. */
function beforeFineTune(result: NetworkResult): number | undefined {
  const before = result.beforeFineTune?.testAccuracy;
  return typeof before === 'number' && Number.isFinite(before) ? before : undefined;
}

/** A labelled figure of the latency block. */
export interface Figure {
  readonly name: string;
  readonly value: string;
  /** What the figure means, for its tooltip. */
  readonly title: string;
}

/** The latency budget's figures: how the table was made and how far MACs and latency disagree for this model. */
export function latencyFigures(latency: LatencyReport | undefined): Figure[] {
  if (!latency || typeof latency !== 'object') {
    return [];
  }
  const figures: Figure[] = [
    { name: 'latency table', value: String(latency.tableFile), title: 'Per-layer timings the search used instead of MACs (a copy in the run folder)' },
    { name: 'timed on', value: `${latency.engine} · ${latency.backend}, batch ${latency.batchSize}`, title: 'Engine, backend and images per forward pass' },
    {
      name: 'MACs–latency rank correlation',
      value: `ρ = ${fixed(latency.layerRankCorrelation, 2)}`,
      title: "Spearman rank correlation of the layers' MACs and their latency at the original widths: 1 means MACs order the layers exactly as latency does",
    },
  ];
  if (finite(latency.tableOverMeasured)) {
    figures.push({ name: 'table / measured', value: `${fixed(latency.tableOverMeasured, 2)}×`, title: "The table's predicted latency of the original network over its measured latency" });
  }
  figures.push({ name: 'adjusted / original MACs', value: `${fixed(latency.adjustedMacsRatio, 3)}×`, title: 'The MACs of the adjusted network relative to the original' });
  if (finite(latency.adjustedLatencyRatio)) {
    figures.push({ name: 'adjusted / original latency', value: `${fixed(latency.adjustedLatencyRatio, 3)}×`, title: 'The measured latency of the adjusted network relative to the original' });
  }
  return figures;
}

/** Milliseconds to three significant digits, whole from 100 ms on: "0.412 ms", "1.84 ms", "23.5 ms", "143 ms". */
export function formatMs(ms: number): string {
  // toPrecision keeps trailing zeros ("0.280 ms"), so a column of times lines up digit for digit.
  return `${ms >= 100 ? ms.toFixed(0) : ms.toPrecision(3)} ms`;
}

function recipeOf(result: NetworkResult, network: FinalNetwork): Recipe {
  const r = result.recipe;
  return r !== undefined && Object.hasOwn(RECIPE_NAMES, r) ? r : defaultRecipe(network);
}

/** A report from another version, or a damaged one, may hold anything: draw only results with their numbers. */
function isResult(value: NetworkResult | undefined): value is NetworkResult {
  return typeof value === 'object' && value !== null && finite(value.macs) && finite(value.params) && finite(value.testAccuracy);
}

function isMeasurement(value: LatencyMeasurement | undefined): value is LatencyMeasurement {
  return typeof value === 'object' && value !== null && finite(value.medianMs) && finite(value.p25Ms) && finite(value.p75Ms) && finite(value.batchSize);
}

function finite(value: number | undefined): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function fixed(value: number, digits: number): string {
  return finite(value) ? value.toFixed(digits) : '—';
}
