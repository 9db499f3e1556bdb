/**
 * The latency budget's table on ResNet-20 (examples/resnet20-cifar100.netadj.yaml) at batch size 1, on one engine:
 * - the table's build time from an empty workspace cache (every grid point timed) and from the full cache;
 * - the table's predicted end-to-end latency against `measureLatency` (5 warm-up, 30 timed passes) for the original
 *   widths and for the uniform scaling to half the MACs (`scaleToBudget`, as a `targetMacs: 0.5` run starts);
 * - how far MACs and latency disagree: Spearman's ρ of the layers' MACs against their table latency, and the
 *   half-MACs network's MACs ratio against its measured latency ratio.
 * Prints one JSON line. Run by bench/run.ts once per engine, each in its own process.
 *
 *   node out/bench/latencyBench.js <wasm | torch>
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadModel } from '../src/model/load.js';
import type { ModelAnalysis } from '../src/model/analyze.js';
import { evaluateTerms } from '../src/model/cost.js';
import { totalMacs } from '../src/model/summary.js';
import { scaleToBudget } from '../src/engine/budget/scale.js';
import { buildLatencyTable, type TableBuild } from '../src/engine/latency/build.js';
import { latencyCostModel, type LatencyCostModel } from '../src/engine/latency/model.js';
import { spearman } from '../src/engine/latency/rank.js';
import { createTfjsTrainer } from '../src/engine/tfjs/trainer.js';
import { findTorchPython } from '../src/engine/torch/python.js';
import { createTorchTrainer } from '../src/engine/torch/trainer.js';
import type { Trainer } from '../src/engine/trainer.js';
import { DEFAULT_SEARCH_SETTINGS } from '../src/protocol/settings.js';
import type { WidthMap } from '../src/protocol/types.js';
import { answerOneJsonLine } from './childJson.js';

const MODEL = path.resolve(__dirname, '..', '..', 'examples', 'resnet20-cifar100.netadj.yaml');
const SETTINGS = { ...DEFAULT_SEARCH_SETTINGS, latencyBatchSize: 1 };
const MEASURE = { batchSize: 1, warmup: 5, repeats: 30 };

export interface NetworkLatency {
  readonly macs: number;
  readonly predictedMs: number;
  readonly measuredMs: number;
  readonly p25Ms: number;
  readonly p75Ms: number;
}

export interface LatencyBenchResult {
  readonly engine?: string;
  readonly reason?: string;
  readonly gridPoints?: number;
  readonly coldSeconds?: number;
  readonly warmSeconds?: number;
  /** Grid points the warm build found in the cache (all of them, when the cache works). */
  readonly warmCached?: number;
  readonly original?: NetworkLatency;
  readonly half?: NetworkLatency & { readonly multiplier: number };
  readonly timedLayers?: number;
  readonly layerRankCorrelation?: number;
  readonly error?: string;
}

async function createTrainer(engine: string, analysis: ModelAnalysis): Promise<Trainer> {
  if (engine === 'wasm') {
    return createTfjsTrainer(analysis.graph, { backend: 'wasm' });
  }
  if (engine !== 'torch') {
    throw new Error(`unknown engine '${engine}': wasm or torch`);
  }
  const search = await findTorchPython();
  if (!search.ok) {
    throw new Error(search.message);
  }
  return createTorchTrainer(analysis.graph, { python: search.found });
}

async function timedBuild(analysis: ModelAnalysis, trainer: Trainer, workspace: string): Promise<{ build: TableBuild; seconds: number }> {
  const start = performance.now();
  const build = await buildLatencyTable(analysis, trainer, { workspace, settings: SETTINGS, warn: (m) => process.stderr.write(`${m}\n`) });
  return { build, seconds: (performance.now() - start) / 1000 };
}

async function networkLatency(analysis: ModelAnalysis, trainer: Trainer, cost: LatencyCostModel, widths: WidthMap): Promise<NetworkLatency> {
  await trainer.build(widths, 1);
  const measured = await trainer.measureLatency!(MEASURE);
  return { macs: totalMacs(analysis, widths), predictedMs: cost.total(widths), measuredMs: measured.medianMs, p25Ms: measured.p25Ms, p75Ms: measured.p75Ms };
}

/** ρ of the timed layers' MACs against their table latency at the original widths (as the run report computes it). */
function layerRankCorrelation(analysis: ModelAnalysis, cost: LatencyCostModel): { layers: number; rho: number } {
  const macs = new Map(analysis.layers.map((l) => [l.node.name, evaluateTerms(l.cost.macs, analysis.widths)]));
  const layers = cost.layerLatencies(analysis.widths);
  return { layers: layers.length, rho: spearman(layers.map((l) => macs.get(l.layer) ?? 0), layers.map((l) => l.ms)) };
}

async function main(): Promise<object> {
  const engine = process.argv[2] ?? '';
  const analysis = loadModel(MODEL, readFileSync(MODEL, 'utf8')).analysis!;
  const trainer = await createTrainer(engine, analysis);
  const workspace = mkdtempSync(path.join(os.tmpdir(), 'netadjust-latency-bench-'));
  try {
    if (!trainer.timeLayers || !trainer.measureLatency) {
      throw new Error(`the ${trainer.info.engine} engine (${trainer.info.backend}) cannot time layers or networks`);
    }
    const cold = await timedBuild(analysis, trainer, workspace);
    const warm = await timedBuild(analysis, trainer, workspace);
    const cost = latencyCostModel(analysis, warm.build.table, SETTINGS.minWidth);
    const original = await networkLatency(analysis, trainer, cost, analysis.widths);
    const scaled = scaleToBudget(analysis, 0.5 * original.macs, SETTINGS);
    const half = await networkLatency(analysis, trainer, cost, scaled.variableWidths);
    const rank = layerRankCorrelation(analysis, cost);
    const result: LatencyBenchResult = {
      engine: `${trainer.info.engine} (${trainer.info.backend})`,
      reason: trainer.info.reason,
      gridPoints: cold.build.timed + cold.build.cached,
      coldSeconds: cold.seconds,
      warmSeconds: warm.seconds,
      warmCached: warm.build.cached,
      original,
      half: { ...half, multiplier: scaled.multiplier },
      timedLayers: rank.layers,
      layerRankCorrelation: rank.rho,
    };
    return result;
  } finally {
    await trainer.dispose();
    rmSync(workspace, { recursive: true, force: true });
  }
}

answerOneJsonLine(main);
