/**
 * Cutting a pruning baseline out of the trained original: score every prunable layer's channels by the method,
 * keep the best of them by one per-layer ratio chosen so the pruned network costs what the adjusted one does, copy
 * the kept channels' weights, and load them into a network at the pruned widths (ready to fine-tune).
 */
import * as fs from 'node:fs';
import type { PruneMethod, SplitMetrics, WidthMap } from '../../protocol/types.js';
import { channelClasses } from '../prune/channelClasses.js';
import { planKeep } from '../prune/keepPlan.js';
import { featureScores, l1Scores, type ChannelScores } from '../prune/scores.js';
import { sliceWeights } from '../prune/sliceWeights.js';
import { deriveSeed } from '../random.js';
import { readSafetensors, writeSafetensors } from '../weights/safetensors.js';
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

export async function pruneFromOriginal(session: Session, method: PruneMethod, adjustedWidths: WidthMap, originalWeights: string): Promise<PrunedNetwork> {
  const { analysis, store, settings } = session;
  const trainer = session.input.trainer;
  if (!trainer.loadWeights || (method !== 'l1' && !trainer.featureMaps)) {
    throw new Error(`the ${trainer.info.engine} engine cannot ${trainer.loadWeights ? 'record feature maps' : 'load weights'}, which the ${NETWORK_NAMES[method]} baseline needs`);
  }
  const original = store.manifest.originalWidths;
  const classes = channelClasses(analysis, original);
  const weights = readSafetensors(originalWeights).tensors;
  session.where = `scoring channels for the ${NETWORK_NAMES[method]} baseline`;
  scoring(session, method, 0, classes.prunable.size);
  const scores = method === 'l1' ? l1Scores(classes.prunable.keys(), weights, originalWeights) : await mapScores(session, method, [...classes.prunable.keys()], originalWeights);
  const plan = planKeep(classes, {
    widths: original,
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
  writeSafetensors(file, sliceWeights(analysis, classes, plan.kept, weights, originalWeights), { source: 'original', method });
  await buildNetwork(session, plan.widths, deriveSeed(settings.seed, 'final', 'build'));
  await trainer.loadWeights(file);
  const before = await evaluateSplit(session, 'test', {}, `the test of the ${NETWORK_NAMES[method]} baseline before fine-tuning`);
  return { widths: plan.widths, ratio: plan.ratio, before };
}

/** CHIP and HRel read the trained original's feature maps, recorded once per run and shared by both. */
async function mapScores(session: Session, method: 'chip' | 'hrel', layers: string[], originalWeights: string): Promise<ChannelScores> {
  const { store, settings } = session;
  const trainer = session.input.trainer;
  const file = store.weightsFile('features');
  if (!fs.existsSync(file)) {
    session.where = `recording the original's feature maps for the ${NETWORK_NAMES[method]} baseline`;
    await buildNetwork(session, store.manifest.originalWidths, deriveSeed(settings.seed, 'final', 'build'));
    await trainer.loadWeights!(originalWeights);
    await trainer.featureMaps!({ layers, images: settings.pruneImages, path: file, ...(session.signal ? { signal: session.signal } : {}) });
  }
  session.where = `scoring channels for the ${NETWORK_NAMES[method]} baseline`;
  return featureScores(method, layers, readSafetensors(file).tensors, file, {
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
