/**
 * The final phase: every network the run compares, each trained and tested with the same recipe and seed.
 * - the original and the adjusted widths, from scratch (always);
 * - under a budget, the uniformly scaled widths, from scratch (the width-multiplier baseline);
 * - with `distillWeight` > 0, the adjusted widths again, from scratch, with the trained original as teacher;
 * - in a comparison, each pruning baseline: the trained original's channels scored by the method, cut to the
 *   adjusted network's cost, then fine-tuned for as many epochs as the others train (prune.ts).
 * Each result is saved as soon as it exists (the trained original's weights before its result), so a resumed run
 * trains only what is missing.
 */
import * as fs from 'node:fs';
import path from 'node:path';
import { totalMacs, totalParams } from '../../model/summary.js';
import type { FinalNetwork, LatencyMeasurement, PruneMethod, WidthMap } from '../../protocol/types.js';
import { PRUNE_METHODS } from '../../protocol/types.js';
import type { FinalRecord } from '../runs/store.js';
import type { DistillOptions } from '../trainer.js';
import { deriveSeed } from '../random.js';
import { capabilityProblem } from '../capabilities.js';
import { PruneSource, pruneFromOriginal } from './prune.js';
import { NETWORK_NAMES } from '../../protocol/phases.js';
import type { Session } from './session.js';
import { buildNetwork, evaluateSplit, trainMetrics, trainNetwork, type TrainingJob } from './steps.js';

export interface FinalResults {
  readonly original: FinalRecord;
  /** Under a budget (unless a comparison leaves it out). */
  readonly uniform?: FinalRecord;
  readonly adjusted: FinalRecord;
  /** With `distillWeight` > 0. */
  readonly distilled?: FinalRecord;
  /** In a comparison, the pruning baselines it asked for. */
  readonly pruned: Partial<Record<PruneMethod, FinalRecord>>;
}

/** The networks this run's final phase trains, in order. */
export function finalNetworks(session: Pick<Session, 'store' | 'settings'>): FinalNetwork[] {
  const { manifest } = session.store;
  const methods = manifest.compare?.methods;
  const uniform = manifest.budget !== undefined && (methods === undefined || methods.includes('uniform'));
  return [
    'original',
    ...(uniform ? (['uniform'] as const) : []),
    'adjusted',
    ...(session.settings.distillWeight > 0 ? (['adjusted-distilled'] as const) : []),
    ...PRUNE_METHODS.filter((m) => methods?.includes(m)),
  ];
}

/** Trains (or reads back) every final network in turn. */
export async function runFinal(session: Session, adjustedWidths: WidthMap): Promise<FinalResults> {
  const { store, settings } = session;
  // Checked when the run started (src/engine/host/compare.ts); again here for callers that start the loop directly,
  // before any training rather than after it.
  const unable = capabilityProblem(store.manifest.compare, settings, session.input.trainer);
  if (unable) {
    throw new Error(unable);
  }
  const networks = finalNetworks(session);
  const teacher = networks.some((n) => n !== 'original' && n !== 'uniform' && n !== 'adjusted');
  const teacherFile = store.weightsFile('original');
  const done = (n: FinalNetwork) => networks.indexOf(n);
  const original = (teacher && !fs.existsSync(teacherFile) ? undefined : store.readFinal('original')) ?? (await trainFinal(session, 'original', store.manifest.originalWidths, done('original')));
  const uniform = networks.includes('uniform') ? (store.readFinal('uniform') ?? (await trainFinal(session, 'uniform', store.manifest.budget!.startWidths, done('uniform')))) : undefined;
  const adjusted = store.readFinal('adjusted') ?? (await trainFinal(session, 'adjusted', adjustedWidths, done('adjusted')));
  const distill: DistillOptions = { teacherWeights: teacherFile, teacherWidths: store.manifest.originalWidths, weight: settings.distillWeight, temperature: settings.distillTemperature };
  const distilled = networks.includes('adjusted-distilled') ? (store.readFinal('adjusted-distilled') ?? (await trainFinal(session, 'adjusted-distilled', adjustedWidths, done('adjusted-distilled'), { distill }))) : undefined;
  const pruned: Partial<Record<PruneMethod, FinalRecord>> = {};
  const source = new PruneSource(session, teacherFile);
  for (const method of PRUNE_METHODS.filter((m) => networks.includes(m))) {
    pruned[method] = store.readFinal(method) ?? (await pruneFinal(session, method, adjusted.result.widths, source, done(method)));
  }
  return { original, ...(uniform ? { uniform } : {}), adjusted, ...(distilled ? { distilled } : {}), pruned };
}

interface FinalOptions {
  readonly distill?: DistillOptions;
}

async function trainFinal(session: Session, network: FinalNetwork, widths: WidthMap, finalsDone: number, options: FinalOptions = {}): Promise<FinalRecord> {
  const where = `the final training of the ${network} network`;
  begin(session, where, finalsDone);
  // The same seeds for every network: the comparison differs only in the widths (and the distillation).
  await buildNetwork(session, widths, deriveSeed(session.settings.seed, 'final', 'build'));
  const job: TrainingJob = { phase: `final-${network}`, split: 'full', epochs: session.settings.finalEpochs, seed: deriveSeed(session.settings.seed, 'final', 'train'), where, ...(options.distill ? { distill: options.distill } : {}) };
  return save(session, await trainAndTest(session, network, widths, job, options.distill ? 'distilled' : 'scratch'));
}

/** A pruning baseline: cut from the trained original, fine-tuned with the same epochs, tested. */
async function pruneFinal(session: Session, method: PruneMethod, adjustedWidths: WidthMap, source: PruneSource, finalsDone: number): Promise<FinalRecord> {
  const where = `the ${NETWORK_NAMES[method]} baseline`;
  begin(session, where, finalsDone);
  const cut = await pruneFromOriginal(session, method, adjustedWidths, source);
  session.log('info', `${NETWORK_NAMES[method]} network: kept ${(cut.ratio * 100).toFixed(1)} % of each layer's prunable channels; before fine-tuning test accuracy ${(cut.before.accuracy * 100).toFixed(2)} %`);
  const settings = { ...session.settings, learningRate: session.settings.fineTuneLearningRate };
  const job: TrainingJob = { phase: `final-${method}`, split: 'full', epochs: session.settings.finalEpochs, seed: deriveSeed(session.settings.seed, 'final', 'train'), where: `the fine-tuning of the ${NETWORK_NAMES[method]} baseline`, settings };
  const record = await trainAndTest(session, method, cut.widths, job, 'fine-tune');
  return save(session, { ...record, result: { ...record.result, beforeFineTune: { testAccuracy: cut.before.accuracy, testLoss: cut.before.loss } } });
}

function begin(session: Session, where: string, finalsDone: number): void {
  session.at({ stage: 'final', iteration: session.settings.iterations, epochsDone: 0, finalsDone });
  session.where = where;
}

async function trainAndTest(session: Session, network: FinalNetwork, widths: WidthMap, job: TrainingJob, recipe: 'scratch' | 'fine-tune' | 'distilled'): Promise<FinalRecord> {
  const started = session.now();
  const train = await trainNetwork(session, job);
  const test = await evaluateSplit(session, 'test', {}, `the test of the ${network} network`);
  const latency = await measureLatency(session, network);
  const predicted = session.cost.kind === 'latency' ? { predictedLatencyMs: session.cost.total(widths) } : {};
  return {
    network,
    result: {
      macs: totalMacs(session.analysis, widths),
      params: totalParams(session.analysis, widths),
      testAccuracy: test.accuracy,
      testLoss: test.loss,
      widths,
      recipe,
      ...(latency ? { latency } : {}),
      ...predicted,
    },
    train: trainMetrics(train),
    seconds: (session.now() - started) / 1000,
  };
}

/**
 * Keeps what a user takes away — the model file at the network's widths and its trained weights — then the result,
 * whose file marks the network done (so a resumed run never finds a result without its files).
 */
async function save(session: Session, trained: FinalRecord): Promise<FinalRecord> {
  const { store, input } = session;
  const network = trained.network;
  const modelFile = network === 'original' ? undefined : writeModelFile(session, network, trained.result.widths);
  let weightsFile: string | undefined;
  if (input.trainer.saveWeights) {
    weightsFile = path.relative(store.dir, store.weightsFile(network));
    await input.trainer.saveWeights(path.join(store.dir, weightsFile));
  }
  const record: FinalRecord = { ...trained, result: { ...trained.result, ...(modelFile ? { modelFile } : {}), ...(weightsFile ? { weightsFile } : {}) } };
  store.saveFinal(record);
  const r = record.result;
  const latency = r.latency ? `, ${r.latency.medianMs.toFixed(2)} ms per batch of ${r.latency.batchSize}` : '';
  session.log('info', `${record.network} network: test accuracy ${(r.testAccuracy * 100).toFixed(2)} %, test loss ${r.testLoss.toFixed(4)}${latency}`);
  return record;
}

/** The model at `widths` in the run folder (the distilled network shares the adjusted one's widths and file). */
export function writeModelFile(session: Session, network: FinalNetwork, widths: WidthMap): string {
  const { store, input } = session;
  const as = network === 'adjusted-distilled' ? 'adjusted' : network;
  if (input.writeModel) {
    return input.writeModel(as, widths, store);
  }
  const name = `${as}-widths.json`;
  store.writeFile(name, `${JSON.stringify(widths, null, 2)}\n`);
  return name;
}

/** Warm-up passes first (kernel choice, caches), then enough timed ones for a stable median on a busy machine. */
const LATENCY_WARMUP = 5;
const LATENCY_REPEATS = 30;

async function measureLatency(session: Session, network: FinalNetwork): Promise<LatencyMeasurement | undefined> {
  const trainer = session.input.trainer;
  if (!trainer.measureLatency) {
    return undefined;
  }
  session.where = `timing the ${network} network`;
  const signal = session.signal;
  return trainer.measureLatency({ batchSize: session.settings.latencyBatchSize, warmup: LATENCY_WARMUP, repeats: LATENCY_REPEATS, ...(signal ? { signal } : {}) });
}
