/**
 * Cutting a pruning baseline out of the trained original: score every prunable layer's channels by the method,
 * keep the best of them by one per-layer ratio chosen so the pruned network costs what the adjusted one does, copy
 * the kept channels' weights, and load them into a network at the pruned widths (ready to fine-tune).
 */
import * as fs from 'node:fs';
import type { PruneMethod, SplitMetrics, WidthMap } from '../../protocol/types.js';
import { channelClasses, type ChannelClasses } from '../prune/channelClasses.js';
import { planKeep } from '../prune/keepPlan.js';
import { featureScores, l1Scores, type ChannelScores } from '../prune/scores.js';
import { sliceWeights } from '../prune/sliceWeights.js';
import { deriveSeed } from '../random.js';
import { readSafetensors, writeSafetensors, type TensorMap } from '../weights/safetensors.js';
import { NETWORK_NAMES } from '../../protocol/phases.js';
import type { Session } from './session.js';
import { buildNetwork, evaluateSplit } from './steps.js';

export interface PrunedNetwork {
  readonly widths: WidthMap;
  /** The share of each layer's prunable channels kept. */
  readonly ratio: number;
  /** Test metrics right after the cut, before fine-tuning. */
  readonly before: SplitMetrics;
}

/**
 * What every baseline of a run cuts from, read once however many baselines there are: the trained original's weight
 * file, its channel classes, and (for CHIP and HRel) its feature maps, recorded once per run.
 */
export class PruneSource {
  private classesMemo: ChannelClasses | undefined;
  private weightsMemo: TensorMap | undefined;
  private mapsMemo: TensorMap | undefined;

  private readonly session: Session;
  /** The trained original's weight file. */
  readonly file: string;

  constructor(session: Session, file: string) {
    this.session = session;
    this.file = file;
  }

  get classes(): ChannelClasses {
    this.classesMemo ??= channelClasses(this.session.analysis, this.session.store.manifest.originalWidths);
    return this.classesMemo;
  }

  get weights(): TensorMap {
    this.weightsMemo ??= readSafetensors(this.file).tensors;
    return this.weightsMemo;
  }

  /** The feature maps of every prunable layer; the first call records them unless an earlier run did. */
  async maps(method: 'chip' | 'hrel'): Promise<{ file: string; maps: TensorMap }> {
    const { store, settings } = this.session;
    const file = store.weightsFile('features');
    if (!this.mapsMemo) {
      if (!fs.existsSync(file)) {
        this.session.where = `recording the original's feature maps for the ${NETWORK_NAMES[method]} baseline`;
        await buildNetwork(this.session, store.manifest.originalWidths, deriveSeed(settings.seed, 'final', 'build'));
        await this.session.input.trainer.loadWeights!(this.file);
        const signal = this.session.signal;
        await this.session.input.trainer.featureMaps!({ layers: [...this.classes.prunable.keys()], images: settings.pruneImages, path: file, ...(signal ? { signal } : {}) });
      }
      this.mapsMemo = readSafetensors(file).tensors;
    }
    return { file, maps: this.mapsMemo };
  }
}

export async function pruneFromOriginal(session: Session, method: PruneMethod, adjustedWidths: WidthMap, source: PruneSource): Promise<PrunedNetwork> {
  const { analysis, store, settings } = session;
  const trainer = session.input.trainer;
  const { classes, weights } = source;
  session.where = `scoring channels for the ${NETWORK_NAMES[method]} baseline`;
  scoring(session, method, 0, classes.prunable.size);
  const scores = method === 'l1' ? l1Scores(classes.prunable.keys(), weights, source.file) : await mapScores(session, method, source);
  const plan = planKeep(classes, {
    widths: store.manifest.originalWidths,
    scores,
    cost: (w) => session.cost.total(w),
    target: session.cost.total(adjustedWidths),
    minWidth: settings.minWidth,
  });
  if (method === 'l1') {
    // The feature-map criteria report each layer as they finish it (mapScores); L1 is done in one step.
    scoring(session, method, classes.prunable.size, classes.prunable.size);
  }
  const file = store.weightsFile(`${method}-cut`);
  writeSafetensors(file, sliceWeights(analysis, classes, plan.kept, weights, source.file), { source: 'original', method });
  await buildNetwork(session, plan.widths, deriveSeed(settings.seed, 'final', 'build'));
  // runFinal checked the engine can (capabilityProblem).
  await trainer.loadWeights!(file);
  const before = await evaluateSplit(session, 'test', {}, `the test of the ${NETWORK_NAMES[method]} baseline before fine-tuning`);
  return { widths: plan.widths, ratio: plan.ratio, before };
}

/** CHIP and HRel score the original's feature maps, layer by layer, with progress and cancellation. */
async function mapScores(session: Session, method: 'chip' | 'hrel', source: PruneSource): Promise<ChannelScores> {
  const { file, maps } = await source.maps(method);
  session.where = `scoring channels for the ${NETWORK_NAMES[method]} baseline`;
  return featureScores(method, [...source.classes.prunable.keys()], maps, file, {
    ...(session.signal ? { signal: session.signal } : {}),
    onLayer: (done, of) => scoring(session, method, done, of),
  });
}

/**
 * The scoring step as progress events — at its start and end, and after each layer for the criteria that read
 * feature maps (CHIP takes minutes on a large network) — so the editor and the CLI show what is happening.
 */
function scoring(session: Session, method: PruneMethod, done: number, of: number): void {
  session.progress({ phase: `prune-${method}`, epoch: done, epochs: of, batch: done, batches: of, loss: 0, accuracy: 0, learningRate: 0, imagesPerSecond: 0, epochEnd: done === of });
}
